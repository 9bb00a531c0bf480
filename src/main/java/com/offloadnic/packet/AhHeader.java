package com.offloadnic.packet;

/**
 * View over the AH header (RFC 4302 section 2), big-endian. Its length is (payload length + 2) 32-bit words;
 * the ICV fills the rest of the header after the 12 fixed bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Header   |  Payload Len  |          RESERVED             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Security Parameters Index (SPI)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Sequence Number Field                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Integrity Check Value-ICV (variable)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class AhHeader {

    public static final int NEXT_HEADER = 0;
    public static final int PAYLOAD_LENGTH = 1;
    public static final int RESERVED = 2;
    public static final int SPI = 4;
    public static final int SEQUENCE_NUMBER = 8;
    public static final int ICV = 12;
    public static final int MIN_LENGTH = 12;

    private final byte[] buf;
    private final int offset;

    private AhHeader(byte[] buf, int offset) {
        this.buf = buf;
        this.offset = offset;
    }

    /** Wraps the 12 fixed bytes at {@code offset} without checking the length field. */
    public static AhHeader wrap(byte[] buf, int offset) {
        PacketFormatException.require("AH header", buf, offset, buf == null ? 0 : buf.length - offset,
                MIN_LENGTH);
        return new AhHeader(buf, offset);
    }

    /** Wraps and validates: the header length from its payload-length field fits {@code length}. */
    public static AhHeader parse(byte[] buf, int offset, int length) {
        PacketFormatException.require("AH header", buf, offset, length, MIN_LENGTH);
        AhHeader h = new AhHeader(buf, offset);
        if (h.headerLength() < MIN_LENGTH) {
            throw new PacketFormatException("AH payload length " + h.payloadLength() + " gives a "
                    + h.headerLength() + "-byte header (expected at least " + MIN_LENGTH + ")");
        }
        if (h.headerLength() > length) {
            throw PacketFormatException.tooShort("AH header (payload length " + h.payloadLength() + ")", length,
                    h.headerLength());
        }
        return h;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int nextHeader() {
        return buf[offset + NEXT_HEADER] & 0xFF;
    }

    public AhHeader nextHeader(int value) {
        buf[offset + NEXT_HEADER] = (byte) value;
        return this;
    }

    /** The raw field: header length in 32-bit words minus 2. */
    public int payloadLength() {
        return buf[offset + PAYLOAD_LENGTH] & 0xFF;
    }

    public AhHeader payloadLength(int value) {
        buf[offset + PAYLOAD_LENGTH] = (byte) value;
        return this;
    }

    /** Sets the payload-length field for an ICV of {@code icvLength} bytes (a multiple of 4). */
    public AhHeader icvLength(int icvLength) {
        return payloadLength((MIN_LENGTH + icvLength) / 4 - 2);
    }

    public int reserved() {
        return BigEndian.getU16(buf, offset + RESERVED);
    }

    public AhHeader reserved(int value) {
        BigEndian.putU16(buf, offset + RESERVED, value);
        return this;
    }

    public long spi() {
        return BigEndian.getU32(buf, offset + SPI);
    }

    public AhHeader spi(long value) {
        BigEndian.putU32(buf, offset + SPI, value);
        return this;
    }

    public long sequenceNumber() {
        return BigEndian.getU32(buf, offset + SEQUENCE_NUMBER);
    }

    public AhHeader sequenceNumber(long value) {
        BigEndian.putU32(buf, offset + SEQUENCE_NUMBER, value);
        return this;
    }

    /** Header length in bytes: (payload length + 2) * 4. */
    public int headerLength() {
        return (payloadLength() + 2) * 4;
    }

    /** Absolute offset of the ICV. */
    public int icvOffset() {
        return offset + ICV;
    }

    public int icvLength() {
        return headerLength() - MIN_LENGTH;
    }

    /** Absolute offset of the first byte after the header. */
    public int payloadOffset() {
        return offset + headerLength();
    }
}
