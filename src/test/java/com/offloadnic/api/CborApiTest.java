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
}
