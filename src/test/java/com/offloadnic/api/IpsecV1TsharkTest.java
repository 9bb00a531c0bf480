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
 * Wireshark as a second independent receiver for IPsec offload v1: an NDIS 6.0 NIC sends 3DES-CBC + HMAC-SHA1-96
 * and DES-CBC + HMAC-MD5-96 ESP with NIC-generated IVs; tshark, given the keys, decrypts the downloaded transmit
 * capture and reports every ICV good.
 */
class IpsecV1TsharkTest extends ApiTestSupport {

    private static final HexFormat HEX = HexFormat.of();

    private static String sa(long spi, String conf, int confLength, String integrity, int integrityLength,
            byte[] keyMat) {
        return "{\"flags\":\"OFFLOAD_OUTBOUND_SA\",\"secAssoc\":[{\"operation\":\"ENCRYPT\",\"spi\":" + spi
                + ",\"confAlgo\":{\"algoIdentifier\":\"" + conf + "\",\"algoKeylen\":" + confLength + "},"
                + "\"integrityAlgo\":{\"algoIdentifier\":\"" + integrity + "\",\"algoKeylen\":" + integrityLength
                + "}}],\"keyMat\":\"" + Base64.getEncoder().encodeToString(keyMat) + "\"}";
    }

    @Test
    void v1CaptureDownload_tsharkWithTheKeys_decryptsAndReportsEveryIcvGood() throws Exception {
        ExternalTools.require(ExternalTools.Tool.TSHARK);
        var tenant = SendApiTest.newTenantWithToken(admin(), anonymous());
        var t = tenant.client();
        String nic = createNic(t, "6.0", "");
        byte[] tdes = HEX.parseHex("101112131415161718191a1b1c1d1e1f2021222324252627");
        byte[] sha = HEX.parseHex("303132333435363738393a3b3c3d3e3f40414243");
        byte[] des = HEX.parseHex("5051525354555657");
        byte[] md5 = HEX.parseHex("606162636465666768696a6b6c6d6e6f");
        String h1 = t.post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-add-sa", sa(0x3DE5, "OFFLOAD_IPSEC_CONF_3_DES", 24,
                "OFFLOAD_IPSEC_INTEGRITY_SHA", 20, SendApiTest.concat(tdes, sha))).json().path("offloadHandle")
                .asString();
        String h2 = t.post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-add-sa", sa(0xDE5, "OFFLOAD_IPSEC_CONF_DES", 8,
                "OFFLOAD_IPSEC_INTEGRITY_MD5", 16, SendApiTest.concat(des, md5))).json().path("offloadHandle")
                .asString();
        List<String> nbls = new ArrayList<>();
        for (int seq = 1; seq <= 4; seq++) {
            for (String[] sa : new String[][] {{"15845", h1}, {"3557", h2}}) {
                byte[] frame = SendApiTest.espFrame(Long.parseLong(sa[0]), seq, 8, 12, 8, 20 * seq);
                nbls.add("{\"netBuffers\":[{\"data\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}],"
                        + "\"ipsecOffloadV1\":{\"offloadHandle\":\"" + sa[1] + "\"}}");
            }
        }
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(nbls.toArray(String[]::new)));
        r.json().path("completions").forEach(c -> assertThat(c.path("status").asString()).as(c.toString())
                .isEqualTo("NDIS_STATUS_SUCCESS"));

        List<Tshark.EspPacket> packets = new Tshark()
                .sa(0x3DE5, "TripleDES-CBC [RFC2451]", tdes, "HMAC-SHA-1-96 [RFC2404]", sha)
                .sa(0xDE5, "DES-CBC [RFC2405]", des, "HMAC-MD5-96 [RFC2403]", md5)
                .decodeEsp(SendApiTest.pcap(port, nic, tenant.token()));
        assertThat(packets).hasSize(8);
        assertThat(packets).allSatisfy(e -> {
            assertThat(e.icvCheckedGood()).as("ICV good: " + e).isTrue();
            assertThat(e.udpDestinationPort()).as("decrypted payload is the UDP datagram to port 9: " + e).isEqualTo("9");
        });
    }
}
