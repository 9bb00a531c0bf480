package com.offloadnic.packet;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classic libpcap file: either byte order, microsecond or nanosecond magic, link type 1 (Ethernet)
 * only. Record lengths are checked against the file's snaplen and {@link #MAX_RECORD_LENGTH} before anything
 * is allocated, so a hostile file cannot make it allocate absurd sizes. Malformed or truncated input raises
 * {@link PacketFormatException}; I/O errors of the stream stay {@link IOException}s.
 */
public final class PcapReader {

    /** Largest record accepted, whatever the file's snaplen says (the common maximum, 256 KiB). */
    public static final int MAX_RECORD_LENGTH = 262_144;

    private final InputStream in;
    private final boolean bigEndian;
    private final boolean nanoseconds;
    private final int snaplen;
    private final int linkType;
    private final byte[] recordHeader = new byte[PcapWriter.RECORD_HEADER_LENGTH];
    private long recordIndex;

    /** Reads and checks the global header. */
    public PcapReader(InputStream in) throws IOException {
        this.in = in;
        byte[] header = new byte[PcapWriter.GLOBAL_HEADER_LENGTH];
        int n = in.readNBytes(header, 0, header.length);
        if (n < header.length) {
            throw PacketFormatException.tooShort("pcap global header", n, PcapWriter.GLOBAL_HEADER_LENGTH);
        }
        int magicBe = BigEndian.getInt(header, 0);
        int magicLe = Integer.reverseBytes(magicBe);
        if (magicBe == PcapWriter.MAGIC_MICROSECONDS || magicBe == PcapWriter.MAGIC_NANOSECONDS) {
            bigEndian = true;
            nanoseconds = magicBe == PcapWriter.MAGIC_NANOSECONDS;
        } else if (magicLe == PcapWriter.MAGIC_MICROSECONDS || magicLe == PcapWriter.MAGIC_NANOSECONDS) {
            bigEndian = false;
            nanoseconds = magicLe == PcapWriter.MAGIC_NANOSECONDS;
        } else {
            throw new PacketFormatException(String.format(
                    "not a classic pcap file: magic 0x%08x (expected 0xa1b2c3d4 or 0xa1b23c4d in either byte order;"
                            + " pcapng is not supported)", magicBe));
        }
        int major = u16(header, 4);
        if (major != 2) {
            throw new PacketFormatException("pcap major version " + major + " is not supported (expected 2)");
        }
        long snap = u32(header, 16);
        linkType = (int) (u32(header, 20) & 0x0FFF_FFFF);
        if (linkType != PcapWriter.LINKTYPE_ETHERNET) {
            throw new PacketFormatException("pcap link type " + linkType
                    + " is not supported (expected 1, Ethernet)");
        }
        snaplen = snap == 0 || snap > MAX_RECORD_LENGTH ? MAX_RECORD_LENGTH : (int) snap;
    }

    /** Reads every record of a pcap file held in memory. */
    public static List<PcapRecord> readAll(byte[] file) {
        try {
            PcapReader reader = new PcapReader(new java.io.ByteArrayInputStream(file));
            List<PcapRecord> records = new ArrayList<>();
            for (PcapRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
            return records;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public boolean nanosecondTimestamps() {
        return nanoseconds;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** The effective snaplen: the file's, capped at {@link #MAX_RECORD_LENGTH} (0 in the file means the cap). */
    public int snaplen() {
        return snaplen;
    }

    public int linkType() {
        return linkType;
    }

    /** The next record, or null at a clean end of file. */
    public PcapRecord next() throws IOException {
        int n = in.readNBytes(recordHeader, 0, recordHeader.length);
        if (n == 0) {
            return null;
        }
        if (n < recordHeader.length) {
            throw PacketFormatException.tooShort("pcap record " + recordIndex + " header", n,
                    PcapWriter.RECORD_HEADER_LENGTH);
        }
        long seconds = u32(recordHeader, 0);
        long fraction = u32(recordHeader, 4);
        long included = u32(recordHeader, 8);
        long original = u32(recordHeader, 12);
        long limit = nanoseconds ? 999_999_999L : 999_999L;
        if (fraction > limit) {
            throw new PacketFormatException("pcap record " + recordIndex + " has sub-second timestamp "
                    + fraction + " (expected at most " + limit + ")");
        }
        if (included > snaplen) {
            throw new PacketFormatException("pcap record " + recordIndex + " claims " + included
                    + " captured bytes (expected at most the snaplen " + snaplen + ")");
        }
        if (included > original) {
            throw new PacketFormatException("pcap record " + recordIndex + " claims " + included
                    + " captured bytes but an original length of only " + original);
        }
        byte[] data = in.readNBytes((int) included);
        if (data.length < included) {
            throw PacketFormatException.tooShort("pcap record " + recordIndex + " data", data.length,
                    (int) included);
        }
        recordIndex++;
        int nanos = (int) (nanoseconds ? fraction : fraction * 1000);
        return new PcapRecord(seconds, nanos, data, (int) Math.min(original, Integer.MAX_VALUE));
    }

    private int u16(byte[] b, int off) {
        int v = BigEndian.getU16(b, off);
        return bigEndian ? v : Integer.reverseBytes(v) >>> 16;
    }

    private long u32(byte[] b, int off) {
        int v = BigEndian.getInt(b, off);
        return (bigEndian ? v : Integer.reverseBytes(v)) & 0xFFFF_FFFFL;
    }
}
