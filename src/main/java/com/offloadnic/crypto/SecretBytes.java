package com.offloadnic.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Key material that never prints, never serializes, compares in constant time and can be zeroed.
 *
 * <p>Modelled on Tink's {@code SecretBytes}: the bytes are only reachable through {@link #copy()} and
 * {@link #copyRange(int, int)}, so every use of a key is an explicit act in the code.
 */
public final class SecretBytes {

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes a private copy of {@code key}; the caller keeps ownership of (and should wipe) its array. */
    public static SecretBytes copyOf(byte[] key) {
        return new SecretBytes(key.clone());
    }

    /** Takes a private copy of {@code length} bytes of {@code buf} at {@code offset}. */
    public static SecretBytes copyOf(byte[] buf, int offset, int length) {
        return new SecretBytes(Arrays.copyOfRange(buf, offset, offset + length));
    }

    public int length() {
        return bytes.length;
    }

    /** A fresh copy of the key bytes; the caller should {@link Arrays#fill(byte[], byte) wipe} it after use. */
    public byte[] copy() {
        checkLive();
        return bytes.clone();
    }

    /** A fresh copy of {@code length} key bytes from {@code offset}. */
    public byte[] copyRange(int offset, int length) {
        checkLive();
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** Overwrites the key with zeros; every later read fails. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Constant-time comparison of the key bytes. */
    public boolean equalsSecret(SecretBytes other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("key material has been destroyed");
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
