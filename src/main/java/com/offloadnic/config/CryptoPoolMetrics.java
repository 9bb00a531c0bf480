package com.offloadnic.config;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Exports the shared crypto pool (SPEC section 9) as Micrometer meters (Prometheus {@code offloadnic_crypto_pool_*}):
 * workers, busy workers, total queue depth, completed and failed tasks, refusals by bound, and per tenant the queue
 * depth and the queue wait (submission to start) with p50/p99.
 *
 * <p>Tag cardinality stays bounded: the first {@link #MAX_TAGGED_TENANTS} tenants that use the pool get their own
 * {@code tenant} tag; later ones share {@code tenant="other"} (their wait is recorded there, their depth summed).
 */
@Component
class CryptoPoolMetrics {

    static final int MAX_TAGGED_TENANTS = 64;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final CryptoPool pool;
    private final Map<String, Timer> waitByTenant = new ConcurrentHashMap<>();

    CryptoPoolMetrics(MeterRegistry registry, CryptoPool pool) {
        this.registry = registry;
        this.pool = pool;
        Gauge.builder("offloadnic.crypto.pool.workers", pool, CryptoPool::threadCount)
                .description("Crypto worker threads").register(registry);
        Gauge.builder("offloadnic.crypto.pool.busy.workers", pool, CryptoPool::busyWorkers)
                .description("Crypto workers running a task now").register(registry);
        Gauge.builder("offloadnic.crypto.pool.queue.depth", pool, CryptoPool::totalQueueDepth)
                .description("Crypto tasks queued, all tenants").tags("tenant", "all").register(registry);
        FunctionCounter.builder("offloadnic.crypto.pool.completed", pool, CryptoPool::completedCount)
                .description("Crypto tasks run to the end").register(registry);
        FunctionCounter.builder("offloadnic.crypto.pool.failed", pool, CryptoPool::failedCount)
                .description("Crypto tasks that threw").register(registry);
        for (PoolSaturatedException.Bound bound : PoolSaturatedException.Bound.values()) {
            FunctionCounter.builder("offloadnic.crypto.pool.refused", pool, p -> p.rejectedCount(bound))
                    .description("Submissions refused because a queue bound was reached (429/503)")
                    .tags("bound", bound.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
        pool.observeStarts(this::started);
    }

    private void started(String tenantId, long waitNanos) {
        Timer timer = waitByTenant.get(tenantId);
        if (timer == null) {
            timer = waitByTenant.computeIfAbsent(tenantId, this::register);
        }
        timer.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    /** Meters for a tenant seen for the first time (or the shared "other" ones once the cap is reached). */
    private Timer register(String tenantId) {
        String tag = waitByTenant.size() < MAX_TAGGED_TENANTS ? tenantId : OTHER;
        Tags tags = Tags.of("tenant", tag);
        if (!tag.equals(OTHER)) {
            Gauge.builder("offloadnic.crypto.pool.queue.depth", pool, p -> p.queueDepth(tenantId))
                    .description("Crypto tasks queued, per tenant").tags(tags).register(registry);
        } else {
            Gauge.builder("offloadnic.crypto.pool.queue.depth", this, CryptoPoolMetrics::untaggedDepth)
                    .description("Crypto tasks queued, per tenant").tags(tags).register(registry);
        }
        return Timer.builder("offloadnic.crypto.pool.wait")
                .description("Time a crypto task waited in its tenant's queue before a worker started it")
                .tags(tags).publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
    }

    private double untaggedDepth() {
        return pool.queueDepths().entrySet().stream()
                .filter(e -> !waitByTenant.containsKey(e.getKey()) || isOther(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }

    private boolean isOther(String tenantId) {
        Timer t = waitByTenant.get(tenantId);
        return t != null && OTHER.equals(t.getId().getTag("tenant"));
    }
}
