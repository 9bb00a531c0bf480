package com.offloadnic.crypto;

/**
 * Input that a crypto transform cannot process because of its shape, not its content: an ESP span too
 * short to hold the header, IV, trailer and ICV, or a CBC payload that is not a whole number of blocks.
 *
 * <p>The message names what was wrong and what was expected, e.g.
 * {@code "ESP packet too short: 22 bytes (expected at least 28)"}. A call that throws leaves the buffer as
 * it was.
 */
public final class CryptoFormatException extends RuntimeException {

    public CryptoFormatException(String message) {
        super(message);
    }
}
