package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Fault injection end to end over HTTP, as a rig drives it: NIC A sends ESP through {@code /send} to linked NIC B
 * (SAs offloaded with ADD_SA_EX), and each fault on A shows in what B indicates or in what the SA OIDs answer.
 */
class FaultsSendApiTest extends ApiTestSupport {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
    private static final int SPI = 0x1001;

    private record Pair(ContractClient t, String a, String b, String handle) {
    }

    private Pair linkedPair() {
        ContractClient t = newTenant();
        String a = createNic(t, "6.30", "");
        String b = createNic(t, "6.30", "");
        assertThat(t.put("/v1/nics/" + a + "/link", "{\"peerNicId\":\"" + b + "\"}").status()).isEqualTo(200);
        String handle = SendApiTest.addSaEx(t, a, SendApiTest.gcmSa(SPI, KEY));
        SendApiTest.addSaEx(t, b, SendApiTest.gcmSa(SPI, KEY).replace("{\"ipVersion\"", "{\"inbound\":true,\"ipVersion\""));
        return new Pair(t, a, b, handle);
    }

    /** Sends ESP packets with sequence numbers {@code from..to} through A in one request; all must succeed. */
    private static JsonNode send(Pair p, int from, int to) {
        List<String> nbls = new ArrayList<>();
        for (int seq = from; seq <= to; seq++) {
            nbls.add(SendApiTest.nbl(SendApiTest.espFrame(SPI, seq, 8, 16, 4, 40), p.handle(), 17,
                    SendApiTest.padOf(40, 4), 0, 5));
        }
        var r = p.t().post("/v1/nics/" + p.a() + "/send", SendApiTest.send(nbls.toArray(String[]::new)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        r.json().path("completions").forEach(c -> assertThat(c.path("status").asString()).as(r.body())
                .isEqualTo("NDIS_STATUS_SUCCESS"));
        return r.json();
    }

    private static void faults(Pair p, String nic, String plan) {
        var r = p.t().put("/v1/nics/" + nic + "/emulation/faults", plan);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static int sequenceNumber(JsonNode indication) {
        return ByteBuffer.wrap(Base64.getDecoder().decode(indication.path("data").asString())).getInt(14 + 20 + 4);
    }

    private static String status(JsonNode indication) {
        return indication.path("ipsecOffloadV2").path("cryptoStatus").asString();
    }

    private static JsonNode injected(Pair p, String nic) {
        return p.t().get("/v1/nics/" + nic + "/statistics").json().path("emulation").path("faultsInjected");
    }

    @Test
    void corruptTransmitIcv_peerIndicatesTransportEspAuthFailed() {
        Pair p = linkedPair();
        faults(p, p.a(), "{\"corruptTransmitIcv\":{\"next\":1}}");

        send(p, 1, 2);

        List<JsonNode> at = ReceiveApiTest.pollAll(p.t(), p.b(), 0, 2);
        assertThat(at).extracting(FaultsSendApiTest::status)
                .containsExactly("CRYPTO_TRANSPORT_ESP_AUTH_FAILED", "CRYPTO_SUCCESS");
        assertThat(injected(p, p.a()).path("txIcvCorrupted").asLong()).isEqualTo(1);
        assertThat(p.t().get("/v1/nics/" + p.b() + "/statistics").json().path("ipsecRxDropPkts").asLong())
                .isEqualTo(1);
        String prometheus = anonymous().unchecked().get("/actuator/prometheus").body();
        assertThat(prometheus).containsPattern("offloadnic_emulation_faults_injected_total\\{[^}]*fault=\"txIcvCorrupted\""
                + "[^}]*nic=\"" + p.a() + "\"[^}]*\\} 1\\.0");
    }

    @Test
    void linkFaults_dropDuplicateReorder_showInThePeersSequenceNumbers() {
        Pair p = linkedPair();
        // one pick per fault per frame, in order drop, duplicate, reorder: frame 1 is dropped, frame 2 is
        // duplicated (the next duplicate pick), frame 3 is held back and arrives after frame 4
        faults(p, p.a(), "{\"dropOnLink\":{\"next\":1},\"duplicateOnLink\":{\"next\":1},"
                + "\"reorderOnLink\":{\"next\":0}}");
        send(p, 1, 2);
        faults(p, p.a(), "{\"reorderOnLink\":{\"next\":1}}");
        send(p, 3, 4);

        List<JsonNode> at = ReceiveApiTest.pollAll(p.t(), p.b(), 0, 4);
        assertThat(at).extracting(FaultsSendApiTest::sequenceNumber).containsExactly(2, 2, 4, 3);
        assertThat(at).extracting(FaultsSendApiTest::status).containsOnly("CRYPTO_SUCCESS");
        JsonNode injected = injected(p, p.a());
        assertThat(injected.path("linkFramesDropped").asLong()).isEqualTo(1);
        assertThat(injected.path("linkFramesDuplicated").asLong()).isEqualTo(1);
        assertThat(injected.path("linkFramesReordered").asLong()).isEqualTo(1);
    }

    @Test
    void failAddSa_and_saOffloadCapacity_refuseBundlesOverTheOid() {
        Pair p = linkedPair(); // A holds one SA
        String path = "/v1/nics/" + p.a() + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex";
        faults(p, p.a(), "{\"failAddSa\":1,\"saOffloadCapacity\":2}");

        JsonNode injectedFault = p.t().post(path, SendApiTest.gcmSa(0x2001, KEY)).json();
        JsonNode fits = p.t().post(path, SendApiTest.gcmSa(0x2002, KEY)).json();
        JsonNode full = p.t().post(path, SendApiTest.gcmSa(0x2003, KEY)).json();

        assertThat(injectedFault.path("status").asString()).isEqualTo("NDIS_STATUS_FAILURE");
        assertThat(injectedFault.path("offloadHandle").asString()).isEqualTo("0");
        assertThat(injectedFault.path("reason").asString()).isEqualTo("SA_INJECTED_FAULT");
        assertThat(fits.path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(full.path("reason").asString()).isEqualTo("SA_CAPACITY_EXHAUSTED");
        assertThat(injected(p, p.a()).path("addSaRefused").asLong()).isEqualTo(1);
        assertThat(p.t().get("/v1/nics/" + p.a() + "/statistics").json().path("saInUse").asInt()).isEqualTo(2);
    }

    @Test
    void completionDelay_sendAnswersNoSoonerThanTheDelay() {
        Pair p = linkedPair();
        faults(p, p.a(), "{\"completionDelayMs\":400}");

        long start = System.nanoTime();
        send(p, 1, 3);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis).isGreaterThanOrEqualTo(400); // a lower bound: the completions waited
        assertThat(injected(p, p.a()).path("completionsDelayed").asLong()).isEqualTo(3);
    }
}
