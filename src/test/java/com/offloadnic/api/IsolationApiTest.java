package com.offloadnic.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Another tenant's NIC answers 404 exactly like one that does not exist, on every endpoint that takes a nicId. */
class IsolationApiTest extends ApiTestSupport {

    record Call(String method, String pathTemplate, String body) {
        ContractClient.Reply send(ContractClient c, String nicId) {
            String path = pathTemplate.replace("{nicId}", nicId);
            return switch (method) {
                case "GET" -> c.get(path);
                case "DELETE" -> c.delete(path);
                case "POST" -> c.post(path, body);
                default -> throw new IllegalArgumentException(method);
            };
        }
    }

    private static final List<Call> NIC_ENDPOINTS = List.of(
            new Call("GET", "/v1/nics/{nicId}", null),
            new Call("GET", "/v1/nics/{nicId}/capabilities", null),
            new Call("POST", "/v1/nics/{nicId}/oids/tcp-offload-parameters",
                    "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED\"}"),
            new Call("GET", "/v1/nics/{nicId}/oids/tcp-offload-current-config", null),
            new Call("GET", "/v1/nics/{nicId}/status-indications?cursor=0", null),
            new Call("DELETE", "/v1/nics/{nicId}", null));

    @Test
    void everyNicEndpoint_otherTenantsNic_answersExactlyLikeAMissingNic() {
        ContractClient owner = newTenant();
        ContractClient intruder = newTenant();
        String nicId = createNic(owner, "6.30", "");
        String missing = UUID.randomUUID().toString();
        JsonNode configBefore = owner.get("/v1/nics/" + nicId + "/oids/tcp-offload-current-config").json();

        for (Call call : NIC_ENDPOINTS) {
            var foreign = call.send(intruder, nicId);
            var absent = call.send(intruder, missing);
            assertProblem(foreign, 404, "/problems/not-found");
            assertProblem(absent, 404, "/problems/not-found");
            assertThat(normalized(foreign.json(), nicId)).as(call.pathTemplate())
                    .isEqualTo(normalized(absent.json(), missing));
            assertThat(foreign.headers().keySet()).as(call.pathTemplate())
                    .isEqualTo(absent.headers().keySet());
        }

        assertThat(owner.get("/v1/nics/" + nicId).status()).isEqualTo(200);
        assertThat(owner.get("/v1/nics/" + nicId + "/oids/tcp-offload-current-config").json()).isEqualTo(configBefore);
        assertThat(owner.get("/v1/nics/" + nicId + "/status-indications").json().path("indications")).isEmpty();
        assertThat(intruder.get("/v1/nics").json().path("nics")).isEmpty();
    }

    private static JsonNode normalized(JsonNode problem, String id) {
        ObjectNode copy = (ObjectNode) problem.deepCopy();
        copy.put("detail", problem.path("detail").asString().replace(id, "ID"));
        copy.put("instance", problem.path("instance").asString().replace(id, "ID"));
        copy.put("nicId", "ID");
        return copy;
    }
}
