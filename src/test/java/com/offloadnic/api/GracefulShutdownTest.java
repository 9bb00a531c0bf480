package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.OffloadNicApplication;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Graceful shutdown with sends in flight: the service is closed while several clients keep sending large requests.
 * Every request the server took completes normally (200 with one completion per NBL); the others are refused at the
 * connection, never answered with a 5xx or a truncated body; and the frames the answers report as sent are exactly
 * the frames the NIC put on its wire — no NBL is reported sent that was not, and none was sent unreported.
 */
class GracefulShutdownTest {

    private static final String ADMIN = "shutdown-admin-token-0123456789abcdef";
    private static final int NBLS = 16;

    @Test
    void close_whileSending_completesInFlightRequests_andReportsExactlyWhatWasSent() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OffloadNicApplication.class)
                .properties("server.port=0", "offloadnic.admin-token=" + ADMIN,
                        "offloadnic.default-tenant-token=shutdown-default-tenant-token-0123")
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        ContractClient admin = ContractClient.on(port).as(ADMIN);
        var created = admin.post("/v1/admin/tenants",
                "{\"name\":\"shutdown\",\"quotas\":{\"requestsPerSecond\":1000000}}");
        ContractClient tenant = ContractClient.on(port).as(created.json().path("token").asString());
        String tenantId = created.json().path("tenantId").asString();
        String nicId = ApiTestSupport.createNic(tenant, "6.30", "");
        RigFixture rig = new RigFixture();
        String handle = RigFixture.addSa(tenant, nicId, rig.addSaEx(0x1000, false));
        Nic nic = context.getBean(NicRegistry.class).find(tenantId, nicId).orElseThrow();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            long firstSeq = 1 + c * 1_000_000L;
            results.add(clients.submit(() -> {
                long reportedSent = 0;
                long refused = 0;
                for (long seq = firstSeq; ; seq += NBLS) {
                    HttpResponse<String> r;
                    try {
                        r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/nics/" + nicId
                                        + "/send")).header("Authorization", "Bearer " + tenant.token())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(RigFixture.sendBody(handle, 0x1000, seq, NBLS,
                                        200))).build(), HttpResponse.BodyHandlers.ofString());
                    } catch (IOException connectionRefusedOrClosed) {
                        refused++;
                        return new long[] {reportedSent, refused};
                    }
                    assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
                    if (r.statusCode() == 503) {
                        return new long[] {reportedSent, refused + 1};
                    }
                    JsonNode completions = ContractClient.JSON.readTree(r.body()).path("completions");
                    assertThat(completions.size()).as("a complete answer").isEqualTo(NBLS);
                    for (JsonNode c2 : completions) {
                        if (c2.path("status").asString().equals("NDIS_STATUS_SUCCESS")) {
                            assertThat(c2.path("transmitted").size()).isEqualTo(1);
                            reportedSent++;
                        } else {
                            assertThat(c2.path("transmitted").size()).as("a failed NBL sent nothing").isZero();
                        }
                    }
                    answered.incrementAndGet();
                }
            }));
        }
        while (answered.get() < 4) {
            Thread.sleep(10);
        }
        context.close(); // graceful: waits for the requests in flight

        long reported = 0;
        for (Future<long[]> f : results) {
            reported += f.get()[0];
        }
        clients.shutdown();
        assertThat(reported).isPositive();
        assertThat(nic.transmitPath().statistics().snapshot().txFrames())
                .as("frames on the wire == frames the answers report as sent").isEqualTo(reported);
    }
}
