package com.offloadnic.api;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A tenant's share of the machine on the bulk endpoints (send, inject, pcap upload), in two stages, both scaled by
 * the tenant's {@code cryptoPoolWeight} quota {@code w}.
 *
 * <ol>
 * <li><b>In progress.</b> At most {@code w × inProgressPerWeight} bulk requests of one tenant are past this
 * interceptor at once; up to {@code w × waitingPerWeight} more wait for one of them to answer, in arrival order,
 * for at most {@code maxWait}, before their bodies are read. A request that finds the waiting line full, or waits
 * too long, is refused with 429 and {@code Retry-After} (quota {@code cryptoPoolShare}), its body still unread.
 * Waiting is bounded in count and time, costs a parked virtual thread, and is much cheaper for everyone than a
 * refusal that a client answers with another upload of the same body.</li>
 * <li><b>Decoding.</b> The body of an admitted request is read in full first (so a slow upload holds nothing), then
 * decoded under one of {@code permits} decode permits (one per crypto worker, i.e. per core) that are handed out in
 * weighted round robin across tenants ({@link FairPermits}); the permit is given back as soon as the body is
 * decoded, before the crypto work is queued. See {@link BulkBodyDecoding}.</li>
 * </ol>
 *
 * <p>Why not only the crypto pool: the pool serves tenants' crypto tasks in weighted round robin, but a bulk request
 * spends much of its CPU outside the pool, decoding JSON/CBOR on virtual threads, which do not yield while they
 * compute. Without the decode permits, a victim's request is decoded in parallel with every flood request in
 * progress, sharing the cores with all of them; with them, it waits for about one flood request's decode.
 */
@Component
final class BulkRequestAdmission implements HandlerInterceptor {

    private static final String ADMITTED = BulkRequestAdmission.class.getName() + ".admitted";
    private static final String DECODING = BulkRequestAdmission.class.getName() + ".decoding";
    /** How long a request may wait for its tenant's turn before it is refused. */
    static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final int inProgressPerWeight;
    private final int waitingPerWeight;
    private final Duration maxWait;
    private final FairPermits decodePermits;
    private final ConcurrentHashMap<String, Share> shares = new ConcurrentHashMap<>();

    /** The service's: two requests in progress and eight waiting per crypto worker and unit of weight. */
    @Autowired
    BulkRequestAdmission(CryptoPool pool) {
        this(2 * pool.threadCount(), 8 * pool.threadCount(), MAX_WAIT, pool.threadCount());
    }

    BulkRequestAdmission(int inProgressPerWeight, int waitingPerWeight, Duration maxWait, int decodePermits) {
        if (inProgressPerWeight < 1 || waitingPerWeight < 0) {
            throw new IllegalArgumentException("inProgressPerWeight must be at least 1 and waitingPerWeight at least"
                    + " 0, got " + inProgressPerWeight + " and " + waitingPerWeight);
        }
        this.inProgressPerWeight = inProgressPerWeight;
        this.waitingPerWeight = waitingPerWeight;
        this.maxWait = maxWait;
        this.decodePermits = new FairPermits(decodePermits);
    }

    /** One tenant's bounds at one weight; a weight change starts a new share (requests under the old one finish). */
    private static final class Share {
        final int weight;
        final int inProgressBound;
        final int presentBound;
        final Semaphore inProgress;
        /** Requests in progress plus requests waiting. */
        final AtomicInteger present = new AtomicInteger();

        Share(int weight, int inProgressBound, int waitingBound) {
            this.weight = weight;
            this.inProgressBound = inProgressBound;
            this.presentBound = inProgressBound + waitingBound;
            this.inProgress = new Semaphore(inProgressBound, true);
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        Tenant tenant = (Tenant) request.getAttribute(BearerAuthInterceptor.TENANT_ATTRIBUTE);
        if (tenant == null) {
            return true;
        }
        Share share = shareOf(tenant);
        if (share.present.incrementAndGet() > share.presentBound) {
            share.present.decrementAndGet();
            throw refusal(share, "and " + (share.presentBound - share.inProgressBound) + " more waiting");
        }
        boolean admitted = false;
        try {
            admitted = share.inProgress.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!admitted) {
            share.present.decrementAndGet();
            throw refusal(share, "and this one waited " + maxWait.toMillis() + " ms for its turn");
        }
        request.setAttribute(ADMITTED, share);
        return true;
    }

    private static ApiException refusal(Share share, String why) {
        return ApiException.quotaExceeded("cryptoPoolShare", "the tenant already has " + share.inProgressBound
                + " bulk requests (send, receive) in progress, its share of the crypto workers (cryptoPoolWeight "
                + share.weight + "), " + why + "; retry when one has answered", Duration.ofMillis(1));
    }

    private Share shareOf(Tenant tenant) {
        int weight = tenant.quotas().cryptoPoolWeight();
        Share share = shares.get(tenant.tenantId());
        if (share != null && share.weight == weight) {
            return share;
        }
        return shares.compute(tenant.tenantId(), (id, old) -> old != null && old.weight == weight ? old
                : new Share(weight, inProgressPerWeight * weight, waitingPerWeight * weight));
    }

    /** Called with the body read in full, before it is decoded: waits for the tenant's turn at a decode permit. */
    void beforeDecode(HttpServletRequest request) {
        if (!(request.getAttribute(ADMITTED) instanceof Share share) || request.getAttribute(DECODING) != null) {
            return;
        }
        Tenant tenant = (Tenant) request.getAttribute(BearerAuthInterceptor.TENANT_ATTRIBUTE);
        decodePermits.acquire(tenant.tenantId(), share.weight);
        request.setAttribute(DECODING, Boolean.TRUE);
    }

    /** Called once the body is decoded (or failed to decode): gives the decode permit back, if held. */
    void afterDecode(HttpServletRequest request) {
        if (request.getAttribute(DECODING) != null) {
            request.removeAttribute(DECODING);
            decodePermits.release();
        }
    }

    /** Whether this request was admitted here (a bulk request of a tenant). */
    boolean admitted(HttpServletRequest request) {
        return request.getAttribute(ADMITTED) != null;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        afterDecode(request);
        if (request.getAttribute(ADMITTED) instanceof Share share) {
            request.removeAttribute(ADMITTED);
            share.inProgress.release();
            share.present.decrementAndGet();
        }
    }

    /**
     * Drops a deleted tenant's bounds. Its requests still in progress release into the share they hold; a tenant
     * created later starts afresh.
     */
    void forget(String tenantId) {
        shares.remove(tenantId);
    }

    /** Bulk requests of {@code tenantId} in progress now. */
    int inFlight(String tenantId) {
        Share s = shares.get(tenantId);
        return s == null ? 0 : s.inProgressBound - s.inProgress.availablePermits();
    }

    /** Bulk requests of {@code tenantId} waiting for their turn now. */
    int waiting(String tenantId) {
        Share s = shares.get(tenantId);
        return s == null ? 0 : s.present.get() - inFlight(tenantId);
    }

    /** Decode permits free now. */
    int decodePermitsAvailable() {
        return decodePermits.available();
    }
}
