package com.offloadnic.packet;

/**
 * View over the ESP header (RFC 4303 section 2), big-endian. The IV (if the transform has one) follows at
 * {@link #LENGTH}; payload, padding, pad length, next header and ICV follow it, all but the ICV encrypted.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ----
 * |               Security Parameters Index (SPI)                 | ^Int.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
 * |                      Sequence Number                          | |ered
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ | ----
 * |                    Payload Data* (variable)                   | |   ^
 * ~                                                               ~ |   |
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Conf.
 * |               |     Padding (0-255 bytes)                     | |Cov-
 * +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |ered*
 * |                               |  Pad Length   | Next Header   | v   v
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ------
 * |         Integrity Check Value-ICV   (variable)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EspHeader {

    public static final int SPI = 0;
    public static final int SEQUENCE_NUMBER = 4;
    public static final int LENGTH = 8;
    /** Pad length and next header. */
    public static final int TRAILER_LENGTH = 2;

    private final byte[] buf;
    private final int offset;

    private EspHeader(byte[] buf, int offset) {
        this.buf = buf;
        this.offset = offset;
    }

    /** Wraps the 8-byte header at {@code offset}. */
    public static EspHeader wrap(byte[] buf, int offset) {
        PacketFormatException.require("ESP header", buf, offset, buf == null ? 0 : buf.length - offset, LENGTH);
        return new EspHeader(buf, offset);
    }

    /**
     * Wraps the ESP packet at {@code buf[offset, offset+length)}, checking it can hold the header, an IV of
     * {@code ivLength}, the 2-byte trailer and an ICV of {@code icvLength}.
     */
    public static EspHeader parse(byte[] buf, int offset, int length, int ivLength, int icvLength) {
        PacketFormatException.require("ESP packet", buf, offset, length,
                LENGTH + ivLength + TRAILER_LENGTH + icvLength);
        return new EspHeader(buf, offset);
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    /** The SPI as an unsigned 32-bit value. */
    public long spi() {
        return BigEndian.getU32(buf, offset + SPI);
    }

    public EspHeader spi(long value) {
        BigEndian.putU32(buf, offset + SPI, value);
        return this;
    }

    /** The low 32 bits of the sequence number. */
    public long sequenceNumber() {
        return BigEndian.getU32(buf, offset + SEQUENCE_NUMBER);
    }

    public EspHeader sequenceNumber(long value) {
        BigEndian.putU32(buf, offset + SEQUENCE_NUMBER, value);
        return this;
    }

    /** Absolute offset of the IV (or of the payload when the transform has no IV). */
    public int ivOffset() {
        return offset + LENGTH;
    }
}
