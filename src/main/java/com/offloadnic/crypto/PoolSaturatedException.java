package com.offloadnic.crypto;

import java.time.Duration;

/**
 * {@link CryptoPool} refused a task because a queue bound was reached. Thrown at submission, before
 * anything is queued: nothing is dropped silently and no caller blocks. The service maps it to 429 (the
 * tenant's own share is full) or 503 (the whole pool is full), with {@link #retryAfter()} as Retry-After.
 */
public final class PoolSaturatedException extends RuntimeException {

    /** Which bound refused the task. */
    public enum Bound {
        /** The submitting tenant already has its maximum number of tasks queued. */
        TENANT_SHARE,
        /** The pool as a whole already has its maximum number of tasks queued. */
        POOL
    }

    private final Bound bound;
    private final String tenantId;
    private final int limit;
    private final Duration retryAfter;

    PoolSaturatedException(Bound bound, String tenantId, int limit, Duration retryAfter) {
        super(switch (bound) {
            case TENANT_SHARE -> "crypto pool share of tenant " + tenantId + " is full: " + limit
                    + " tasks queued (retry after " + retryAfter.toMillis() + " ms)";
            case POOL -> "crypto pool is full: " + limit + " tasks queued across all tenants (retry after "
                    + retryAfter.toMillis() + " ms)";
        });
        this.bound = bound;
        this.tenantId = tenantId;
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    public Bound bound() {
        return bound;
    }

    public String tenantId() {
        return tenantId;
    }

    /** The queue bound that was reached. */
    public int limit() {
        return limit;
    }

    /** An estimate of when the queue will have drained enough to accept work: never zero, at least 1 ms. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
