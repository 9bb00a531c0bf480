package com.offloadnic.ipsec;

import java.util.function.Consumer;

/**
 * An immutable open-addressing map from primitive {@code long} keys to values, for lock-free, allocation-free
 * reads on the packet path. Writers (the SA OIDs, rare) build a new index and publish it through a volatile
 * field; {@link #with} and {@link #without} copy, so a reader never sees a half-made change.
 */
final class LongIndex<V> {

    private static final LongIndex<?> EMPTY = new LongIndex<>(new long[8], new Object[8], 0);

    private final long[] keys;
    private final Object[] values;
    private final int size;
    private final int mask;

    private LongIndex(long[] keys, Object[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.mask = keys.length - 1;
    }

    @SuppressWarnings("unchecked")
    static <V> LongIndex<V> empty() {
        return (LongIndex<V>) EMPTY;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** A copy with {@code key} mapped to {@code value} (replacing any previous value). */
    LongIndex<V> with(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        int capacity = keys.length;
        while ((size + 1) * 2 > capacity) {
            capacity <<= 1;
        }
        long[] k = new long[capacity];
        Object[] v = new Object[capacity];
        int n = 0;
        if (capacity == keys.length) {
            System.arraycopy(keys, 0, k, 0, capacity);
            System.arraycopy(values, 0, v, 0, capacity);
            n = size;
        } else {
            for (int i = 0; i < keys.length; i++) {
                if (values[i] != null) {
                    insert(k, v, keys[i], values[i]);
                    n++;
                }
            }
        }
        return new LongIndex<>(k, v, insert(k, v, key, value) ? n + 1 : n);
    }

    /** A copy without {@code key}. */
    LongIndex<V> without(long key) {
        if (get(key) == null) {
            return this;
        }
        int capacity = keys.length;
        long[] k = new long[capacity];
        Object[] v = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            if (values[i] != null && keys[i] != key) {
                insert(k, v, keys[i], values[i]);
            }
        }
        return new LongIndex<>(k, v, size - 1);
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super V> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    /** Puts into raw arrays; true if the key was new. */
    private static boolean insert(long[] k, Object[] v, long key, Object value) {
        int m = k.length - 1;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            if (v[i] == null) {
                k[i] = key;
                v[i] = value;
                return true;
            }
            if (k[i] == key) {
                v[i] = value;
                return false;
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
