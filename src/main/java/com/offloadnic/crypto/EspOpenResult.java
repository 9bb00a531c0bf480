package com.offloadnic.crypto;

/** Outcome of {@link EspTransform#open}: authentication failure is an expected result, not an exception. */
public enum EspOpenResult {
    /** ICV verified (or the SA has no integrity) and the payload is now plaintext in place. */
    OK,
    /** The ICV did not match; the buffer is unchanged. */
    AUTH_FAILED,
    /**
     * The span cannot hold header, IV, trailer and ICV, or a CBC payload is not a whole number of blocks;
     * the buffer is unchanged.
     */
    BAD_LENGTH
}
