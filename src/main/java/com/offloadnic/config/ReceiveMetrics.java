package com.offloadnic.config;

import com.offloadnic.ipsec.CryptoStatus;
import com.offloadnic.ipsec.NotOffloadedReason;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.nic.ReceivePath;
import com.offloadnic.nic.ReceiveStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Exports every NIC's receive statistics as Micrometer meters (Prometheus: {@code offloadnic_rx_*}), tagged with
 * {@code nic} and {@code tenant}. Meters are registered when a NIC is created and removed with it, so the number
 * of series stays bounded by the NICs that exist (tenant quotas bound those); the other tags take values from
 * fixed enumerations (cryptoStatus, reason).
 */
@Component
class ReceiveMetrics implements NicRegistry.Listener {

    private final MeterRegistry registry;
    private final Map<String, List<Meter>> metersByNic = new ConcurrentHashMap<>();

    ReceiveMetrics(MeterRegistry registry, NicRegistry nics) {
        this.registry = registry;
        nics.addListener(this);
    }

    @Override
    public void created(Nic nic) {
        ReceivePath path = nic.receivePath();
        ReceiveStatistics stats = path.statistics();
        Tags tags = Tags.of("nic", nic.nicId(), "tenant", nic.tenantId());
        List<Meter> meters = new ArrayList<>();
        meters.add(counter("offloadnic.rx.frames", "Frames that arrived on the NIC's wire", tags, stats,
                s -> s.snapshot().rxFrames()));
        meters.add(counter("offloadnic.rx.bytes", "Bytes of the frames that arrived", tags, stats,
                s -> s.snapshot().rxBytes()));
        meters.add(counter("offloadnic.rx.ring.drops", "Frames dropped because the receive ring was full", tags,
                stats, s -> s.snapshot().rxRingDrops()));
        meters.add(counter("offloadnic.rx.crypto.busy.drops",
                "Frames from the linked NIC dropped because the crypto pool was saturated", tags, stats,
                s -> s.snapshot().rxCryptoBusyDrops()));
        meters.add(counter("offloadnic.ipsec.rx.pkts", "Indications processed with CRYPTO_SUCCESS", tags, stats,
                s -> s.snapshot().ipsecRxPkts()));
        meters.add(counter("offloadnic.ipsec.rx.drop.pkts", "Indications whose IPsec check failed", tags, stats,
                s -> s.snapshot().ipsecRxDropPkts()));
        meters.add(counter("offloadnic.ipsec.rx.sa.delete.req", "Indications carrying saDeleteReq", tags, stats,
                s -> s.snapshot().ipsecRxSaDeleteReq()));
        for (CryptoStatus status : CryptoStatus.values()) {
            meters.add(counter("offloadnic.rx.indications", "Receive indications by cryptoStatus",
                    tags.and("cryptoStatus", status.name()), stats, s -> s.count(status)));
        }
        for (NotOffloadedReason reason : NotOffloadedReason.values()) {
            meters.add(counter("offloadnic.rx.not.offloaded", "Frames indicated without IPsec processing, by reason",
                    tags.and("reason", reason.statisticName()), stats, s -> s.count(reason)));
        }
        meters.add(Gauge.builder("offloadnic.rx.in.flight", path, ReceivePath::inFlight)
                .description("Frames taken and not yet indicated").tags(tags).strongReference(true).register(registry));
        metersByNic.put(nic.nicId(), meters);
    }

    private Meter counter(String name, String description, Tags tags, ReceiveStatistics stats,
            ToDoubleFunction<ReceiveStatistics> value) {
        return FunctionCounter.builder(name, stats, value).description(description).tags(tags)
                .register(registry);
    }

    @Override
    public void removed(Nic nic) {
        List<Meter> meters = metersByNic.remove(nic.nicId());
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }
}
