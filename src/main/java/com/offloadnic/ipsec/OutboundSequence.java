package com.offloadnic.ipsec;

/**
 * The send-side sequence-number state of one SA entry: the highest 64-bit sequence number sent so far.
 *
 * <p>The transport writes the low 32 bits into each ESP/AH header (NDIS: "the TCP/IP transport creates ...
 * replay numbers"); the NIC checks them and supplies the high-order bits:
 * <ul>
 *   <li>Without ESN the counter never wraps (RFC 4303 section 3.3.3): after 2^32-1 every send fails with
 *       {@link SendFailureReason#SEQUENCE_NUMBER_WRAPPED}, and 0, which can only follow a wrap (counters start at
 *       1), fails the same way.</li>
 *   <li>With ESN the first packet after ADD_SA or UPDATE_SA uses the high-order bits exactly as given; after that
 *       a low half more than 2^31 below the last one sent is the low half wrapping, and the high-order bits count
 *       up (the sender side of RFC 4303 appendix A). A wrap of the whole 64-bit space fails.</li>
 *   <li>Any other number not above the last one sent fails with
 *       {@link SendFailureReason#SEQUENCE_NUMBER_REPEATED}: a repeat is a transport bug, and with AES-GCM/GMAC,
 *       whose IV is the sequence number, it would reuse a nonce.</li>
 * </ul>
 * A send request computes numbers against a {@link Snapshot} and {@link #commit commits} them only when the whole
 * NET_BUFFER_LIST is accepted, so a failed NBL leaves the state unchanged.
 */
public final class OutboundSequence {

    private static final long LOW_MASK = 0xFFFF_FFFFL;
    private static final long HALF_SPACE = 1L << 31;

    /**
     * @param sent       whether anything was sent yet
     * @param last       the last 64-bit number sent
     * @param syncedHigh the SA's high-order bits when {@code last} was computed (an UPDATE_SA changes them)
     */
    public record Snapshot(boolean sent, long last, long syncedHigh) {
        static final Snapshot INITIAL = new Snapshot(false, 0, -1);
    }

    /** Thrown when a sequence number cannot be sent. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final SendFailureReason reason;

        Refused(SendFailureReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public SendFailureReason reason() {
            return reason;
        }
    }

    private volatile Snapshot state = Snapshot.INITIAL;

    public Snapshot snapshot() {
        return state;
    }

    /** Makes {@code next} the state; the caller serializes sends of one NIC. */
    public void commit(Snapshot next) {
        state = next;
    }

    /**
     * The state after sending a packet whose header carries {@code low}.
     *
     * @param from    the state before (the committed one, or one computed earlier in the same NBL)
     * @param low     the sequence number in the packet (unsigned 32 bits)
     * @param esn     whether the SA uses extended sequence numbers
     * @param saHigh  the SA's current high-order bits (from ADD_SA / UPDATE_SA)
     */
    public static Snapshot advance(Snapshot from, long low, boolean esn, long saHigh) throws Refused {
        if (!esn) {
            if (low == 0) {
                throw new Refused(SendFailureReason.SEQUENCE_NUMBER_WRAPPED,
                        "sequence number 0 on an SA without ESN can only follow a wrap of 2^32-1"
                                + " (RFC 4303 section 3.3.3: counters start at 1)");
            }
            if (from.sent() && low <= from.last()) {
                if (from.last() == LOW_MASK) {
                    throw new Refused(SendFailureReason.SEQUENCE_NUMBER_WRAPPED, "sequence number " + low
                            + " after 4294967295 on an SA without ESN: the counter must not wrap");
                }
                throw new Refused(SendFailureReason.SEQUENCE_NUMBER_REPEATED, "sequence number " + low
                        + " is not above the last one sent, " + from.last());
            }
            return new Snapshot(true, low, saHigh);
        }
        if (!from.sent() || saHigh != from.syncedHigh()) {
            return new Snapshot(true, saHigh << 32 | low, saHigh);
        }
        long lastHigh = from.last() >>> 32;
        long lastLow = from.last() & LOW_MASK;
        if (low > lastLow) {
            return new Snapshot(true, lastHigh << 32 | low, saHigh);
        }
        if (lastLow - low > HALF_SPACE) {
            if (lastHigh == LOW_MASK) {
                throw new Refused(SendFailureReason.SEQUENCE_NUMBER_WRAPPED,
                        "the 64-bit extended sequence number would wrap");
            }
            return new Snapshot(true, (lastHigh + 1) << 32 | low, saHigh);
        }
        throw new Refused(SendFailureReason.SEQUENCE_NUMBER_REPEATED, "sequence number " + low
                + " (ESN high-order bits " + lastHigh + ") is not above the last one sent, " + lastLow);
    }
}
