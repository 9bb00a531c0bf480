package com.offloadnic.ipsec;

import com.offloadnic.crypto.IntegrityAlgorithm;

/**
 * {@code IPSEC_OFFLOAD_V2_ALGORITHM_INFO} in the {@code AuthenticationAlgorithm} member of a {@code SecAssoc}.
 *
 * @param identifier     the integrity transform ({@code AES_GMAC_*} are NDIS's {@code AUTHENTICATION_AES_GCM_*})
 * @param keyLength      bytes of key at {@code keyOffsetBytes} (AES-GMAC: AES key followed by the 4-byte salt)
 * @param keyOffsetBytes where the key starts in the request's key data
 * @param additionalInfo 0, or the algorithm's fixed ICV length (HMAC and GMAC ICVs have one length)
 */
public record IntegrityAlgorithmInfo(IntegrityAlgorithm identifier, int keyLength, int keyOffsetBytes,
                                     int additionalInfo) {

    public IntegrityAlgorithmInfo {
        if (identifier == null) {
            throw new IllegalArgumentException("authenticationAlgorithm identifier is required");
        }
        AlgorithmFields.checkNonNegative("authenticationAlgorithm", keyLength, keyOffsetBytes, additionalInfo);
    }

    /** The algorithm with its own key length, at {@code keyOffsetBytes}. */
    public static IntegrityAlgorithmInfo of(IntegrityAlgorithm identifier, int keyOffsetBytes) {
        return new IntegrityAlgorithmInfo(identifier, identifier.keyLength(), keyOffsetBytes, 0);
    }
}
