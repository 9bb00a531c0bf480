package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Wireshark's dissector is an independent receiver too: the transmit capture, downloaded as pcap and opened by
 * tshark with the SAs' keys, decrypts and every ESP ICV checks out (non-ESN ESP, the part tshark verifies).
 */
class TsharkCaptureTest extends ApiTestSupport {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void captureDownload_tsharkWithTheSaKeys_reportsEveryIcvGood() throws Exception {
        ExternalTools.require(ExternalTools.Tool.TSHARK);
        var tenant = SendApiTest.newTenantWithToken(admin(), anonymous());
        var t = tenant.client();
        String nic = createNic(t, "6.30", "");
        byte[] gcmKey = HEX.parseHex("000102030405060708090a0b0c0d0e0f" + "a0a1a2a3");
        byte[] cbcKey = HEX.parseHex("101112131415161718191a1b1c1d1e1f");
        byte[] shaKey = HEX.parseHex("202122232425262728292a2b2c2d2e2f30313233");
        byte[] sha256Key = HEX.parseHex("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");
        String gcm = SendApiTest.addSaEx(t, nic, SendApiTest.gcmSa(0x1111, Base64.getEncoder().encodeToString(gcmKey)));
        String cbc = SendApiTest.addSaEx(t, nic, SendApiTest.cbcSa(0x2222, Base64.getEncoder().encodeToString(
                concat(cbcKey, shaKey))));
        String cbc256 = SendApiTest.addSaEx(t, nic, SendApiTest.cbcSa(0x3333, Base64.getEncoder().encodeToString(
                concat(cbcKey, sha256Key))).replace("SHA_1\",\"keyLength\":20", "SHA_256\",\"keyLength\":32"));
        List<String> nbls = new ArrayList<>();
        for (int seq = 1; seq <= 4; seq++) {
            nbls.add(SendApiTest.nbl(SendApiTest.espFrame(0x1111, seq, 8, 16, 4, 20 * seq), gcm, 17,
                    SendApiTest.padOf(20 * seq, 4), 0, 5));
            nbls.add(SendApiTest.nbl(SendApiTest.espFrame(0x2222, seq, 16, 12, 16, 20 * seq), cbc, 17,
                    SendApiTest.padOf(20 * seq, 16), 0, 5));
            nbls.add(SendApiTest.nbl(SendApiTest.espFrame(0x3333, seq, 16, 16, 16, 30 * seq), cbc256, 17,
                    SendApiTest.padOf(30 * seq, 16), 0, 5));
        }
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(nbls.toArray(String[]::new)));
        assertThat(r.json().path("completions").size()).isEqualTo(12);
        r.json().path("completions").forEach(c -> assertThat(c.path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS"));

        Path pcap = Files.createTempFile("offloadnic-tx", ".pcap");
        try {
            Files.write(pcap, SendApiTest.pcap(port, nic, tenant.token()));
            String sas = sa("0x00001111", "AES-GCM with 16 octet ICV [RFC4106]", HEX.formatHex(gcmKey), "NULL", "")
                    + sa("0x00002222", "AES-CBC [RFC3602]", HEX.formatHex(cbcKey), "HMAC-SHA-1-96 [RFC2404]",
                            HEX.formatHex(shaKey))
                    + sa("0x00003333", "AES-CBC [RFC3602]", HEX.formatHex(cbcKey), "HMAC-SHA-256-128 [RFC4868]",
                            HEX.formatHex(sha256Key));
            Path config = Files.createTempDirectory("offloadnic-tshark");
            Files.createDirectories(config.resolve("wireshark"));
            Files.writeString(config.resolve("wireshark").resolve("esp_sa"), sas);
            ProcessBuilder pb = new ProcessBuilder("tshark", "-n", "-r", pcap.toString(),
                    "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE",
                    "-T", "fields", "-e", "esp.spi", "-e", "esp.icv_good", "-e", "esp.icv_bad", "-e", "udp.dstport")
                    .redirectErrorStream(true);
            pb.environment().put("XDG_CONFIG_HOME", config.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> lines = out.lines().filter(l -> l.startsWith("0x")).toList();
            assertThat(lines).as(out).hasSize(12);
            for (String line : lines) {
                String[] f = line.split("\t", -1);
                assertThat(f[1]).as("ICV good: " + line).isIn("1", "True");
                assertThat(f[2]).as("ICV not bad: " + line).isIn("0", "False", "");
                assertThat(f[3]).as("decrypted payload is the UDP datagram to port 9: " + line).isEqualTo("9");
            }
        } finally {
            Files.deleteIfExists(pcap);
        }
    }

    private static String sa(String spi, String enc, String encKey, String auth, String authKey) {
        return "\"IPv4\",\"*\",\"*\",\"" + spi + "\",\"" + enc + "\",\"0x" + encKey + "\",\"" + auth + "\",\""
                + (authKey.isEmpty() ? "" : "0x" + authKey) + "\"\n";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return SendApiTest.concat(a, b);
    }
}
