package com.offloadnic.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OffloadOidApiTest extends ApiTestSupport {

    private static String params(String nicId) {
        return "/v1/nics/" + nicId + "/oids/tcp-offload-parameters";
    }

    private static String current(String nicId) {
        return "/v1/nics/" + nicId + "/oids/tcp-offload-current-config";
    }

    private static String indications(String nicId) {
        return "/v1/nics/" + nicId + "/status-indications";
    }

    @Test
    void currentConfig_initially_equalsHardwareCapabilitiesOnV2() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        assertThat(t.get(current(id)).json()).isEqualTo(t.get("/v1/nics/" + id + "/capabilities").json());
    }

    @Test
    void setParameters_espOnly_changesCurrentConfigAndQueuesIndication() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.20", "");
        var r = t.post(params(id), "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV2_ESP_ENABLED\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        JsonNode config = t.get(current(id)).json();
        assertThat(r.json().path("currentConfig")).isEqualTo(config);
        assertThat(config.path("ipsecOffloadV2").path("ah").asBoolean()).isFalse();
        assertThat(config.path("ipsecOffloadV2").path("esp").asBoolean()).isTrue();
        assertThat(config.path("ipsecOffloadV2").path("ahEspCombined").asBoolean()).isFalse();
        assertThat(t.get("/v1/nics/" + id + "/capabilities").json().path("ipsecOffloadV2").path("ah").asBoolean())
                .isTrue();

        JsonNode poll = t.get(indications(id) + "?cursor=0").json();
        assertThat(poll.path("indications")).hasSize(1);
        JsonNode ind = poll.path("indications").get(0);
        assertThat(ind.path("sequence").asLong()).isEqualTo(1);
        assertThat(ind.path("statusCode").asString()).isEqualTo("NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG");
        assertThat(ind.path("statusBuffer")).isEqualTo(config);
    }

    @Test
    void setParameters_omittedMembersAreNoChange() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        t.post(params(id), "{\"lsoV2Ipv4\":\"NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED\"}");
        t.post(params(id), "{\"tcpIpv6Checksum\":\"NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED\"}");
        t.post(params(id), "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_NO_CHANGE\"}");
        JsonNode c = t.get(current(id)).json();
        assertThat(c.path("lsoV2").path("ipv4").path("encapsulation")).isEmpty();
        assertThat(c.path("lsoV2").path("ipv6").path("maxOffLoadSize").asInt()).isEqualTo(262144);
        assertThat(c.path("checksum").path("ipv6Transmit").path("tcpChecksum").asBoolean()).isFalse();
        assertThat(c.path("checksum").path("ipv6Receive").path("tcpChecksum").asBoolean()).isTrue();
        assertThat(c.path("ipsecOffloadV2").path("ah").asBoolean()).isTrue();
        assertThat(t.get(indications(id)).json().path("indications")).hasSize(3);
    }

    @Test
    void setParameters_whatHardwareLacks_answers409AndChangesNothing() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "\"capabilities\":{\"ipsecOffloadV2\":{\"ah\":false,\"ahEspCombined\":false},"
                + "\"lsoV1\":{\"ipv4\":{\"encapsulation\":[]}},\"checksum\":{\"ipv4Receive\":{\"udpChecksum\":false}}}");
        JsonNode before = t.get(current(id)).json();
        assertProblem(t.post(params(id), "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_AND_ESP_ENABLED\"}"), 409,
                "/problems/unsupported-by-hardware", "/ipsecV2");
        assertProblem(t.post(params(id), "{\"lsoV1\":\"NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED\"}"), 409,
                "/problems/unsupported-by-hardware", "/lsoV1");
        assertProblem(t.post(params(id), "{\"udpIpv4Checksum\":\"NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED\"}"), 409,
                "/problems/unsupported-by-hardware", "/udpIpv4Checksum");
        assertThat(t.get(current(id)).json()).isEqualTo(before);
        assertThat(t.get(indications(id)).json().path("indications")).isEmpty();
    }

    @Test
    void setParameters_ndis60_lsoWithIpsec_answers409SayingTheyAreExclusive() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.0", "");
        JsonNode before = t.get(current(id)).json();
        assertThat(before.path("lsoV2").path("ipv4").path("encapsulation")).isEmpty();
        assertThat(before.path("ipsecOffloadV1").path("ipv4Esp").path("des").asBoolean()).isTrue();
        var r = t.post(params(id), "{\"lsoV2Ipv4\":\"NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED\"}");
        assertProblem(r, 409, "/problems/offload-conflict", "/lsoV2Ipv4");
        assertThat(r.json().path("detail").asString()).contains("NDIS 6.0", "LSO", "IPsec", "mutually exclusive");
        assertThat(t.get(current(id)).json()).isEqualTo(before);

        var ok = t.post(params(id), "{\"ipsecV1\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED\","
                + "\"lsoV2Ipv4\":\"NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED\"}");
        assertThat(ok.status()).isEqualTo(200);
        JsonNode c = ok.json().path("currentConfig");
        assertThat(c.path("lsoV2").path("ipv4").path("maxOffLoadSize").asInt()).isEqualTo(262144);
        assertThat(c.path("ipsecOffloadV1").path("ipv4Esp").path("des").asBoolean()).isFalse();
        assertProblem(t.post(params(id), "{\"ipsecV1\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV1_ESP_ENABLED\"}"), 409,
                "/problems/offload-conflict", "/ipsecV1");
    }

    @Test
    void setParameters_otherIpsecVersion_answers409WrongProfile() {
        ContractClient t = newTenant();
        String v1 = createNic(t, "6.0", "");
        String v2 = createNic(t, "6.1", "");
        assertProblem(t.post(params(v1), "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED\"}"), 409,
                "/problems/wrong-profile", "/ipsecV2");
        assertProblem(t.post(params(v2), "{\"ipsecV1\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED\"}"), 409,
                "/problems/wrong-profile", "/ipsecV1");
    }

    @Test
    void setParameters_ipsecV2Ipv4_appliesOnIpv4OnlyAdapter() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "\"capabilities\":{\"ipsecOffloadV2\":{\"ipv6Supported\":false}}");
        t.post(params(id), "{\"ipsecV2Ipv4\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_ENABLED\"}");
        JsonNode v2 = t.get(current(id)).json().path("ipsecOffloadV2");
        assertThat(v2.path("ah").asBoolean()).isTrue();
        assertThat(v2.path("esp").asBoolean()).isFalse();
        assertThat(v2.path("encryptionAlgorithms")).isEmpty();
    }

    @Test
    void setParameters_badValues_answer400NamingTheFieldAndChangeNothing() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.30", "");
        JsonNode before = t.get(current(id)).json();
        assertProblem(t.raw().post(params(id), "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED\"}"), 400,
                "/problems/invalid-field", "/ipsecV2");
        assertProblem(t.raw().post(params(id), "{\"lsoV1\":1}"), 400, "/problems/invalid-field", "/lsoV1");
        assertProblem(t.raw().post(params(id), "{\"tcpConnectionIpv4\":\"NDIS_OFFLOAD_PARAMETERS_NO_CHANGE\"}"), 400,
                "/problems/unknown-field", "/tcpConnectionIpv4");
        assertThat(t.get(current(id)).json()).isEqualTo(before);
        assertThat(t.get(indications(id)).json().path("indications")).isEmpty();
    }

    @Test
    void setParameters_ndis60_ahWithoutAhHardware_answers409() {
        ContractClient t = newTenant();
        String id = createNic(t, "6.0", "\"capabilities\":{\"ipsecOffloadV1\":{\"ipv4Ah\":{\"md5\":false,\"sha1\":false}}}");
        assertProblem(t.post(params(id), "{\"ipsecV1\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV1_AH_AND_ESP_ENABLED\"}"), 409,
                "/problems/unsupported-by-hardware", "/ipsecV1");
        var ok = t.post(params(id), "{\"ipsecV1\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV1_ESP_ENABLED\"}");
        assertThat(ok.status()).isEqualTo(200);
        JsonNode v1 = ok.json().path("currentConfig").path("ipsecOffloadV1");
        assertThat(v1.path("ipv4Esp").path("tripleDes").asBoolean()).isTrue();
        assertThat(v1.path("ipv4Ah").path("send").asBoolean()).isFalse();
        assertThat(t.get(indications(id)).json().path("indications")).hasSize(1);
    }
}
