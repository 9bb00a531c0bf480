package com.offloadnic.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class NicApiTest extends ApiTestSupport {

    @Test
    void create_withProfileOnly_answers201WithLocationAndDefaults() {
        ContractClient t = newTenant();
        var r = t.post("/v1/nics", "{\"ndisVersion\":\"6.30\",\"name\":\"left\"}");
        assertThat(r.status()).isEqualTo(201);
        JsonNode nic = r.json();
        assertThat(r.header("Location")).isEqualTo("/v1/nics/" + nic.path("nicId").asString());
        assertThat(nic.path("name").asString()).isEqualTo("left");
        assertThat(nic.path("ndisVersion").asString()).isEqualTo("6.30");
        assertThat(nic.path("ipsecOffloadVersion").asInt()).isEqualTo(2);
        assertThat(nic.path("mtu").asInt()).isEqualTo(1500);
        assertThat(nic.path("macAddress").asString()).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
        assertThat(t.get("/v1/nics/" + nic.path("nicId").asString()).json()).isEqualTo(nic);
    }

    @Test
    void capabilities_default_isFullFeaturedV2() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.1", "");
        JsonNode c = t.get("/v1/nics/" + id + "/capabilities").json();
        JsonNode v2 = c.path("ipsecOffloadV2");
        assertThat(c.has("ipsecOffloadV1")).isFalse();
        assertThat(v2.path("ah").asBoolean()).isTrue();
        assertThat(v2.path("tunnel").asBoolean()).isTrue();
        assertThat(v2.path("extendedSequenceNumbers").asBoolean()).isTrue();
        assertThat(v2.path("saOffloadCapacity").asInt()).isEqualTo(1024);
        assertThat(v2.path("encryptionAlgorithms").toString()).contains("IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_256",
                "IPSEC_OFFLOAD_V2_ENCRYPTION_3_DES_CBC", "IPSEC_OFFLOAD_V2_ENCRYPTION_NONE");
        assertThat(v2.path("authenticationAlgorithms")).hasSize(6);
        assertThat(c.path("emulation").path("gcmIcvLengths").toString()).isEqualTo("[8,12,16]");
        assertThat(c.path("lsoV2").path("ipv6").path("maxOffLoadSize").asInt()).isEqualTo(262144);
    }

    @Test
    void capabilities_ndis60_hasIpsecOffloadV1Only() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.0", "");
        JsonNode c = t.get("/v1/nics/" + id + "/capabilities").json();
        assertThat(c.has("ipsecOffloadV2")).isFalse();
        assertThat(c.has("emulation")).isFalse();
        assertThat(c.path("ipsecOffloadV1").path("ipv4Esp").path("tripleDes").asBoolean()).isTrue();
        assertThat(t.get("/v1/nics/" + id).json().path("ipsecOffloadVersion").asInt()).isEqualTo(1);
    }

    @Test
    void create_withNarrowing_keepsWhatIsAskedAndDefaultsTheRest() {
        ContractClient t = newTenant();
        String id = createNic(t, """
                {"ndisVersion":"6.20","mtu":9000,"macAddress":"02-00-5E-10-00-01",
                 "capabilities":{"ipsecOffloadV2":{"encryptionAlgorithms":["IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_128"],
                   "saOffloadCapacity":64,"extendedSequenceNumbers":false,"udpEsp":[]},
                   "emulation":{"gcmIcvLengths":[16]},
                   "lsoV1":{"ipv4":{"encapsulation":[]}},
                   "lsoV2":{"ipv4":{"maxOffLoadSize":64000,"minSegmentCount":3}}}}""");
        JsonNode nic = t.get("/v1/nics/" + id).json();
        assertThat(nic.path("mtu").asInt()).isEqualTo(9000);
        assertThat(nic.path("macAddress").asString()).isEqualTo("02:00:5e:10:00:01");
        JsonNode c = t.get("/v1/nics/" + id + "/capabilities").json();
        JsonNode v2 = c.path("ipsecOffloadV2");
        assertThat(v2.path("encryptionAlgorithms").toString()).isEqualTo("[\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_128\"]");
        assertThat(v2.path("saOffloadCapacity").asInt()).isEqualTo(64);
        assertThat(v2.path("extendedSequenceNumbers").asBoolean()).isFalse();
        assertThat(v2.path("udpEsp")).isEmpty();
        assertThat(v2.path("ahEspCombined").asBoolean()).isTrue();
        assertThat(c.path("emulation").path("gcmIcvLengths").toString()).isEqualTo("[16]");
        assertThat(c.path("lsoV1").path("ipv4").path("encapsulation")).isEmpty();
        assertThat(c.path("lsoV1").path("ipv4").path("maxOffLoadSize").asInt()).isZero();
        assertThat(c.path("lsoV2").path("ipv4").path("maxOffLoadSize").asInt()).isEqualTo(64000);
        assertThat(c.path("lsoV2").path("ipv4").path("minSegmentCount").asInt()).isEqualTo(3);
        assertThat(c.path("lsoV2").path("ipv6").path("maxOffLoadSize").asInt()).isEqualTo(262144);
    }

    @Test
    void list_showsOnlyTheTenantsNicsOldestFirst() {
        ContractClient t = newTenant();
        String a = createNic(t, "6.30", "");
        String b = createNic(t, "6.0", "");
        createNic(newTenant(), "6.30", "");
        JsonNode nics = t.get("/v1/nics").json().path("nics");
        assertThat(nics).hasSize(2);
        assertThat(nics.get(0).path("nicId").asString()).isEqualTo(a);
        assertThat(nics.get(1).path("nicId").asString()).isEqualTo(b);
    }

    @Test
    void delete_removesTheNic() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        assertThat(t.delete("/v1/nics/" + id).status()).isEqualTo(204);
        assertProblem(t.get("/v1/nics/" + id), 404, "/problems/not-found");
        assertProblem(t.delete("/v1/nics/" + id), 404, "/problems/not-found");
        assertThat(t.get("/v1/nics").json().path("nics")).isEmpty();
    }

    @Test
    void create_overMaxNics_answers429WithRetryAfterAndCreatesNothing() {
        ContractClient t = newTenant("{\"maxNics\":2}");
        createNic(t, "6.30", "");
        createNic(t, "6.30", "");
        var r = t.post("/v1/nics", "{\"ndisVersion\":\"6.30\"}");
        assertProblem(r, 429, "/problems/quota-exceeded");
        assertThat(r.header("Retry-After")).matches("\\d+");
        assertThat(r.json().path("quota").asString()).isEqualTo("maxNics");
        assertThat(t.get("/v1/nics").json().path("nics")).hasSize(2);
    }

    @Test
    void create_narrowingBeyondDefault_answers400NamingTheFieldAndCreatesNothing() {
        ContractClient t = newTenant();
        record Case(String capabilities, String pointer) {
        }
        for (Case c : new Case[]{
                new Case("{\"ipsecOffloadV2\":{\"saOffloadCapacity\":1025}}", "/capabilities/ipsecOffloadV2/saOffloadCapacity"),
                new Case("{\"ipsecOffloadV2\":{\"saOffloadCapacity\":0}}", "/capabilities/ipsecOffloadV2/saOffloadCapacity"),
                new Case("{\"ipsecOffloadV2\":{\"tunnel\":false}}", "/capabilities/ipsecOffloadV2/tunnel"),
                new Case("{\"lsoV2\":{\"ipv4\":{\"maxOffLoadSize\":262145}}}", "/capabilities/lsoV2/ipv4/maxOffLoadSize"),
                new Case("{\"lsoV1\":{\"ipv4\":{\"minSegmentCount\":1}}}", "/capabilities/lsoV1/ipv4/minSegmentCount"),
                new Case("{\"checksum\":{\"ipv4Transmit\":{\"encapsulation\":[\"NDIS_ENCAPSULATION_NULL\"]}}}",
                        "/capabilities/checksum/ipv4Transmit/encapsulation"),
                new Case("{\"checksum\":{\"ipv6Receive\":{\"encapsulation\":[\"NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED\",\"NDIS_ENCAPSULATION_IEEE_802_3\"]}}}",
                        "/capabilities/checksum/ipv6Receive/encapsulation"),
                new Case("{\"emulation\":{\"gcmIcvLengths\":[4]}}", "/capabilities/emulation/gcmIcvLengths"),
                new Case("{\"ipsecOffloadV2\":{\"encryptionAlgorithms\":[\"AES_GCM_128\"]}}",
                        "/capabilities/ipsecOffloadV2/encryptionAlgorithms/0"),
                new Case("{\"ipsecOffloadV1\":{}}", "/capabilities/ipsecOffloadV1"),
        }) {
            var r = t.raw().post("/v1/nics", "{\"ndisVersion\":\"6.30\",\"capabilities\":" + c.capabilities() + "}");
            assertProblem(r, 400, "/problems/invalid-field", c.pointer());
        }
        var v1 = t.raw().post("/v1/nics", "{\"ndisVersion\":\"6.0\",\"capabilities\":{\"ipsecOffloadV2\":{}}}");
        assertProblem(v1, 400, "/problems/invalid-field", "/capabilities/ipsecOffloadV2");
        assertThat(t.get("/v1/nics").json().path("nics")).isEmpty();
    }

    @Test
    void create_badScalars_answer400NamingTheField() {
        ContractClient t = newTenant();
        record Case(String body, String pointer) {
        }
        for (Case c : new Case[]{
                new Case("{\"ndisVersion\":\"6.2\"}", "/ndisVersion"),
                new Case("{}", "/ndisVersion"),
                new Case("{\"ndisVersion\":\"6.30\",\"mtu\":575}", "/mtu"),
                new Case("{\"ndisVersion\":\"6.30\",\"mtu\":9217}", "/mtu"),
                new Case("{\"ndisVersion\":\"6.30\",\"macAddress\":\"01:00:5e:00:00:01\"}", "/macAddress"),
                new Case("{\"ndisVersion\":\"6.30\",\"macAddress\":\"zz:00:5e:00:00:01\"}", "/macAddress"),
                new Case("{\"ndisVersion\":\"6.30\",\"name\":\"\"}", "/name"),
                new Case("{\"ndisVersion\":\"6.30\",\"name\":\"" + "x".repeat(65) + "\"}", "/name"),
        }) {
            assertProblem(t.raw().post("/v1/nics", c.body()), 400, "/problems/invalid-field", c.pointer());
        }
        assertThat(t.get("/v1/nics").json().path("nics")).isEmpty();
    }

    @Test
    void requestsOverRequestsPerSecond_answer429WithRetryAfter() {
        ContractClient t = newTenant("{\"requestsPerSecond\":1}");
        ContractClient.Reply refused = null;
        for (int i = 0; i < 50 && refused == null; i++) {
            var r = t.get("/v1/nics");
            if (r.status() == 429) {
                refused = r;
            }
        }
        assertThat(refused).as("a burst of 50 requests against a 1/s quota").isNotNull();
        assertProblem(refused, 429, "/problems/quota-exceeded");
        assertThat(refused.json().path("quota").asString()).isEqualTo("requestsPerSecond");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 2);
    }

    @Test
    void create_ndis60WithNarrowedIpsecV1_keepsWhatIsAsked() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.0", "\"capabilities\":{\"ipsecOffloadV1\":{\"ipv4Esp\":{\"des\":false},"
                + "\"supported\":{\"flags\":[\"IPSEC_TPT_UDPESP_ENCAPTYPE_OTHER\"]}}}");
        JsonNode v1 = t.get("/v1/nics/" + id + "/capabilities").json().path("ipsecOffloadV1");
        assertThat(v1.path("ipv4Esp").path("des").asBoolean()).isFalse();
        assertThat(v1.path("ipv4Esp").path("tripleDes").asBoolean()).isTrue();
        assertThat(v1.path("supported").path("flags").toString()).isEqualTo("[\"IPSEC_TPT_UDPESP_ENCAPTYPE_OTHER\"]");
        assertThat(v1.path("ipv4Ah").path("sha1").asBoolean()).isTrue();
    }
}
