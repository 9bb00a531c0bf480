package com.offloadnic.nic;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.LargeSendIpsec;
import com.offloadnic.lso.ChecksumOffload;
import com.offloadnic.lso.ChecksumRequest;
import com.offloadnic.lso.LsoLimits;
import com.offloadnic.lso.LsoRequest;
import com.offloadnic.lso.LsoType;
import com.offloadnic.ipsec.NdisStatus;
import com.offloadnic.ipsec.OutboundSa;
import com.offloadnic.ipsec.SendFailureReason;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The send side of one NIC (SPEC section 5): checks a request's NET_BUFFER_LISTs in order, runs their crypto on
 * the shared {@link CryptoPool} (NBLs spread over the workers), and puts the frames on the wire in NBL order.
 *
 * <p>The frames go to the NIC's transmit hook, which records them in the {@link #capture()} and delivers them
 * to a linked NIC. Sends of one NIC are serialized: sequence numbers are checked and reserved in NBL order, and the frames of
 * a request leave before those of the next. Sequence numbers are reserved only once every crypto task of the
 * request has been accepted by the pool, so a request refused for saturation (429/503) consumes none and can be
 * retried as it is.
 */
public final class TransmitPath {

    /** The completion of one NBL: its NDIS status, the reason on failure, and the frames it transmitted. */
    public record Completion(NdisStatus status, SendFailureReason reason, String detail,
            List<IpsecV2Sender.TransmittedFrame> transmitted, LsoType lsoType, long tcpPayload) {
        static Completion success(List<IpsecV2Sender.TransmittedFrame> frames) {
            return new Completion(NdisStatus.SUCCESS, null, null, frames, null, 0);
        }

        static Completion failure(SendFailureReason reason, String detail) {
            return new Completion(NdisStatus.FAILURE, reason, detail, List.of(), null, 0);
        }

        Completion withLso(LsoType type, long payload) {
            return new Completion(status, reason, detail, transmitted, type, status == NdisStatus.SUCCESS ? payload : 0);
        }
    }

    /**
     * One NBL to send, its LSO information (null without LSO) and its checksum-offload request
     * ({@code NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO}; null without one).
     */
    public record Request(IpsecV2Sender.Nbl nbl, LsoRequest lso, ChecksumRequest checksum) {
        public Request(IpsecV2Sender.Nbl nbl, LsoRequest lso) {
            this(nbl, lso, null);
        }
    }

    /**
     * The NIC's LSO configuration as the send path needs it.
     *
     * @param limits       the limits for an LSO request's type and IP version, or null when that LSO is disabled
     * @param lsoWithIpsec the current configuration combines LSO with IPsec offload v2
     */
    public record LsoConfig(Function<LsoRequest, LsoLimits> limits, boolean lsoWithIpsec) {
    }

    private final ReentrantLock lock = new ReentrantLock(true);
    private final TransmitCapture capture;
    private final TransmitStatistics statistics = new TransmitStatistics();

    public TransmitPath(Clock clock, int captureCapacity) {
        this.capture = new TransmitCapture(clock, captureCapacity);
    }

    public TransmitCapture capture() {
        return capture;
    }

    public TransmitStatistics statistics() {
        return statistics;
    }

    /**
     * Sends NBLs. Per-NBL problems are completions, never exceptions.
     *
     * @param sas  finds an SA by handle (null: no such SA)
     * @param wire receives the transmitted frames of the request, in order (the NIC's transmit hook)
     * @throws PoolSaturatedException when the crypto pool refuses the work; nothing was sent or consumed
     */
    public List<Completion> send(List<IpsecV2Sender.Nbl> nbls, IpsecV2Sender.Settings settings,
            LongFunction<OutboundSa> sas, CryptoPool pool, String tenantId, Consumer<List<byte[]>> wire) {
        return send(nbls.stream().map(n -> new Request(n, null)).toList(), settings,
                new LsoConfig(r -> null, false), sas, pool, tenantId, wire);
    }

    /**
     * Sends NBLs, large sends among them: an LSO NBL is first segmented (and, with an ESP SA, each segment framed
     * and numbered), then its segments go through the same checks and crypto as any NBL.
     */
    public List<Completion> send(List<Request> requests, IpsecV2Sender.Settings settings, LsoConfig lso,
            LongFunction<OutboundSa> sas, CryptoPool pool, String tenantId, Consumer<List<byte[]>> wire) {
        lock.lock();
        try {
            IpsecV2Sender.SequenceScratch scratch = new IpsecV2Sender.SequenceScratch();
            List<IpsecV2Sender.Plan> plans = new ArrayList<>(requests.size());
            List<LargeSendIpsec.Expanded> large = new ArrayList<>(requests.size());
            for (Request request : requests) {
                IpsecV2Sender.Nbl nbl = request.nbl();
                LargeSendIpsec.Expanded expanded = null;
                if (request.lso() != null) {
                    Object r = LargeSendIpsec.expand(nbl, request.lso(), lso.limits().apply(request.lso()),
                            settings.ipsecEnabled(), lso.lsoWithIpsec(), sas);
                    if (r instanceof IpsecV2Sender.Failure failure) {
                        plans.add(failure);
                        large.add(null);
                        continue;
                    }
                    expanded = (LargeSendIpsec.Expanded) r;
                    nbl = expanded.nbl();
                }
                large.add(expanded);
                IpsecV2Sender.Failure checksumFailure = expanded == null ? offloadChecksums(nbl, request.checksum())
                        : null;
                plans.add(checksumFailure != null ? checksumFailure : IpsecV2Sender.prepare(nbl, settings, sas, scratch));
            }
            int workers = Math.max(1, pool.threadCount());
            int singles = 0;
            int cryptoTasks = 0;
            for (IpsecV2Sender.Plan plan : plans) {
                if (plan instanceof IpsecV2Sender.Work work && work.needsCrypto()) {
                    if (work.frameCount() == 1) {
                        singles++;
                    } else {
                        cryptoTasks += slices(work, workers);
                    }
                }
            }
            int perBatch = batchSize(singles, workers);
            cryptoTasks += (singles + perBatch - 1) / perBatch;
            List<Completion> completions = new ArrayList<>(plans.size());
            List<Pending> pending = new ArrayList<>(plans.size());
            // Room in the pool first (a refusal consumes nothing), then sequence numbers, then tasks that are ready
            // to run: no worker ever waits for this thread. Frames that fail to reserve only shrink the batches,
            // so the room counted above is enough.
            try (CryptoPool.Reservation room = pool.reserve(tenantId, cryptoTasks)) {
                Batch batch = null;
                for (IpsecV2Sender.Plan plan : plans) {
                    IpsecV2Sender.Failure failure = plan instanceof IpsecV2Sender.Work work ? work.reserve()
                            : (IpsecV2Sender.Failure) plan;
                    completions.add(failure == null ? null : Completion.failure(failure.reason(), failure.detail()));
                    if (failure == null && plan instanceof IpsecV2Sender.Work work && work.needsCrypto()) {
                        if (work.frameCount() == 1) {
                            if (batch == null) {
                                batch = new Batch(perBatch);
                            }
                            pending.add(new Pending(null, batch, batch.add(work)));
                            if (batch.full()) {
                                batch.submit(room);
                                batch = null;
                            }
                        } else {
                            pending.add(new Pending(submitSlices(room, work, slices(work, workers)), null, 0));
                        }
                    } else {
                        pending.add(null);
                    }
                }
                if (batch != null) {
                    batch.submit(room);
                }
            }
            List<byte[]> onWire = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                Completion c = completions.get(i);
                if (c == null) {
                    c = run(plans.get(i), pending.get(i));
                    if (large.get(i) != null) {
                        c = c.withLso(large.get(i).type(), large.get(i).tcpPayload());
                    }
                    completions.set(i, c);
                    boolean ipsec = pending.get(i) != null;
                    for (IpsecV2Sender.TransmittedFrame f : c.transmitted()) {
                        onWire.add(f.data());
                        statistics.frame(f.data().length, ipsec);
                    }
                }
                statistics.completion(c.status(), c.reason());
            }
            if (!onWire.isEmpty()) {
                wire.accept(onWire);
            }
            return completions;
        } finally {
            lock.unlock();
        }
    }

    /** At most this many one-frame NBLs share a pool task (about 10 µs of AES-GCM at 1400 bytes). */
    static final int MAX_BATCH = 16;

    /**
     * How many one-frame NBLs one pool task seals: enough that a request of many small NBLs costs a few tasks, not
     * one lock round trip, future and wake-up per frame; few enough that each worker still gets about two tasks of
     * a request and another tenant's task waits behind at most {@link #MAX_BATCH} frames.
     */
    static int batchSize(int singles, int workers) {
        return Math.clamp((singles + 2L * workers - 1) / (2L * workers), 1, MAX_BATCH);
    }

    /**
     * How many pool tasks one NBL's crypto becomes: an NBL with several frames (the segments of a large send, or
     * several NET_BUFFERs) spreads over the workers in contiguous slices.
     */
    private static int slices(IpsecV2Sender.Work work, int workers) {
        return Math.max(1, Math.min(workers, work.frameCount()));
    }

    /** Where an NBL's frames come from: the future of its own slices, or a slot of a {@link Batch}. */
    private record Pending(CompletableFuture<List<IpsecV2Sender.TransmittedFrame>> slices, Batch batch, int slot) {
    }

    /**
     * One-frame NBLs sealed by one pool task, in order. Each NBL's outcome is its own: a frame that throws (its SA
     * deleted under it) fails that NBL only, as when each NBL was a task of its own.
     */
    private static final class Batch {
        private final IpsecV2Sender.Work[] works;
        private int size;
        private CompletableFuture<Object[]> outcomes;

        Batch(int capacity) {
            this.works = new IpsecV2Sender.Work[capacity];
        }

        int add(IpsecV2Sender.Work work) {
            works[size] = work;
            return size++;
        }

        boolean full() {
            return size == works.length;
        }

        void submit(CryptoPool.Reservation room) {
            int n = size;
            outcomes = room.submit(() -> {
                Object[] results = new Object[n];
                for (int i = 0; i < n; i++) {
                    try {
                        results[i] = works[i].execute();
                    } catch (RuntimeException e) {
                        results[i] = e;
                    }
                }
                return results;
            });
        }
    }

    /** Submits the slices of one NBL and joins their frames back in frame order. */
    private static CompletableFuture<List<IpsecV2Sender.TransmittedFrame>> submitSlices(CryptoPool.Reservation room,
            IpsecV2Sender.Work work, int slices) {
        int n = work.frameCount();
        List<CompletableFuture<List<IpsecV2Sender.TransmittedFrame>>> parts = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            int from = (int) ((long) n * s / slices);
            int to = (int) ((long) n * (s + 1) / slices);
            parts.add(room.submit(() -> work.execute(from, to)));
        }
        if (slices == 1) {
            return parts.get(0);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<IpsecV2Sender.TransmittedFrame> frames = new ArrayList<>(n);
            parts.forEach(p -> frames.addAll(p.join()));
            return frames;
        });
    }

    @SuppressWarnings("unchecked")
    private static Completion run(IpsecV2Sender.Plan plan, Pending p) {
        if (p == null) {
            return Completion.success(plan.execute());
        }
        Throwable failure;
        try {
            Object outcome = p.batch() == null ? p.slices().join() : p.batch().outcomes.join()[p.slot()];
            if (!(outcome instanceof RuntimeException e)) {
                return Completion.success((List<IpsecV2Sender.TransmittedFrame>) outcome);
            }
            failure = e;
        } catch (CompletionException | CancellationException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        }
        return Completion.failure(SendFailureReason.SA_DELETED, "the NBL's SA was deleted while it was being"
                + " sent (" + failure.getMessage() + ")");
    }

    /**
     * Checksum offload of an NBL without IPsec and without LSO: the IPv4 header, TCP and UDP checksums the request
     * asks for, computed over each frame in place before it leaves. IPsec NBLs keep their header-checksum handling in
     * the sender (their transport checksums are inside the encrypted payload, which the transport computed), and
     * large sends compute theirs per segment.
     *
     * @return null, or the failure when a frame does not fit the request (nothing of the NBL is sent)
     */
    private static IpsecV2Sender.Failure offloadChecksums(IpsecV2Sender.Nbl nbl, ChecksumRequest checksum) {
        if (checksum == null || nbl.offloadHandle() != 0 || nbl.tunnelHandle() != 0
                || !(checksum.ipHeaderChecksum() || checksum.tcpChecksum() || checksum.udpChecksum())) {
            return null;
        }
        List<byte[]> frames = nbl.frames();
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            var failure = ChecksumOffload.apply(frame, 0, frame.length, checksum);
            if (failure.isPresent()) {
                return new IpsecV2Sender.Failure(SendFailureReason.CHECKSUM_OFFLOAD_FAILED,
                        "NET_BUFFER " + i + ": " + failure.get().message());
            }
        }
        return null;
    }
}
