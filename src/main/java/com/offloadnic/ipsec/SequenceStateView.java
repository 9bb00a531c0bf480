package com.offloadnic.ipsec;

/**
 * A snapshot of one entry's {@link SequenceState}.
 *
 * @param esn                     whether the entry uses extended sequence numbers
 * @param highestSequenceNumber   highest full number sent (outbound) or authenticated (inbound), unsigned; 0 = none
 * @param sequenceNumberHighOrder the high-order bits the next packet will use or infer from
 * @param highOrderExact          true until a packet uses the bits given by ADD_SA / UPDATE_SA
 */
public record SequenceStateView(boolean esn, long highestSequenceNumber, long sequenceNumberHighOrder,
                                boolean highOrderExact) {
}
