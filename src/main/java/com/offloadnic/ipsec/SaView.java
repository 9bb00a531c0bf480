package com.offloadnic.ipsec;

import java.util.List;

/**
 * What listing an SA shows: everything but key material.
 *
 * @param offloadHandle the handle ADD_SA returned
 * @param parameters    the bundle as added (its {@code sequenceNumberHighOrder} as given then)
 * @param packets       packets sent or received over the SA
 * @param bytes         bytes of those packets
 * @param saDeleteReq   whether the NIC asks for the SA's deletion
 * @param sequence      per {@code secAssoc} entry, the sequence-number state now
 */
public record SaView(long offloadHandle, SaParameters parameters, long packets, long bytes, boolean saDeleteReq,
                     List<SequenceStateView> sequence) {

    public SaView {
        sequence = List.copyOf(sequence);
    }
}
