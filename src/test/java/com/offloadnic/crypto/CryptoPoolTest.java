package com.offloadnic.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fairness, bounds, ordering and shutdown of {@link CryptoPool}, counted in tasks, never timed. */
class CryptoPoolTest {

    private final List<CryptoPool> pools = new ArrayList<>();
    private final CountDownLatch gateStarted = new CountDownLatch(1);
    private final CountDownLatch gateOpen = new CountDownLatch(1);

    @AfterEach
    void closePools() {
        gateOpen.countDown();
        pools.forEach(CryptoPool::close);
    }

    private CryptoPool pool(int threads, int perTenant, int total) {
        var pool = new CryptoPool(new CryptoPool.Config(threads, perTenant, total, "test-crypto"));
        pools.add(pool);
        return pool;
    }

    /** Occupies the (single) worker until {@link #gateOpen} opens, and waits until it does. */
    private CompletableFuture<String> blockWorker(CryptoPool pool, String tenant) throws InterruptedException {
        var future = pool.submit(tenant, () -> {
            gateStarted.countDown();
            gateOpen.await();
            return "gate";
        });
        gateStarted.await();
        return future;
    }

    @Test
    void submit_floodingTenantAndSmallTenant_smallTenantWaitsAtMostOneFloodTaskPerTurn() throws Exception {
        CryptoPool pool = pool(1, 10_000, 10_000);
        var order = new CopyOnWriteArrayList<String>();
        blockWorker(pool, "flood");
        var futures = new ArrayList<CompletableFuture<String>>();
        for (int i = 0; i < 1000; i++) {
            futures.add(pool.submit("flood", () -> { order.add("flood"); return "f"; }));
        }
        for (int i = 0; i < 5; i++) {
            futures.add(pool.submit("small", () -> { order.add("small"); return "s"; }));
        }
        assertThat(pool.queueDepth("flood")).isEqualTo(1000);
        assertThat(pool.queueDepth("small")).isEqualTo(5);

        gateOpen.countDown();
        CryptoPool.collectInOrder(futures);

        // With weights 1/1 the k-th small task (k = 0..4) runs after at most k + 1 flood tasks.
        int floodBefore = 0;
        int small = 0;
        for (String who : order) {
            if (who.equals("flood")) {
                floodBefore++;
            } else {
                assertThat(floodBefore).as("flood tasks before small task %d", small).isLessThanOrEqualTo(small + 1);
                small++;
            }
        }
        assertThat(small).isEqualTo(5);
    }

    @Test
    void submit_weightedTenant_getsItsWeightPerTurn() throws Exception {
        CryptoPool pool = pool(1, 100, 1000);
        pool.configureTenant("gold", 3, 100);
        var order = new CopyOnWriteArrayList<String>();
        blockWorker(pool, "other");
        var futures = new ArrayList<CompletableFuture<Boolean>>();
        for (int i = 0; i < 6; i++) {
            futures.add(pool.submit("gold", () -> order.add("g")));
        }
        for (int i = 0; i < 6; i++) {
            futures.add(pool.submit("bronze", () -> order.add("b")));
        }

        gateOpen.countDown();
        CryptoPool.collectInOrder(futures);

        assertThat(String.join("", order)).isEqualTo("gggbgggbbbbb");
    }

    @Test
    void submit_weightTwoAgainstWeightOne_underContention_getsTwiceTheTasks() throws Exception {
        CryptoPool pool = pool(2, 1000, 4000);
        pool.configureTenant("gold", 2, 1000);
        pool.configureTenant("bronze", 1, 1000);
        var order = new CopyOnWriteArrayList<String>();
        blockWorker(pool, "other");
        blockWorker(pool, "other");
        var futures = new ArrayList<CompletableFuture<Boolean>>();
        for (int i = 0; i < 600; i++) {
            futures.add(pool.submit("gold", () -> order.add("g")));
            futures.add(pool.submit("bronze", () -> order.add("b")));
        }

        gateOpen.countDown();
        CryptoPool.collectInOrder(futures);

        // While both have work queued (the first 900 starts: 600 gold, 300 bronze), gold gets 2 per turn.
        var contended = order.subList(0, 900);
        long gold = contended.stream().filter("g"::equals).count();
        long bronze = contended.size() - gold;
        assertThat((double) gold / bronze).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void forgetTenant_returnsItToTheDefaultWeight() throws Exception {
        CryptoPool pool = pool(1, 100, 1000);
        pool.configureTenant("gold", 3, 100);
        pool.forgetTenant("gold");
        var order = new CopyOnWriteArrayList<String>();
        blockWorker(pool, "other");
        var futures = new ArrayList<CompletableFuture<Boolean>>();
        for (int i = 0; i < 3; i++) {
            futures.add(pool.submit("gold", () -> order.add("g")));
        }
        for (int i = 0; i < 3; i++) {
            futures.add(pool.submit("bronze", () -> order.add("b")));
        }

        gateOpen.countDown();
        CryptoPool.collectInOrder(futures);

        assertThat(String.join("", order)).isEqualTo("gbgbgb");
    }

    @Test
    void submit_beyondTenantShareOrPoolBound_isRefusedAtOnceNamingTheBound() throws Exception {
        CryptoPool pool = pool(1, 3, 5);
        blockWorker(pool, "a");
        var accepted = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            accepted.add(pool.submit("a", () -> n));
        }

        assertThatThrownBy(() -> pool.submit("a", () -> 99)).isInstanceOfSatisfying(PoolSaturatedException.class, e -> {
            assertThat(e.bound()).isEqualTo(PoolSaturatedException.Bound.TENANT_SHARE);
            assertThat(e.tenantId()).isEqualTo("a");
            assertThat(e.limit()).isEqualTo(3);
            assertThat(e.retryAfter()).isPositive();
            assertThat(e.getMessage()).startsWith("crypto pool share of tenant a is full: 3 tasks queued");
        });
        accepted.add(pool.submit("b", () -> 3));
        accepted.add(pool.submit("b", () -> 4));
        assertThatThrownBy(() -> pool.submit("c", () -> 99)).isInstanceOfSatisfying(PoolSaturatedException.class, e -> {
            assertThat(e.bound()).isEqualTo(PoolSaturatedException.Bound.POOL);
            assertThat(e.limit()).isEqualTo(5);
            assertThat(e.getMessage()).startsWith("crypto pool is full: 5 tasks queued across all tenants");
        });
        assertThat(pool.rejectedCount()).isEqualTo(2);
        assertThat(pool.rejectedCount(PoolSaturatedException.Bound.TENANT_SHARE)).isEqualTo(1);
        assertThat(pool.rejectedCount(PoolSaturatedException.Bound.POOL)).isEqualTo(1);
        assertThat(pool.totalQueueDepth()).isEqualTo(5);
        assertThat(pool.busyWorkers()).isEqualTo(1);
        assertThat(pool.queueDepths()).containsEntry("a", 3).containsEntry("b", 2);

        gateOpen.countDown();

        assertThat(CryptoPool.collectInOrder(accepted)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void collectInOrder_tasksFinishingOutOfOrderOnManyWorkers_returnsSubmissionOrder() {
        CryptoPool pool = pool(4, 1000, 1000);
        var futures = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            futures.add(pool.submit("nic-tenant", () -> {
                long spin = (n % 7) * 20_000L; // uneven work so completions interleave
                long x = 0;
                for (long k = 0; k < spin; k++) {
                    x += k ^ n;
                }
                return x >= 0 ? n : -1;
            }));
        }

        assertThat(CryptoPool.collectInOrder(futures)).isEqualTo(IntStream.range(0, 200).boxed().toList());
        assertThat(pool.completedCount()).isEqualTo(200);
    }

    @Test
    void submit_espSealsOfOneNicSpreadOverWorkers_collectInOrderGivesEachPacketItsBouncyCastleBytes() throws Exception {
        CryptoPool pool = pool(2, 1000, 1000);
        var suite = new EspSuite(EncryptionAlgorithm.AES_GCM_128, null, 16, true);
        var random = new java.util.Random(9);
        byte[] key = suite.randomEncKey(random);
        EspTransform transform = suite.transform(key, null);
        var spans = new ArrayList<byte[]>();
        var futures = new ArrayList<CompletableFuture<byte[]>>();
        for (int seq = 1; seq <= 300; seq++) {
            byte[] span = suite.randomSpan(random, random.nextInt(1500));
            Jce.putInt(span, 4, seq);
            transform.writeIv(span, 0, 7);
            spans.add(span.clone());
            futures.add(pool.submit("tenant", () -> {
                transform.seal(span, 0, span.length, 7);
                return span;
            }));
        }

        List<byte[]> sealed = CryptoPool.collectInOrder(futures);

        for (int i = 0; i < sealed.size(); i++) {
            assertThat(sealed.get(i)).as("packet %d", i)
                    .isEqualTo(BcReference.seal(suite.enc(), key, null, null, 16, true, 7, spans.get(i)));
            assertThat(Jce.getInt(sealed.get(i), 4)).isEqualTo(i + 1);
        }
    }

    @Test
    void close_completesQueuedWorkRefusesNewWorkAndStopsWorkers() throws Exception {
        CryptoPool pool = pool(1, 100, 100);
        var gate = blockWorker(pool, "t");
        var queued = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            queued.add(pool.submit("t", () -> n));
        }
        Thread closer = Thread.ofPlatform().start(pool::close);
        while (!pool.isShutdown()) {
            Thread.onSpinWait();
        }

        assertThatThrownBy(() -> pool.submit("t", () -> 1)).isInstanceOf(RejectedExecutionException.class);
        assertThat(queued).noneMatch(CompletableFuture::isDone);

        gateOpen.countDown();
        closer.join();

        assertThat(gate).isCompletedWithValue("gate");
        assertThat(CryptoPool.collectInOrder(queued)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(pool.awaitTermination(Duration.ZERO)).isTrue();
        assertThat(pool.completedCount()).isEqualTo(11);
    }

    @Test
    void workers_areNamedDaemonPlatformThreads() {
        CryptoPool pool = pool(2, 10, 10);
        Thread worker = pool.submit("t", Thread::currentThread).join();

        assertThat(worker.getName()).matches("test-crypto-[01]");
        assertThat(worker.isDaemon()).isTrue();
        assertThat(worker.isVirtual()).isFalse();
        assertThat(pool.threadCount()).isEqualTo(2);
    }

    @Test
    void submit_failingTask_completesItsFutureExceptionallyAndKeepsTheWorker() {
        CryptoPool pool = pool(1, 10, 10);
        var failing = pool.submit("t", () -> { throw new CryptoFormatException("ESP packet too short"); });
        var next = pool.submit("t", () -> "still running");

        assertThatThrownBy(failing::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(CryptoFormatException.class);
        assertThat(next.join()).isEqualTo("still running");
        assertThat(pool.failedCount()).isEqualTo(1);
    }

    @Test
    void submit_cancelledBeforeItStarts_isSkipped() throws Exception {
        CryptoPool pool = pool(1, 10, 10);
        blockWorker(pool, "t");
        var ran = new CopyOnWriteArrayList<String>();
        var cancelled = pool.submit("t", () -> ran.add("cancelled"));
        var kept = pool.submit("t", () -> ran.add("kept"));

        cancelled.cancel(false);
        gateOpen.countDown();
        kept.join();

        assertThat(ran).containsExactly("kept");
    }

    @Test
    void reserve_holdsRoomAgainstTheBoundsAllOrNothingAndGivesBackWhatIsUnused() throws Exception {
        CryptoPool pool = pool(1, 4, 6);
        blockWorker(pool, "a");
        assertThatThrownBy(() -> pool.reserve("a", 5)).isInstanceOf(PoolSaturatedException.class)
                .hasFieldOrPropertyWithValue("bound", PoolSaturatedException.Bound.TENANT_SHARE);
        CryptoPool.Reservation room = pool.reserve("a", 3);
        pool.submit("a", () -> "fourth");
        assertThatThrownBy(() -> pool.submit("a", () -> "fifth")).as("the reserved room counts against the share")
                .isInstanceOf(PoolSaturatedException.class);
        assertThatThrownBy(() -> pool.reserve("b", 3)).isInstanceOf(PoolSaturatedException.class)
                .hasFieldOrPropertyWithValue("bound", PoolSaturatedException.Bound.POOL);

        var first = room.submit(() -> "r1");
        var second = room.submit(() -> "r2");
        room.close();
        assertThat(pool.reserve("b", 3)).as("the unused slot came back").isNotNull();
        gateOpen.countDown();
        assertThat(first.join()).isEqualTo("r1");
        assertThat(second.join()).isEqualTo("r2");
    }
}
