package com.offloadnic.ipsec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@link SaTransforms} of one NIC's SAs, keyed by handle: built on first use, destroyed when the SA is.
 *
 * <p>One instance per NIC, owned by whatever owns the NIC's SA table; its delete path must call
 * {@link #destroy(long)} and adapter removal {@link #destroyAll()}, so no key schedule outlives its SA.
 */
public final class SaTransformCache {

    private final Map<Long, SaTransforms> byHandle = new ConcurrentHashMap<>();

    /** The transforms of SA {@code handle}, built with {@code build} the first time. */
    public SaTransforms get(long handle, Supplier<SaTransforms> build) {
        return byHandle.computeIfAbsent(handle, h -> build.get());
    }

    /** The transforms of SA {@code handle} if built, else null. */
    public SaTransforms peek(long handle) {
        return byHandle.get(handle);
    }

    /** Removes and wipes the transforms of SA {@code handle} (no-op when none were built). */
    public void destroy(long handle) {
        SaTransforms t = byHandle.remove(handle);
        if (t != null) {
            t.destroy();
        }
    }

    /** Removes and wipes every SA's transforms (adapter removal). */
    public void destroyAll() {
        for (Long handle : byHandle.keySet()) {
            destroy(handle);
        }
    }

    public int size() {
        return byHandle.size();
    }
}
