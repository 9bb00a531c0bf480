package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Decode permits: taken at once while free, then handed out in weighted round robin across tenants' lines. */
class FairPermitsTest {

    private final List<String> order = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts a waiter for {@code tenant} and returns once it is in its line. */
    private void waitFor(FairPermits permits, String tenant, int weight) throws InterruptedException {
        int before = permits.waiting(tenant);
        threads.add(Thread.ofVirtual().start(() -> {
            permits.acquire(tenant, weight);
            order.add(tenant);
        }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (permits.waiting(tenant) == before) {
            assertThat(System.nanoTime()).as("waiter queued in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** Releases one permit and waits until its new holder recorded itself. */
    private void releaseOne(FairPermits permits, int expectedOrderSize) throws InterruptedException {
        permits.release();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (order.size() < expectedOrderSize) {
            assertThat(System.nanoTime()).as("permit handed over in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void acquire_whileFree_takesAtOnce_andReleaseGivesBack() {
        var permits = new FairPermits(2);
        permits.acquire("a", 1);
        permits.acquire("a", 1);
        assertThat(permits.available()).isZero();
        permits.release();
        permits.release();
        assertThat(permits.available()).isEqualTo(2);
        assertThatThrownBy(permits::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void release_alternatesBetweenTenants_soANewcomerWaitsForOneReleaseNotTheFloodsLine() throws Exception {
        var permits = new FairPermits(1);
        permits.acquire("flood", 1);
        for (int i = 0; i < 5; i++) {
            waitFor(permits, "flood", 1);
        }
        waitFor(permits, "victim", 1);
        waitFor(permits, "victim", 1);

        for (int i = 1; i <= 7; i++) {
            releaseOne(permits, i);
        }
        permits.release();

        assertThat(order).containsExactly("flood", "victim", "flood", "victim", "flood", "flood", "flood");
        for (Thread t : threads) {
            t.join();
        }
        assertThat(permits.available()).isEqualTo(1);
    }

    @Test
    void release_weightTwoTenant_getsTwoPermitsPerTurn() throws Exception {
        var permits = new FairPermits(1);
        permits.acquire("x", 1);
        for (int i = 0; i < 4; i++) {
            waitFor(permits, "gold", 2);
        }
        for (int i = 0; i < 4; i++) {
            waitFor(permits, "bronze", 1);
        }

        for (int i = 1; i <= 8; i++) {
            releaseOne(permits, i);
        }
        permits.release();

        assertThat(String.join(",", order)).isEqualTo("gold,gold,bronze,gold,gold,bronze,bronze,bronze");
    }
}
