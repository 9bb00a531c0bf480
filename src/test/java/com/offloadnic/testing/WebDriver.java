package com.offloadnic.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Headless Chromium driven through Debian's chromedriver with the W3C WebDriver protocol (plain JSON over HTTP,
 * so no browser-automation library is needed). One instance is one chromedriver process and one browser
 * session; {@link #close()} ends both.
 *
 * <p>Chromium runs with the flags known to work on these machines as root: no sandbox, no GPU, and none of its
 * background connections (the network is closed; they would only fail, many at a time).
 */
public final class WebDriver implements AutoCloseable {

    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process driver;
    private final String base;
    private final String session;
    private final Path profile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WebDriver(Process driver, String base, String session, Path profile) {
        this.driver = driver;
        this.base = base;
        this.session = session;
        this.profile = profile;
    }

    /**
     * Starts chromedriver and a headless Chromium session whose element lookups wait up to {@code implicitWait}.
     */
    public static WebDriver start(Duration implicitWait) throws IOException, InterruptedException {
        ExternalTools.require(ExternalTools.Tool.CHROMIUM);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("chromedriver", ".log");
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            HttpClient probe = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    var r = probe.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (JSON.readTree(r.body()).path("value").path("ready").asBoolean()) {
                        break;
                    }
                } catch (IOException notYet) {
                    // chromedriver is still starting
                }
                if (System.nanoTime() > deadline || !driver.isAlive()) {
                    throw new IllegalStateException("chromedriver did not become ready: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
            List<String> args = List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1600",
                    "--user-data-dir=" + profile);
            Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome",
                    "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", args))));
            JsonNode created = call(HttpClient.newHttpClient(), "POST", base + "/session", capabilities);
            String session = created.path("sessionId").asString();
            WebDriver d = new WebDriver(driver, base, session, profile);
            d.command("POST", "/timeouts", Map.of("implicit", implicitWait.toMillis(), "pageLoad", 60_000));
            return d;
        } catch (RuntimeException | IOException | InterruptedException e) {
            driver.destroy();
            throw e;
        }
    }

    public void open(String url) {
        command("POST", "/url", Map.of("url", url));
    }

    /** The first element matching a CSS selector, waiting up to the implicit wait for it to appear. */
    public String find(String css) {
        return elementId(command("POST", "/element", Map.of("using", "css selector", "value", css)), css);
    }

    /** The first element matching an XPath expression, waiting as {@link #find} does. */
    public String findXpath(String xpath) {
        return elementId(command("POST", "/element", Map.of("using", "xpath", "value", xpath)), xpath);
    }

    private static String elementId(JsonNode value, String selector) {
        String id = value.path(ELEMENT).asString("");
        if (id.isEmpty()) {
            throw new IllegalStateException("WebDriver found no element id for " + selector + ": " + value);
        }
        return id;
    }

    public void click(String element) {
        command("POST", "/element/" + element + "/click", Map.of());
    }

    public void type(String element, String text) {
        command("POST", "/element/" + element + "/value", Map.of("text", text));
    }

    public String text(String element) {
        return command("GET", "/element/" + element + "/text", null).asString();
    }

    /** Runs a script in the page and returns its result as JSON. */
    public JsonNode script(String script, Object... args) {
        return command("POST", "/execute/sync", Map.of("script", script, "args", List.of(args)));
    }

    /** Scrolls the page so the element is in the middle of the viewport. */
    public void scrollIntoView(String element) {
        script("arguments[0].scrollIntoView({block: 'center'});", Map.of(ELEMENT, element));
    }

    /** A PNG of the viewport, written to {@code file}. */
    public void screenshot(Path file) throws IOException {
        byte[] png = Base64.getDecoder().decode(command("GET", "/screenshot", null).asString());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    private JsonNode command(String method, String path, Object body) {
        return call(http, method, base + "/session/" + session + path, body);
    }

    private static JsonNode call(HttpClient http, String method, String url, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90))
                    .header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode value = JSON.readTree(r.body()).path("value");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + url + " answered " + r.statusCode()
                        + ": " + value.path("error").asString() + ": " + value.path("message").asString());
            }
            return value;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call(http, "DELETE", base + "/session/" + session, null);
            }
        } catch (RuntimeException ignored) {
            // the browser may be gone already; chromedriver is stopped below either way
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
