package com.offloadnic.packet;

/**
 * Malformed or truncated packet bytes, for every codec of this package.
 *
 * <p>Messages name the structure and the numbers involved, e.g.
 * {@code "ESP packet too short: 22 bytes (expected at least 28)"}. A parse that throws leaves no state changed.
 */
public final class PacketFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PacketFormatException(String message) {
        super(message);
    }

    static PacketFormatException tooShort(String what, int available, int expected) {
        return new PacketFormatException(
                what + " too short: " + available + " bytes (expected at least " + expected + ")");
    }

    /** Checks that {@code [offset, offset + length)} lies inside {@code buf}. */
    static void checkRange(byte[] buf, int offset, int length) {
        if (buf == null) {
            throw new PacketFormatException("buffer is null");
        }
        if (offset < 0 || length < 0 || offset > buf.length || length > buf.length - offset) {
            throw new PacketFormatException("range [" + offset + ", " + ((long) offset + length)
                    + ") lies outside the " + buf.length + "-byte buffer");
        }
    }

    /** Checks the range, then that it holds at least {@code minimum} bytes. */
    static void require(String what, byte[] buf, int offset, int length, int minimum) {
        checkRange(buf, offset, length);
        if (length < minimum) {
            throw tooShort(what, length, minimum);
        }
    }
}
