package com.offloadnic.nic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded ring of numbered indications read by long-polling with a cursor.
 *
 * <p>Each offered value gets the next sequence number, starting at 1. A reader polls with the highest
 * sequence number it has processed (its cursor, 0 at first); the poll releases every entry up to the
 * cursor and returns the entries after it. An entry therefore stays until a later poll's cursor passes it,
 * so a lost poll response loses nothing: the reader polls again with its old cursor.
 *
 * <p>When the ring holds {@code capacity} unreleased entries, new values are dropped and counted; the count
 * travels with every poll result. Capacity is a power of two so a slot is {@code sequence & mask}.
 *
 * <p>Thread-safe. Waiting uses a {@link ReentrantLock} condition, which parks virtual threads cheaply.
 *
 * @param <T> the indication type (status indications, receive indications)
 */
public final class IndicationRing<T> {

    /** One indication with its sequence number. */
    public record Entry<T>(long sequence, T value) {
    }

    /**
     * The result of a poll.
     *
     * @param entries    indications after the cursor, oldest first
     * @param nextCursor the cursor for the next poll: the last returned sequence, or the cursor if none
     * @param dropped    values dropped because the ring was full, since the ring was created
     * @param closed     true when the ring's owner has gone (the NIC was removed)
     */
    public record Batch<T>(List<Entry<T>> entries, long nextCursor, long dropped, boolean closed) {
    }

    private final Object[] slots;
    private final int mask;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();

    /** Sequence number of the oldest retained entry. */
    private long tail = 1;
    /** Sequence number the next offered value will get. */
    private long head = 1;
    private long dropped;
    private boolean closed;

    public IndicationRing(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two, got " + capacity);
        }
        this.slots = new Object[capacity];
        this.mask = capacity - 1;
    }

    public int capacity() {
        return slots.length;
    }

    /**
     * Appends a value, waking waiting readers.
     *
     * @return its sequence number, or -1 when the ring was full (or closed) and the value was dropped
     */
    public long offer(T value) {
        lock.lock();
        try {
            if (closed || head - tail == slots.length) {
                dropped++;
                return -1;
            }
            long sequence = head++;
            slots[(int) (sequence & mask)] = value;
            notEmpty.signalAll();
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases entries up to {@code cursor} and returns up to {@code maxEntries} entries after it, waiting up
     * to {@code timeoutNanos} when there are none.
     *
     * @throws IllegalArgumentException when the cursor is negative or ahead of the last sequence number given
     */
    public Batch<T> poll(long cursor, int maxEntries, long timeoutNanos) throws InterruptedException {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        lock.lock();
        try {
            if (cursor < 0 || cursor > head - 1) {
                throw new IllegalArgumentException(
                        "cursor " + cursor + " is outside 0.." + (head - 1) + " (the last sequence number given)");
            }
            release(cursor);
            long remaining = timeoutNanos;
            while (!closed && head - 1 <= Math.max(cursor, tail - 1) && remaining > 0) {
                remaining = notEmpty.awaitNanos(remaining);
            }
            return collect(cursor, maxEntries);
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #poll(long, int, long)} with a {@link TimeUnit}. */
    public Batch<T> poll(long cursor, int maxEntries, long timeout, TimeUnit unit) throws InterruptedException {
        return poll(cursor, maxEntries, unit.toNanos(timeout));
    }

    private void release(long cursor) {
        while (tail <= cursor && tail < head) {
            slots[(int) (tail & mask)] = null;
            tail++;
        }
    }

    @SuppressWarnings("unchecked")
    private Batch<T> collect(long cursor, int maxEntries) {
        long from = Math.max(cursor + 1, tail);
        long to = Math.min(head, from + maxEntries);
        List<Entry<T>> entries = new ArrayList<>((int) Math.max(0, to - from));
        for (long s = from; s < to; s++) {
            entries.add(new Entry<>(s, (T) slots[(int) (s & mask)]));
        }
        long next = entries.isEmpty() ? Math.max(cursor, from - 1) : to - 1;
        return new Batch<>(List.copyOf(entries), next, dropped, closed);
    }

    /** Values dropped because the ring was full. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Unreleased entries. */
    public int size() {
        lock.lock();
        try {
            return (int) (head - tail);
        } finally {
            lock.unlock();
        }
    }

    /** The last sequence number given, 0 when none. */
    public long lastSequence() {
        lock.lock();
        try {
            return head - 1;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the ring: waiting readers return at once, later offers are dropped. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
