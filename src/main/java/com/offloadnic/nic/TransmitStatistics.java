package com.offloadnic.nic;

import com.offloadnic.ipsec.NdisStatus;
import com.offloadnic.ipsec.SendFailureReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Send-side counters of one NIC, in the spirit of a driver's ethtool counters (mlx5's {@code ipsec_tx_*}):
 * frames and bytes put on the wire, IPsec-processed frames, NBL completions by status and failed NBLs by reason.
 */
public final class TransmitStatistics {

    private final LongAdder txFrames = new LongAdder();
    private final LongAdder txBytes = new LongAdder();
    private final LongAdder ipsecTxPkts = new LongAdder();
    private final LongAdder ipsecTxBytes = new LongAdder();
    private final LongAdder nbls = new LongAdder();
    private final EnumMap<NdisStatus, LongAdder> byStatus = new EnumMap<>(NdisStatus.class);
    private final EnumMap<SendFailureReason, LongAdder> byReason = new EnumMap<>(SendFailureReason.class);

    public TransmitStatistics() {
        for (NdisStatus s : NdisStatus.values()) {
            byStatus.put(s, new LongAdder());
        }
        for (SendFailureReason r : SendFailureReason.values()) {
            byReason.put(r, new LongAdder());
        }
    }

    /** One frame on the wire; {@code ipsec} when the NIC protected it. */
    public void frame(int bytes, boolean ipsec) {
        txFrames.increment();
        txBytes.add(bytes);
        if (ipsec) {
            ipsecTxPkts.increment();
            ipsecTxBytes.add(bytes);
        }
    }

    /** One NBL completed; {@code reason} null on success. */
    public void completion(NdisStatus status, SendFailureReason reason) {
        nbls.increment();
        byStatus.get(status).increment();
        if (reason != null) {
            byReason.get(reason).increment();
        }
    }

    public long count(NdisStatus status) {
        return byStatus.get(status).sum();
    }

    public long count(SendFailureReason reason) {
        return byReason.get(reason).sum();
    }

    public Snapshot snapshot() {
        Map<String, Long> status = new LinkedHashMap<>();
        byStatus.forEach((k, v) -> status.put(k.ndisName(), v.sum()));
        Map<String, Long> reasons = new LinkedHashMap<>();
        byReason.forEach((k, v) -> {
            long n = v.sum();
            if (n > 0) {
                reasons.put(k.code(), n);
            }
        });
        return new Snapshot(txFrames.sum(), txBytes.sum(), ipsecTxPkts.sum(), ipsecTxBytes.sum(), nbls.sum(),
                Map.copyOf(status), Map.copyOf(reasons));
    }

    /**
     * @param nblCompletionsByStatus every NDIS status, with its count
     * @param nblFailuresByReason    failed NBLs by {@link SendFailureReason#code()}, reasons seen only
     */
    public record Snapshot(long txFrames, long txBytes, long ipsecTxPkts, long ipsecTxBytes, long txNblCompletions,
            Map<String, Long> nblCompletionsByStatus, Map<String, Long> nblFailuresByReason) {
    }
}
