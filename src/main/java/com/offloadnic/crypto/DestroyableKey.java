package com.offloadnic.crypto;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A raw JCA key whose bytes we can wipe.
 *
 * <p>{@link javax.crypto.spec.SecretKeySpec} keeps a private copy that {@code destroy()} cannot clear (it
 * throws {@code DestroyFailedException}), so the transforms hold their keys in this class instead: the JCE
 * providers only call {@link #getAlgorithm()}, {@link #getFormat()} and {@link #getEncoded()}, and
 * {@link #destroy()} zeroes the one copy we own. Never prints, never serializes.
 */
final class DestroyableKey implements SecretKey {

    private final String algorithm;
    private final byte[] bytes;
    private volatile boolean destroyed;

    /** Takes ownership of {@code bytes} (the caller must not keep or wipe them). */
    DestroyableKey(byte[] bytes, String algorithm) {
        this.bytes = bytes;
        this.algorithm = algorithm;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key material has been destroyed");
        }
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return algorithm + " key[" + bytes.length + " bytes, redacted]";
    }

    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("keys never serialize");
    }
}
