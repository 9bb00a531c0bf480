package com.offloadnic.config;

import com.offloadnic.ipsec.NdisStatus;
import com.offloadnic.ipsec.SendFailureReason;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.nic.TransmitStatistics;
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
 * Exports every NIC's send statistics as Micrometer meters (Prometheus: {@code offloadnic_tx_*},
 * {@code offloadnic_ipsec_tx_*}, {@code offloadnic_ipsec_sa_in_use}), tagged with {@code nic} and {@code tenant};
 * registered with the NIC and removed with it, like {@link ReceiveMetrics}.
 */
@Component
class TransmitMetrics implements NicRegistry.Listener {

    private final MeterRegistry registry;
    private final Map<String, List<Meter>> metersByNic = new ConcurrentHashMap<>();

    TransmitMetrics(MeterRegistry registry, NicRegistry nics) {
        this.registry = registry;
        nics.addListener(this);
    }

    @Override
    public void created(Nic nic) {
        TransmitStatistics stats = nic.transmitPath().statistics();
        Tags tags = Tags.of("nic", nic.nicId(), "tenant", nic.tenantId());
        List<Meter> meters = new ArrayList<>();
        meters.add(counter("offloadnic.tx.frames", "Frames the NIC put on its wire", tags, stats,
                s -> s.snapshot().txFrames()));
        meters.add(counter("offloadnic.tx.bytes", "Bytes of the frames put on the wire", tags, stats,
                s -> s.snapshot().txBytes()));
        meters.add(counter("offloadnic.ipsec.tx.pkts", "Transmitted frames the NIC protected", tags, stats,
                s -> s.snapshot().ipsecTxPkts()));
        meters.add(counter("offloadnic.ipsec.tx.bytes", "Bytes of the transmitted frames the NIC protected", tags,
                stats, s -> s.snapshot().ipsecTxBytes()));
        for (NdisStatus status : NdisStatus.values()) {
            meters.add(counter("offloadnic.tx.nbl.completions", "Send completions by NDIS status",
                    tags.and("status", status.ndisName()), stats, s -> s.count(status)));
        }
        for (SendFailureReason reason : SendFailureReason.values()) {
            meters.add(counter("offloadnic.ipsec.tx.drop.nbls", "Failed NBLs by send failure reason",
                    tags.and("reason", reason.code()), stats, s -> s.count(reason)));
        }
        meters.add(Gauge.builder("offloadnic.ipsec.sa.in.use", nic, n -> n.saTable().size())
                .description("SA bundles offloaded to the NIC").tags(tags).strongReference(true).register(registry));
        metersByNic.put(nic.nicId(), meters);
    }

    private Meter counter(String name, String description, Tags tags, TransmitStatistics stats,
            ToDoubleFunction<TransmitStatistics> value) {
        return FunctionCounter.builder(name, stats, value).description(description).tags(tags).register(registry);
    }

    @Override
    public void removed(Nic nic) {
        List<Meter> meters = metersByNic.remove(nic.nicId());
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }
}
