package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.ipsec.InboundSaFixture;
import com.offloadnic.ipsec.InboundSaFixture.Entry;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.SaEmulation;
import com.offloadnic.ipsec.ScapyReceiveCases;
import com.offloadnic.ipsec.ScapyReceiveCases.Case;
import com.offloadnic.ipsec.ScapyReceiveCases.Layer;
import com.offloadnic.ipsec.ScapyReceiveCases.Result;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/nics/{nicId}/emulation/faults} over HTTP: the plan round-trips, what is left of it shows, bad values
 * answer 400 naming the field, another tenant's NIC is 404, and faults on received scapy-encrypted frames show
 * in the indications and in the statistics.
 */
class FaultsApiTest extends ApiTestSupport {

    private static final byte[] DST4 = {(byte) 198, 51, 100, 2};

    @Autowired
    NicRegistry nics;

    @Test
    void putFaults_roundTripsThePlan_andGetShowsItUntouched() {
        ContractClient t = newTenant();
        String nicId = createNic(t, "6.30", "");

        var put = t.put("/v1/nics/" + nicId + "/emulation/faults", """
                {"seed": 7, "corruptTransmitIcv": {"next": 2}, "dropOnLink": {"fraction": 0.25},
                 "duplicateOnLink": {"next": 1, "fraction": 0.5}, "saDeleteReq": ["18446744073709551615", "3"],
                 "saOffloadCapacity": 4, "failAddSa": 3, "completionDelayMs": 50}""");

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode get = t.get("/v1/nics/" + nicId + "/emulation/faults").json();
        assertThat(get).isEqualTo(put.json());
        assertThat(get.path("seed").asLong()).isEqualTo(7);
        assertThat(get.path("corruptTransmitIcv").path("next").asInt()).isEqualTo(2);
        assertThat(get.path("dropOnLink").path("fraction").asDouble()).isEqualTo(0.25);
        assertThat(get.path("reorderOnLink").path("next").asInt()).isZero();
        assertThat(get.path("saDeleteReq").values().stream().map(JsonNode::asString).toList())
                .containsExactly("3", "18446744073709551615");
        assertThat(get.path("saOffloadCapacity").asInt()).isEqualTo(4);
        assertThat(get.path("failAddSa").asInt()).isEqualTo(3);
        assertThat(get.path("completionDelayMs").asLong()).isEqualTo(50);
        assertThat(get.path("injected").path("txIcvCorrupted").asLong()).isZero();

        var cleared = t.put("/v1/nics/" + nicId + "/emulation/faults", "{}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().has("saOffloadCapacity")).isFalse();
        assertThat(cleared.json().path("failAddSa").asInt()).isZero();
    }

    @Test
    void putFaults_outOfRange_answers400NamingTheField_andKeepsThePlan() {
        ContractClient t = newTenant();
        String nicId = createNic(t, "6.30", "");
        t.put("/v1/nics/" + nicId + "/emulation/faults", "{\"failAddSa\": 1}");

        // the contract refuses these too: send them unchecked to see what the service says
        ContractClient raw = t.raw();
        assertProblem(raw.put("/v1/nics/" + nicId + "/emulation/faults", "{\"dropOnLink\": {\"fraction\": 1.5}}"),
                400, ProblemTypes.INVALID_FIELD.toString(), "/dropOnLink/fraction");
        assertProblem(raw.put("/v1/nics/" + nicId + "/emulation/faults", "{\"completionDelayMs\": 60001}"),
                400, ProblemTypes.INVALID_FIELD.toString(), "/completionDelayMs");
        assertProblem(raw.put("/v1/nics/" + nicId + "/emulation/faults", "{\"saDeleteReq\": [\"0\"]}"),
                400, ProblemTypes.INVALID_FIELD.toString(), "/saDeleteReq/0");
        assertProblem(raw.put("/v1/nics/" + nicId + "/emulation/faults", "{\"saDeleteReq\": [\"x1\"]}"),
                400, ProblemTypes.INVALID_FIELD.toString(), "/saDeleteReq/0");

        assertThat(t.get("/v1/nics/" + nicId + "/emulation/faults").json().path("failAddSa").asInt()).isEqualTo(1);
    }

    @Test
    void faults_ofAnotherTenantsNic_answer404() {
        String nicId = createNic(newTenant(), "6.30", "");
        ContractClient other = newTenant();

        assertProblem(other.get("/v1/nics/" + nicId + "/emulation/faults"), 404, ProblemTypes.NOT_FOUND.toString());
        assertProblem(other.put("/v1/nics/" + nicId + "/emulation/faults", "{}"), 404,
                ProblemTypes.NOT_FOUND.toString());
    }

    @Test
    void receiveFaults_onScapyEncryptedFrames_showInIndicationsAndStatistics() {
        Random random = new Random(11);
        byte[] key = ScapyReceiveCases.key(random, 20);
        Layer gcm = new Layer("ESP", "transport", 0x7301, 1, null, "AES-GCM", key, "NULL", new byte[0], 16, false);
        List<Result> encrypted = ScapyReceiveCases.encrypt(List.of(new Case(4, "tcp", 100, List.of(gcm))));
        byte[] frame = encrypted.get(0).frame();

        var created = admin().post("/v1/admin/tenants", "{\"name\":\"faults-" + System.nanoTime() + "\",\"quotas\":{}}");
        ContractClient t = anonymous().as(created.json().path("token").asString());
        String nicId = createNic(t, "6.30", "");
        Nic nic = nics.find(created.json().path("tenantId").asString(), nicId).orElseThrow();
        long handle = InboundSaFixture.add(nic.saTable(), IpVersion.IPV4, DST4, SaEmulation.DEFAULT, null,
                Entry.esp(0x7301, EncryptionAlgorithm.AES_GCM_128, key, null, null));

        var put = t.put("/v1/nics/" + nicId + "/emulation/faults", "{\"corruptReceiveIcv\": {\"next\": 1},"
                + " \"saDeleteReq\": [\"" + Long.toUnsignedString(handle) + "\"]}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        var r = t.post("/v1/nics/" + nicId + "/receive", ReceiveApiTest.framesJson(List.of(frame, frame)));
        assertThat(r.status()).as(r.body()).isEqualTo(202);

        List<JsonNode> seen = ReceiveApiTest.pollAll(t, nicId, 0, 2);
        assertThat(seen.get(0).path("ipsecOffloadV2").path("cryptoStatus").asString())
                .isEqualTo("CRYPTO_TRANSPORT_ESP_AUTH_FAILED");
        assertThat(seen.get(1).path("ipsecOffloadV2").path("cryptoStatus").asString()).isEqualTo("CRYPTO_SUCCESS");
        assertThat(Base64.getDecoder().decode(seen.get(1).path("data").asString()))
                .isEqualTo(encrypted.get(0).expected());
        assertThat(seen).allSatisfy(i -> assertThat(i.path("ipsecOffloadV2").path("saDeleteReq").asInt())
                .isEqualTo(1));

        JsonNode injected = t.get("/v1/nics/" + nicId + "/statistics").json().path("emulation")
                .path("faultsInjected");
        assertThat(injected.path("rxIcvCorrupted").asLong()).isEqualTo(1);
        assertThat(injected.path("saDeleteReqForced").asLong()).isEqualTo(2);
        JsonNode faults = t.get("/v1/nics/" + nicId + "/emulation/faults").json();
        assertThat(faults.path("corruptReceiveIcv").path("next").asInt()).as("none left").isZero();
        assertThat(faults.path("injected")).isEqualTo(injected);
    }
}
