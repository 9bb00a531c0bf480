package com.offloadnic.ipsec;

/** Range checks shared by the algorithm info records (NDIS declares these fields ULONG). */
final class AlgorithmFields {

    private AlgorithmFields() {
    }

    static void checkNonNegative(String member, int keyLength, int keyOffsetBytes, int additionalInfo) {
        if (keyLength < 0) {
            throw new IllegalArgumentException(member + ".keyLength is negative: " + keyLength);
        }
        if (keyOffsetBytes < 0) {
            throw new IllegalArgumentException(member + ".keyOffsetBytes is negative: " + keyOffsetBytes);
        }
        if (additionalInfo < 0) {
            throw new IllegalArgumentException(member + ".additionalInfo is negative: " + additionalInfo);
        }
    }
}
