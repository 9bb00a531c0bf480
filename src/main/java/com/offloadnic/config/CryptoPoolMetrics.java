package com.offloadnic.config;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Exports the shared crypto pool (SPEC section 9) as Micrometer meters (Prometheus {@code offloadnic_crypto_pool_*}):
 * workers, busy workers, total queue depth, completed and failed tasks, refusals by bound, and per tenant the queue
 * depth and the queue wait (submission to start) as a count and a total ({@code _count}, {@code _sum}: the mean
 * wait over any interval is the ratio of their rates).
 *
 * <p>The wait is recorded on the crypto workers once per task, so it costs two {@link LongAdder} adds and a map
 * lookup: no histogram, no percentiles, no clock read (the pool passes the wait it measured). Percentiles of the
 * crypto wait would need a histogram update per task; the end-to-end latency percentiles are the benchmark's job.
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
    private final Map<String, WaitMeter> waitByTenant = new ConcurrentHashMap<>();

    /** One tenant's (or "other"'s) queue waits; the registered {@link FunctionTimer} reads it at scrape time. */
    private static final class WaitMeter {
        final String tag;
        final LongAdder count = new LongAdder();
        final LongAdder totalNanos = new LongAdder();

        WaitMeter(String tag) {
            this.tag = tag;
        }
    }

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

    void started(String tenantId, long waitNanos) {
        WaitMeter meter = waitByTenant.get(tenantId);
        if (meter == null) {
            meter = waitByTenant.computeIfAbsent(tenantId, this::register);
        }
        meter.count.increment();
        meter.totalNanos.add(waitNanos);
    }

    /** Meters for a tenant seen for the first time (or the shared "other" ones once the cap is reached). */
    private synchronized WaitMeter register(String tenantId) {
        String tag = waitByTenant.size() < MAX_TAGGED_TENANTS ? tenantId : OTHER;
        Tags tags = Tags.of("tenant", tag);
        if (!tag.equals(OTHER)) {
            Gauge.builder("offloadnic.crypto.pool.queue.depth", pool, p -> p.queueDepth(tenantId))
                    .description("Crypto tasks queued, per tenant").tags(tags).register(registry);
        } else {
            Gauge.builder("offloadnic.crypto.pool.queue.depth", this, CryptoPoolMetrics::untaggedDepth)
                    .description("Crypto tasks queued, per tenant").tags(tags).register(registry);
            WaitMeter shared = otherWaits;
            if (shared != null) {
                return shared;
            }
        }
        WaitMeter meter = new WaitMeter(tag);
        FunctionTimer.builder("offloadnic.crypto.pool.wait", meter, m -> m.count.sum(), m -> m.totalNanos.sum(),
                        TimeUnit.NANOSECONDS)
                .description("Time crypto tasks waited in their tenant's queue before a worker started them")
                .tags(tags).register(registry);
        if (tag.equals(OTHER)) {
            otherWaits = meter;
        }
        return meter;
    }

    /** The meter all tenants past the cap share; written only inside the map's computeIfAbsent. */
    private volatile WaitMeter otherWaits;

    private double untaggedDepth() {
        return pool.queueDepths().entrySet().stream()
                .filter(e -> !waitByTenant.containsKey(e.getKey()) || isOther(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }

    private boolean isOther(String tenantId) {
        WaitMeter m = waitByTenant.get(tenantId);
        return m != null && OTHER.equals(m.tag);
    }
}
