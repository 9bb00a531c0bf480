package com.offloadnic.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside tools the oracle tests need (scapy, tshark, a Docker engine, headless Chromium).
 *
 * <p>Where a tool is missing, a test is skipped with a visible notice — unless the environment sets
 * {@value #REQUIRE_VARIABLE}{@code =true} (CI does), in which case a missing tool fails the test, so CI can
 * never pass by skipping.
 */
public final class ExternalTools {

    /** Set to {@code true} by {@code .ci/run}: a missing tool is then a failure, not a skip. */
    public static final String REQUIRE_VARIABLE = "OFFLOADNIC_REQUIRE_TOOLS";

    /** Debian's python, which is where apt installs scapy (see shared/ORACLES.md). */
    public static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

    public enum Tool {
        SCAPY(List.of(DEBIAN_PYTHON.toString(), "-c", "import scapy.layers.ipsec")),
        TSHARK(List.of("tshark", "--version")),
        DOCKER(List.of("docker", "info")),
        /** Debian's chromium and chromium-driver, for the Swagger UI browser test. */
        CHROMIUM(List.of("/usr/bin/chromedriver", "--version"));

        private final List<String> probe;

        Tool(List<String> probe) {
            this.probe = probe;
        }
    }

    private static final Map<Tool, Boolean> AVAILABLE = new ConcurrentHashMap<>();

    private ExternalTools() {
    }

    public static boolean isAvailable(Tool tool) {
        return AVAILABLE.computeIfAbsent(tool, ExternalTools::probe);
    }

    /** Skips the calling test (or fails it under CI) when {@code tool} is not on this machine. */
    public static void require(Tool tool) {
        if (isAvailable(tool)) {
            return;
        }
        String message = tool + " is not available on this machine (" + String.join(" ", tool.probe) + " failed)";
        if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
            fail(message + " and " + REQUIRE_VARIABLE + "=true");
        }
        System.err.println("SKIPPED (missing tool): " + message);
        Assumptions.abort(message);
    }

    private static boolean probe(Tool tool) {
        try {
            Process process = new ProcessBuilder(tool.probe).redirectErrorStream(true).start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs a Python script with Debian's python3, feeding {@code stdin}, and returns its standard output.
     * Fails the test with the script's standard error when it exits non-zero.
     */
    public static String runPython(String script, String stdin) {
        require(Tool.SCAPY);
        try {
            Path file = Files.createTempFile("offloadnic-oracle", ".py");
            try {
                Files.writeString(file, script);
                Process process = new ProcessBuilder(DEBIAN_PYTHON.toString(), file.toString()).start();
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
                var out = process.getInputStream().readAllBytes();
                var err = process.getErrorStream().readAllBytes();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("python oracle timed out");
                }
                if (process.exitValue() != 0) {
                    fail("python oracle failed (exit " + process.exitValue() + "):\n"
                            + new String(err, StandardCharsets.UTF_8));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
