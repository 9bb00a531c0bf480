package com.offloadnic.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tshark as an independent ESP oracle: decodes a pcap with the given SAs (an {@code esp_sa} table in a private
 * Wireshark configuration directory) and reports, per ESP packet, whether its ICV checked good and what the
 * decrypted payload was (see shared/ORACLES.md: tshark 4.0 checks ESP without ESN, not AH or GMAC).
 */
public final class Tshark {

    /** One ESP packet as tshark saw it: SPI, ICV verdicts and the decrypted UDP destination port. */
    public record EspPacket(String spi, String icvGood, String icvBad, String udpDestinationPort) {
        public boolean icvCheckedGood() {
            return ("1".equals(icvGood) || "True".equals(icvGood))
                    && ("0".equals(icvBad) || "False".equals(icvBad) || icvBad.isEmpty());
        }
    }

    private final List<String> sas = new ArrayList<>();

    /** Adds an IPv4 SA for {@code spi} (any addresses), with Wireshark's names for the algorithms. */
    public Tshark sa(int spi, String encryption, byte[] encryptionKey, String authentication, byte[] authenticationKey) {
        sas.add("\"IPv4\",\"*\",\"*\",\"" + String.format("0x%08x", spi) + "\",\"" + encryption + "\",\""
                + hex(encryptionKey) + "\",\"" + authentication + "\",\"" + hex(authenticationKey) + "\"");
        return this;
    }

    /** Decodes {@code pcap} with the SAs and returns its ESP packets in capture order. */
    public List<EspPacket> decodeEsp(byte[] pcap) {
        ExternalTools.require(ExternalTools.Tool.TSHARK);
        try {
            Path file = Files.createTempFile("offloadnic-capture", ".pcap");
            Path config = Files.createTempDirectory("offloadnic-tshark");
            try {
                Files.write(file, pcap);
                Files.createDirectories(config.resolve("wireshark"));
                Files.writeString(config.resolve("wireshark").resolve("esp_sa"), String.join("\n", sas) + "\n");
                ProcessBuilder pb = new ProcessBuilder("tshark", "-n", "-r", file.toString(),
                        "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE",
                        "-T", "fields", "-e", "esp.spi", "-e", "esp.icv_good", "-e", "esp.icv_bad", "-e", "udp.dstport")
                        .redirectErrorStream(true);
                pb.environment().put("XDG_CONFIG_HOME", config.toString());
                Process p = pb.start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tshark finished").isTrue();
                assertThat(p.exitValue()).as(out).isZero();
                return out.lines().filter(l -> l.startsWith("0x")).map(l -> {
                    String[] f = l.split("\t", -1);
                    return new EspPacket(f[0], f[1], f[2], f[3]);
                }).toList();
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(config.resolve("wireshark").resolve("esp_sa"));
                Files.deleteIfExists(config.resolve("wireshark"));
                Files.deleteIfExists(config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] key) {
        return key == null || key.length == 0 ? "" : "0x" + HexFormat.of().formatHex(key);
    }
}
