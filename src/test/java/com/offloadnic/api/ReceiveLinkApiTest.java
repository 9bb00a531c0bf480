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
 * End to end over HTTP: NIC A (outbound ESP SA) is linked to NIC B (inbound SA, same keys); what A sends arrives
 * at B decrypted with CRYPTO_SUCCESS, in order, across send requests. (Plain ESP sends: the LSO + ESP send path
 * was not available when this test was written.)
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
}
