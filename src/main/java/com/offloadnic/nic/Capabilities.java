package com.offloadnic.nic;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Helpers shared by the capability records. */
final class Capabilities {

    private Capabilities() {
    }

    /** An unmodifiable copy iterating in declaration order (so JSON lists come out stable). */
    static <E extends Enum<E>> Set<E> immutable(Set<E> set, Class<E> type) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        if (set != null) {
            copy.addAll(set);
        }
        return Collections.unmodifiableSet(copy);
    }

    static SortedSet<Integer> immutableInts(Set<Integer> set) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(set == null ? Set.of() : set));
    }
}
