package com.offloadnic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crypto pool's meters: per-tenant depth and wait, busy workers, completions, refusals, bounded tags. */
class CryptoPoolMetricsTest {

    private final CryptoPool pool = new CryptoPool(new CryptoPool.Config(1, 2, 100, "metrics-test"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        pool.close();
    }

    @Test
    void meters_followQueueDepthWaitsCompletionsAndRefusalsPerTenant() throws Exception {
        new CryptoPoolMetrics(registry, pool);
        var started = new CountDownLatch(1);
        var blocker = pool.submit("a", () -> {
            started.countDown();
            release.await();
            return 0;
        });
        started.await();
        var queued1 = pool.submit("b", () -> 1);
        var queued2 = pool.submit("b", () -> 2);
        assertThatThrownBy(() -> pool.submit("b", () -> 3)).isInstanceOf(PoolSaturatedException.class);

        assertThat(registry.get("offloadnic.crypto.pool.busy.workers").gauge().value()).isEqualTo(1);
        assertThat(registry.get("offloadnic.crypto.pool.queue.depth").tag("tenant", "all").gauge().value())
                .isEqualTo(2);
        assertThat(registry.get("offloadnic.crypto.pool.refused").tag("bound", "tenant_share").functionCounter()
                .count()).isEqualTo(1);

        release.countDown();
        blocker.join();
        queued1.join();
        queued2.join();
        assertThat(registry.get("offloadnic.crypto.pool.wait").tag("tenant", "b").functionTimer().count()).isEqualTo(2);
        assertThat(registry.get("offloadnic.crypto.pool.wait").tag("tenant", "a").functionTimer().count()).isEqualTo(1);
        assertThat(registry.get("offloadnic.crypto.pool.wait").tag("tenant", "b").functionTimer()
                .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).as("b's tasks waited behind a's").isPositive();
        assertThat(registry.get("offloadnic.crypto.pool.queue.depth").tag("tenant", "b").gauge().value()).isZero();
        assertThat(registry.get("offloadnic.crypto.pool.completed").functionCounter().count()).isEqualTo(3);
    }

    @Test
    void meters_tenantsBeyondTheCap_shareTheOtherTag() {
        new CryptoPoolMetrics(registry, pool);
        for (int i = 0; i < CryptoPoolMetrics.MAX_TAGGED_TENANTS + 10; i++) {
            pool.submit("tenant-" + i, () -> 0).join();
        }
        long tagged = registry.find("offloadnic.crypto.pool.wait").functionTimers().stream()
                .filter(t -> !CryptoPoolMetrics.OTHER.equals(t.getId().getTag("tenant"))).count();
        assertThat(tagged).isEqualTo(CryptoPoolMetrics.MAX_TAGGED_TENANTS);
        assertThat(registry.get("offloadnic.crypto.pool.wait").tag("tenant", CryptoPoolMetrics.OTHER).functionTimer().count())
                .isEqualTo(10);
    }
}
