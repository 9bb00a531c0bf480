package com.offloadnic.packet;

import java.util.Arrays;

/**
 * View over the fixed IPv6 header (RFC 8200 section 3), big-endian. Extension headers are walked by
 * {@link HeaderChain#walkIpv6}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Source Address (128 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination Address (128 bits)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6Header {

    public static final int VERSION_CLASS_FLOW = 0;
    public static final int PAYLOAD_LENGTH = 4;
    public static final int NEXT_HEADER = 6;
    public static final int HOP_LIMIT = 7;
    public static final int SOURCE = 8;
    public static final int DESTINATION = 24;
    public static final int LENGTH = 40;
    public static final int ADDRESS_LENGTH = 16;

    private final byte[] buf;
    private final int offset;

    private Ipv6Header(byte[] buf, int offset) {
        this.buf = buf;
        this.offset = offset;
    }

    /** Wraps the 40-byte header at {@code offset} without checking its contents. */
    public static Ipv6Header wrap(byte[] buf, int offset) {
        PacketFormatException.require("IPv6 header", buf, offset, buf == null ? 0 : buf.length - offset, LENGTH);
        return new Ipv6Header(buf, offset);
    }

    /** Wraps the header at the start of {@code buf[offset, offset+length)}, checking length and version 6. */
    public static Ipv6Header parse(byte[] buf, int offset, int length) {
        PacketFormatException.require("IPv6 header", buf, offset, length, LENGTH);
        Ipv6Header h = new Ipv6Header(buf, offset);
        if (h.version() != 6) {
            throw new PacketFormatException("IPv6 header has version " + h.version() + " (expected 6)");
        }
        return h;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int version() {
        return (buf[offset] & 0xFF) >>> 4;
    }

    public int trafficClass() {
        return (BigEndian.getU16(buf, offset) >>> 4) & 0xFF;
    }

    public int flowLabel() {
        return BigEndian.getInt(buf, offset) & 0x000F_FFFF;
    }

    /** Writes version, traffic class and flow label. */
    public Ipv6Header versionClassFlow(int version, int trafficClass, int flowLabel) {
        BigEndian.putInt(buf, offset, (version << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0xFFFFF));
        return this;
    }

    public Ipv6Header trafficClass(int value) {
        return versionClassFlow(version(), value, flowLabel());
    }

    public Ipv6Header flowLabel(int value) {
        return versionClassFlow(version(), trafficClass(), value);
    }

    public int payloadLength() {
        return BigEndian.getU16(buf, offset + PAYLOAD_LENGTH);
    }

    public Ipv6Header payloadLength(int value) {
        BigEndian.putU16(buf, offset + PAYLOAD_LENGTH, value);
        return this;
    }

    public int nextHeader() {
        return buf[offset + NEXT_HEADER] & 0xFF;
    }

    public Ipv6Header nextHeader(int value) {
        buf[offset + NEXT_HEADER] = (byte) value;
        return this;
    }

    /** Absolute offset of the next-header byte (the field naming the first extension or upper header). */
    public int nextHeaderFieldOffset() {
        return offset + NEXT_HEADER;
    }

    public int hopLimit() {
        return buf[offset + HOP_LIMIT] & 0xFF;
    }

    public Ipv6Header hopLimit(int value) {
        buf[offset + HOP_LIMIT] = (byte) value;
        return this;
    }

    public int sourceOffset() {
        return offset + SOURCE;
    }

    public int destinationOffset() {
        return offset + DESTINATION;
    }

    public byte[] source() {
        return Arrays.copyOfRange(buf, offset + SOURCE, offset + SOURCE + ADDRESS_LENGTH);
    }

    public byte[] destination() {
        return Arrays.copyOfRange(buf, offset + DESTINATION, offset + DESTINATION + ADDRESS_LENGTH);
    }

    public Ipv6Header source(byte[] address) {
        System.arraycopy(address, 0, buf, offset + SOURCE, ADDRESS_LENGTH);
        return this;
    }

    public Ipv6Header destination(byte[] address) {
        System.arraycopy(address, 0, buf, offset + DESTINATION, ADDRESS_LENGTH);
        return this;
    }

    /** Absolute offset of the first byte after the fixed header. */
    public int payloadOffset() {
        return offset + LENGTH;
    }
}
