package com.offloadnic.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.time.Duration;

/** A request refused at the HTTP boundary, rendered as a problem document with a stable type. */
public final class ApiException extends ErrorResponseException {

    private ApiException(HttpStatus status, URI type, String title, String detail, HttpHeaders headers) {
        super(status, problem(status, type, title, detail), null);
        if (headers != null) {
            getHeaders().putAll(headers);
        }
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(type);
        pd.setTitle(title);
        return pd;
    }

    private ApiException with(String property, Object value) {
        getBody().setProperty(property, value);
        return this;
    }

    public static ApiException unauthorized(String detail) {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"offloadnic\"");
        return new ApiException(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail, h);
    }

    public static ApiException nicNotFound(String nicId) {
        return new ApiException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                "no NIC " + nicId, null).with("nicId", nicId);
    }

    public static ApiException tenantNotFound(String tenantId) {
        return new ApiException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                "no tenant " + tenantId, null).with("tenantId", tenantId);
    }

    public static ApiException invalidField(String pointer, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_FIELD, "Invalid field", detail, null)
                .with("pointer", pointer);
    }

    public static ApiException invalidParameter(String parameter, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_PARAMETER, "Invalid parameter", detail,
                null).with("parameter", parameter);
    }

    public static ApiException conflict(String pointer, String detail) {
        ApiException e = new ApiException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", detail, null);
        return pointer == null ? e : e.with("pointer", pointer);
    }

    public static ApiException quotaExceeded(String quota, String detail, Duration retryAfter) {
        HttpHeaders h = new HttpHeaders();
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        h.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.QUOTA_EXCEEDED, "Quota exceeded", detail, h)
                .with("quota", quota);
    }

    /** 503: the shared crypto pool as a whole is full (every tenant's work, not this tenant's share). */
    public static ApiException poolSaturated(String detail, Duration retryAfter) {
        HttpHeaders h = new HttpHeaders();
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        h.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.POOL_SATURATED, "Crypto pool saturated",
                detail, h);
    }

    public static ApiException payloadTooLarge(long limit) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Content too large",
                "request body exceeds the limit of " + limit + " bytes", null).with("limit", limit);
    }
}
