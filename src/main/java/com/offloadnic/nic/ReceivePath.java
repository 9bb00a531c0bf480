package com.offloadnic.nic;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import com.offloadnic.ipsec.CryptoStatus;
import com.offloadnic.ipsec.ReceiveIndication;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The receive side of one NIC: frames arrive (injected, uploaded as pcap, or transmitted by the linked NIC), are
 * processed on the shared {@link CryptoPool}, and their indications are published to a bounded
 * {@link IndicationRing} in arrival order, whatever order the workers finish in.
 *
 * <p>Each frame reserves a place in the ring when it arrives: the ring's unreleased entries plus the frames still
 * in flight never exceed its capacity. A frame that finds no place is dropped and counted, and that count travels
 * with every poll ({@link Poll#dropped()}). A frame the crypto pool refuses is not reserved, not counted as
 * arrived, and reported to the caller ({@link Admission#refusal()}), so the rig can retry it.
 */
public final class ReceivePath {

    /**
     * What happened to a batch of arriving frames.
     *
     * @param accepted        frames queued for processing (each will be indicated)
     * @param droppedRingFull frames dropped because the ring (with the frames in flight) was full, or, for frames
     *                        from a link, because the crypto pool was saturated
     * @param refusal         set when the crypto pool refused the frames from {@code accepted + droppedRingFull}
     *                        on; those frames were neither processed nor counted
     */
    public record Admission(int accepted, int droppedRingFull, PoolSaturatedException refusal) {
        public int refused(int offered) {
            return offered - accepted - droppedRingFull;
        }
    }

    /**
     * One poll of the ring.
     *
     * @param indications indications after the cursor, oldest first
     * @param nextCursor  cursor for the next poll
     * @param dropped     frames dropped (ring full; crypto pool saturated for frames from a link), since the NIC
     *                    was created
     * @param closed      the NIC was removed
     */
    public record Poll(List<IndicationRing.Entry<ReceiveIndication>> indications, long nextCursor, long dropped,
            boolean closed) {
    }

    private final IndicationRing<ReceiveIndication> ring;
    private final ReceiveStatistics statistics = new ReceiveStatistics();
    private final String tenantId;
    private final Supplier<Function<byte[], ReceiveIndication>> processor;
    private final ReentrantLock lock = new ReentrantLock();
    /** Arrival number the next accepted frame gets. Guarded by {@link #lock}. */
    private long nextArrival;
    /** Arrival number of the next indication to publish. Guarded by {@link #lock}. */
    private long nextPublish;
    /** Finished indications waiting for earlier arrivals. Guarded by {@link #lock}. */
    private final Map<Long, ReceiveIndication> finished = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private long droppedRingFull;

    /**
     * @param capacity  ring size (a power of two)
     * @param tenantId  the tenant whose share of the crypto pool the processing uses
     * @param processor called once per batch on arrival: the function that processes one frame under the NIC's
     *                  configuration and SAs of that moment
     */
    public ReceivePath(int capacity, String tenantId, Supplier<Function<byte[], ReceiveIndication>> processor) {
        this.ring = new IndicationRing<>(capacity);
        this.tenantId = Objects.requireNonNull(tenantId);
        this.processor = Objects.requireNonNull(processor);
    }

    public ReceiveStatistics statistics() {
        return statistics;
    }

    public int capacity() {
        return ring.capacity();
    }

    /**
     * Admits frames in order. Never blocks: processing runs on {@code pool}, publication follows arrival order.
     */
    public Admission receive(List<byte[]> frames, CryptoPool pool) {
        return receive(frames, pool, false);
    }

    /**
     * Frames from the linked NIC's wire: nobody can retry them, so frames the crypto pool refuses are dropped
     * like frames that find the ring full — counted, and reported in every poll — and the admission never
     * carries a refusal.
     */
    public Admission receiveFromWire(List<byte[]> frames, CryptoPool pool) {
        return receive(frames, pool, true);
    }

    private Admission receive(List<byte[]> frames, CryptoPool pool, boolean dropRefused) {
        Function<byte[], ReceiveIndication> process = processor.get();
        int accepted = 0;
        int dropped = 0;
        lock.lock();
        try {
            for (byte[] frame : frames) {
                long inFlight = nextArrival - nextPublish;
                if (ring.size() + inFlight >= ring.capacity()) {
                    statistics.arrived(frame.length);
                    statistics.droppedRingFull();
                    droppedRingFull++;
                    dropped++;
                    continue;
                }
                long arrival = nextArrival;
                CompletableFuture<ReceiveIndication> future;
                try {
                    future = pool.submit(tenantId, () -> process.apply(frame));
                } catch (PoolSaturatedException e) {
                    if (!dropRefused) {
                        return new Admission(accepted, dropped, e);
                    }
                    statistics.arrived(frame.length);
                    statistics.droppedCryptoBusy();
                    droppedRingFull++;
                    dropped++;
                    continue;
                } catch (RejectedExecutionException e) {
                    return new Admission(accepted, dropped, null);
                }
                nextArrival++;
                statistics.arrived(frame.length);
                accepted++;
                future.whenComplete((indication, failure) -> finish(arrival,
                        indication != null ? indication : unexpectedFailure(frame)));
            }
            return new Admission(accepted, dropped, null);
        } finally {
            lock.unlock();
        }
    }

    /** A frame whose processing threw: still indicated, as it arrived, with CRYPTO_GENERIC_ERROR. */
    private static ReceiveIndication unexpectedFailure(byte[] frame) {
        return new ReceiveIndication(frame.clone(), true, false, CryptoStatus.CRYPTO_GENERIC_ERROR, false,
                ReceiveIndication.HeaderInfo.NOT_SET, null, 0);
    }

    private void finish(long arrival, ReceiveIndication indication) {
        lock.lock();
        try {
            finished.put(arrival, indication);
            ReceiveIndication next;
            while ((next = finished.remove(nextPublish)) != null) {
                nextPublish++;
                statistics.indicated(next);
                ring.offer(next);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Long-polls the ring: see {@link IndicationRing#poll(long, int, long)}. */
    public Poll poll(long cursor, int max, long timeoutNanos) throws InterruptedException {
        IndicationRing.Batch<ReceiveIndication> batch = ring.poll(cursor, max, timeoutNanos);
        return new Poll(batch.entries(), batch.nextCursor(), dropped() + batch.dropped(), batch.closed());
    }

    /** Frames dropped because the ring was full. */
    public long dropped() {
        lock.lock();
        try {
            return droppedRingFull;
        } finally {
            lock.unlock();
        }
    }

    /** Frames accepted but not yet indicated. */
    public long inFlight() {
        lock.lock();
        try {
            return nextArrival - nextPublish;
        } finally {
            lock.unlock();
        }
    }

    /** The last sequence number the ring gave, 0 when none. */
    public long lastSequence() {
        return ring.lastSequence();
    }

    /** Adapter removal: pollers return at once; frames still in flight are discarded. */
    public void close() {
        ring.close();
    }
}
