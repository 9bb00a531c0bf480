package com.offloadnic.api;

import com.offloadnic.nic.FaultPlan;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicFaults;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.tenant.Tenant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fault injection of a NIC under emulation ({@code /v1/nics/{nicId}/emulation/faults}): a PUT replaces the plan
 * (members left out inject nothing), a GET shows it with what is left of each "next N" and the faults injected
 * so far.
 */
@RestController
class FaultsController {

    private final NicRegistry nics;

    FaultsController(NicRegistry nics) {
        this.nics = nics;
    }

    /** Which frames a fault hits: the next {@code next}, then each later one with probability {@code fraction}. */
    record Selector(Integer next, Double fraction) {
    }

    record FaultsRequest(Long seed, Selector corruptTransmitIcv, Selector corruptReceiveIcv, Selector dropOnLink,
            Selector duplicateOnLink, Selector reorderOnLink, List<String> saDeleteReq, Integer saOffloadCapacity,
            Integer failAddSa, Long completionDelayMs) {
    }

    record Injected(long txIcvCorrupted, long rxIcvCorrupted, long linkFramesDropped, long linkFramesDuplicated,
            long linkFramesReordered, long saDeleteReqForced, long addSaRefused, long completionsDelayed) {

        static Injected of(NicFaults.Counters c) {
            return new Injected(c.txIcvCorrupted(), c.rxIcvCorrupted(), c.linkFramesDropped(),
                    c.linkFramesDuplicated(), c.linkFramesReordered(), c.saDeleteReqForced(), c.addSaRefused(),
                    c.completionsDelayed());
        }
    }

    record FaultsResponse(String nicId, long seed, Selector corruptTransmitIcv, Selector corruptReceiveIcv,
            Selector dropOnLink, Selector duplicateOnLink, Selector reorderOnLink, List<String> saDeleteReq,
            Integer saOffloadCapacity, int failAddSa, long completionDelayMs, Injected injected) {

        static FaultsResponse of(Nic nic) {
            FaultPlan p = nic.faults().plan();
            List<String> handles = p.saDeleteReq().stream().sorted(Long::compareUnsigned)
                    .map(Long::toUnsignedString).toList();
            return new FaultsResponse(nic.nicId(), p.seed(), json(p.corruptTransmitIcv()),
                    json(p.corruptReceiveIcv()), json(p.dropOnLink()), json(p.duplicateOnLink()),
                    json(p.reorderOnLink()), handles, p.saOffloadCapacity(), p.failAddSa(), p.completionDelayMillis(),
                    Injected.of(nic.faults().counters()));
        }

        private static Selector json(FaultPlan.Selector s) {
            return new Selector(s.next(), s.fraction());
        }
    }

    @GetMapping(path = "/v1/nics/{nicId}/emulation/faults", produces = MediaType.APPLICATION_JSON_VALUE)
    FaultsResponse get(Tenant tenant, @PathVariable String nicId) {
        return FaultsResponse.of(NicController.find(nics, tenant, nicId));
    }

    @PutMapping(path = "/v1/nics/{nicId}/emulation/faults", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    FaultsResponse put(Tenant tenant, @PathVariable String nicId, @RequestBody FaultsRequest request) {
        Nic nic = NicController.find(nics, tenant, nicId);
        if (request == null) {
            throw ApiException.invalidField("", "a fault plan object is required ({} clears every fault)");
        }
        nic.faults().set(toPlan(request));
        return FaultsResponse.of(nic);
    }

    private static FaultPlan toPlan(FaultsRequest r) {
        Set<Long> handles = new HashSet<>();
        List<String> given = r.saDeleteReq() == null ? List.of() : r.saDeleteReq();
        for (int i = 0; i < given.size(); i++) {
            String pointer = "/saDeleteReq/" + i;
            String h = given.get(i);
            long handle;
            try {
                handle = Long.parseUnsignedLong(h == null ? "" : h);
            } catch (NumberFormatException e) {
                throw ApiException.invalidField(pointer, "saDeleteReq[" + i + "]: " + quote(h)
                        + " is not an offload handle (expected an unsigned 64-bit decimal string)");
            }
            if (handle == 0) {
                throw ApiException.invalidField(pointer, "saDeleteReq[" + i + "]: offload handle \"0\" names no SA");
            }
            handles.add(handle);
        }
        return new FaultPlan(r.seed() == null ? 0 : r.seed(), selector(r.corruptTransmitIcv(), "/corruptTransmitIcv"),
                selector(r.corruptReceiveIcv(), "/corruptReceiveIcv"), selector(r.dropOnLink(), "/dropOnLink"),
                selector(r.duplicateOnLink(), "/duplicateOnLink"), selector(r.reorderOnLink(), "/reorderOnLink"),
                handles, r.saOffloadCapacity(), r.failAddSa() == null ? 0 : r.failAddSa(),
                r.completionDelayMs() == null ? 0 : r.completionDelayMs());
    }

    private static FaultPlan.Selector selector(Selector s, String pointer) {
        if (s == null) {
            return FaultPlan.Selector.NEVER;
        }
        return FaultPlan.Selector.of(s.next() == null ? 0 : s.next(), s.fraction() == null ? 0 : s.fraction(),
                pointer);
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
