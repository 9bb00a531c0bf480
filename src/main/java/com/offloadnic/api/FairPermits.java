package com.offloadnic.api;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A few permits (one per core) shared by tenants in weighted round robin: while permits are free they are taken at
 * once; when none is, each tenant waits in its own FIFO line, and a permit given back goes to the head of the line
 * of the tenant whose turn it is (a tenant of weight {@code w} gets up to {@code w} permits per turn, then goes to
 * the back of the rotation). A tenant that starts waiting while another keeps every permit busy therefore gets one
 * after at most the other waiting tenants' weights' worth of releases, however many requests they have waiting.
 *
 * <p>Hand-off is direct: a released permit is granted to the chosen waiter before it wakes, so a newcomer cannot
 * overtake a waiter. Waiting does not spin and holds no carrier thread (virtual threads unmount while parked). The
 * lines themselves are bounded by the caller (the number of requests a tenant may have in progress).
 */
final class FairPermits {

    private final int permits;
    private final ReentrantLock lock = new ReentrantLock();
    /** Tenants with waiters, in rotation order; the head is served next. Guarded by {@link #lock}. */
    private final LinkedHashMap<String, Line> lines = new LinkedHashMap<>();
    private int free;

    FairPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + permits);
        }
        this.permits = permits;
        this.free = permits;
    }

    /** Takes a permit for {@code tenantId}, waiting for its turn if none is free. Not interruptible. */
    void acquire(String tenantId, int weight) {
        Objects.requireNonNull(tenantId, "tenantId");
        lock.lock();
        try {
            if (free > 0 && lines.isEmpty()) {
                free--;
                return;
            }
            var waiter = new Waiter(lock.newCondition());
            Line line = lines.get(tenantId);
            if (line == null) {
                line = new Line(tenantId, Math.max(1, weight));
                lines.put(tenantId, line);
            }
            line.waiters.addLast(waiter);
            while (!waiter.granted) {
                waiter.wakeUp.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives a permit back: to the waiter whose turn it is, or to the free pool if nobody waits. */
    void release() {
        lock.lock();
        try {
            if (lines.isEmpty()) {
                if (free == permits) {
                    throw new IllegalStateException("more permits released than taken");
                }
                free++;
                return;
            }
            Line head = lines.firstEntry().getValue();
            Waiter next = head.waiters.pollFirst();
            head.servedThisTurn++;
            if (head.waiters.isEmpty()) {
                lines.pollFirstEntry();
            } else if (head.servedThisTurn >= head.weight) {
                head.servedThisTurn = 0;
                lines.pollFirstEntry();
                lines.put(head.tenantId, head);
            }
            next.granted = true;
            next.wakeUp.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Permits not held by anyone now. */
    int available() {
        lock.lock();
        try {
            return free;
        } finally {
            lock.unlock();
        }
    }

    /** Requests of {@code tenantId} waiting for a permit now. */
    int waiting(String tenantId) {
        lock.lock();
        try {
            Line line = lines.get(tenantId);
            return line == null ? 0 : line.waiters.size();
        } finally {
            lock.unlock();
        }
    }

    private static final class Waiter {
        final Condition wakeUp;
        boolean granted;

        Waiter(Condition wakeUp) {
            this.wakeUp = wakeUp;
        }
    }

    private static final class Line {
        final String tenantId;
        final int weight;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        int servedThisTurn;

        Line(String tenantId, int weight) {
            this.tenantId = tenantId;
            this.weight = weight;
        }
    }
}
