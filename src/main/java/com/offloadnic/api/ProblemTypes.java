package com.offloadnic.api;

import java.net.URI;

/**
 * The stable {@code type} URIs of the problem documents (RFC 9457) this service answers with. Each is
 * documented in openapi.yaml and README.md; clients may switch on them.
 */
public final class ProblemTypes {

    private ProblemTypes() {
    }

    public static final URI UNAUTHORIZED = URI.create("/problems/unauthorized");
    public static final URI NOT_FOUND = URI.create("/problems/not-found");
    public static final URI METHOD_NOT_ALLOWED = URI.create("/problems/method-not-allowed");
    public static final URI NOT_ACCEPTABLE = URI.create("/problems/not-acceptable");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create("/problems/unsupported-media-type");
    public static final URI PAYLOAD_TOO_LARGE = URI.create("/problems/payload-too-large");
    public static final URI MALFORMED_JSON = URI.create("/problems/malformed-json");
    public static final URI UNKNOWN_FIELD = URI.create("/problems/unknown-field");
    public static final URI INVALID_FIELD = URI.create("/problems/invalid-field");
    public static final URI INVALID_PARAMETER = URI.create("/problems/invalid-parameter");
    public static final URI BAD_REQUEST = URI.create("/problems/bad-request");
    public static final URI UNSUPPORTED_BY_HARDWARE = URI.create("/problems/unsupported-by-hardware");
    public static final URI WRONG_PROFILE = URI.create("/problems/wrong-profile");
    public static final URI OFFLOAD_CONFLICT = URI.create("/problems/offload-conflict");
    public static final URI CONFLICT = URI.create("/problems/conflict");
    public static final URI QUOTA_EXCEEDED = URI.create("/problems/quota-exceeded");
    public static final URI POOL_SATURATED = URI.create("/problems/pool-saturated");
    public static final URI INTERNAL_ERROR = URI.create("/problems/internal-error");

    /** The type for a status when the cause gives no more specific one. */
    static URI forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 409 -> CONFLICT;
            case 429 -> QUOTA_EXCEEDED;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}
