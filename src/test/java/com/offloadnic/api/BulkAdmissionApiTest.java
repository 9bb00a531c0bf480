package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.CryptoPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Through the real service: every bulk request, answered or refused, decoded or not, gives back its decode permit
 * and its place in its tenant's share (a leaked permit would stall every tenant's bulk traffic).
 */
class BulkAdmissionApiTest extends ApiTestSupport {

    @Autowired
    BulkRequestAdmission admission;

    @Autowired
    CryptoPool pool;

    @Test
    void bulkRequests_answeredRefusedOrMalformed_giveBackTheirDecodePermitsAndShare() throws Exception {
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"bulk-" + System.nanoTime()
                + "\",\"quotas\":{\"maxFramesPerRequest\":3,\"cryptoPoolWeight\":2}}").json();
        String tenantId = created.path("tenantId").asString();
        ContractClient t = anonymous().as(created.path("token").asString());
        RigFixture rig = new RigFixture();
        String nic = createNic(t, "6.30", "");
        String handle = RigFixture.addSa(t, nic, rig.addSaEx(0x100, false));

        assertThat(t.post("/v1/nics/" + nic + "/send", RigFixture.sendBody(handle, 0x100, 1, 3, 20)).status())
                .isEqualTo(200);
        assertThat(t.post("/v1/nics/" + nic + "/receive", RigFixture.injectBody(2)).status()).isEqualTo(202);
        assertThat(t.raw().post("/v1/nics/" + nic + "/send", "{\"netBuffers\":[").status()).isEqualTo(400);
        assertThat(t.raw().post("/v1/nics/" + nic + "/send", "{\"bogus\":1}").status()).isEqualTo(400);
        assertThat(t.post("/v1/nics/" + nic + "/send", RigFixture.sendBody(handle, 0x100, 1, 4, 20)).status())
                .as("over maxFramesPerRequest, refused after decoding").isEqualTo(429);
        assertThat(t.post("/v1/nics/nope/send", RigFixture.sendBody(handle, 0x100, 1, 1, 20)).status())
                .isEqualTo(404);

        await(() -> admission.decodePermitsAvailable() == pool.threadCount());
        await(() -> admission.inFlight(tenantId) == 0 && admission.waiting(tenantId) == 0);
    }

    /** Completion callbacks run after the client has its answer, so the counts settle shortly after. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("settled within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
