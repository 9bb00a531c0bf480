package com.offloadnic.api;

import com.offloadnic.config.AdminCredentials;
import com.offloadnic.tenant.RequestRateLimiter;
import com.offloadnic.tenant.Tenant;
import com.offloadnic.tenant.TenantStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.WebUtils;

import java.time.Duration;

/**
 * {@code Authorization: Bearer} for everything under {@code /v1}: the admin token for {@code /v1/admin/**}, a
 * tenant token elsewhere. Also applies the tenant's request-rate and request-body quotas.
 */
final class BearerAuthInterceptor implements HandlerInterceptor {

    static final String TENANT_ATTRIBUTE = BearerAuthInterceptor.class.getName() + ".tenant";
    private static final String BEARER = "bearer ";

    private final AdminCredentials admin;
    private final TenantStore tenants;
    private final RequestRateLimiter rateLimiter;

    BearerAuthInterceptor(AdminCredentials admin, TenantStore tenants, RequestRateLimiter rateLimiter) {
        this.admin = admin;
        this.tenants = tenants;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String token = bearerToken(request);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/v1/admin") || path.startsWith("/v1/admin/")) {
            if (!admin.matches(token)) {
                throw ApiException.unauthorized(token == null
                        ? "the administration API needs 'Authorization: Bearer <admin token>'"
                        : "the bearer token is not the admin token");
            }
            return true;
        }
        Tenant tenant = tenants.authenticate(token).orElseThrow(() -> ApiException.unauthorized(token == null
                ? "this API needs 'Authorization: Bearer <tenant token>'"
                : "the bearer token belongs to no tenant"));
        long waitNanos = rateLimiter.tryAcquire(tenant.tenantId(), tenant.quotas().requestsPerSecond());
        if (waitNanos > 0) {
            throw ApiException.quotaExceeded("requestsPerSecond", "tenant is over its quota of "
                    + tenant.quotas().requestsPerSecond() + " requests per second", Duration.ofNanos(waitNanos));
        }
        request.setAttribute(TENANT_ATTRIBUTE, tenant);
        long quota = tenant.quotas().maxRequestBodyBytes();
        RequestBodyLimit.LimitedRequest limited = WebUtils.getNativeRequest(request, RequestBodyLimit.LimitedRequest.class);
        long limit = limited == null ? quota : Math.min(quota, limited.limit());
        if (request.getContentLengthLong() > limit) {
            throw ApiException.payloadTooLarge(limit);
        }
        if (limited != null) {
            limited.lowerLimit(quota);
        }
        return true;
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
