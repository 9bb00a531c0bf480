package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import com.offloadnic.bench.BenchFrames;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * {@code application/cbor} on the bulk endpoints: the same schema as the JSON with frames as CBOR byte strings.
 * The contract test validates JSON only, so each CBOR exchange here is decoded and compared with the JSON
 * answer to the same question.
 */
class CborApiTest extends ApiTestSupport {

    private static final String CBOR = "application/cbor";
    private static final CBORMapper CBOR_MAPPER = CBORMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private String tenantToken() {
        String name = "cbor-" + System.nanoTime();
        var r = admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\",\"quotas\":{}}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().path("token").asString();
    }

    private HttpResponse<byte[]> exchange(String token, String method, String path, String contentType,
            byte[] body, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", accept);
        if (body != null) {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] cborFrames(List<byte[]> frames) {
        List<Map<String, Object>> list = new ArrayList<>();
        frames.forEach(f -> list.add(Map.of("data", f)));
        return CBOR_MAPPER.writeValueAsBytes(Map.of("frames", list));
    }

    @Test
    void receive_cborBody_isIndicatedLikeJsonAndPollsAnswerTheSameInBothEncodings() throws Exception {
        String token = tenantToken();
        var t = anonymous().as(token);
        String nic = createNic(t, "6.30", "");
        List<byte[]> frames = List.of(ReceiveApiTest.udpFrame(1), ReceiveApiTest.udpFrame(2),
                ReceiveApiTest.udpFrame(3));

        var injected = exchange(token, "POST", "/v1/nics/" + nic + "/receive", CBOR, cborFrames(frames), CBOR);
        assertThat(injected.statusCode()).isEqualTo(202);
        assertThat(injected.headers().firstValue("Content-Type").orElseThrow()).startsWith(CBOR);
        JsonNode admission = CBOR_MAPPER.readTree(injected.body());
        assertThat(admission.path("accepted").asInt()).isEqualTo(3);
        assertThat(admission.path("dropped").asInt()).isZero();

        List<JsonNode> asJson = ReceiveApiTest.visible(t, nic, 3);
        var polled = exchange(token, "GET", "/v1/nics/" + nic + "/receive-indications?cursor=0&timeoutMs=0",
                null, null, CBOR);
        assertThat(polled.statusCode()).isEqualTo(200);
        assertThat(polled.headers().firstValue("Content-Type").orElseThrow()).startsWith(CBOR);
        JsonNode cbor = CBOR_MAPPER.readTree(polled.body());
        JsonNode indications = cbor.path("indications");
        assertThat(indications.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            JsonNode data = indications.get(i).path("data");
            assertThat(data.isBinary()).as("frame %d is a CBOR byte string, not base64 text", i).isTrue();
            assertThat(data.binaryValue()).isEqualTo(frames.get(i));
        }
        // the same document as the JSON answer once the byte strings are written as base64
        JsonNode cborAsJson = JsonMapper.builder().build().readTree(
                JsonMapper.builder().build().writeValueAsString(cbor));
        var json = t.get("/v1/nics/" + nic + "/receive-indications?cursor=0&timeoutMs=0");
        assertThat(cborAsJson).isEqualTo(json.json());
        assertThat(asJson.getFirst().path("data").asString())
                .isEqualTo(Base64.getEncoder().encodeToString(frames.getFirst()));
    }

    @Test
    void receive_cborWithTextWhereBytesBelong_answersProblemWithPointerAndTakesNothing() throws Exception {
        String token = tenantToken();
        var t = anonymous().as(token);
        String nic = createNic(t, "6.30", "");
        byte[] body = CBOR_MAPPER.writeValueAsBytes(Map.of("frames", List.of(Map.of("data", 17))));

        var r = exchange(token, "POST", "/v1/nics/" + nic + "/receive", CBOR, body,
                CBOR + ", application/problem+json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(r.body());
        assertThat(problem.path("pointer").asString()).isEqualTo("/frames/0/data");
        var stats = t.get("/v1/nics/" + nic + "/statistics");
        assertThat(stats.json().path("rxFrames").asLong()).isZero();
    }

    @Test
    void send_cborRequest_transmitsTheSameBytesAsTheJsonRequestAndAnswersTheSameCompletions() throws Exception {
        String token = tenantToken();
        var t = anonymous().as(token);
        String key = Base64.getEncoder().encodeToString(BenchFrames.keyMaterial());
        String sa = "{\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":" + BenchFrames.SPI
                + ",\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_256\","
                + "\"keyLength\":36,\"additionalInfo\":16}}],\"keyData\":\"" + key + "\"}";
        // two NICs with the same SA: the same frame with the same sequence number seals to the same bytes
        String jsonNic = createNic(t, "6.30", "");
        String cborNic = createNic(t, "6.30", "");
        String jsonHandle = t.post("/v1/nics/" + jsonNic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", sa).json()
                .path("offloadHandle").asString();
        String cborHandle = t.post("/v1/nics/" + cborNic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", sa).json()
                .path("offloadHandle").asString();
        byte[] frame = BenchFrames.espFrame(7);

        var json = t.post("/v1/nics/" + jsonNic + "/send", "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\""
                + Base64.getEncoder().encodeToString(frame) + "\"}],\"ipsecOffloadV2\":{\"offloadHandle\":\""
                + jsonHandle + "\"},\"ipsecOffloadV2Header\":{\"nextHeader\":6,\"padLength\":0,\"espHeaderOffset\":5}}],"
                + "\"returnFrames\":true}");
        assertThat(json.status()).as(json.body()).isEqualTo(200);

        Map<String, Object> nbl = Map.of("netBuffers", List.of(Map.of("data", frame)),
                "ipsecOffloadV2", Map.of("offloadHandle", cborHandle),
                "ipsecOffloadV2Header", Map.of("nextHeader", 6, "padLength", 0, "espHeaderOffset", 5));
        byte[] body = CBOR_MAPPER.writeValueAsBytes(Map.of("netBufferLists", List.of(nbl), "returnFrames", true));
        var cbor = exchange(token, "POST", "/v1/nics/" + cborNic + "/send", CBOR, body, CBOR);
        assertThat(cbor.statusCode()).isEqualTo(200);
        assertThat(cbor.headers().firstValue("Content-Type").orElseThrow()).startsWith(CBOR);
        assertThat(cbor.headers().firstValue("Content-Length")).as("the lean writer knows the length: not chunked")
                .hasValue(Integer.toString(cbor.body().length));
        JsonNode answer = CBOR_MAPPER.readTree(cbor.body());
        JsonNode transmitted = answer.path("completions").get(0).path("transmitted").get(0);
        assertThat(transmitted.path("data").isBinary()).isTrue();
        assertThat(transmitted.path("iv").isBinary()).isTrue();
        byte[] sealed = transmitted.path("data").binaryValue();
        assertThat(sealed).isEqualTo(Base64.getDecoder().decode(json.json().path("completions").get(0)
                .path("transmitted").get(0).path("data").asString()));
        assertThat(sealed).isNotEqualTo(frame);
        JsonNode cborAsJson = JsonMapper.builder().build().readTree(JsonMapper.builder().build().writeValueAsString(answer));
        assertThat(cborAsJson).isEqualTo(json.json());
    }
}
