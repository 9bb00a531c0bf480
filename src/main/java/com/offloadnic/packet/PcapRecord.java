package com.offloadnic.packet;

import java.time.Instant;

/**
 * One pcap record: its timestamp, the captured bytes, and the frame's original length on the wire.
 *
 * @param data owned by this record (a fresh array per record)
 */
public record PcapRecord(long seconds, int nanoseconds, byte[] data, int originalLength) {

    public Instant timestamp() {
        return Instant.ofEpochSecond(seconds, nanoseconds);
    }

    public boolean truncated() {
        return data.length < originalLength;
    }
}
