package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.testing.ExternalTools;
import com.offloadnic.testing.Tshark;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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

        List<Tshark.EspPacket> packets = new Tshark()
                .sa(0x1111, "AES-GCM with 16 octet ICV [RFC4106]", gcmKey, "NULL", null)
                .sa(0x2222, "AES-CBC [RFC3602]", cbcKey, "HMAC-SHA-1-96 [RFC2404]", shaKey)
                .sa(0x3333, "AES-CBC [RFC3602]", cbcKey, "HMAC-SHA-256-128 [RFC4868]", sha256Key)
                .decodeEsp(SendApiTest.pcap(port, nic, tenant.token()));
        assertThat(packets).hasSize(12);
        assertThat(packets).allSatisfy(e -> {
            assertThat(e.icvCheckedGood()).as("ICV good: " + e).isTrue();
            assertThat(e.udpDestinationPort()).as("decrypted payload is the UDP datagram to port 9: " + e).isEqualTo("9");
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return SendApiTest.concat(a, b);
    }
}
