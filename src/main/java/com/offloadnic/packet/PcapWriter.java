package com.offloadnic.packet;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * Writes a classic libpcap file (little-endian, microsecond timestamps, version 2.4, link type 1 Ethernet) to
 * an {@link OutputStream}; the global header is written on construction. Not thread-safe.
 */
public final class PcapWriter implements AutoCloseable {

    public static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int GLOBAL_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;
    public static final int DEFAULT_SNAPLEN = 262_144;

    private final OutputStream out;
    private final int snaplen;
    private final byte[] recordHeader = new byte[RECORD_HEADER_LENGTH];

    public PcapWriter(OutputStream out) throws IOException {
        this(out, DEFAULT_SNAPLEN);
    }

    public PcapWriter(OutputStream out, int snaplen) throws IOException {
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
        }
        this.out = out;
        this.snaplen = snaplen;
        byte[] header = new byte[GLOBAL_HEADER_LENGTH];
        putLe32(header, 0, MAGIC_MICROSECONDS);
        putLe16(header, 4, 2);
        putLe16(header, 6, 4);
        putLe32(header, 8, 0);
        putLe32(header, 12, 0);
        putLe32(header, 16, snaplen);
        putLe32(header, 20, LINKTYPE_ETHERNET);
        out.write(header);
    }

    /** Writes one frame captured at {@code timestamp} (truncated to microseconds). */
    public void write(Instant timestamp, byte[] buf, int offset, int length) throws IOException {
        write(timestamp.getEpochSecond(), timestamp.getNano() / 1000, buf, offset, length);
    }

    /** Writes one frame; frames longer than the snaplen are cut, keeping their original length. */
    public void write(long seconds, int microseconds, byte[] buf, int offset, int length) throws IOException {
        PacketFormatException.checkRange(buf, offset, length);
        if (seconds < 0 || seconds > 0xFFFF_FFFFL || microseconds < 0 || microseconds > 999_999) {
            throw new IllegalArgumentException("timestamp out of range for classic pcap: " + seconds + "."
                    + microseconds);
        }
        int captured = Math.min(length, snaplen);
        putLe32(recordHeader, 0, (int) seconds);
        putLe32(recordHeader, 4, microseconds);
        putLe32(recordHeader, 8, captured);
        putLe32(recordHeader, 12, length);
        out.write(recordHeader);
        out.write(buf, offset, captured);
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putLe16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }
}
