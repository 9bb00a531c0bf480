package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;

/**
 * {@code IPSEC_OFFLOAD_V2_ALGORITHM_INFO} in the {@code EncryptionAlgorithm} member of a {@code SecAssoc}.
 *
 * @param identifier     the confidentiality transform
 * @param keyLength      bytes of key at {@code keyOffsetBytes} (AES-GCM: AES key followed by the 4-byte salt)
 * @param keyOffsetBytes where the key starts in the request's key data
 * @param additionalInfo for AES-GCM the ICV length in bytes (8, 12 or 16); otherwise 0
 */
public record EncryptionAlgorithmInfo(EncryptionAlgorithm identifier, int keyLength, int keyOffsetBytes,
                                      int additionalInfo) {

    /** {@code IPSEC_OFFLOAD_V2_ENCRYPTION_NONE} with no key: null encryption, or "zeros" in an AH entry. */
    public static final EncryptionAlgorithmInfo NONE = new EncryptionAlgorithmInfo(EncryptionAlgorithm.NONE, 0, 0, 0);

    public EncryptionAlgorithmInfo {
        if (identifier == null) {
            throw new IllegalArgumentException("encryptionAlgorithm identifier is required");
        }
        AlgorithmFields.checkNonNegative("encryptionAlgorithm", keyLength, keyOffsetBytes, additionalInfo);
    }

    /** The algorithm with its own key length, at {@code keyOffsetBytes}; GCM with a 16-byte ICV. */
    public static EncryptionAlgorithmInfo of(EncryptionAlgorithm identifier, int keyOffsetBytes) {
        return new EncryptionAlgorithmInfo(identifier, identifier.keyLength(), keyOffsetBytes,
                identifier.isAead() ? 16 : 0);
    }
}
