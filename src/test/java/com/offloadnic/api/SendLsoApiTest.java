package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.packet.Checksums;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.TcpHeader;
import com.offloadnic.testing.ExternalTools;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Large send offload through the send endpoint: LSO alone, and LSO + ESP transport where every segment gets the
 * next sequence number (ESN-aware), its own trailer and IV, and scapy decrypts each segment to a TCP segment
 * whose checksum holds and whose payloads concatenate to the large packet's.
 */
class SendLsoApiTest extends ApiTestSupport {

    private static final HexFormat HEX = HexFormat.of();
    private static final String V2 = "NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE";
    private static final String V1 = "NDIS_TCP_LARGE_SEND_OFFLOAD_V1_TYPE";

    /** Eth + IPv4 (total length 0 for LSOv2) + [ESP header + IV room] + TCP(pseudo-header sum) + payload + pad. */
    static byte[] largeFrame(boolean esp, long spi, long seq, int ivLength, int payloadLength, int pad, boolean v1) {
        int espLength = esp ? 8 + ivLength : 0;
        byte[] f = new byte[14 + 20 + espLength + 20 + payloadLength + pad];
        f[12] = 8;
        Ipv4Header ip = Ipv4Header.wrap(f, 14).versionAndIhl(4, 5).totalLength(v1 ? f.length - 14 : 0)
                .identification(0x100).flagsAndFragmentOffset(Ipv4Header.FLAG_DF).ttl(64).protocol(esp ? 50 : 6)
                .source(new byte[] {10, 0, 0, 1}).destination(new byte[] {10, 0, 0, 2});
        ip.updateHeaderChecksum();
        if (esp) {
            for (int i = 0; i < 4; i++) {
                f[34 + i] = (byte) (spi >>> (24 - 8 * i));
                f[38 + i] = (byte) (seq >>> (24 - 8 * i));
            }
        }
        int tcp = 34 + espLength;
        int pseudo = Checksums.ipv4PseudoHeaderSum(f, ip.sourceOffset(), ip.destinationOffset(), 6, 0);
        TcpHeader.wrap(f, tcp).sourcePort(40000).destinationPort(443).sequenceNumber(1000).acknowledgmentNumber(1)
                .dataOffset(5).flags(0x18).window(65000).checksum(pseudo).urgentPointer(0);
        for (int i = 0; i < payloadLength; i++) {
            f[tcp + 20 + i] = (byte) (i * 7);
        }
        return f;
    }

    static String lsoNbl(byte[] frame, String handle, String tunnel, String type, int mss, int tcpOffset, int pad) {
        return "{\"netBuffers\":[{\"data\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}]"
                + (handle == null ? "" : ",\"ipsecOffloadV2\":{\"offloadHandle\":\"" + handle + "\"}")
                + (tunnel == null ? "" : ",\"ipsecOffloadV2Tunnel\":{\"tunnelHandle\":\"" + tunnel + "\"}")
                + (handle == null ? "" : ",\"ipsecOffloadV2Header\":{\"nextHeader\":6,\"padLength\":" + pad
                        + ",\"espHeaderOffset\":5}")
                + ",\"tcpLargeSendOffload\":{\"type\":\"" + type + "\",\"mss\":" + mss + ",\"tcpHeaderOffset\":"
                + tcpOffset + (type.equals(V2) ? ",\"ipVersion\":4" : "") + "}}";
    }

    private static void enableLso(ContractClient t, String nic) {
        var r = t.post("/v1/nics/" + nic + "/oids/tcp-offload-parameters",
                "{\"lsoV2Ipv4\":\"NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void largeSendWithEsp_eachSegmentNumberedSealedAndDecryptableByScapy() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        enableLso(t, nic);
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f10111213");
        long high = 7;
        String handle = SendApiTest.addSaEx(t, nic, SendApiTest.gcmSa(0xABC, Base64.getEncoder().encodeToString(key))
                .replace("}}],", "},\"esn\":true,\"sequenceNumberHighOrder\":" + high + "}],"));
        byte[] large = largeFrame(true, 0xABC, 0xFFFF_FFFEL, 8, 3000, 2, false);
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(lsoNbl(large, handle, null, V2, 1000, 50, 2)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode c = r.json().path("completions").get(0);
        assertThat(c.path("status").asString()).as(c.toString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(c.path("tcpLargeSendOffload").path("type").asString()).isEqualTo(V2);
        JsonNode sent = c.path("transmitted");
        assertThat(sent.size()).isEqualTo(3);
        long[] expectedSeq = {high << 32 | 0xFFFF_FFFEL, high << 32 | 0xFFFF_FFFFL, (high + 1) << 32};
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(sent.get(i).path("espSequenceNumber").asLong()).as("segment " + i).isEqualTo(expectedSeq[i]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frame", HEX.formatHex(Base64.getDecoder().decode(sent.get(i).path("data").asString())));
            m.put("high", expectedSeq[i] >>> 32);
            cases.add(m);
        }
        String script = """
                import json, sys
                from scapy.all import Ether, IP, TCP, raw
                from scapy.layers.ipsec import SecurityAssociation, ESP
                out = []
                for c in json.load(sys.stdin):
                    pkt = Ether(bytes.fromhex(c["frame"]))[IP]
                    sa = SecurityAssociation(ESP, spi=0xABC, crypt_algo="AES-GCM",
                        crypt_key=bytes.fromhex("%s"), auth_algo="NULL", esn_en=True, esn=c["high"])
                    p = IP(raw(sa.decrypt(pkt)))
                    tcp = p[TCP]
                    given = tcp.chksum
                    tcp.chksum = None
                    good = IP(raw(p))[TCP].chksum == given
                    out.append({"len": len(p), "checksumGood": good, "seq": tcp.seq, "flags": str(tcp.flags),
                                "payload": bytes(tcp.payload).hex()})
                json.dump(out, sys.stdout)
                """.formatted(HEX.formatHex(key));
        JsonNode out = ContractClient.JSON.readTree(ExternalTools.runPython(script,
                ContractClient.JSON.writeValueAsString(cases)));
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            JsonNode s = out.get(i);
            assertThat(s.path("checksumGood").asBoolean()).as("TCP checksum of segment " + i).isTrue();
            assertThat(s.path("seq").asLong()).isEqualTo(1000 + 1000L * i);
            assertThat(s.path("len").asInt()).as("IP length after decryption").isEqualTo(20 + 20 + 1000);
            payload.append(s.path("payload").asString());
        }
        assertThat(out.get(0).path("flags").asString()).doesNotContain("P");
        assertThat(out.get(2).path("flags").asString()).contains("P");
        assertThat(payload.toString()).isEqualTo(HEX.formatHex(java.util.Arrays.copyOfRange(large, 70, 70 + 3000)));
    }

    /** A single large send is not one worker's job: its segments are sealed by all the pool's workers at once. */
    @Test
    void largeSendWithEsp_segmentsSpreadOverTheCryptoWorkersAndLeaveInOrder() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        enableLso(t, nic);
        String handle = SendApiTest.addSaEx(t, nic, SendApiTest.gcmSa(0xABD,
                Base64.getEncoder().encodeToString(HEX.parseHex("000102030405060708090a0b0c0d0e0f10111213"))));
        byte[] large = largeFrame(true, 0xABD, 1, 8, 20 * 1000, 0, false);
        double workers = poolMetric("offloadnic_crypto_pool_workers");
        double before = poolMetric("offloadnic_crypto_pool_completed_total");
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(lsoNbl(large, handle, null, V2, 1000, 50, 0)));
        double tasks = poolMetric("offloadnic_crypto_pool_completed_total") - before;
        JsonNode sent = r.json().path("completions").get(0).path("transmitted");
        assertThat(sent.size()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            assertThat(sent.get(i).path("espSequenceNumber").asLong()).as("segment " + i + " in order").isEqualTo(1 + i);
        }
        assertThat(workers).isGreaterThanOrEqualTo(1);
        assertThat(tasks).as("crypto tasks for one 20-segment large send on %s workers", workers)
                .isEqualTo(Math.min(workers, 20));
    }

    private double poolMetric(String name) {
        String prometheus = anonymous().unchecked().get("/actuator/prometheus").body();
        return prometheus.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void largeSendAlone_segmentsLeaveWithTcpPayloadReported() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        byte[] large = largeFrame(false, 0, 0, 0, 2500, 0, true);
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(lsoNbl(large, null, null, V1, 1000, 34, 0)));
        JsonNode c = r.json().path("completions").get(0);
        assertThat(c.path("status").asString()).as(c.toString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(c.path("tcpLargeSendOffload").path("tcpPayload").asLong()).isEqualTo(2500);
        assertThat(c.path("transmitted").size()).isEqualTo(3);
    }

    @Test
    void largeSend_refusals_failTheNblWithTheirReason() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        t.post("/v1/nics/" + nic + "/oids/tcp-offload-parameters",
                "{\"lsoV2Ipv4\":\"NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED\"}");
        byte[] large = largeFrame(false, 0, 0, 0, 2500, 0, false);
        var off = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(lsoNbl(large, null, null, V2, 1000, 34, 0)));
        assertThat(off.json().path("completions").get(0).path("reason").asString()).isEqualTo("LSO_NOT_ENABLED");

        enableLso(t, nic);
        String handle = SendApiTest.addSaEx(t, nic, SendApiTest.gcmSa(0xDEF, Base64.getEncoder().encodeToString(
                new byte[20])));
        String two = lsoNbl(large, null, null, V2, 1000, 34, 0).replace("\"}]", "\"},{\"data\":\"AA==\"}]");
        String tunnel = lsoNbl(largeFrame(true, 0xDEF, 1, 8, 2500, 2, false), handle, handle, V2, 1000, 50, 2);
        String tooFew = lsoNbl(largeFrame(false, 0, 0, 0, 500, 0, false), null, null, V2, 1000, 34, 0);
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(two, tunnel, tooFew));
        JsonNode cs = r.json().path("completions");
        assertThat(cs.get(0).path("reason").asString()).isEqualTo("LSO_MULTIPLE_NET_BUFFERS");
        assertThat(cs.get(1).path("reason").asString()).isEqualTo("LSO_WITH_TUNNEL");
        assertThat(cs.get(2).path("reason").asString()).isEqualTo("LSO_REFUSED");
        assertThat(cs.get(2).path("detail").asString()).startsWith("BELOW_MIN_SEGMENT_COUNT");
        assertThat(t.get("/v1/nics/" + nic + "/capture").json().path("frames").asInt()).isZero();
    }

    @Test
    void largeSendOverAhSa_failsLsoWithIpsecNotSupported() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        enableLso(t, nic);
        String ah = SendApiTest.addSaEx(t, nic, "{\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Ah\","
                + "\"spi\":777,\"authenticationAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_AUTHENTICATION_SHA_1\","
                + "\"keyLength\":20}}],\"keyData\":\"" + Base64.getEncoder().encodeToString(new byte[20]) + "\"}");
        byte[] large = largeFrame(false, 0, 0, 0, 2500, 0, false);
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(lsoNbl(large, ah, null, V2, 1000, 34, 0)));
        assertThat(r.json().path("completions").get(0).path("reason").asString())
                .isEqualTo("LSO_WITH_IPSEC_NOT_SUPPORTED");
    }
}
