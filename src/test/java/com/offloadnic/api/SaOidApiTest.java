package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The IPsec offload v2 SA OIDs over HTTP: profiles, per-bundle outcomes, malformed input, listing without keys. */
class SaOidApiTest extends ApiTestSupport {

    private static final String KEY20 = Base64.getEncoder().encodeToString(
            "0123456789abcdefSALT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private static String bundle(long spi) {
        return SendApiTest.gcmSa(spi, KEY20);
    }

    private static String addSa(ContractClient t, String nic, String bundles) {
        return "/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-add-sa";
    }

    @Test
    void addSa_listOnNdis620_eachBundleOnItsOwn() {
        var t = newTenant();
        String nic = createNic(t, "6.20", "");
        String bad = "{\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":77,"
                + "\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_128\",\"keyLength\":16,"
                + "\"additionalInfo\":16}}],\"keyData\":\"" + KEY20 + "\"}";
        var r = t.post(addSa(t, nic, null), "{\"securityAssociations\":[" + bundle(0x500) + "," + bad + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(j.path("securityAssociations").get(0).path("offloadHandle").asString()).isNotEqualTo("0");
        JsonNode refused = j.path("securityAssociations").get(1);
        assertThat(refused.path("offloadHandle").asString()).isEqualTo("0");
        assertThat(refused.path("status").asString()).isEqualTo("NDIS_STATUS_FAILURE");
        assertThat(refused.path("reason").asString()).isEqualTo("SA_KEY_LENGTH_MISMATCH");
        assertThat(refused.path("pointer").asString()).isEqualTo("/secAssoc/0/encryptionAlgorithm/keyLength");

        var only = t.post(addSa(t, nic, null), "{\"securityAssociations\":[" + bad + "]}");
        assertThat(only.json().path("status").asString()).isEqualTo("NDIS_STATUS_FAILURE");
    }

    @Test
    void saOids_wrongProfile_are409() {
        var t = newTenant();
        String v630 = createNic(t, "6.30", "");
        String v61 = createNic(t, "6.1", "");
        String v60 = createNic(t, "6.0", "");
        assertProblem(t.post(addSa(t, v630, null), "{\"securityAssociations\":[" + bundle(1) + "]}"), 409,
                "/problems/wrong-profile");
        assertProblem(t.post("/v1/nics/" + v61 + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", bundle(1)), 409,
                "/problems/wrong-profile");
        assertProblem(t.post("/v1/nics/" + v60 + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", bundle(1)), 409,
                "/problems/wrong-profile");
        assertProblem(t.post(addSa(t, v60, null), "{\"securityAssociations\":[" + bundle(1) + "]}"), 409,
                "/problems/wrong-profile");
        assertProblem(t.post("/v1/nics/" + v60 + "/oids/tcp-task-ipsec-offload-v2-delete-sa",
                "{\"offloadHandles\":[\"1\"]}"), 409, "/problems/wrong-profile");
    }

    @Test
    void addSaEx_malformed_is400NamingTheFieldAndAddsNothing() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        String path = "/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex";
        assertProblem(t.raw().post(path, bundle(9).replace(KEY20, "***")), 400, "/problems/invalid-field", "/keyData");
        assertProblem(t.raw().post(path, bundle(9).replace("AES_GCM_128", "AES_GCM_512")), 400,
                "/problems/invalid-field", "/secAssoc/0/encryptionAlgorithm/identifier");
        assertProblem(t.raw().post(path, bundle(4294967296L)), 400, "/problems/invalid-field", "/secAssoc/0/spi");
        assertProblem(t.raw().post(path, bundle(9).replace("IPsecOffloadV2Esp", "IPsecOffloadV2Gre")), 400,
                "/problems/invalid-field", "/secAssoc/0/operation");
        assertProblem(t.raw().post(path, bundle(9).replace("{\"ipVersion\":4,", "{\"ipVersion\":4,\"keyOffset\":99,")),
                400, "/problems/invalid-field", "/keyOffset");
        assertProblem(t.raw().post(path, bundle(9).replace("{\"ipVersion\":4,",
                "{\"ipVersion\":4,\"destinationAddress\":\"10.0.0.300\",")), 400, "/problems/invalid-field",
                "/destinationAddress");
        assertThat(t.get("/v1/nics/" + nic + "/security-associations").json().path("securityAssociations").size())
                .isZero();
    }

    @Test
    void deleteAndUpdate_reportPerHandleAndListingShowsNoKeys() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        String handle = SendApiTest.addSaEx(t, nic, bundle(0x600).replace("\"keyData\"",
                "\"emulation\":{\"ivSource\":\"packet\"},\"keyData\""));
        var list = t.get("/v1/nics/" + nic + "/security-associations");
        assertThat(list.body()).doesNotContain(KEY20).doesNotContain("keyData");
        JsonNode sa = list.json().path("securityAssociations").get(0);
        assertThat(sa.path("offloadHandle").asString()).isEqualTo(handle);
        assertThat(sa.path("secAssoc").get(0).path("spi").asLong()).isEqualTo(0x600);
        assertThat(sa.path("emulation").path("ivSource").asString()).isEqualTo("packet");

        var update = t.post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-update-sa",
                "{\"updates\":[{\"offloadHandle\":\"" + handle + "\",\"operation\":\"IPsecOffloadV2Esp\",\"spi\":1536,"
                        + "\"sequenceNumberHighOrder\":5}]}");
        assertThat(update.json().path("status").asString()).as("non-ESN SA").isEqualTo("NDIS_STATUS_INVALID_PARAMETER");
        assertThat(update.json().path("results").get(0).path("reason").asString()).isEqualTo("SA_ESN_NOT_ENABLED");

        assertProblem(t.raw().post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-delete-sa",
                "{\"offloadHandles\":[\"x1\"]}"), 400, "/problems/invalid-field", "/offloadHandles/0");
        var del = t.post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-delete-sa",
                "{\"offloadHandles\":[\"" + handle + "\",\"424242\"]}");
        assertThat(del.json().path("status").asString()).isEqualTo("NDIS_STATUS_INVALID_PARAMETER");
        assertThat(del.json().path("results").get(0).path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(del.json().path("results").get(1).path("reason").asString()).isEqualTo("SA_UNKNOWN_HANDLE");
        assertThat(t.get("/v1/nics/" + nic + "/security-associations").json().path("securityAssociations").size())
                .isZero();

        // A deleted SA's handle names no SA any more: sending over it fails, nothing is transmitted.
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(SendApiTest.nbl(
                SendApiTest.espFrame(0x600, 1, 8, 16, 4, 40), handle, 17, SendApiTest.padOf(40, 4), 0, 5)));
        assertThat(r.json().path("completions").get(0).path("reason").asString()).isEqualTo("UNKNOWN_OFFLOAD_HANDLE");
    }

    @Test
    void addSa_overTenantQuota_is429() {
        var t = newTenant("{\"maxSecurityAssociations\":1}");
        String nic = createNic(t, "6.30", "");
        SendApiTest.addSaEx(t, nic, bundle(0x700));
        var r = t.post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", bundle(0x701));
        assertProblem(r, 429, "/problems/quota-exceeded");
        assertThat(r.header("Retry-After")).isNotBlank();
    }
}
