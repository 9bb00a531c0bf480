package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The send path end to end over HTTP: published vectors reproduce byte for byte through {@code POST .../send},
 * mutated frames complete with their reason and leave the wire (the transmit capture) as it was, and the
 * capture downloads as pcap in transmit order.
 */
class SendApiTest extends ApiTestSupport {

    static final HexFormat HEX = HexFormat.of();
    static final byte[] ETH = HEX.parseHex("020000000002020000000001" + "0800");

    /** A vector made into an ADD_SA_EX body and the frame the transport would hand over. */
    record VectorCase(String id, String addSaEx, byte[] frame, byte[] expected, int nextHeader, int padLength,
            int espHeaderOffset) {
    }

    static List<JsonNode> vectors() throws Exception {
        try (InputStream in = SendApiTest.class.getResourceAsStream("/com/offloadnic/crypto/published-esp-vectors.json")) {
            List<JsonNode> out = new ArrayList<>();
            ContractClient.JSON.readTree(in).get("vectors").forEach(out::add);
            return out;
        }
    }

    static VectorCase vectorCase(JsonNode v) {
        String enc = v.get("encAlgo").asString();
        byte[] prot = HEX.parseHex(v.get("protectedPacketHex").asString());
        byte[] plain = HEX.parseHex(v.get("plaintextPacketHex").asString());
        int ihl = (prot[0] & 0x0F) * 4;
        int ivLen = HEX.parseHex(v.get("ivHex").asString()).length;
        int icv = v.get("icvLen").asInt();
        String key = Base64.getEncoder().encodeToString(HEX.parseHex(v.get("encKeyHex").asString()
                + v.get("saltHex").asString()));
        int keyLen = HEX.parseHex(v.get("encKeyHex").asString() + v.get("saltHex").asString()).length;
        String algorithm;
        if (enc.startsWith("AES-GMAC")) {
            algorithm = "\"authenticationAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_AUTHENTICATION_AES_GCM_"
                    + enc.substring(9) + "\",\"keyLength\":" + keyLen + "}";
        } else if (enc.startsWith("AES-GCM")) {
            algorithm = "\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_"
                    + enc.substring(8) + "\",\"keyLength\":" + keyLen + ",\"additionalInfo\":" + icv + "}";
        } else {
            algorithm = "\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_CBC_"
                    + enc.substring(8) + "\",\"keyLength\":" + keyLen + "}";
        }
        String body = "{\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":" + v.get("spi").asLong()
                + "," + algorithm + ",\"esn\":" + v.get("esn").asBoolean() + ",\"sequenceNumberHighOrder\":"
                + (v.get("esn").asBoolean() ? v.get("esnHigh").asLong() : 0) + "}],\"keyData\":\"" + key
                + "\",\"emulation\":{\"ivSource\":\"packet\",\"mode\":\"" + v.get("mode").asString() + "\"}}";
        // The transport's frame: the protected packet with the encrypted part in clear and the ICV zeroed.
        byte[] inner = "tunnel".equals(v.get("mode").asString()) ? plain
                : java.util.Arrays.copyOfRange(plain, (plain[0] & 0x0F) * 4, plain.length);
        byte[] padding = HEX.parseHex(v.get("espPaddingHex").asString());
        ByteArrayOutputStream clear = new ByteArrayOutputStream();
        clear.writeBytes(java.util.Arrays.copyOf(prot, ihl + 8 + ivLen));
        clear.writeBytes(inner);
        clear.writeBytes(padding);
        clear.write(v.get("espPadLen").asInt());
        clear.write(v.get("espNextHeader").asInt());
        clear.writeBytes(new byte[icv]);
        byte[] ip = clear.toByteArray();
        assertThat(ip.length).as(v.get("id").asString() + " framing").isEqualTo(prot.length);
        return new VectorCase(v.get("id").asString(), body, concat(ETH, ip), concat(ETH, prot),
                v.get("espNextHeader").asInt(), v.get("espPadLen").asInt(), ihl / 4);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String nbl(byte[] frame, String handle, int nextHeader, int padLength, int ahOffset, int espOffset) {
        return "{\"netBuffers\":[{\"data\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}],"
                + "\"ipsecOffloadV2\":{\"offloadHandle\":\"" + handle + "\"},"
                + "\"ipsecOffloadV2Header\":{\"nextHeader\":" + nextHeader + ",\"padLength\":" + padLength
                + ",\"ahHeaderOffset\":" + ahOffset + ",\"espHeaderOffset\":" + espOffset + "}}";
    }

    static String send(String... nbls) {
        return "{\"netBufferLists\":[" + String.join(",", nbls) + "],\"returnFrames\":true}";
    }

    byte[] pcap(ContractClient t, String nicId, String token) throws Exception {
        return pcap(port, nicId, token);
    }

    static byte[] pcap(int port, String nicId, String token) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/nics/" + nicId + "/capture.pcap"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/vnd.tcpdump.pcap"));
        return r.body();
    }

    /** The frames of a pcap file (little- or big-endian microsecond pcap, as the NIC writes it). */
    static List<byte[]> pcapFrames(byte[] pcap) throws Exception {
        return com.offloadnic.packet.PcapReader.readAll(pcap).stream().map(com.offloadnic.packet.PcapRecord::data)
                .toList();
    }

    @Test
    void send_publishedVectorsWithPacketIvs_reproduceProtectedPacketsByteForByte() throws Exception {
        var tenant = newTenantWithToken();
        String nic = createNic(tenant.client(), "6.30", "");
        List<byte[]> expectedOnWire = new ArrayList<>();
        int sent = 0;
        for (JsonNode v : vectors()) {
            VectorCase c = vectorCase(v);
            var add = tenant.client().post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", c.addSaEx());
            assertThat(add.status()).as(add.body()).isEqualTo(200);
            if (v.get("authAlgo").asString().equals("NONE") && v.get("encAlgo").asString().startsWith("AES-CBC")) {
                // RFC 3602's cases have no integrity; NDIS forbids an IPsec packet without authentication and the
                // SA table refuses such a lone ESP SA (their transform is checked in PublishedEspVectorsTest).
                assertThat(add.json().path("reason").asString()).as(c.id()).isEqualTo("SA_NO_AUTHENTICATION");
                continue;
            }
            assertThat(add.json().path("status").asString()).as(add.body()).isEqualTo("NDIS_STATUS_SUCCESS");
            String handle = add.json().path("offloadHandle").asString();
            var r = tenant.client().post("/v1/nics/" + nic + "/send",
                    send(nbl(c.frame(), handle, c.nextHeader(), c.padLength(), 0, c.espHeaderOffset())));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode completion = r.json().path("completions").get(0);
            assertThat(completion.path("status").asString()).as(c.id() + ": " + r.body()).isEqualTo("NDIS_STATUS_SUCCESS");
            byte[] data = Base64.getDecoder().decode(completion.path("transmitted").get(0).path("data").asString());
            assertThat(HEX.formatHex(data)).as(c.id()).isEqualTo(HEX.formatHex(c.expected()));
            String seq64 = (v.get("esn").asBoolean() ? v.get("seq64") : v.get("seq")).bigIntegerValue().toString();
            assertThat(completion.path("transmitted").get(0).path("espSequenceNumber").asString()).isEqualTo(seq64);
            expectedOnWire.add(c.expected());
            sent++;
        }
        assertThat(sent).isEqualTo(16);
        List<byte[]> wire = pcapFrames(pcap(tenant.client(), nic, tenant.token()));
        assertThat(wire).hasSize(expectedOnWire.size());
        for (int i = 0; i < wire.size(); i++) {
            assertThat(wire.get(i)).as("capture frame " + i + " in transmit order").isEqualTo(expectedOnWire.get(i));
        }
    }

    record TenantClient(ContractClient client, String token) {
    }

    TenantClient newTenantWithToken() {
        return newTenantWithToken(admin(), anonymous());
    }

    static TenantClient newTenantWithToken(ContractClient admin, ContractClient anonymous) {
        String name = "t-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        var r = admin.post("/v1/admin/tenants", "{\"name\":\"" + name + "\",\"quotas\":{}}");
        assertThat(r.status()).isEqualTo(201);
        String token = r.json().path("token").asString();
        return new TenantClient(anonymous.as(token), token);
    }

    static String gcmSa(long spi, String keyBase64) {
        return "{\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":" + spi
                + ",\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_128\","
                + "\"keyLength\":20,\"additionalInfo\":16}}],\"keyData\":\"" + keyBase64 + "\"}";
    }

    static String cbcSa(long spi, String keyBase64) {
        return "{\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":" + spi
                + ",\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_CBC_128\","
                + "\"keyLength\":16,\"keyOffsetBytes\":0},\"authenticationAlgorithm\":{\"identifier\":"
                + "\"IPSEC_OFFLOAD_V2_AUTHENTICATION_SHA_1\",\"keyLength\":20,\"keyOffsetBytes\":16}}],\"keyData\":\""
                + keyBase64 + "\"}";
    }

    static String addSaEx(ContractClient t, String nic, String body) {
        var r = t.post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("status").asString()).as(r.body()).isEqualTo("NDIS_STATUS_SUCCESS");
        return r.json().path("offloadHandle").asString();
    }

    /** An IPv4 ESP transport frame as the transport frames it: UDP payload, padding 1.., trailer, zero ICV. */
    static byte[] espFrame(long spi, long seq, int ivLength, int icvLength, int align, int payloadLength) {
        byte[] udp = new byte[8 + payloadLength];
        udp[1] = 7;
        udp[3] = 9;
        udp[5] = (byte) udp.length;
        int pad = (align - (udp.length + 2) % align) % align;
        int espLength = 8 + ivLength + udp.length + pad + 2 + icvLength;
        byte[] ip = new byte[20 + espLength];
        ip[0] = 0x45;
        ip[2] = (byte) (ip.length >>> 8);
        ip[3] = (byte) ip.length;
        ip[8] = 64;
        ip[9] = 50;
        ip[12] = 10;
        ip[15] = 1;
        ip[16] = 10;
        ip[19] = 2;
        for (int i = 0; i < 4; i++) {
            ip[20 + i] = (byte) (spi >>> (24 - 8 * i));
            ip[24 + i] = (byte) (seq >>> (24 - 8 * i));
        }
        int p = 28 + ivLength;
        System.arraycopy(udp, 0, ip, p, udp.length);
        p += udp.length;
        for (int i = 1; i <= pad; i++) {
            ip[p++] = (byte) i;
        }
        ip[p++] = (byte) pad;
        ip[p] = 17;
        return concat(ETH, ip);
    }

    static int padOf(int payloadLength, int align) {
        return (align - (8 + payloadLength + 2) % align) % align;
    }

    @Test
    void send_mutatedFrames_completeWithTheirReasonAndTransmitNothing() throws Exception {
        var tenant = newTenantWithToken();
        var t = tenant.client();
        String nic = createNic(t, "6.30", "");
        String key = Base64.getEncoder().encodeToString(new byte[20]);
        String gcm = addSaEx(t, nic, gcmSa(0x1001, key));
        String cbc = addSaEx(t, nic, cbcSa(0x2002, Base64.getEncoder().encodeToString(new byte[36])));
        int pad = padOf(40, 4);

        // One good frame goes out first.
        var ok = t.post("/v1/nics/" + nic + "/send", send(nbl(espFrame(0x1001, 1, 8, 16, 4, 40), gcm, 17, pad, 0, 5)));
        assertThat(ok.json().path("completions").get(0).path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        byte[] before = pcap(t, nic, tenant.token());

        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("ESP_SPI_MISMATCH", nbl(espFrame(0x1002, 2, 8, 16, 4, 40), gcm, 17, pad, 0, 5));
        cases.put("ESP_HEADER_OFFSET_MISMATCH", nbl(espFrame(0x1001, 2, 8, 16, 4, 40), gcm, 17, pad, 0, 6));
        cases.put("AH_HEADER_OFFSET_MISMATCH", nbl(espFrame(0x1001, 2, 8, 16, 4, 40), gcm, 17, pad, 5, 5));
        cases.put("NO_ROOM_FOR_ICV", nbl(espFrame(0x1001, 2, 8, 0, 4, 40), gcm, 17, pad, 0, 5));
        cases.put("NEXT_HEADER_MISMATCH", nbl(espFrame(0x1001, 2, 8, 16, 4, 40), gcm, 6, pad, 0, 5));
        cases.put("PAD_LENGTH_MISMATCH", nbl(espFrame(0x1001, 2, 8, 16, 4, 40), gcm, 17, pad + 4, 0, 5));
        cases.put("CBC_PAYLOAD_MISALIGNED", nbl(espFrame(0x2002, 2, 16, 12, 4, 40), cbc, 17, padOf(40, 4), 0, 5));
        cases.put("ESP_TRAILER_MISALIGNED", nbl(espFrame(0x1001, 2, 8, 16, 1, 41), gcm, 17, 0, 0, 5));
        cases.put("UNKNOWN_OFFLOAD_HANDLE", nbl(espFrame(0x1001, 2, 8, 16, 4, 40), "999999", 17, pad, 0, 5));
        cases.put("SEQUENCE_NUMBER_REPEATED", nbl(espFrame(0x1001, 1, 8, 16, 4, 40), gcm, 17, pad, 0, 5));
        cases.put("SEQUENCE_NUMBER_WRAPPED", nbl(espFrame(0x1001, 0, 8, 16, 4, 40), gcm, 17, pad, 0, 5));
        var r = t.post("/v1/nics/" + nic + "/send", send(cases.values().toArray(String[]::new)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode completions = r.json().path("completions");
        assertThat(completions.size()).isEqualTo(cases.size());
        int i = 0;
        for (String reason : cases.keySet()) {
            JsonNode c = completions.get(i++);
            assertThat(c.path("status").asString()).isEqualTo("NDIS_STATUS_FAILURE");
            assertThat(c.path("reason").asString()).as(c.toString()).isEqualTo(reason);
            assertThat(c.path("detail").asString()).isNotBlank();
            assertThat(c.path("transmitted").size()).isZero();
        }
        assertThat(pcap(t, nic, tenant.token())).as("the wire is unchanged").isEqualTo(before);
        assertThat(t.get("/v1/nics/" + nic + "/capture").json().path("frames").asInt()).isEqualTo(1);
        JsonNode stats = t.get("/v1/nics/" + nic + "/statistics").json();
        assertThat(stats.path("txFrames").asLong()).isEqualTo(1);
        assertThat(stats.path("ipsecTxPkts").asLong()).isEqualTo(1);
        assertThat(stats.path("txNblCompletionsByStatus").path("NDIS_STATUS_FAILURE").asLong()).isEqualTo(cases.size());
        assertThat(stats.path("ipsecTxDropNblsByReason").path("ESP_SPI_MISMATCH").asLong()).isEqualTo(1);

        // The failed NBLs consumed no sequence number: 2 is still free.
        var next = t.post("/v1/nics/" + nic + "/send", send(nbl(espFrame(0x1001, 2, 8, 16, 4, 40), gcm, 17, pad, 0, 5)));
        assertThat(next.json().path("completions").get(0).path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(next.json().path("completions").get(0).path("transmitted").get(0).path("iv").asString())
                .as("GCM IV = 64-bit sequence number").isEqualTo(Base64.getEncoder().encodeToString(
                        new byte[] {0, 0, 0, 0, 0, 0, 0, 2}));
    }

    @Test
    void send_mixedRequest_framesLeaveInNblOrderAndCaptureClears() throws Exception {
        var tenant = newTenantWithToken();
        var t = tenant.client();
        String nic = createNic(t, "6.30", "");
        String gcm = addSaEx(t, nic, gcmSa(0x3003, Base64.getEncoder().encodeToString(new byte[20])));
        int pad = padOf(40, 4);
        List<String> nbls = new ArrayList<>();
        for (int seq = 1; seq <= 12; seq++) {
            nbls.add(nbl(espFrame(0x3003, seq, 8, 16, 4, 40), gcm, 17, pad, 0, 5));
        }
        var r = t.post("/v1/nics/" + nic + "/send", send(nbls.toArray(String[]::new)));
        List<byte[]> returned = new ArrayList<>();
        for (JsonNode c : r.json().path("completions")) {
            assertThat(c.path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
            returned.add(Base64.getDecoder().decode(c.path("transmitted").get(0).path("data").asString()));
        }
        List<byte[]> wire = pcapFrames(pcap(t, nic, tenant.token()));
        assertThat(wire).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(wire.get(i)).isEqualTo(returned.get(i));
            assertThat(wire.get(i)[14 + 27]).as("sequence number of frame " + i).isEqualTo((byte) (i + 1));
        }
        assertThat(t.delete("/v1/nics/" + nic + "/capture").status()).isEqualTo(204);
        assertThat(pcapFrames(pcap(t, nic, tenant.token()))).isEmpty();
        var resized = t.put("/v1/nics/" + nic + "/capture", "{\"capacity\":2}");
        assertThat(resized.json().path("capacity").asInt()).isEqualTo(2);
        nbls.clear();
        for (int seq = 13; seq <= 15; seq++) {
            nbls.add(nbl(espFrame(0x3003, seq, 8, 16, 4, 40), gcm, 17, pad, 0, 5));
        }
        t.post("/v1/nics/" + nic + "/send", send(nbls.toArray(String[]::new)));
        List<byte[]> kept = pcapFrames(pcap(t, nic, tenant.token()));
        assertThat(kept).hasSize(2);
        assertThat(kept.get(0)[14 + 27]).as("the oldest frame made room").isEqualTo((byte) 14);
        assertThat(t.get("/v1/nics/" + nic + "/capture").json().path("overwritten").asLong()).isEqualTo(1);
    }

    @Test
    void send_noHandlesOrOffloadDisabled_framesLeaveUnchanged() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        byte[] frame = espFrame(0x4004, 1, 8, 16, 4, 40);
        var r = t.post("/v1/nics/" + nic + "/send", "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\""
                + Base64.getEncoder().encodeToString(frame) + "\"}]}],\"returnFrames\":true}");
        JsonNode c = r.json().path("completions").get(0);
        assertThat(c.path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(Base64.getDecoder().decode(c.path("transmitted").get(0).path("data").asString())).isEqualTo(frame);
    }

    @Test
    void send_malformedRequests_are400NamingTheField() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        assertProblem(t.raw().post("/v1/nics/" + nic + "/send",
                "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\"!!notbase64\"}]}]}"), 400, "/problems/invalid-field",
                "/netBufferLists/0/netBuffers/0/data");
        assertProblem(t.raw().post("/v1/nics/" + nic + "/send", "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\"AA==\"}],"
                + "\"ipsecOffloadV2\":{\"offloadHandle\":\"abc\"}}]}"), 400, "/problems/invalid-field",
                "/netBufferLists/0/ipsecOffloadV2/offloadHandle");
        assertProblem(t.raw().post("/v1/nics/" + nic + "/send", "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\"AA==\"}],"
                + "\"ipsecOffloadV2\":{\"offloadHandle\":\"18446744073709551616\"}}]}"), 400, "/problems/invalid-field",
                "/netBufferLists/0/ipsecOffloadV2/offloadHandle");
        assertProblem(t.raw().post("/v1/nics/" + nic + "/send", "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\"AA==\"}],"
                + "\"ipsecOffloadV2Header\":{\"espHeaderOffset\":256}}]}"), 400, "/problems/invalid-field",
                "/netBufferLists/0/ipsecOffloadV2Header/espHeaderOffset");
        assertProblem(t.raw().put("/v1/nics/" + nic + "/capture", "{\"capacity\":0}"), 400, "/problems/invalid-field",
                "/capacity");
    }

    /** The example in openapi.yaml is real: the documented frame, key and header info give the documented output. */
    @Test
    void send_openApiExample_producesTheDocumentedFrame() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        String handle = addSaEx(t, nic, gcmSa(4660, "AAECAwQFBgcICQoLDA0ODxAREhM="));
        byte[] in = Base64.getDecoder().decode("AgAAAAACAgAAAAABCABFAABIHEZAAEAyCjwKAAABCgAAAgAAEjQAAAABAAAAAAAAAAAE0hYuA"
                + "A8AAG9mZmxvYWQBAgMDEQAAAAAAAAAAAAAAAAAAAAA=");
        var r = t.post("/v1/nics/" + nic + "/send", send(nbl(in, handle, 17, 3, 0, 5)));
        JsonNode f = r.json().path("completions").get(0).path("transmitted").get(0);
        assertThat(f.path("data").asString()).isEqualTo("AgAAAAACAgAAAAABCABFAABIHEZAAEAyCjwKAAABCgAAAgAAEjQAAAABAAAAAAAA"
                + "AAFalOy/uxsuFlDhyyF15Zbn05NQbCJyrg1maqat6aqJFXnRayk=");
        assertThat(f.path("iv").asString()).isEqualTo("AAAAAAAAAAE=");
    }
}
