package com.offloadnic.api;

import com.offloadnic.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A tenant's share of the machine on the bulk endpoints (send, inject, pcap upload): at most {@code perTenant}
 * such requests of one tenant are being decoded, sealed or encoded at once; one more is refused at once with 429
 * and {@code Retry-After} (quota {@code cryptoPoolShare}), before its body is read.
 *
 * <p>Why here and not only in the crypto pool: the pool serves tenants' crypto tasks in weighted round robin, but
 * a bulk request spends most of its CPU outside the pool, in HTTP, JSON/CBOR and copying, on virtual threads that
 * do not yield while they compute. Sixteen concurrent flood requests therefore queue a victim's request behind
 * sixteen request-decoding bursts however fair the pool is. Bounding each tenant's in-flight bulk requests bounds
 * that queue to the number of active tenants times {@code perTenant}, which is what keeps a victim's latency flat
 * (docs/benchmarks.md, fairness). The refusal is cheap and nothing is queued without bound.
 */
final class BulkRequestAdmission implements HandlerInterceptor {

    private static final String ADMITTED = BulkRequestAdmission.class.getName() + ".admitted";

    private final int perTenant;
    private final ConcurrentHashMap<String, Semaphore> inFlight = new ConcurrentHashMap<>();

    BulkRequestAdmission(int perTenant) {
        if (perTenant < 1) {
            throw new IllegalArgumentException("perTenant must be at least 1, got " + perTenant);
        }
        this.perTenant = perTenant;
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
        Semaphore permits = inFlight.computeIfAbsent(tenant.tenantId(), id -> new Semaphore(perTenant));
        if (!permits.tryAcquire()) {
            throw ApiException.quotaExceeded("cryptoPoolShare", "the tenant already has " + perTenant
                    + " bulk requests (send, receive) in progress, its share of the crypto workers; retry when one"
                    + " has answered", Duration.ofMillis(1));
        }
        request.setAttribute(ADMITTED, permits);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        Object permits = request.getAttribute(ADMITTED);
        if (permits instanceof Semaphore s) {
            request.removeAttribute(ADMITTED);
            s.release();
        }
    }

    /** Bulk requests of {@code tenantId} in progress now. */
    int inFlight(String tenantId) {
        Semaphore s = inFlight.get(tenantId);
        return s == null ? 0 : perTenant - s.availablePermits();
    }
}
