package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * End to end over HTTP: NIC A (outbound ESP SA) is linked to NIC B (inbound SA, same keys); what A sends — plain
 * ESP packets, and large sends that A segments and seals (LSO + ESP) — arrives at B decrypted with
 * CRYPTO_SUCCESS, in order.
 */
class ReceiveLinkApiTest extends ApiTestSupport {

    @Test
    void sendOnA_linkedB_indicatesEverySegmentDecryptedInOrder() {
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"link-" + System.nanoTime() + "\",\"quotas\":{}}");
        var t = anonymous().as(created.json().path("token").asString());
        String a = createNic(t, "6.30", "");
        String b = createNic(t, "6.30", "");
        assertThat(t.put("/v1/nics/" + a + "/link", "{\"peerNicId\":\"" + b + "\"}").status()).isEqualTo(200);

        byte[] key = new byte[20];
        new Random(3).nextBytes(key);
        String keyBase64 = Base64.getEncoder().encodeToString(key);
        String outbound = SendApiTest.addSaEx(t, a, SendApiTest.gcmSa(0x1001, keyBase64));
        String inbound = SendApiTest.addSaEx(t, b, SendApiTest.gcmSa(0x1001, keyBase64)
                .replace("{\"ipVersion\":4,", "{\"inbound\":true,\"ipVersion\":4,"));

        List<byte[]> framed = new ArrayList<>();
        List<String> nbls = new ArrayList<>();
        for (int seq = 1; seq <= 30; seq++) {
            int payload = 40 + seq * 17;
            byte[] frame = SendApiTest.espFrame(0x1001, seq, 8, 16, 4, payload);
            framed.add(frame);
            nbls.add(SendApiTest.nbl(frame, outbound, 17, SendApiTest.padOf(payload, 4), 0, 5));
        }
        for (List<String> batch : List.of(nbls.subList(0, 18), nbls.subList(18, 30))) {
            var r = t.post("/v1/nics/" + a + "/send", SendApiTest.send(batch.toArray(String[]::new)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().path("completions").forEach(c ->
                    assertThat(c.path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS"));
        }

        List<JsonNode> seen = ReceiveApiTest.pollAll(t, b, 0, 30);
        for (int i = 0; i < 30; i++) {
            JsonNode ind = seen.get(i);
            assertThat(ind.path("ipsecOffloadV2").path("cryptoDone").asInt()).isEqualTo(1);
            assertThat(ind.path("ipsecOffloadV2").path("cryptoStatus").asString()).isEqualTo("CRYPTO_SUCCESS");
            assertThat(ind.path("ipsecOffloadV2Header").path("nextHeader").asInt()).isEqualTo(17);
            assertThat(ind.path("emulation").path("offloadHandle").asString()).isEqualTo(inbound);
            byte[] data = Base64.getDecoder().decode(ind.path("data").asString());
            byte[] sent = framed.get(i);
            assertThat(data).hasSize(sent.length);
            assertThat(ByteBuffer.wrap(data).getInt(14 + 20 + 4)).as("ESP sequence number").isEqualTo(i + 1);
            int plaintext = 14 + 20 + 8 + 8;
            assertThat(Arrays.copyOfRange(data, plaintext, data.length - 16)).as("segment %d decrypted", i)
                    .isEqualTo(Arrays.copyOfRange(sent, plaintext, sent.length - 16));
        }
        JsonNode statsA = t.get("/v1/nics/" + a + "/statistics").json();
        JsonNode statsB = t.get("/v1/nics/" + b + "/statistics").json();
        assertThat(statsA.path("txFrames").asLong()).isEqualTo(30);
        assertThat(statsB.path("rxFrames").asLong()).isEqualTo(30);
        assertThat(statsB.path("ipsecRxPkts").asLong()).isEqualTo(30);

        // unlinked, A's wire goes nowhere
        assertThat(t.delete("/v1/nics/" + b + "/link").status()).isEqualTo(204);
        byte[] more = SendApiTest.espFrame(0x1001, 31, 8, 16, 4, 40);
        t.post("/v1/nics/" + a + "/send", SendApiTest.send(SendApiTest.nbl(more, outbound, 17,
                SendApiTest.padOf(40, 4), 0, 5)));
        assertThat(t.get("/v1/nics/" + b + "/statistics").json().path("rxFrames").asLong()).isEqualTo(30);
    }

    @Test
    void largeSendWithEspOnA_linkedB_indicatesEverySegmentDecryptedInOrderAcrossTheEsnWrap() {
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"lso-" + System.nanoTime() + "\",\"quotas\":{}}");
        var t = anonymous().as(created.json().path("token").asString());
        String a = createNic(t, "6.30", "");
        String b = createNic(t, "6.30", "");
        assertThat(t.put("/v1/nics/" + b + "/link", "{\"peerNicId\":\"" + a + "\"}").status()).isEqualTo(200);
        assertThat(t.post("/v1/nics/" + a + "/oids/tcp-offload-parameters",
                "{\"lsoV2Ipv4\":\"NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED\"}").status()).isEqualTo(200);

        byte[] key = new byte[20];
        new Random(4).nextBytes(key);
        String esnSa = SendApiTest.gcmSa(0xABC, Base64.getEncoder().encodeToString(key))
                .replace("}}],", "},\"esn\":true,\"sequenceNumberHighOrder\":7}],");
        String outbound = SendApiTest.addSaEx(t, a, esnSa);
        SendApiTest.addSaEx(t, b, esnSa.replace("{\"ipVersion\":4,", "{\"inbound\":true,\"ipVersion\":4,"));

        // 4500 bytes of TCP payload, MSS 1000: five segments numbered 0xFFFFFFFD .. 0x1 across the 2^32 wrap
        byte[] large = SendLsoApiTest.largeFrame(true, 0xABC, 0xFFFF_FFFDL, 8, 4500, 2, false);
        var r = t.post("/v1/nics/" + a + "/send", SendApiTest.send(
                SendLsoApiTest.lsoNbl(large, outbound, null, "NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE", 1000, 50, 2)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode completion = r.json().path("completions").get(0);
        assertThat(completion.path("status").asString()).as(completion.toString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(completion.path("transmitted").size()).isEqualTo(5);

        List<JsonNode> seen = ReceiveApiTest.pollAll(t, b, 0, 5);
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        long[] lowSeq = {0xFFFF_FFFDL, 0xFFFF_FFFEL, 0xFFFF_FFFFL, 0, 1};
        for (int i = 0; i < 5; i++) {
            JsonNode ind = seen.get(i);
            assertThat(ind.path("ipsecOffloadV2").path("cryptoDone").asInt()).isEqualTo(1);
            assertThat(ind.path("ipsecOffloadV2").path("cryptoStatus").asString()).as("segment %d", i)
                    .isEqualTo("CRYPTO_SUCCESS");
            assertThat(ind.path("ipsecOffloadV2Header").path("nextHeader").asInt()).isEqualTo(6);
            byte[] data = Base64.getDecoder().decode(ind.path("data").asString());
            ByteBuffer frame = ByteBuffer.wrap(data);
            assertThat(frame.getInt(14 + 20 + 4) & 0xFFFF_FFFFL).as("ESP sequence number").isEqualTo(lowSeq[i]);
            assertThat(frame.getInt(14 + 20 + 8 + 8 + 4) & 0xFFFF_FFFFL).as("TCP sequence number")
                    .isEqualTo(1000 + 1000L * i);
            int ipLength = frame.getShort(14 + 2) & 0xFFFF;
            int padLength = ind.path("ipsecOffloadV2Header").path("padLength").asInt();
            int tcpPayload = ipLength - 20 - 8 - 8 - 20 - padLength - 2 - 16;
            payload.write(data, 14 + 20 + 8 + 8 + 20, tcpPayload);
        }
        assertThat(payload.toByteArray()).isEqualTo(Arrays.copyOfRange(large, 70, 70 + 4500));
    }
}
