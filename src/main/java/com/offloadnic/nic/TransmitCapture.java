package com.offloadnic.nic;

import com.offloadnic.packet.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The NIC's wire as a rig can inspect it: the last {@link #capacity()} frames the NIC transmitted, in transmit
 * order, downloadable as a pcap file (linktype Ethernet). When full, the oldest frame makes room and is counted
 * in {@link #overwritten()}. Thread-safe.
 */
public final class TransmitCapture {

    /** Frames kept per NIC unless the rig sets another capacity. */
    public static final int DEFAULT_CAPACITY = 4096;
    /** The largest capacity a rig may set. */
    public static final int MAX_CAPACITY = 65_536;

    /** One captured frame. */
    public record Frame(Instant timestamp, byte[] data) {
    }

    private final Clock clock;
    private Frame[] ring;
    private int start;
    private int size;
    private long overwritten;
    private long captured;

    public TransmitCapture(Clock clock, int capacity) {
        this.clock = clock;
        this.ring = new Frame[checkCapacity(capacity)];
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capture capacity " + capacity + " out of range (expected 1 to "
                    + MAX_CAPACITY + ")");
        }
        return capacity;
    }

    /** Appends transmitted frames in order; the frames must not change afterwards. */
    public synchronized void record(List<byte[]> frames) {
        Instant now = clock.instant();
        for (byte[] f : frames) {
            int slot = (start + size) % ring.length;
            if (size == ring.length) {
                start = (start + 1) % ring.length;
                overwritten++;
            } else {
                size++;
            }
            ring[slot] = new Frame(now, f);
            captured++;
        }
    }

    /** The kept frames, oldest first. */
    public synchronized List<Frame> frames() {
        List<Frame> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[(start + i) % ring.length]);
        }
        return out;
    }

    /** Forgets every kept frame (the counters restart too). */
    public synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        start = 0;
        size = 0;
        overwritten = 0;
        captured = 0;
    }

    /** Sets a new capacity; the kept frames are cleared. */
    public synchronized void resize(int capacity) {
        ring = new Frame[checkCapacity(capacity)];
        start = 0;
        size = 0;
        overwritten = 0;
        captured = 0;
    }

    public synchronized int capacity() {
        return ring.length;
    }

    public synchronized int size() {
        return size;
    }

    /** Frames dropped from the front to make room since the last clear. */
    public synchronized long overwritten() {
        return overwritten;
    }

    /** Frames captured since the last clear. */
    public synchronized long captured() {
        return captured;
    }

    /** Writes the kept frames as a pcap file (microsecond timestamps, linktype Ethernet). */
    public void writePcap(OutputStream out) throws IOException {
        List<Frame> frames = frames();
        PcapWriter w = new PcapWriter(out);
        for (Frame f : frames) {
            w.write(f.timestamp(), f.data(), 0, f.data().length);
        }
        w.flush();
    }
}
