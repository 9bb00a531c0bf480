package com.offloadnic.nic;

import java.util.Objects;
import java.util.Set;

/**
 * The faults a rig asks one NIC to inject (the emulator's {@code emulation/faults}; nothing of it is NDIS).
 * Deterministic by default: {@link Selector#next()} picks the next N eligible frames; {@link Selector#fraction()}
 * then picks each later frame with that probability from a random generator seeded with {@link #seed()}, so a
 * run with the same seed and the same traffic injects the same faults.
 *
 * @param seed                   seeds the generator behind every fraction
 * @param corruptTransmitIcv     IPsec frames this NIC transmits whose ICV is corrupted on the wire
 * @param corruptReceiveIcv      IPsec frames arriving at this NIC whose ICV is corrupted before it checks them
 * @param dropOnLink             frames this NIC transmits that the link loses on the way to the linked NIC
 * @param duplicateOnLink        frames the link delivers twice
 * @param reorderOnLink          frames the link delivers after the frame that follows them
 * @param saDeleteReq            inbound SA bundles (offload handles) whose every indication carries saDeleteReq
 * @param saOffloadCapacity      shrinks the capacity ADD_SA is checked against; null leaves it as configured
 * @param failAddSa              the next N bundles that reach the SA table (valid, within capacity) are refused
 * @param completionDelayMillis  send requests complete this long after their frames left
 */
public record FaultPlan(long seed, Selector corruptTransmitIcv, Selector corruptReceiveIcv, Selector dropOnLink,
        Selector duplicateOnLink, Selector reorderOnLink, Set<Long> saDeleteReq, Integer saOffloadCapacity,
        int failAddSa, long completionDelayMillis) {

    /** The longest completion delay a rig may ask for: long enough for any lab, short of tying up servers. */
    public static final long MAX_COMPLETION_DELAY_MILLIS = 60_000;
    /** The most frames or bundles one "next N" may name. */
    public static final int MAX_NEXT = 1_000_000;

    /** No faults: what every NIC starts with. */
    public static final FaultPlan NONE = new FaultPlan(0, Selector.NEVER, Selector.NEVER, Selector.NEVER,
            Selector.NEVER, Selector.NEVER, Set.of(), null, 0, 0);

    public FaultPlan {
        Objects.requireNonNull(corruptTransmitIcv);
        Objects.requireNonNull(corruptReceiveIcv);
        Objects.requireNonNull(dropOnLink);
        Objects.requireNonNull(duplicateOnLink);
        Objects.requireNonNull(reorderOnLink);
        saDeleteReq = Set.copyOf(saDeleteReq);
        if (saOffloadCapacity != null && saOffloadCapacity < 0) {
            throw NicException.invalid("/saOffloadCapacity", "saOffloadCapacity: " + saOffloadCapacity
                    + " is negative (expected 0 or more)");
        }
        if (failAddSa < 0 || failAddSa > MAX_NEXT) {
            throw NicException.invalid("/failAddSa", "failAddSa: " + failAddSa + " is out of range (expected 0 to "
                    + MAX_NEXT + ")");
        }
        if (completionDelayMillis < 0 || completionDelayMillis > MAX_COMPLETION_DELAY_MILLIS) {
            throw NicException.invalid("/completionDelayMs", "completionDelayMs: " + completionDelayMillis
                    + " is out of range (expected 0 to " + MAX_COMPLETION_DELAY_MILLIS + ")");
        }
    }

    /**
     * Which frames a fault hits: the next {@code next} eligible ones, then each later one with probability
     * {@code fraction}.
     */
    public record Selector(int next, double fraction) {

        public static final Selector NEVER = new Selector(0, 0);

        /**
         * @throws NicException INVALID naming {@code pointer} when a value is out of range
         */
        public static Selector of(int next, double fraction, String pointer) {
            if (next < 0 || next > MAX_NEXT) {
                throw NicException.invalid(pointer + "/next", "next: " + next + " is out of range (expected 0 to "
                        + MAX_NEXT + ")");
            }
            if (!(fraction >= 0 && fraction <= 1)) {
                throw NicException.invalid(pointer + "/fraction", "fraction: " + fraction
                        + " is out of range (expected 0 to 1)");
            }
            return new Selector(next, fraction);
        }

        public Selector {
            if (next < 0 || !(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("selector out of range: next " + next + ", fraction " + fraction);
            }
        }
    }
}
