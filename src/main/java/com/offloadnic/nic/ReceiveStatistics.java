package com.offloadnic.nic;

import com.offloadnic.ipsec.CryptoStatus;
import com.offloadnic.ipsec.NotOffloadedReason;
import com.offloadnic.ipsec.ReceiveIndication;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Receive counters of one NIC, in the spirit of a driver's ethtool statistics (mlx5's {@code ipsec_rx_pkts},
 * {@code ipsec_rx_drop_pkts}, …). Updated when an indication is published to the ring (or a frame dropped), so
 * that at any moment {@code rxFrames == rxIndications + rxRingDrops + rxCryptoBusyDrops + rxInFlight}.
 */
public final class ReceiveStatistics {

    private final LongAdder frames = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder indications = new LongAdder();
    private final LongAdder ringDrops = new LongAdder();
    private final LongAdder cryptoBusyDrops = new LongAdder();
    private final LongAdder ipsecPackets = new LongAdder();
    private final LongAdder ipsecBytes = new LongAdder();
    private final LongAdder ipsecFailedPackets = new LongAdder();
    private final LongAdder ipsecFailedBytes = new LongAdder();
    private final LongAdder nextCryptoDone = new LongAdder();
    private final LongAdder saDeleteRequests = new LongAdder();
    private final EnumMap<CryptoStatus, LongAdder> byCryptoStatus = new EnumMap<>(CryptoStatus.class);
    private final EnumMap<NotOffloadedReason, LongAdder> notOffloaded = new EnumMap<>(NotOffloadedReason.class);

    public ReceiveStatistics() {
        for (CryptoStatus s : CryptoStatus.values()) {
            byCryptoStatus.put(s, new LongAdder());
        }
        for (NotOffloadedReason r : NotOffloadedReason.values()) {
            notOffloaded.put(r, new LongAdder());
        }
    }

    /** A frame arrived (before it is indicated or dropped). */
    void arrived(int length) {
        frames.increment();
        bytes.add(length);
    }

    void droppedRingFull() {
        ringDrops.increment();
    }

    /** A frame from the linked NIC dropped because the crypto pool was saturated. */
    void droppedCryptoBusy() {
        cryptoBusyDrops.increment();
    }

    void indicated(ReceiveIndication indication) {
        indications.increment();
        byCryptoStatus.get(indication.cryptoStatus()).increment();
        if (!indication.cryptoDone()) {
            notOffloaded.get(indication.notOffloadedReason()).increment();
            return;
        }
        if (indication.cryptoStatus() == CryptoStatus.CRYPTO_SUCCESS) {
            ipsecPackets.increment();
            ipsecBytes.add(indication.frame().length);
        } else {
            ipsecFailedPackets.increment();
            ipsecFailedBytes.add(indication.frame().length);
        }
        if (indication.nextCryptoDone()) {
            nextCryptoDone.increment();
        }
        if (indication.saDeleteReq()) {
            saDeleteRequests.increment();
        }
    }

    /** A consistent-enough copy for the statistics endpoint and metrics (each counter read once). */
    public Snapshot snapshot() {
        Map<String, Long> status = new LinkedHashMap<>();
        byCryptoStatus.forEach((k, v) -> status.put(k.name(), v.sum()));
        Map<String, Long> reasons = new LinkedHashMap<>();
        notOffloaded.forEach((k, v) -> reasons.put(k.statisticName(), v.sum()));
        return new Snapshot(frames.sum(), bytes.sum(), indications.sum(), ringDrops.sum(), cryptoBusyDrops.sum(),
                ipsecPackets.sum(),
                ipsecBytes.sum(), ipsecFailedPackets.sum(), ipsecFailedBytes.sum(), nextCryptoDone.sum(),
                saDeleteRequests.sum(), Map.copyOf(status), Map.copyOf(reasons));
    }

    public long count(CryptoStatus status) {
        return byCryptoStatus.get(status).sum();
    }

    public long count(NotOffloadedReason reason) {
        return notOffloaded.get(reason).sum();
    }

    /**
     * @param rxFrames                  frames that arrived (injected, uploaded, or from the linked NIC)
     * @param rxBytes                   their bytes
     * @param rxIndications             frames indicated to the receive ring
     * @param rxRingDrops               frames dropped because the receive ring was full
     * @param rxCryptoBusyDrops         frames from the linked NIC dropped because the crypto pool was saturated
     * @param ipsecRxPkts               indications the NIC processed with CRYPTO_SUCCESS
     * @param ipsecRxBytes              their bytes
     * @param ipsecRxDropPkts           indications whose IPsec check failed (any other cryptoStatus)
     * @param ipsecRxDropBytes          their bytes
     * @param ipsecRxNextCryptoDone     indications with both tunnel and transport portions checked
     * @param ipsecRxSaDeleteReq        indications carrying saDeleteReq
     * @param rxIndicationsByCryptoStatus every indication by its cryptoStatus
     * @param rxNotOffloaded            indications the NIC left alone, by reason
     */
    public record Snapshot(long rxFrames, long rxBytes, long rxIndications, long rxRingDrops,
            long rxCryptoBusyDrops, long ipsecRxPkts,
            long ipsecRxBytes, long ipsecRxDropPkts, long ipsecRxDropBytes, long ipsecRxNextCryptoDone,
            long ipsecRxSaDeleteReq, Map<String, Long> rxIndicationsByCryptoStatus,
            Map<String, Long> rxNotOffloaded) {
    }
}
