package com.offloadnic.config;

import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicFaults;
import com.offloadnic.nic.NicRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Exports the faults each NIC injected on purpose (its {@code emulation/faults} plan) as one Micrometer counter
 * per kind (Prometheus: {@code offloadnic_emulation_faults_injected_total{fault="txIcvCorrupted",…}}), tagged with
 * {@code nic} and {@code tenant}, registered and removed with the NIC as the receive meters are.
 */
@Component
class FaultMetrics implements NicRegistry.Listener {

    /** The counters by the name the statistics endpoint gives them under {@code emulation.faultsInjected}. */
    private static final Map<String, ToLongFunction<NicFaults.Counters>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("txIcvCorrupted", NicFaults.Counters::txIcvCorrupted);
        KINDS.put("rxIcvCorrupted", NicFaults.Counters::rxIcvCorrupted);
        KINDS.put("linkFramesDropped", NicFaults.Counters::linkFramesDropped);
        KINDS.put("linkFramesDuplicated", NicFaults.Counters::linkFramesDuplicated);
        KINDS.put("linkFramesReordered", NicFaults.Counters::linkFramesReordered);
        KINDS.put("saDeleteReqForced", NicFaults.Counters::saDeleteReqForced);
        KINDS.put("addSaRefused", NicFaults.Counters::addSaRefused);
        KINDS.put("completionsDelayed", NicFaults.Counters::completionsDelayed);
    }

    private final MeterRegistry registry;
    private final Map<String, List<Meter>> metersByNic = new ConcurrentHashMap<>();

    FaultMetrics(MeterRegistry registry, NicRegistry nics) {
        this.registry = registry;
        nics.addListener(this);
    }

    @Override
    public void created(Nic nic) {
        Tags tags = Tags.of("nic", nic.nicId(), "tenant", nic.tenantId());
        List<Meter> meters = new ArrayList<>();
        KINDS.forEach((fault, value) -> meters.add(FunctionCounter
                .builder("offloadnic.emulation.faults.injected", nic.faults(), f -> value.applyAsLong(f.counters()))
                .description("Faults the NIC injected on purpose (emulation/faults), by kind")
                .tags(tags.and("fault", fault)).register(registry)));
        metersByNic.put(nic.nicId(), meters);
    }

    @Override
    public void removed(Nic nic) {
        List<Meter> meters = metersByNic.remove(nic.nicId());
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }
}
