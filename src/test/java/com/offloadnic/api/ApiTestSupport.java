package com.offloadnic.api;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full-server tests on a random port, all sharing one application context. Each test works in tenants it
 * creates itself, so tests do not see each other's NICs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "offloadnic.admin-token=" + ApiTestSupport.ADMIN_TOKEN,
        "offloadnic.default-tenant-token=" + ApiTestSupport.DEFAULT_TENANT_TOKEN,
        "offloadnic.limits.status-ring-capacity=8",
        "offloadnic.limits.long-poll-max-timeout-ms=20000"
})
abstract class ApiTestSupport {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    static final String DEFAULT_TENANT_TOKEN = "test-default-tenant-token-0123456789";

    @LocalServerPort
    int port;

    ContractClient anonymous() {
        return ContractClient.on(port);
    }

    ContractClient admin() {
        return ContractClient.on(port).as(ADMIN_TOKEN);
    }

    /** A fresh tenant's client. */
    ContractClient newTenant() {
        return newTenant("{}");
    }

    /** A fresh tenant with quotas given as a JSON object. */
    ContractClient newTenant(String quotasJson) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 12);
        var r = admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\",\"quotas\":" + quotasJson + "}");
        assertThat(r.status()).isEqualTo(201);
        return anonymous().as(r.json().path("token").asString());
    }

    /** Creates a NIC and returns its id. */
    static String createNic(ContractClient tenant, String body) {
        var r = tenant.post("/v1/nics", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("nicId").asString();
    }

    static String createNic(ContractClient tenant, String ndisVersion, String extraMembers) {
        return createNic(tenant, "{\"ndisVersion\":\"" + ndisVersion + "\"" + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}");
    }

    static void assertProblem(ContractClient.Reply r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode j = r.json();
        assertThat(j.path("type").asString()).isEqualTo(type);
        assertThat(j.path("status").asInt()).isEqualTo(status);
        assertThat(j.path("title").asString()).isNotBlank();
        assertThat(j.path("detail").asString()).isNotBlank();
    }

    static void assertProblem(ContractClient.Reply r, int status, String type, String pointer) {
        assertProblem(r, status, type);
        assertThat(r.json().path("pointer").asString()).isEqualTo(pointer);
    }
}
