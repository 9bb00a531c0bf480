package com.offloadnic.nic;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.LargeSendIpsec;
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

    /** One NBL to send and its LSO information (null without LSO). */
    public record Request(IpsecV2Sender.Nbl nbl, LsoRequest lso) {
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
                plans.add(IpsecV2Sender.prepare(nbl, settings, sas, scratch));
            }
            CompletableFuture<Void> gate = new CompletableFuture<>();
            List<CompletableFuture<List<IpsecV2Sender.TransmittedFrame>>> futures = new ArrayList<>(plans.size());
            try {
                for (IpsecV2Sender.Plan plan : plans) {
                    if (plan instanceof IpsecV2Sender.Work work && work.needsCrypto()) {
                        futures.add(pool.submit(tenantId, () -> {
                            gate.join();
                            // an NBL whose counter would cycle is not reserved: its task does nothing
                            return work.isReserved() ? work.execute() : List.<IpsecV2Sender.TransmittedFrame>of();
                        }));
                    } else {
                        futures.add(null);
                    }
                }
            } catch (RuntimeException refused) {
                gate.completeExceptionally(new CancellationException("send request refused by the crypto pool"));
                futures.forEach(f -> {
                    if (f != null) {
                        f.cancel(false);
                    }
                });
                throw refused;
            }
            List<Completion> completions = new ArrayList<>(plans.size());
            for (IpsecV2Sender.Plan plan : plans) {
                IpsecV2Sender.Failure failure = plan instanceof IpsecV2Sender.Work work ? work.reserve()
                        : (IpsecV2Sender.Failure) plan;
                completions.add(failure == null ? null : Completion.failure(failure.reason(), failure.detail()));
            }
            gate.complete(null);
            List<byte[]> onWire = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                Completion c = completions.get(i);
                if (c == null) {
                    c = run(plans.get(i), futures.get(i));
                    if (large.get(i) != null) {
                        c = c.withLso(large.get(i).type(), large.get(i).tcpPayload());
                    }
                    completions.set(i, c);
                    boolean ipsec = futures.get(i) != null;
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

    private static Completion run(IpsecV2Sender.Plan plan, CompletableFuture<List<IpsecV2Sender.TransmittedFrame>> f) {
        if (f == null) {
            return Completion.success(plan.execute());
        }
        try {
            return Completion.success(f.join());
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Completion.failure(SendFailureReason.SA_DELETED, "the NBL's SA was deleted while it was being"
                    + " sent (" + cause.getMessage() + ")");
        }
    }
}
