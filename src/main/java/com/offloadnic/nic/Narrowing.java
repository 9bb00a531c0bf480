package com.offloadnic.nic;

import java.util.Set;
import java.util.TreeSet;

/** Checks that a requested capability asks for no more than the hardware default; names the field if it does. */
final class Narrowing {

    private Narrowing() {
    }

    static void bool(String pointer, boolean requested, boolean available) {
        if (requested && !available) {
            throw NicException.invalid(pointer, pointer + ": true asks for more than the adapter offers (false)");
        }
    }

    static void atMost(String pointer, long requested, long available) {
        if (requested > available) {
            throw NicException.invalid(pointer,
                    pointer + ": " + requested + " asks for more than the adapter offers (at most " + available + ")");
        }
    }

    static void atLeast(String pointer, long requested, long minimum) {
        if (requested < minimum) {
            throw NicException.invalid(pointer,
                    pointer + ": " + requested + " asks for more than the adapter offers (at least " + minimum + ")");
        }
    }

    static <E> void subset(String pointer, Set<E> requested, Set<E> available) {
        if (!available.containsAll(requested)) {
            Set<String> extra = new TreeSet<>();
            requested.stream().filter(e -> !available.contains(e)).forEach(e -> extra.add(String.valueOf(e)));
            throw NicException.invalid(pointer, pointer + ": " + extra + " not offered by the adapter");
        }
    }

    /** NDIS: an offload that is supported at all must support Ethernet (IEEE 802.3) encapsulation. */
    static void encapsulation(String pointer, Set<Encapsulation> requested, Set<Encapsulation> available) {
        subset(pointer, requested, available);
        if (!requested.isEmpty() && !requested.contains(Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3)) {
            throw NicException.invalid(pointer, pointer
                    + ": must contain NDIS_ENCAPSULATION_IEEE_802_3 (Ethernet is required of every offload), or be empty"
                    + " (offload not supported)");
        }
    }
}
