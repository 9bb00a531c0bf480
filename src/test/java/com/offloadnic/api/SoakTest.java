package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;

/**
 * The soak run (opt-in: {@code mvn -B test -Dtest=SoakTest -Doffloadnic.soak.seconds=180}; README, "Soak"). Over
 * loopback, several tenants at once drive the service at saturation for the given time: sends on NIC A whose frames
 * cross the link to NIC B and are decrypted there, injections into B, long polls draining B, SA churn (ADD_SA_EX and
 * DELETE_SA on A) and NIC churn (create, add an SA, send, inject, poll, delete). Then it checks, per tenant, that
 * every frame that reached B — transmitted by A or injected — is accounted for: indicated to the poller, or dropped
 * and counted in the poll's {@code dropped}; that no answer was a 5xx; that heap after a full GC is flat (within
 * 64 MiB of the start); and that the service has no more live platform threads than at the start. The figures are
 * printed and written to {@code target/reliability/soak.txt}.
 */
@EnabledIfSystemProperty(named = "offloadnic.soak.seconds", matches = "\\d+")
class SoakTest extends ApiTestSupport {

    private static final int TENANTS = 3;
    private static final int BATCH = 16;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    private record Reply(int status, JsonNode json) {
    }

    private Reply call(String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
            JsonNode json = r.body().isEmpty() ? null : ContractClient.JSON.readTree(r.body());
            return new Reply(r.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One tenant's rig and what its client saw. */
    private final class Rig {
        final String token;
        final String a;
        final String b;
        final String handle;
        final RigFixture keys = new RigFixture();
        final AtomicLong transmitted = new AtomicLong();
        final AtomicLong injectedAdmitted = new AtomicLong();
        final AtomicLong injectRefused = new AtomicLong();
        final AtomicLong indicated = new AtomicLong();
        final AtomicLong saChurn = new AtomicLong();
        final AtomicLong nicChurn = new AtomicLong();
        volatile long cursor;
        volatile long dropped;
        /** B's counters and the poll's dropped count after the warm-up, which the figures leave out. */
        JsonNode baseline;
        long baseDropped;

        long delta(JsonNode stats, String counter) {
            return stats.path(counter).asLong() - baseline.path(counter).asLong();
        }

        Rig(ContractClient tenant) {
            token = tenant.token();
            a = createNic(tenant, "6.30", "");
            b = createNic(tenant, "6.30", "");
            handle = RigFixture.addSa(tenant, a, keys.addSaEx(0x1000, false));
            RigFixture.addSa(tenant, b, keys.addSaEx(0x1000, true));
            RigFixture.link(tenant, a, b);
        }

        void send() {
            long seq = 1;
            while (!stop.get()) {
                Reply r = call(token, "POST", "/v1/nics/" + a + "/send", RigFixture.sendBody(handle, 0x1000, seq, BATCH, 64));
                if (r.status() == 200) {
                    for (JsonNode c : r.json().path("completions")) {
                        transmitted.addAndGet(c.path("transmitted").size());
                    }
                    seq += BATCH;
                }
            }
        }

        void inject() {
            while (!stop.get()) {
                Reply r = call(token, "POST", "/v1/nics/" + b + "/receive", RigFixture.injectBody(BATCH));
                if (r.status() == 202) {
                    injectedAdmitted.addAndGet(r.json().path("accepted").asLong() + r.json().path("dropped").asLong());
                    injectRefused.addAndGet(r.json().path("refused").asLong());
                } else {
                    injectRefused.addAndGet(BATCH);
                }
            }
        }

        /** Drains B; returns when stopped and nothing more arrives within a poll. */
        void poll() {
            while (true) {
                Reply r = call(token, "GET", "/v1/nics/" + b + "/receive-indications?cursor=" + cursor
                        + "&timeoutMs=1000&max=1000", null);
                if (r.status() != 200) {
                    continue;
                }
                int n = r.json().path("indications").size();
                indicated.addAndGet(n);
                cursor = r.json().path("nextCursor").asLong();
                dropped = r.json().path("dropped").asLong();
                if (n == 0 && stop.get()) {
                    return;
                }
            }
        }

        void churnSas() {
            int spi = 0x10000;
            while (!stop.get()) {
                Reply add = call(token, "POST", "/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
                        keys.addSaEx(spi++, false));
                if (add.status() == 200 && !"0".equals(add.json().path("offloadHandle").asString())) {
                    call(token, "POST", "/v1/nics/" + a + "/oids/tcp-task-ipsec-offload-v2-delete-sa",
                            "{\"offloadHandles\":[\"" + add.json().path("offloadHandle").asString() + "\"]}");
                    saChurn.incrementAndGet();
                }
            }
        }

        void churnNics() {
            while (!stop.get()) {
                Reply created = call(token, "POST", "/v1/nics", "{\"ndisVersion\":\"6.30\"}");
                if (created.status() != 201) {
                    continue;
                }
                String nic = created.json().path("nicId").asString();
                Reply add = call(token, "POST", "/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
                        keys.addSaEx(0x2000, false));
                if (add.status() == 200) {
                    call(token, "POST", "/v1/nics/" + nic + "/send",
                            RigFixture.sendBody(add.json().path("offloadHandle").asString(), 0x2000, 1, 4, 32));
                }
                call(token, "POST", "/v1/nics/" + nic + "/receive", RigFixture.injectBody(4));
                call(token, "GET", "/v1/nics/" + nic + "/receive-indications?cursor=0&timeoutMs=10", null);
                call(token, "DELETE", "/v1/nics/" + nic, null);
                nicChurn.incrementAndGet();
            }
        }
    }

    /** Runs every rig's five activities for {@code seconds}, then stops them and waits for them to end. */
    private void runAll(List<Rig> rigs, long seconds) throws Exception {
        stop.set(false);
        ExecutorService workers = Executors.newFixedThreadPool(TENANTS * 5, r -> new Thread(r, "soak-worker"));
        List<Future<?>> running = new ArrayList<>();
        for (Rig rig : rigs) {
            running.add(workers.submit(rig::send));
            running.add(workers.submit(rig::inject));
            running.add(workers.submit(rig::poll));
            running.add(workers.submit(rig::churnSas));
            running.add(workers.submit(rig::churnNics));
        }
        Thread.sleep(seconds * 1000);
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        workers.shutdown();
        assertThat(workers.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    }

    /**
     * Heap in use right after a full collection, as the collector measured it (the pools' collection usage), so
     * what the load allocates between the collection and the reading does not count.
     */
    private static long heapAfterGc() {
        System.gc();
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    /** Live platform threads of the service: the test's own HTTP client and worker threads are not the service's. */
    private static List<String> serviceThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> !n.startsWith("HttpClient-") && !n.equals("soak-worker"))
                .sorted().toList();
    }

    @Test
    void saturation_severalTenants_everyFrameAccountedFor_memoryFlat_noThreadLeak() throws Exception {
        long seconds = Long.parseLong(System.getProperty("offloadnic.soak.seconds"));
        List<Rig> rigs = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            rigs.add(new Rig(newTenant("{\"requestsPerSecond\":1000000,\"maxNics\":8}")));
        }
        // warm-up: a short burst of everything, so class loading and lazily started pools are not counted as growth
        runAll(rigs, 3);
        for (Rig rig : rigs) {
            rig.transmitted.set(0);
            rig.injectedAdmitted.set(0);
            rig.injectRefused.set(0);
            rig.indicated.set(0);
            rig.baseline = call(rig.token, "GET", "/v1/nics/" + rig.b + "/statistics", null).json();
            rig.baseDropped = rig.dropped;
        }
        long heapBefore = heapAfterGc();
        List<String> threadsBefore = serviceThreads();

        long start = System.nanoTime();
        // heap after a full GC, sampled under load at each quarter of the run: flat means no upward trend
        List<Long> heapUnderLoad = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread sampler = Thread.ofPlatform().name("soak-worker").start(() -> {
            try {
                for (int q = 1; q <= 3; q++) {
                    Thread.sleep(seconds * 250);
                    heapUnderLoad.add(heapAfterGc());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runAll(rigs, seconds);
        sampler.join();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        StringBuilder report = new StringBuilder();
        report.append(String.format("Soak: %d tenants, %d s at saturation (%d ms with drain)%n", TENANTS, seconds,
                elapsedMs));
        long totalIn = 0;
        long totalIndicated = 0;
        long totalDropped = 0;
        for (Rig rig : rigs) {
            // let the last polls' frames finish: B's in-flight count reaches zero, then drain once more
            for (int i = 0; i < 100; i++) {
                JsonNode s = call(rig.token, "GET", "/v1/nics/" + rig.b + "/statistics", null).json();
                if (s.path("rxInFlight").asLong() == 0) {
                    break;
                }
                Thread.sleep(50);
            }
            rig.poll();
            JsonNode stats = call(rig.token, "GET", "/v1/nics/" + rig.b + "/statistics", null).json();
            long in = rig.transmitted.get() + rig.injectedAdmitted.get();
            long dropped = rig.dropped - rig.baseDropped;
            report.append(String.format("  tenant: frames into B %d (sent by A over the link %d, injected %d; "
                            + "injections refused with 429 %d), indicated %d, dropped and counted %d "
                            + "(B statistics: rxFrames %d, rxIndications %d, rxRingDrops %d, rxCryptoBusyDrops %d); "
                            + "SA add/delete cycles %d, NIC create/delete cycles %d%n",
                    in, rig.transmitted.get(), rig.injectedAdmitted.get(), rig.injectRefused.get(), rig.indicated.get(),
                    dropped, rig.delta(stats, "rxFrames"), rig.delta(stats, "rxIndications"),
                    rig.delta(stats, "rxRingDrops"), rig.delta(stats, "rxCryptoBusyDrops"), rig.saChurn.get(),
                    rig.nicChurn.get()));
            System.out.print(report);
            assertThat(rig.indicated.get() + dropped).as("every frame into B indicated or dropped and counted")
                    .isEqualTo(in);
            assertThat(rig.delta(stats, "rxFrames")).isEqualTo(in);
            assertThat(rig.delta(stats, "rxIndications")).isEqualTo(rig.indicated.get());
            assertThat(rig.delta(stats, "rxRingDrops") + rig.delta(stats, "rxCryptoBusyDrops")).isEqualTo(dropped);
            totalIn += in;
            totalIndicated += rig.indicated.get();
            totalDropped += dropped;
        }
        long heapAfter = heapAfterGc();
        Thread.sleep(2000); // idle pool threads time out
        List<String> threadsAfter = serviceThreads();
        report.append(String.format("  total: frames in %d, indicated %d, dropped and counted %d%n", totalIn,
                totalIndicated, totalDropped));
        report.append(String.format("  HTTP answers by status: %s%n", new java.util.TreeMap<>(statuses)));
        report.append(String.format("  heap used after full GC: before %.1f MiB, under load at 1/4, 1/2, 3/4 of the run %s MiB,"
                + " after %.1f MiB%n", heapBefore / 1048576.0, heapUnderLoad.stream()
                .map(h -> String.format("%.1f", h / 1048576.0)).toList(), heapAfter / 1048576.0));
        report.append(String.format("  live platform threads of the service: before %d, after %d%n",
                threadsBefore.size(), threadsAfter.size()));
        System.out.println(report);
        Path out = Path.of("target/reliability/soak.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);

        assertThat(statuses.keySet()).as("no 5xx").allMatch(s -> s < 500);
        assertThat(totalIn).as("the run did something").isPositive();
        assertThat(heapAfter).as("heap is flat").isLessThan(heapBefore + (64L << 20));
        assertThat(threadsAfter.size()).as("no thread leak: " + threadsAfter).isLessThanOrEqualTo(threadsBefore.size());
    }
}
