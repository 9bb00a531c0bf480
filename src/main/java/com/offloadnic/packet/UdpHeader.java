package com.offloadnic.packet;

/**
 * View over a UDP header (RFC 768), big-endian. Also the RFC 3948 UDP encapsulation of ESP (port 4500).
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |     Source      |   Destination   |
 * |      Port       |      Port       |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * </pre>
 */
public final class UdpHeader {

    public static final int SOURCE_PORT = 0;
    public static final int DESTINATION_PORT = 2;
    public static final int LENGTH_FIELD = 4;
    public static final int CHECKSUM = 6;
    public static final int LENGTH = 8;
    /** IKE and UDP-encapsulated ESP (RFC 3948). */
    public static final int PORT_NAT_T = 4500;

    private final byte[] buf;
    private final int offset;

    private UdpHeader(byte[] buf, int offset) {
        this.buf = buf;
        this.offset = offset;
    }

    /** Wraps the 8-byte header at {@code offset} without checking its contents. */
    public static UdpHeader wrap(byte[] buf, int offset) {
        PacketFormatException.require("UDP header", buf, offset, buf == null ? 0 : buf.length - offset, LENGTH);
        return new UdpHeader(buf, offset);
    }

    /** Wraps and validates: the length field at least 8 and within {@code length}. */
    public static UdpHeader parse(byte[] buf, int offset, int length) {
        PacketFormatException.require("UDP header", buf, offset, length, LENGTH);
        UdpHeader h = new UdpHeader(buf, offset);
        if (h.length() < LENGTH) {
            throw new PacketFormatException("UDP length " + h.length() + " is shorter than its 8-byte header");
        }
        if (h.length() > length) {
            throw new PacketFormatException("UDP length " + h.length() + " exceeds the " + length
                    + " bytes available");
        }
        return h;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int sourcePort() {
        return BigEndian.getU16(buf, offset + SOURCE_PORT);
    }

    public UdpHeader sourcePort(int port) {
        BigEndian.putU16(buf, offset + SOURCE_PORT, port);
        return this;
    }

    public int destinationPort() {
        return BigEndian.getU16(buf, offset + DESTINATION_PORT);
    }

    public UdpHeader destinationPort(int port) {
        BigEndian.putU16(buf, offset + DESTINATION_PORT, port);
        return this;
    }

    /** Header plus payload length in bytes. */
    public int length() {
        return BigEndian.getU16(buf, offset + LENGTH_FIELD);
    }

    public UdpHeader length(int value) {
        BigEndian.putU16(buf, offset + LENGTH_FIELD, value);
        return this;
    }

    public int checksum() {
        return BigEndian.getU16(buf, offset + CHECKSUM);
    }

    public UdpHeader checksum(int value) {
        BigEndian.putU16(buf, offset + CHECKSUM, value);
        return this;
    }

    public int payloadOffset() {
        return offset + LENGTH;
    }
}
