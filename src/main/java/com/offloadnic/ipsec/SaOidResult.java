package com.offloadnic.ipsec;

import java.util.List;

/** The completion of an SA OID: its {@code NDIS_STATUS_*} and one outcome per element, in request order. */
public record SaOidResult(NdisStatus status, List<SaOutcome> outcomes) {

    public SaOidResult {
        outcomes = List.copyOf(outcomes);
    }
}
