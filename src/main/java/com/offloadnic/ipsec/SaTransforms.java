package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EspTransform;

/**
 * The crypto transforms of one SA bundle: the ESP transform and/or the AH transform, built once from the SA's
 * keys (key schedules and per-thread {@code Cipher}/{@code Mac} objects live inside them) and shared by the
 * send and receive paths.
 *
 * <p>{@link SaTransformsFactory#build} makes them from an SA table entry. {@link #destroy()} wipes every key copy, including the SA's own {@code SecretBytes}: call it exactly when
 * the SA is deleted (see {@link SaTransformCache#destroy(long)}), never to "rebuild".
 *
 * @param esp the ESP transform, or null for an AH-only bundle
 * @param ah  the AH transform, or null for an ESP-only bundle
 */
public record SaTransforms(EspTransform esp, AhTransform ah) implements AutoCloseable {

    public SaTransforms {
        if (esp == null && ah == null) {
            throw new IllegalArgumentException("an SA bundle needs an ESP or an AH transform");
        }
    }

    /** Same as {@link #destroy()}, so an SA table entry can hold the transforms as a closing attachment. */
    @Override
    public void close() {
        destroy();
    }

    public boolean hasEsp() {
        return esp != null;
    }

    public boolean hasAh() {
        return ah != null;
    }

    /** Wipes the keys of both transforms; later use fails. */
    public void destroy() {
        if (esp != null) {
            esp.destroy();
        }
        if (ah != null) {
            ah.destroy();
        }
    }

    @Override
    public String toString() {
        return "SaTransforms[esp=" + esp + ", ah=" + ah + "]";
    }
}
