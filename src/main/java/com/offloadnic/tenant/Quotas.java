package com.offloadnic.tenant;

/**
 * What one tenant may use. Every limit is a positive number; the defaults come from configuration.
 *
 * @param maxNics                 emulated adapters the tenant may hold at once
 * @param maxSecurityAssociations SA bundles across all of the tenant's NICs
 * @param maxFramesPerRequest     frames (NET_BUFFERs) in one send or inject request
 * @param maxRequestBodyBytes     size of one request body
 * @param requestsPerSecond       sustained request rate
 * @param cryptoPoolWeight        the tenant's share of the shared crypto pool and of the CPU its bulk requests use,
 *                                as a weight relative to other tenants (1 = one equal share): the pool serves this
 *                                many of its tasks per round-robin turn, and its bounds on queued tasks, on bulk
 *                                requests in progress and waiting, and its turns at the bulk-decoding CPU permits
 *                                scale with it (quota {@code cryptoPoolShare} in a 429)
 */
public record Quotas(int maxNics, int maxSecurityAssociations, int maxFramesPerRequest, long maxRequestBodyBytes,
                     int requestsPerSecond, int cryptoPoolWeight) {

    /** Upper bounds an administrator may set; they keep one tenant from claiming the whole machine by mistake. */
    public static final int MAX_NICS_LIMIT = 10_000;
    public static final int MAX_SECURITY_ASSOCIATIONS_LIMIT = 1_000_000;
    public static final int MAX_FRAMES_PER_REQUEST_LIMIT = 100_000;
    public static final long MAX_REQUEST_BODY_BYTES_LIMIT = 1L << 30;
    public static final int MAX_REQUESTS_PER_SECOND_LIMIT = 1_000_000;
    /** A weight of 64 already lets one tenant take 64 turns to another's one; more would only defeat fairness. */
    public static final int MAX_CRYPTO_POOL_WEIGHT_LIMIT = 64;
    public static final int DEFAULT_CRYPTO_POOL_WEIGHT = 1;

    public Quotas {
        requireInRange("maxNics", maxNics, MAX_NICS_LIMIT);
        requireInRange("maxSecurityAssociations", maxSecurityAssociations, MAX_SECURITY_ASSOCIATIONS_LIMIT);
        requireInRange("maxFramesPerRequest", maxFramesPerRequest, MAX_FRAMES_PER_REQUEST_LIMIT);
        requireInRange("maxRequestBodyBytes", maxRequestBodyBytes, MAX_REQUEST_BODY_BYTES_LIMIT);
        requireInRange("requestsPerSecond", requestsPerSecond, MAX_REQUESTS_PER_SECOND_LIMIT);
        requireInRange("cryptoPoolWeight", cryptoPoolWeight, MAX_CRYPTO_POOL_WEIGHT_LIMIT);
    }

    /** Quotas with the default crypto-pool weight ({@value #DEFAULT_CRYPTO_POOL_WEIGHT}, an equal share). */
    public Quotas(int maxNics, int maxSecurityAssociations, int maxFramesPerRequest, long maxRequestBodyBytes,
                  int requestsPerSecond) {
        this(maxNics, maxSecurityAssociations, maxFramesPerRequest, maxRequestBodyBytes, requestsPerSecond,
                DEFAULT_CRYPTO_POOL_WEIGHT);
    }

    private static void requireInRange(String field, long value, long max) {
        if (value < 1 || value > max) {
            throw new InvalidQuotaException(field, value + " is out of range (expected 1 to " + max + ")");
        }
    }

    /** A copy where each non-null argument replaces the current value. */
    public Quotas with(Integer maxNics, Integer maxSecurityAssociations, Integer maxFramesPerRequest,
                       Long maxRequestBodyBytes, Integer requestsPerSecond, Integer cryptoPoolWeight) {
        return new Quotas(
                maxNics != null ? maxNics : this.maxNics,
                maxSecurityAssociations != null ? maxSecurityAssociations : this.maxSecurityAssociations,
                maxFramesPerRequest != null ? maxFramesPerRequest : this.maxFramesPerRequest,
                maxRequestBodyBytes != null ? maxRequestBodyBytes : this.maxRequestBodyBytes,
                requestsPerSecond != null ? requestsPerSecond : this.requestsPerSecond,
                cryptoPoolWeight != null ? cryptoPoolWeight : this.cryptoPoolWeight);
    }
}
