package com.offloadnic.ipsec;

import com.offloadnic.crypto.IntegrityAlgorithm;
import java.util.Arrays;
import java.util.Optional;

/**
 * The integrity identifiers of IPsec offload v1 ({@code OFFLOAD_ALGO_INFO.algoIdentifier} of
 * {@code IntegrityAlgo}): HMAC-MD5-96 (RFC 2403) and HMAC-SHA1-96 (RFC 2404), or none.
 */
public enum V1IntegrityAlgorithm {
    OFFLOAD_IPSEC_INTEGRITY_NONE(null),
    OFFLOAD_IPSEC_INTEGRITY_MD5(IntegrityAlgorithm.MD5),
    OFFLOAD_IPSEC_INTEGRITY_SHA(IntegrityAlgorithm.SHA_1);

    private final IntegrityAlgorithm algorithm;

    V1IntegrityAlgorithm(IntegrityAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    /** The transform, or null for {@link #OFFLOAD_IPSEC_INTEGRITY_NONE}. */
    public IntegrityAlgorithm algorithm() {
        return algorithm;
    }

    public static Optional<V1IntegrityAlgorithm> fromNdisName(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }
}
