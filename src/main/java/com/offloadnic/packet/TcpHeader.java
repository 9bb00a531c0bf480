package com.offloadnic.packet;

/**
 * View over a TCP header (RFC 9293 section 3.1; CWR/ECE from RFC 3168), big-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           [Options]                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpHeader {

    public static final int SOURCE_PORT = 0;
    public static final int DESTINATION_PORT = 2;
    public static final int SEQUENCE_NUMBER = 4;
    public static final int ACKNOWLEDGMENT_NUMBER = 8;
    public static final int DATA_OFFSET = 12;
    public static final int FLAGS = 13;
    public static final int WINDOW = 14;
    public static final int CHECKSUM = 16;
    public static final int URGENT_POINTER = 18;
    public static final int OPTIONS = 20;
    public static final int MIN_LENGTH = 20;
    public static final int MAX_LENGTH = 60;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private final byte[] buf;
    private final int offset;

    private TcpHeader(byte[] buf, int offset) {
        this.buf = buf;
        this.offset = offset;
    }

    /** Wraps the 20-byte fixed header at {@code offset} without checking its contents. */
    public static TcpHeader wrap(byte[] buf, int offset) {
        PacketFormatException.require("TCP header", buf, offset, buf == null ? 0 : buf.length - offset,
                MIN_LENGTH);
        return new TcpHeader(buf, offset);
    }

    /** Wraps and validates: data offset at least 5 and the header (options included) within {@code length}. */
    public static TcpHeader parse(byte[] buf, int offset, int length) {
        PacketFormatException.require("TCP header", buf, offset, length, MIN_LENGTH);
        TcpHeader h = new TcpHeader(buf, offset);
        if (h.dataOffset() < 5) {
            throw new PacketFormatException("TCP data offset " + h.dataOffset() + " is below the minimum 5");
        }
        if (h.headerLength() > length) {
            throw PacketFormatException.tooShort("TCP header with options (data offset " + h.dataOffset() + ")",
                    length, h.headerLength());
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

    public TcpHeader sourcePort(int port) {
        BigEndian.putU16(buf, offset + SOURCE_PORT, port);
        return this;
    }

    public int destinationPort() {
        return BigEndian.getU16(buf, offset + DESTINATION_PORT);
    }

    public TcpHeader destinationPort(int port) {
        BigEndian.putU16(buf, offset + DESTINATION_PORT, port);
        return this;
    }

    public long sequenceNumber() {
        return BigEndian.getU32(buf, offset + SEQUENCE_NUMBER);
    }

    public TcpHeader sequenceNumber(long value) {
        BigEndian.putU32(buf, offset + SEQUENCE_NUMBER, value);
        return this;
    }

    public long acknowledgmentNumber() {
        return BigEndian.getU32(buf, offset + ACKNOWLEDGMENT_NUMBER);
    }

    public TcpHeader acknowledgmentNumber(long value) {
        BigEndian.putU32(buf, offset + ACKNOWLEDGMENT_NUMBER, value);
        return this;
    }

    /** Header length in 32-bit words. */
    public int dataOffset() {
        return (buf[offset + DATA_OFFSET] & 0xFF) >>> 4;
    }

    /** Sets the data offset, keeping the low (reserved / AE) bits of that byte. */
    public TcpHeader dataOffset(int words) {
        buf[offset + DATA_OFFSET] = (byte) ((words << 4) | (buf[offset + DATA_OFFSET] & 0x0F));
        return this;
    }

    public int headerLength() {
        return dataOffset() * 4;
    }

    /** The 8 flag bits CWR..FIN (the byte at offset 13). */
    public int flags() {
        return buf[offset + FLAGS] & 0xFF;
    }

    public TcpHeader flags(int value) {
        buf[offset + FLAGS] = (byte) value;
        return this;
    }

    public boolean hasFlag(int flag) {
        return (flags() & flag) != 0;
    }

    public boolean fin() {
        return hasFlag(FIN);
    }

    public boolean syn() {
        return hasFlag(SYN);
    }

    public boolean rst() {
        return hasFlag(RST);
    }

    public boolean psh() {
        return hasFlag(PSH);
    }

    public boolean ack() {
        return hasFlag(ACK);
    }

    public boolean urg() {
        return hasFlag(URG);
    }

    public boolean ece() {
        return hasFlag(ECE);
    }

    public boolean cwr() {
        return hasFlag(CWR);
    }

    public int window() {
        return BigEndian.getU16(buf, offset + WINDOW);
    }

    public TcpHeader window(int value) {
        BigEndian.putU16(buf, offset + WINDOW, value);
        return this;
    }

    public int checksum() {
        return BigEndian.getU16(buf, offset + CHECKSUM);
    }

    public TcpHeader checksum(int value) {
        BigEndian.putU16(buf, offset + CHECKSUM, value);
        return this;
    }

    public int urgentPointer() {
        return BigEndian.getU16(buf, offset + URGENT_POINTER);
    }

    public TcpHeader urgentPointer(int value) {
        BigEndian.putU16(buf, offset + URGENT_POINTER, value);
        return this;
    }

    public boolean hasOptions() {
        return dataOffset() > 5;
    }

    /** Absolute offset of the options. */
    public int optionsOffset() {
        return offset + OPTIONS;
    }

    public int optionsLength() {
        return Math.max(0, headerLength() - MIN_LENGTH);
    }

    /** Absolute offset of the first payload byte. */
    public int payloadOffset() {
        return offset + headerLength();
    }
}
