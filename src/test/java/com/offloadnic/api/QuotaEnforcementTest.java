package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every tenant quota, each set per tenant through the admin API and each enforced: NICs, SAs in total, frames per
 * request (send, inject, pcap upload), requests per second — 429 with {@code Retry-After} and nothing done — and the
 * request body size, which answers 413 (README, "Quotas": a body over the limit cannot succeed by waiting, so it is
 * not told to retry). Another tenant with default quotas is unaffected, and raising a quota lifts the refusal.
 */
class QuotaEnforcementTest extends ApiTestSupport {

    private static void assertQuota(ContractClient.Reply r, String quota) {
        assertProblem(r, 429, ProblemTypes.QUOTA_EXCEEDED.toString());
        assertThat(r.header("Retry-After")).as("Retry-After").isNotNull();
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        assertThat(r.body()).contains(quota);
    }

    @Test
    void maxNics_overQuota_is429WithRetryAfter_perTenant_andRaisingItLiftsTheRefusal() {
        String name = "q-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var created = admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\",\"quotas\":{\"maxNics\":1}}");
        ContractClient t = anonymous().as(created.json().path("token").asString());
        ContractClient neighbour = newTenant();
        createNic(t, "6.30", "");
        assertQuota(t.post("/v1/nics", "{\"ndisVersion\":\"6.30\"}"), "maxNics");
        assertThat(t.get("/v1/nics").json().path("nics").size()).isEqualTo(1);
        createNic(neighbour, "6.30", "");
        createNic(neighbour, "6.30", "");
        var raised = admin().put("/v1/admin/tenants/" + created.json().path("tenantId").asString() + "/quotas",
                "{\"maxNics\":2}");
        assertThat(raised.status()).isEqualTo(200);
        createNic(t, "6.30", "");
    }

    @Test
    void maxSecurityAssociations_countsAcrossNics_refusesWithoutAdding_evenUnderConcurrentAdds() throws Exception {
        ContractClient t = newTenant("{\"maxSecurityAssociations\":5,\"requestsPerSecond\":100000}");
        RigFixture rig = new RigFixture();
        String a = createNic(t, "6.30", "");
        String b = createNic(t, "6.30", "");
        String legacy = createNic(t, "6.20", "");
        RigFixture.addSa(t, a, rig.addSaEx(0x100, false));
        RigFixture.addSa(t, b, rig.addSaEx(0x101, false));
        var bundle = t.post("/v1/nics/" + legacy + "/oids/tcp-task-ipsec-offload-v2-add-sa",
                "{\"securityAssociations\":[" + rig.addSaEx(0x200, true) + "," + rig.addSaEx(0x201, true) + ","
                        + rig.addSaEx(0x202, true) + "," + rig.addSaEx(0x203, true) + "]}");
        assertQuota(bundle, "maxSecurityAssociations");
        assertThat(t.get("/v1/nics/" + legacy + "/security-associations").json().path("securityAssociations").size())
                .as("a refused ADD_SA adds none of its bundles").isZero();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> adds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = rig.addSaEx(0x300 + i, false);
            String nic = i % 2 == 0 ? a : b;
            adds.add(pool.submit((Callable<Integer>) () -> t.post("/v1/nics/" + nic
                    + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", body).status()));
        }
        int ok = 0;
        for (Future<Integer> f : adds) {
            int status = f.get();
            assertThat(status).isIn(200, 429);
            ok += status == 200 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ok).as("exactly the 3 SAs left under the quota of 5 are added").isEqualTo(3);
        int held = t.get("/v1/nics/" + a + "/security-associations").json().path("securityAssociations").size()
                + t.get("/v1/nics/" + b + "/security-associations").json().path("securityAssociations").size();
        assertThat(held).isEqualTo(5);
    }

    @Test
    void maxFramesPerRequest_appliesToSendInjectAndPcap_andNothingIsProcessed() {
        ContractClient t = newTenant("{\"maxFramesPerRequest\":3}");
        RigFixture rig = new RigFixture();
        String nic = createNic(t, "6.30", "");
        String handle = RigFixture.addSa(t, nic, rig.addSaEx(0x100, false));
        String before = t.get("/v1/nics/" + nic + "/statistics").body();
        assertQuota(t.post("/v1/nics/" + nic + "/send", RigFixture.sendBody(handle, 0x100, 1, 4, 20)),
                "maxFramesPerRequest");
        assertQuota(t.post("/v1/nics/" + nic + "/receive", RigFixture.injectBody(4)), "maxFramesPerRequest");
        var pcap = postPcap(t, nic, pcapOf(4));
        assertThat(pcap.statusCode()).isEqualTo(429);
        assertThat(pcap.headers().firstValue("Retry-After")).isPresent();
        assertThat(pcap.body()).contains("maxFramesPerRequest");
        assertThat(t.get("/v1/nics/" + nic + "/statistics").body()).isEqualTo(before);
        assertThat(t.get("/v1/nics/" + nic + "/capture").json().path("frames").asInt()).isZero();
        assertThat(t.post("/v1/nics/" + nic + "/send", RigFixture.sendBody(handle, 0x100, 1, 3, 20)).status())
                .isEqualTo(200);
        assertThat(t.post("/v1/nics/" + nic + "/receive", RigFixture.injectBody(3)).status()).isEqualTo(202);
    }

    @Test
    void maxRequestBodyBytes_overQuota_is413_beforeAnythingIsDone() {
        ContractClient t = newTenant("{\"maxRequestBodyBytes\":2048}");
        String nic = createNic(t, "6.30", "");
        var r = t.post("/v1/nics/" + nic + "/receive", RigFixture.injectBody(30));
        assertProblem(r, 413, ProblemTypes.PAYLOAD_TOO_LARGE.toString());
        assertThat(r.body()).contains("2048");
        assertThat(t.get("/v1/nics/" + nic + "/statistics").json().path("rxFrames").asLong()).isZero();
        assertThat(t.post("/v1/nics/" + nic + "/receive", RigFixture.injectBody(5)).status()).isEqualTo(202);
    }

    @Test
    void requestsPerSecond_overQuota_is429WithRetryAfter_andOtherTenantsAreUnaffected() {
        ContractClient t = newTenant("{\"requestsPerSecond\":2}");
        ContractClient neighbour = newTenant();
        String nic = createNic(t, "6.30", "");
        ContractClient.Reply refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            // any tenant operation counts; the statistics read is one whose 429 the contract must document too
            var r = t.get("/v1/nics/" + nic + "/statistics");
            if (r.status() == 429) {
                refused = r;
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
        assertThat(refused).as("a burst over 2 requests per second is refused").isNotNull();
        assertQuota(refused, "requestsPerSecond");
        assertThat(neighbour.get("/v1/nics").status()).isEqualTo(200);
    }

    private java.net.http.HttpResponse<String> postPcap(ContractClient t, String nic, byte[] pcap) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port + "/v1/nics/" + nic + "/receive/pcap"))
                    .header("Authorization", "Bearer " + t.token())
                    .header("Content-Type", "application/vnd.tcpdump.pcap")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(pcap)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A little-endian microsecond pcap of {@code n} plain frames. */
    static byte[] pcapOf(int n) {
        ByteBuffer b = ByteBuffer.allocate(24 + n * (16 + 60)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < n; i++) {
            b.putInt(1).putInt(0).putInt(60).putInt(60).put(RigFixture.plainFrame(i));
        }
        return b.array();
    }
}
