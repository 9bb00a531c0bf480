package com.offloadnic.api;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input answers a problem document with its stable type (and pointer where a field is at
 * fault), never a 5xx, and leaves the tenant's NICs exactly as they were.
 */
class BadInputApiTest extends ApiTestSupport {

    private ContractClient tenant;
    private String nicId;
    private JsonNode stateBefore;

    @BeforeEach
    void nicWithKnownState() {
        tenant = newTenant("{\"maxRequestBodyBytes\":4096}");
        nicId = createNic(tenant, "6.30", "");
        stateBefore = state();
    }

    /** Everything a tenant can observe of its NICs. */
    private JsonNode state() {
        var node = ContractClient.JSON.createObjectNode();
        node.set("nics", tenant.get("/v1/nics").json());
        node.set("config", tenant.get("/v1/nics/" + nicId + "/oids/tcp-offload-current-config").json());
        node.put("lastIndication", tenant.get("/v1/nics/" + nicId + "/status-indications").json().path("nextCursor").asLong());
        return node;
    }

    private void assertStateUnchanged() {
        assertThat(state()).isEqualTo(stateBefore);
    }

    private String paramsPath() {
        return "/v1/nics/" + nicId + "/oids/tcp-offload-parameters";
    }

    @Test
    void malformedJson_answers400MalformedJson() {
        assertProblem(tenant.raw().post("/v1/nics", "{\"ndisVersion\":"), 400, "/problems/malformed-json");
        assertProblem(tenant.raw().post("/v1/nics", "not json"), 400, "/problems/malformed-json");
        assertProblem(tenant.raw().post(paramsPath(), "{\"lsoV1\":\"NDIS_OFFLOAD_PARAMETERS_NO_CHANGE\"} trailing"), 400, "/problems/malformed-json");
        assertProblem(tenant.raw().send("POST", "/v1/nics", "application/json", null), 400, "/problems/malformed-json");
        assertStateUnchanged();
    }

    @Test
    void unknownField_answers400WithPointer() {
        assertProblem(tenant.raw().post("/v1/nics", "{\"ndisVersion\":\"6.30\",\"speed\":10}"), 400,
                "/problems/unknown-field", "/speed");
        assertProblem(tenant.raw().post("/v1/nics",
                        "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"ipsecOffloadV2\":{\"aesNi\":true}}}"), 400,
                "/problems/unknown-field", "/capabilities/ipsecOffloadV2/aesNi");
        assertProblem(tenant.raw().post(paramsPath(), "{\"rscIpv4\":\"NDIS_OFFLOAD_PARAMETERS_NO_CHANGE\"}"), 400,
                "/problems/unknown-field", "/rscIpv4");
        assertStateUnchanged();
    }

    @Test
    void wrongType_answers400WithPointer() {
        assertProblem(tenant.raw().post("/v1/nics", "{\"ndisVersion\":6.3}"), 400, "/problems/invalid-field",
                "/ndisVersion");
        assertProblem(tenant.raw().post("/v1/nics", "{\"ndisVersion\":\"6.30\",\"mtu\":1500.5}"), 400,
                "/problems/invalid-field", "/mtu");
        assertProblem(tenant.raw().post("/v1/nics", "{\"ndisVersion\":\"6.30\",\"mtu\":\"1500\"}"), 400,
                "/problems/invalid-field", "/mtu");
        assertProblem(tenant.raw().post("/v1/nics",
                        "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"ipsecOffloadV2\":{\"ah\":\"yes\"}}}"), 400,
                "/problems/invalid-field", "/capabilities/ipsecOffloadV2/ah");
        assertProblem(tenant.raw().post("/v1/nics",
                        "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"lsoV2\":{\"ipv4\":{\"maxOffLoadSize\":true}}}}"), 400,
                "/problems/invalid-field", "/capabilities/lsoV2/ipv4/maxOffLoadSize");
        assertProblem(tenant.raw().post("/v1/nics",
                        "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"lsoV2\":[]}}"), 400,
                "/problems/invalid-field", "/capabilities/lsoV2");
        assertProblem(tenant.raw().post("/v1/nics", "[]"), 400, "/problems/invalid-field", "");
        assertStateUnchanged();
    }

    @Test
    void unknownEnumName_answers400WithPointer() {
        assertProblem(tenant.raw().post(paramsPath(), "{\"ipsecV2\":\"ON\"}"), 400, "/problems/invalid-field", "/ipsecV2");
        assertProblem(tenant.raw().post(paramsPath(), "{\"tcpIpv4Checksum\":\"\"}"), 400, "/problems/invalid-field",
                "/tcpIpv4Checksum");
        assertProblem(tenant.raw().post("/v1/nics",
                        "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"ipsecOffloadV2\":{\"udpEsp\":[\"IKE\"]}}}"), 400,
                "/problems/invalid-field", "/capabilities/ipsecOffloadV2/udpEsp/0");
        assertProblem(tenant.raw().post("/v1/nics",
                        "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"ipsecOffloadV2\":{\"authenticationAlgorithms\":"
                                + "[\"IPSEC_OFFLOAD_V2_AUTHENTICATION_SHA_1\",\"IPSEC_OFFLOAD_V2_AUTHENTICATION_SHA_384\"]}}}"),
                400, "/problems/invalid-field", "/capabilities/ipsecOffloadV2/authenticationAlgorithms/1");
        assertStateUnchanged();
    }

    @Test
    void outOfRange_answers400WithPointer() {
        assertProblem(tenant.raw().post("/v1/nics", "{\"ndisVersion\":\"6.30\",\"mtu\":99999999999}"), 400,
                "/problems/invalid-field", "/mtu");
        assertProblem(tenant.raw().post("/v1/nics", "{\"ndisVersion\":\"6.30\",\"mtu\":100}"), 400,
                "/problems/invalid-field", "/mtu");
        assertProblem(tenant.raw().post("/v1/nics",
                        "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"lsoV2\":{\"ipv6\":{\"minSegmentCount\":-3}}}}"), 400,
                "/problems/invalid-field", "/capabilities/lsoV2/ipv6/minSegmentCount");
        assertProblem(tenant.raw().post("/v1/nics",
                        "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"ipsecOffloadV2\":{\"encapsulation\":[null]}}}"), 400,
                "/problems/invalid-field", "/capabilities/ipsecOffloadV2/encapsulation/0");
        assertProblem(tenant.raw().post("/v1/nics", "{\"ndisVersion\":\"6.30\",\"capabilities\":{\"ipsecOffloadV2\":"
                        + "{\"udpEsp\":[\"IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_TUNNEL\",\"IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_TUNNEL\"]}}}"),
                400, "/problems/invalid-field", "/capabilities/ipsecOffloadV2/udpEsp/1");
        assertStateUnchanged();
    }

    @Test
    void missingOrWrongToken_answers401() {
        var r = anonymous().raw().get("/v1/nics/" + nicId);
        assertProblem(r, 401, "/problems/unauthorized");
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"offloadnic\"");
        assertProblem(anonymous().as("onic_not-a-token").raw().post("/v1/nics", "{\"ndisVersion\":\"6.30\"}"), 401,
                "/problems/unauthorized");
        assertProblem(anonymous().raw().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/nics"), 401,
                "/problems/unauthorized");
        assertStateUnchanged();
    }

    @Test
    void unknownPath_answers404Problem() {
        assertProblem(tenant.unchecked().get("/v1/nics/" + nicId + "/nothing"), 404, "/problems/not-found");
        assertProblem(anonymous().unchecked().get("/nothing/here"), 404, "/problems/not-found");
        assertProblem(anonymous().unchecked().get("/error"), 404, "/problems/not-found");
        assertStateUnchanged();
    }

    @Test
    void uriTheServerRejects_answers400Problem() {
        for (String path : new String[]{"/v1/nics/%2F", "/v1/nics/%00", "/v1/nics/..%2F..%2Fadmin"}) {
            var r = tenant.unchecked().get(path);
            assertProblem(r, 400, "/problems/bad-request");
        }
        assertStateUnchanged();
    }

    @Test
    void wrongMethod_answers405ProblemWithAllow() {
        var r = tenant.unchecked().send("PUT", "/v1/nics/" + nicId, "application/json", "{}");
        assertProblem(r, 405, "/problems/method-not-allowed");
        assertThat(r.header("Allow")).contains("GET", "DELETE");
        assertProblem(tenant.unchecked().send("GET", paramsPath(), null, null), 405, "/problems/method-not-allowed");
        assertStateUnchanged();
    }

    @Test
    void unacceptableAccept_answers406Problem() {
        assertProblem(tenant.raw().header("Accept", "text/csv").get("/v1/nics/" + nicId), 406, "/problems/not-acceptable");
        assertStateUnchanged();
    }

    @Test
    void wrongContentType_answers415Problem() {
        assertProblem(tenant.raw().send("POST", "/v1/nics", "text/plain", "{\"ndisVersion\":\"6.30\"}"), 415,
                "/problems/unsupported-media-type");
        assertProblem(tenant.raw().send("POST", paramsPath(), "application/xml", "<x/>"), 415,
                "/problems/unsupported-media-type");
        assertStateUnchanged();
    }

    @Test
    void bodyOverTenantQuota_answers413Problem() {
        String big = "{\"ndisVersion\":\"6.30\",\"name\":\"" + "x".repeat(5000) + "\"}";
        var r = tenant.raw().post("/v1/nics", big);
        assertProblem(r, 413, "/problems/payload-too-large");
        assertThat(r.json().path("limit").asLong()).isEqualTo(4096);
        assertStateUnchanged();
    }

    @Test
    void chunkedBodyOverTenantQuota_answers413Problem() throws Exception {
        byte[] big = ("{\"ndisVersion\":\"6.30\",\"name\":\"" + "x".repeat(5000) + "\"}").getBytes();
        // A publisher without a known length makes the client send the body chunked, without Content-Length.
        HttpRequest.BodyPublisher chunked = new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
                HttpRequest.BodyPublishers.ofByteArray(big).subscribe(s);
            }
        };
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/nics"))
                .header("Authorization", "Bearer " + tenant.token())
                .header("Content-Type", "application/json")
                .POST(chunked).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Length")).isNotEqualTo(String.valueOf(big.length));
        assertProblem(new ContractClient.Reply(r.statusCode(), r.headers().map(), r.body()), 413,
                "/problems/payload-too-large");
        assertStateUnchanged();
    }

    @Test
    void hostileNesting_answers400NotAServerError() {
        String deep = "{\"ndisVersion\":\"6.30\",\"capabilities\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
        var r = tenant.raw().post("/v1/nics", deep);
        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertStateUnchanged();
    }
}
