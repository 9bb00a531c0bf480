package com.offloadnic.ipsec;

/**
 * The sequence-number state of one {@link SecAssoc} entry of an offloaded bundle, owned by its {@link SaEntry}.
 * An SA is inbound or outbound, so one state serves either: the highest number sent, or the highest number
 * authenticated.
 *
 * <p>Extended sequence numbers (RFC 4303 section 2.2.1): the first packet after ADD_SA or UPDATE_SA uses the
 * high-order bits exactly as given ({@code sequenceNumberHighOrder}); later ones take them from
 * {@link EsnInference} relative to the highest number so far. On send this lets the high bits follow the low
 * ones across a 2^32 boundary, also within one large send.
 *
 * <p>Without ESN a send never cycles the 32-bit counter: it refuses number 0 (the first packet carries 1, so 0
 * is what a cycled counter shows), a send whose numbers pass 2^32 - 1, and any send after 2^32 - 1 was sent.
 * A received or sent number within {@link #NON_ESN_DELETE_REQUEST_MARGIN} of 2^32 - 1 raises the entry's
 * {@code saDeleteReq}, so that the transport renews the SA in time.
 *
 * <p>Thread-safe; each call is atomic.
 */
public final class SequenceState {

    /** Non-ESN numbers at or above 2^32 - this margin make the NIC ask for deletion: 2^20. */
    public static final long NON_ESN_DELETE_REQUEST_MARGIN = 1L << 20;

    private static final long LOW_MASK = 0xFFFF_FFFFL;

    private final SaEntry owner;
    private final boolean esn;
    /** Highest 64-bit number sent or authenticated; 0 = none yet (0 is never a valid first number). */
    private long highest;
    private int givenHigh;
    private boolean exact;

    SequenceState(SaEntry owner, boolean esn, int sequenceNumberHighOrder) {
        this.owner = owner;
        this.esn = esn;
        this.givenHigh = sequenceNumberHighOrder;
        this.exact = esn;
    }

    public boolean esn() {
        return esn;
    }

    /**
     * Reserves the numbers of {@code count} consecutive packets (segments of one large send: 1 for a plain
     * send) whose first carries {@code low} in its header.
     *
     * @return the full (64-bit for ESN) sequence number of the first packet; the others follow it by +1
     * @throws SequenceNumberExhaustedException when the counter would cycle
     */
    public synchronized long nextOutbound(int low, int count) throws SequenceNumberExhaustedException {
        if (count < 1) {
            throw new IllegalArgumentException("packet count " + count + " (expected at least 1)");
        }
        long first;
        if (esn) {
            first = exact ? ((givenHigh & LOW_MASK) << 32) | (low & LOW_MASK) : EsnInference.infer(highest, low);
            if (first == 0) {
                throw new SequenceNumberExhaustedException("ESN sequence number 0: the 64-bit counter starts at 1");
            }
            if (!exact && highest == -1L) {
                throw new SequenceNumberExhaustedException("ESN counter has reached 2^64 - 1");
            }
            long last = first + count - 1;
            if (Long.compareUnsigned(last, first) < 0) {
                throw new SequenceNumberExhaustedException("sending " + count + " packets from 0x"
                        + Long.toHexString(first) + " would cycle the 64-bit ESN counter");
            }
            highest = exact || Long.compareUnsigned(last, highest) > 0 ? last : highest;
            exact = false;
            return first;
        }
        first = low & LOW_MASK;
        if (highest == LOW_MASK) {
            throw new SequenceNumberExhaustedException(
                    "sequence number 0xffffffff was sent; a non-ESN SA must not cycle its counter");
        }
        if (first == 0) {
            throw new SequenceNumberExhaustedException(
                    "sequence number 0 on a non-ESN SA: the counter starts at 1, so 0 means it cycled");
        }
        long last = first + count - 1;
        if (last > LOW_MASK) {
            throw new SequenceNumberExhaustedException("sending " + count + " packets from " + first
                    + " passes 2^32 - 1 on a non-ESN SA");
        }
        highest = Math.max(highest, last);
        if (last >= LOW_MASK + 1 - NON_ESN_DELETE_REQUEST_MARGIN) {
            owner.requestDelete();
        }
        return first;
    }

    /** The full sequence number a received packet carrying {@code low} is checked with. Changes no state. */
    public synchronized long inferInbound(int low) {
        if (!esn) {
            return low & LOW_MASK;
        }
        return exact ? ((givenHigh & LOW_MASK) << 32) | (low & LOW_MASK) : EsnInference.infer(highest, low);
    }

    /** Records that a received packet with full number {@code sequenceNumber} passed its ICV check. */
    public synchronized void acceptAuthenticated(long sequenceNumber) {
        if (exact) {
            highest = sequenceNumber;
            exact = false;
        } else if (Long.compareUnsigned(sequenceNumber, highest) > 0) {
            highest = sequenceNumber;
        }
        if (!esn && sequenceNumber >= LOW_MASK + 1 - NON_ESN_DELETE_REQUEST_MARGIN) {
            owner.requestDelete();
        }
    }

    /** UPDATE_SA: the next packet uses {@code high} exactly. */
    synchronized void updateHighOrder(int high) {
        givenHigh = high;
        exact = true;
    }

    /** A snapshot for listing. */
    public synchronized SequenceStateView view() {
        long currentHigh = exact ? givenHigh & LOW_MASK : highest >>> 32;
        return new SequenceStateView(esn, highest, currentHigh, exact);
    }
}
