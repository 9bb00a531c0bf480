package com.offloadnic.ipsec;

/**
 * Inference of the high-order 32 bits of an extended sequence number from the low 32 bits a packet carries,
 * as RFC 4303 appendix A2.2 describes it, relative to {@code T}, the highest 64-bit number seen so far.
 *
 * <p>The NIC does no replay checking (the transport does), so the window serves only to split the 32-bit space
 * into "behind T" and "ahead of T". {@link #WINDOW} = 2^31 is the widest split that stays unambiguous: a low
 * value up to 2^31 - 1 behind T belongs to T's epoch (or the previous one), anything else is ahead (this epoch or
 * the next).
 *
 * <p>When the rule names an epoch that does not exist (before 0, or after 2^32 - 1), the number is read in T's own
 * epoch: it cannot be right, so its ICV check will fail, which is what should happen to such a packet.
 */
public final class EsnInference {

    /** The window size W of appendix A used by the NIC: 2^31. */
    public static final long WINDOW = 1L << 31;

    private static final long LOW_MASK = 0xFFFF_FFFFL;

    private EsnInference() {
    }

    /** The 64-bit sequence number for {@code receivedLow}, given the highest seen {@code top}, with {@link #WINDOW}. */
    public static long infer(long top, int receivedLow) {
        return infer(top, receivedLow, WINDOW);
    }

    /**
     * The 64-bit sequence number for {@code receivedLow} given the highest seen {@code top} and window {@code w}
     * (1 &lt;= w &lt;= 2^31).
     */
    public static long infer(long top, int receivedLow, long w) {
        if (w < 1 || w > WINDOW) {
            throw new IllegalArgumentException("window " + w + " (expected 1 to 2^31)");
        }
        long th = top >>> 32;
        long tl = top & LOW_MASK;
        long seql = receivedLow & LOW_MASK;
        long seqh;
        if (tl >= w - 1) {
            // Case A: the window [Tl - W + 1, Tl] lies within one epoch.
            seqh = seql >= tl - w + 1 ? th : th + 1;
        } else {
            // Case B: the window reaches back into the previous epoch.
            long bottom = (tl - w + 1) & LOW_MASK;
            seqh = seql >= bottom ? th - 1 : th;
        }
        if (seqh < 0 || seqh > LOW_MASK) {
            seqh = th;
        }
        return (seqh << 32) | seql;
    }
}
