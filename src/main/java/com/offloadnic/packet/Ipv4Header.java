package com.offloadnic.packet;

import java.util.Arrays;

/**
 * View over an IPv4 header in a byte array (RFC 791 section 3.1), big-endian; getters read and setters write
 * the wrapped bytes directly.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Flags: bit 0 reserved, bit 1 DF, bit 2 MF. Fragment offset in 8-byte units.
 */
public final class Ipv4Header {

    public static final int VERSION_IHL = 0;
    public static final int TOS = 1;
    public static final int TOTAL_LENGTH = 2;
    public static final int IDENTIFICATION = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL = 8;
    public static final int PROTOCOL = 9;
    public static final int HEADER_CHECKSUM = 10;
    public static final int SOURCE = 12;
    public static final int DESTINATION = 16;
    public static final int OPTIONS = 20;
    public static final int MIN_LENGTH = 20;
    public static final int MAX_LENGTH = 60;
    public static final int ADDRESS_LENGTH = 4;

    public static final int FLAG_RESERVED = 0x8000;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private final byte[] buf;
    private final int offset;

    private Ipv4Header(byte[] buf, int offset) {
        this.buf = buf;
        this.offset = offset;
    }

    /**
     * Wraps the 20-byte fixed header at {@code offset} without checking its contents (for writing a new
     * header, or after {@link #parse}).
     */
    public static Ipv4Header wrap(byte[] buf, int offset) {
        PacketFormatException.require("IPv4 header", buf, offset, buf == null ? 0 : buf.length - offset,
                MIN_LENGTH);
        return new Ipv4Header(buf, offset);
    }

    /**
     * Wraps and validates the header at the start of {@code buf[offset, offset+length)}: version 4, IHL at
     * least 5, the header (options included) within {@code length}. Total length is not checked against
     * {@code length} here (LSOv2 templates carry 0); {@link IpPacket#parse} checks it.
     */
    public static Ipv4Header parse(byte[] buf, int offset, int length) {
        PacketFormatException.require("IPv4 header", buf, offset, length, MIN_LENGTH);
        Ipv4Header h = new Ipv4Header(buf, offset);
        if (h.version() != 4) {
            throw new PacketFormatException("IPv4 header has version " + h.version() + " (expected 4)");
        }
        if (h.ihl() < 5) {
            throw new PacketFormatException("IPv4 header length (IHL) " + h.ihl() + " is below the minimum 5");
        }
        if (h.headerLength() > length) {
            throw PacketFormatException.tooShort("IPv4 header with options (IHL " + h.ihl() + ")", length,
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

    public int version() {
        return (buf[offset + VERSION_IHL] & 0xFF) >>> 4;
    }

    /** Header length in 32-bit words. */
    public int ihl() {
        return buf[offset + VERSION_IHL] & 0x0F;
    }

    /** Header length in bytes, options included. */
    public int headerLength() {
        return ihl() * 4;
    }

    public Ipv4Header versionAndIhl(int version, int ihl) {
        buf[offset + VERSION_IHL] = (byte) ((version << 4) | (ihl & 0x0F));
        return this;
    }

    public int tos() {
        return buf[offset + TOS] & 0xFF;
    }

    public Ipv4Header tos(int tos) {
        buf[offset + TOS] = (byte) tos;
        return this;
    }

    public int dscp() {
        return tos() >>> 2;
    }

    public int ecn() {
        return tos() & 0x03;
    }

    public int totalLength() {
        return BigEndian.getU16(buf, offset + TOTAL_LENGTH);
    }

    public Ipv4Header totalLength(int value) {
        BigEndian.putU16(buf, offset + TOTAL_LENGTH, value);
        return this;
    }

    public int identification() {
        return BigEndian.getU16(buf, offset + IDENTIFICATION);
    }

    public Ipv4Header identification(int value) {
        BigEndian.putU16(buf, offset + IDENTIFICATION, value);
        return this;
    }

    /** The 16-bit flags + fragment offset word. */
    public int flagsAndFragmentOffset() {
        return BigEndian.getU16(buf, offset + FLAGS_FRAGMENT_OFFSET);
    }

    public Ipv4Header flagsAndFragmentOffset(int value) {
        BigEndian.putU16(buf, offset + FLAGS_FRAGMENT_OFFSET, value);
        return this;
    }

    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DF) != 0;
    }

    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MF) != 0;
    }

    /** Fragment offset in 8-byte units. */
    public int fragmentOffset() {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
    }

    /** MF set or a non-zero fragment offset. */
    public boolean isFragment() {
        return moreFragments() || fragmentOffset() != 0;
    }

    public int ttl() {
        return buf[offset + TTL] & 0xFF;
    }

    public Ipv4Header ttl(int value) {
        buf[offset + TTL] = (byte) value;
        return this;
    }

    public int protocol() {
        return buf[offset + PROTOCOL] & 0xFF;
    }

    public Ipv4Header protocol(int value) {
        buf[offset + PROTOCOL] = (byte) value;
        return this;
    }

    public int headerChecksum() {
        return BigEndian.getU16(buf, offset + HEADER_CHECKSUM);
    }

    public Ipv4Header headerChecksum(int value) {
        BigEndian.putU16(buf, offset + HEADER_CHECKSUM, value);
        return this;
    }

    /** Absolute offset of the source address. */
    public int sourceOffset() {
        return offset + SOURCE;
    }

    /** Absolute offset of the destination address. */
    public int destinationOffset() {
        return offset + DESTINATION;
    }

    public byte[] source() {
        return Arrays.copyOfRange(buf, offset + SOURCE, offset + SOURCE + ADDRESS_LENGTH);
    }

    public byte[] destination() {
        return Arrays.copyOfRange(buf, offset + DESTINATION, offset + DESTINATION + ADDRESS_LENGTH);
    }

    public Ipv4Header source(byte[] address) {
        System.arraycopy(address, 0, buf, offset + SOURCE, ADDRESS_LENGTH);
        return this;
    }

    public Ipv4Header destination(byte[] address) {
        System.arraycopy(address, 0, buf, offset + DESTINATION, ADDRESS_LENGTH);
        return this;
    }

    public boolean hasOptions() {
        return ihl() > 5;
    }

    /** Absolute offset of the options (equal to the payload offset when there are none). */
    public int optionsOffset() {
        return offset + OPTIONS;
    }

    public int optionsLength() {
        return Math.max(0, headerLength() - MIN_LENGTH);
    }

    /** Absolute offset of the first byte after the header (options included). */
    public int payloadOffset() {
        return offset + headerLength();
    }

    /** The header checksum the header should carry, computed with the checksum field taken as zero. */
    public int computeHeaderChecksum() {
        int len = headerLength();
        int s = Checksums.sum(buf, offset, HEADER_CHECKSUM);
        s = Checksums.sum(buf, offset + HEADER_CHECKSUM + 2, len - HEADER_CHECKSUM - 2, s);
        return Checksums.finish(s);
    }

    /** Computes and writes the header checksum. */
    public Ipv4Header updateHeaderChecksum() {
        return headerChecksum(computeHeaderChecksum());
    }

    public boolean isHeaderChecksumValid() {
        return Checksums.verifies(Checksums.sum(buf, offset, headerLength()));
    }
}
