package com.offloadnic.api;

import com.offloadnic.crypto.CryptoPool;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTenantApiTest extends ApiTestSupport {

    @Autowired
    CryptoPool pool;

    private static String uniqueName() {
        return "team-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void create_answers201WithTokenOnceAndDefaultQuotas() {
        String name = uniqueName();
        var r = admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\",\"quotas\":{\"maxNics\":3}}");
        assertThat(r.status()).isEqualTo(201);
        JsonNode t = r.json();
        String id = t.path("tenantId").asString();
        assertThat(r.header("Location")).isEqualTo("/v1/admin/tenants/" + id);
        assertThat(t.path("token").asString()).startsWith("onic_");
        assertThat(t.path("quotas").path("maxNics").asInt()).isEqualTo(3);
        assertThat(t.path("quotas").path("maxSecurityAssociations").asInt()).isEqualTo(4096);

        JsonNode read = admin().get("/v1/admin/tenants/" + id).json();
        assertThat(read.has("token")).isFalse();
        assertThat(read.path("name").asString()).isEqualTo(name);
        assertThat(read.path("nicCount").asInt()).isZero();
        assertThat(admin().get("/v1/admin/tenants").body()).contains(id).doesNotContain(t.path("token").asString());

        ContractClient tenant = anonymous().as(t.path("token").asString());
        assertThat(tenant.get("/v1/nics").status()).isEqualTo(200);
    }

    @Test
    void list_includesTheDefaultTenant() {
        assertThat(admin().get("/v1/admin/tenants").json().path("tenants").toString()).contains("\"name\":\"default\"");
        assertThat(anonymous().as(DEFAULT_TENANT_TOKEN).get("/v1/nics").status()).isEqualTo(200);
    }

    @Test
    void delete_removesTenantItsNicsAndItsToken() {
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"" + uniqueName() + "\"}").json();
        String id = created.path("tenantId").asString();
        ContractClient tenant = anonymous().as(created.path("token").asString());
        String nicId = createNic(tenant, "6.30", "");
        assertThat(admin().get("/v1/admin/tenants/" + id).json().path("nicCount").asInt()).isEqualTo(1);

        assertThat(admin().delete("/v1/admin/tenants/" + id).status()).isEqualTo(204);
        assertProblem(admin().get("/v1/admin/tenants/" + id), 404, "/problems/not-found");
        assertProblem(admin().delete("/v1/admin/tenants/" + id), 404, "/problems/not-found");
        assertProblem(tenant.get("/v1/nics/" + nicId), 401, "/problems/unauthorized");
    }

    @Test
    void putQuotas_changesOnlyTheGivenQuotas() {
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"" + uniqueName() + "\"}").json();
        String id = created.path("tenantId").asString();
        JsonNode t = admin().put("/v1/admin/tenants/" + id + "/quotas", "{\"maxNics\":1,\"requestsPerSecond\":5}").json();
        assertThat(t.path("quotas").path("maxNics").asInt()).isEqualTo(1);
        assertThat(t.path("quotas").path("requestsPerSecond").asInt()).isEqualTo(5);
        assertThat(t.path("quotas").path("maxFramesPerRequest").asInt()).isEqualTo(1024);

        ContractClient tenant = anonymous().as(created.path("token").asString());
        createNic(tenant, "6.30", "");
        assertProblem(tenant.post("/v1/nics", "{\"ndisVersion\":\"6.30\"}"), 429, "/problems/quota-exceeded");
        admin().put("/v1/admin/tenants/" + id + "/quotas", "{\"maxNics\":2}");
        createNic(tenant, "6.30", "");
    }

    @Test
    void putQuotas_outOfRange_answers400AndChangesNothing() {
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"" + uniqueName() + "\"}").json();
        String id = created.path("tenantId").asString();
        assertProblem(admin().raw().put("/v1/admin/tenants/" + id + "/quotas", "{\"maxNics\":0}"), 400,
                "/problems/invalid-field", "/maxNics");
        assertProblem(admin().raw().put("/v1/admin/tenants/" + id + "/quotas", "{\"maxRequestBodyBytes\":1073741825}"),
                400, "/problems/invalid-field", "/maxRequestBodyBytes");
        assertProblem(admin().raw().put("/v1/admin/tenants/" + id + "/quotas", "{\"maxNics\":\"many\"}"), 400,
                "/problems/invalid-field", "/maxNics");
        assertThat(admin().get("/v1/admin/tenants/" + id).json().path("quotas").path("maxNics").asInt()).isEqualTo(16);
        assertProblem(admin().put("/v1/admin/tenants/nope/quotas", "{\"maxNics\":2}"), 404, "/problems/not-found");
    }

    @Test
    void cryptoPoolWeight_roundTripsThroughTheAdminApi_andIsAppliedToTheCryptoPool() {
        var created = admin().post("/v1/admin/tenants",
                "{\"name\":\"" + uniqueName() + "\",\"quotas\":{\"cryptoPoolWeight\":3}}").json();
        String id = created.path("tenantId").asString();
        assertThat(created.path("quotas").path("cryptoPoolWeight").asInt()).isEqualTo(3);
        assertThat(admin().get("/v1/admin/tenants/" + id).json().path("quotas").path("cryptoPoolWeight").asInt())
                .isEqualTo(3);
        assertThat(pool.tenantWeight(id)).isEqualTo(3);
        assertThat(pool.tenantQueueCapacity(id)).isEqualTo(3 * pool.config().tenantQueueCapacity());

        JsonNode updated = admin().put("/v1/admin/tenants/" + id + "/quotas", "{\"cryptoPoolWeight\":5}").json();
        assertThat(updated.path("quotas").path("cryptoPoolWeight").asInt()).isEqualTo(5);
        assertThat(updated.path("quotas").path("maxNics").asInt()).isEqualTo(16);
        assertThat(pool.tenantWeight(id)).isEqualTo(5);

        admin().delete("/v1/admin/tenants/" + id);
        assertThat(pool.tenantWeight(id)).as("forgotten with the tenant").isEqualTo(1);
    }

    @Test
    void cryptoPoolWeight_defaultsToOneEqualShare() {
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"" + uniqueName() + "\"}").json();
        assertThat(created.path("quotas").path("cryptoPoolWeight").asInt()).isEqualTo(1);
        assertThat(pool.tenantWeight(created.path("tenantId").asString())).isEqualTo(1);
    }

    @Test
    void cryptoPoolWeight_outOfRange_answers400WithTheFieldPointerAndChangesNothing() {
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"" + uniqueName() + "\"}").json();
        String id = created.path("tenantId").asString();
        assertProblem(admin().raw().put("/v1/admin/tenants/" + id + "/quotas", "{\"cryptoPoolWeight\":0}"), 400,
                "/problems/invalid-field", "/cryptoPoolWeight");
        assertProblem(admin().raw().put("/v1/admin/tenants/" + id + "/quotas", "{\"cryptoPoolWeight\":65}"), 400,
                "/problems/invalid-field", "/cryptoPoolWeight");
        assertProblem(admin().raw().post("/v1/admin/tenants",
                        "{\"name\":\"" + uniqueName() + "\",\"quotas\":{\"cryptoPoolWeight\":-1}}"),
                400, "/problems/invalid-field", "/quotas/cryptoPoolWeight");
        assertThat(admin().get("/v1/admin/tenants/" + id).json().path("quotas").path("cryptoPoolWeight").asInt())
                .isEqualTo(1);
        assertThat(pool.tenantWeight(id)).isEqualTo(1);
    }

    @Test
    void create_badOrDuplicateName_isRefusedAndCreatesNothing() {
        int before = admin().get("/v1/admin/tenants").json().path("tenants").size();
        String name = uniqueName();
        admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\"}");
        assertProblem(admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\"}"), 409, "/problems/conflict", "/name");
        assertProblem(admin().raw().post("/v1/admin/tenants", "{\"name\":\"no spaces\"}"), 400,
                "/problems/invalid-field", "/name");
        assertProblem(admin().raw().post("/v1/admin/tenants", "{}"), 400, "/problems/invalid-field", "/name");
        assertProblem(admin().raw().post("/v1/admin/tenants", "{\"name\":\"" + uniqueName() + "\",\"quotas\":{\"maxNics\":-1}}"),
                400, "/problems/invalid-field", "/quotas/maxNics");
        assertThat(admin().get("/v1/admin/tenants").json().path("tenants").size()).isEqualTo(before + 1);
    }

    @Test
    void adminApi_withoutAdminToken_answers401() {
        assertProblem(anonymous().raw().get("/v1/admin/tenants"), 401, "/problems/unauthorized");
        assertProblem(anonymous().as(DEFAULT_TENANT_TOKEN).get("/v1/admin/tenants"), 401, "/problems/unauthorized");
        var r = anonymous().as("wrong-admin-token").raw().post("/v1/admin/tenants", "{\"name\":\"x\"}");
        assertProblem(r, 401, "/problems/unauthorized");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void tenantApi_withAdminToken_answers401() {
        assertProblem(admin().get("/v1/nics"), 401, "/problems/unauthorized");
    }
}
