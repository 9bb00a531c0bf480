package com.offloadnic.tenant;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per tenant enforcing {@link Quotas#requestsPerSecond()}: the bucket holds up to one second's worth
 * of requests and refills continuously. Thread-safe.
 */
public final class RequestRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param nanoTime a monotonic clock, {@code System::nanoTime} in production */
    public RequestRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one request from the tenant's bucket.
     *
     * @return 0 when the request may proceed, else the nanoseconds until it could
     */
    public long tryAcquire(String tenantId, int requestsPerSecond) {
        return buckets.computeIfAbsent(tenantId, id -> new Bucket(nanoTime.getAsLong(), requestsPerSecond))
                .tryAcquire(nanoTime.getAsLong(), requestsPerSecond);
    }

    /** Forgets a deleted tenant's bucket. */
    public void forget(String tenantId) {
        buckets.remove(tenantId);
    }

    private static final class Bucket {
        /** Available requests, scaled by NANOS_PER_SECOND so refill stays in integers. */
        private long scaledTokens;
        private long last;

        Bucket(long now, int rate) {
            this.last = now;
            this.scaledTokens = (long) rate * NANOS_PER_SECOND;
        }

        synchronized long tryAcquire(long now, int rate) {
            long capacity = (long) rate * NANOS_PER_SECOND;
            long elapsed = Math.max(0, now - last);
            last = now;
            // elapsed ns * rate/s = scaled tokens gained; cap before multiplying to avoid overflow
            scaledTokens = Math.min(capacity, scaledTokens + Math.min(elapsed, NANOS_PER_SECOND) * rate);
            if (scaledTokens >= NANOS_PER_SECOND) {
                scaledTokens -= NANOS_PER_SECOND;
                return 0;
            }
            return (NANOS_PER_SECOND - scaledTokens + rate - 1) / rate;
        }
    }
}
