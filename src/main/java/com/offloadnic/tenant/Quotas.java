package com.offloadnic.tenant;

/**
 * What one tenant may use. Every limit is a positive number; the defaults come from configuration.
 *
 * @param maxNics                 emulated adapters the tenant may hold at once
 * @param maxSecurityAssociations SA bundles across all of the tenant's NICs
 * @param maxFramesPerRequest     frames (NET_BUFFERs) in one send or inject request
 * @param maxRequestBodyBytes     size of one request body
 * @param requestsPerSecond       sustained request rate
 */
public record Quotas(int maxNics, int maxSecurityAssociations, int maxFramesPerRequest, long maxRequestBodyBytes,
                     int requestsPerSecond) {

    /** Upper bounds an administrator may set; they keep one tenant from claiming the whole machine by mistake. */
    public static final int MAX_NICS_LIMIT = 10_000;
    public static final int MAX_SECURITY_ASSOCIATIONS_LIMIT = 1_000_000;
    public static final int MAX_FRAMES_PER_REQUEST_LIMIT = 100_000;
    public static final long MAX_REQUEST_BODY_BYTES_LIMIT = 1L << 30;
    public static final int MAX_REQUESTS_PER_SECOND_LIMIT = 1_000_000;

    public Quotas {
        requireInRange("maxNics", maxNics, MAX_NICS_LIMIT);
        requireInRange("maxSecurityAssociations", maxSecurityAssociations, MAX_SECURITY_ASSOCIATIONS_LIMIT);
        requireInRange("maxFramesPerRequest", maxFramesPerRequest, MAX_FRAMES_PER_REQUEST_LIMIT);
        requireInRange("maxRequestBodyBytes", maxRequestBodyBytes, MAX_REQUEST_BODY_BYTES_LIMIT);
        requireInRange("requestsPerSecond", requestsPerSecond, MAX_REQUESTS_PER_SECOND_LIMIT);
    }

    private static void requireInRange(String field, long value, long max) {
        if (value < 1 || value > max) {
            throw new InvalidQuotaException(field, value + " is out of range (expected 1 to " + max + ")");
        }
    }

    /** A copy where each non-null argument replaces the current value. */
    public Quotas with(Integer maxNics, Integer maxSecurityAssociations, Integer maxFramesPerRequest,
                       Long maxRequestBodyBytes, Integer requestsPerSecond) {
        return new Quotas(
                maxNics != null ? maxNics : this.maxNics,
                maxSecurityAssociations != null ? maxSecurityAssociations : this.maxSecurityAssociations,
                maxFramesPerRequest != null ? maxFramesPerRequest : this.maxFramesPerRequest,
                maxRequestBodyBytes != null ? maxRequestBodyBytes : this.maxRequestBodyBytes,
                requestsPerSecond != null ? requestsPerSecond : this.requestsPerSecond);
    }
}
