package com.offloadnic.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StatusIndicationApiTest extends ApiTestSupport {

    private static final String ESP_ONLY = "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV2_ESP_ENABLED\"}";

    private static String indications(String nicId) {
        return "/v1/nics/" + nicId + "/status-indications";
    }

    private static void change(ContractClient t, String nicId) {
        assertThat(t.post("/v1/nics/" + nicId + "/oids/tcp-offload-parameters", ESP_ONLY).status()).isEqualTo(200);
    }

    @Test
    void poll_empty_answersAtOnceWithCursorZero() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        JsonNode p = t.get(indications(id)).json();
        assertThat(p.path("indications")).isEmpty();
        assertThat(p.path("nextCursor").asLong()).isZero();
        assertThat(p.path("dropped").asLong()).isZero();
    }

    @Test
    void poll_longPoll_returnsWhenAnIndicationArrives() throws Exception {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        CompletableFuture<ContractClient.Reply> poll =
                CompletableFuture.supplyAsync(() -> t.get(indications(id) + "?cursor=0&timeoutMs=20000"));
        change(t, id);
        JsonNode p = poll.get(1, TimeUnit.MINUTES).json();
        assertThat(p.path("indications")).hasSize(1);
        assertThat(p.path("nextCursor").asLong()).isEqualTo(1);
    }

    @Test
    void poll_indicationStaysUntilACursorPassesIt() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        change(t, id);
        change(t, id);
        JsonNode first = t.get(indications(id) + "?cursor=0&maxIndications=1").json();
        assertThat(first.path("indications").get(0).path("sequence").asLong()).isEqualTo(1);
        assertThat(first.path("nextCursor").asLong()).isEqualTo(1);
        JsonNode lost = t.get(indications(id) + "?cursor=0").json();
        assertThat(lost.path("indications")).hasSize(2);
        JsonNode next = t.get(indications(id) + "?cursor=1").json();
        assertThat(next.path("indications")).hasSize(1);
        assertThat(next.path("indications").get(0).path("sequence").asLong()).isEqualTo(2);
        JsonNode done = t.get(indications(id) + "?cursor=2").json();
        assertThat(done.path("indications")).isEmpty();
        assertThat(done.path("nextCursor").asLong()).isEqualTo(2);
        assertThat(t.get(indications(id) + "?cursor=0").json().path("indications")).isEmpty();
    }

    @Test
    void poll_ringFull_dropsNewIndicationsAndReportsTheCount() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        for (int i = 0; i < 10; i++) {
            change(t, id);
        }
        JsonNode p = t.get(indications(id)).json();
        assertThat(p.path("indications")).hasSize(8);
        assertThat(p.path("indications").get(7).path("sequence").asLong()).isEqualTo(8);
        assertThat(p.path("dropped").asLong()).isEqualTo(2);
        change(t, id);
        assertThat(t.get(indications(id) + "?cursor=8").json().path("dropped").asLong())
                .as("still full until a poll released the first eight").isEqualTo(3);
        change(t, id);
        JsonNode after = t.get(indications(id) + "?cursor=8").json();
        assertThat(after.path("indications")).hasSize(1);
        assertThat(after.path("indications").get(0).path("sequence").asLong()).isEqualTo(9);
        assertThat(after.path("dropped").asLong()).isEqualTo(3);
    }

    @Test
    void poll_badParameters_answer400NamingTheParameter() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        record Case(String query, String parameter) {
        }
        for (Case c : new Case[]{
                new Case("?cursor=5", "cursor"),
                new Case("?cursor=-1", "cursor"),
                new Case("?cursor=abc", "cursor"),
                new Case("?timeoutMs=20001", "timeoutMs"),
                new Case("?timeoutMs=-1", "timeoutMs"),
                new Case("?maxIndications=0", "maxIndications"),
                new Case("?maxIndications=1001", "maxIndications"),
        }) {
            var r = t.raw().get(indications(id) + c.query());
            assertProblem(r, 400, "/problems/invalid-parameter");
            assertThat(r.json().path("parameter").asString()).as(c.query()).isEqualTo(c.parameter());
        }
    }

    @Test
    void poll_nicRemovedWhileWaiting_answers404() throws Exception {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        CompletableFuture<ContractClient.Reply> poll =
                CompletableFuture.supplyAsync(() -> t.get(indications(id) + "?timeoutMs=20000"));
        assertThat(t.delete("/v1/nics/" + id).status()).isEqualTo(204);
        assertProblem(poll.get(1, TimeUnit.MINUTES), 404, "/problems/not-found");
    }
}
