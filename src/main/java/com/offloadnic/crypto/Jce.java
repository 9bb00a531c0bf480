package com.offloadnic.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;

/** JCE plumbing shared by the transforms: cipher construction and AES-GCM initialisation. */
final class Jce {

    /** GCM nonce length of RFC 4106/4543: 4-byte salt || 8-byte explicit IV. */
    static final int GCM_NONCE_LENGTH = 12;
    /** SunJCE computes full 128-bit tags; shorter ICVs are its leading bytes (NIST SP 800-38D section 5.2.1.2). */
    static final int GCM_TAG_BITS = 128;

    private Jce() {
    }

    static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE lacks " + transformation, e);
        }
    }

    static Mac mac(String algorithm) {
        try {
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE lacks " + algorithm, e);
        }
    }

    /**
     * Initialises {@code cipher} for AES-GCM encryption with {@code nonce}.
     *
     * <p>SunJCE refuses to encrypt twice in a row with the same key and nonce on one {@code Cipher}. On the
     * send path our nonces are unique per SA (the 64-bit sequence number), so this never triggers; it does
     * when the same packet is verified twice on one thread (AH-GMAC verification runs in encrypt mode) or a
     * rig replays an IV on purpose. Then the cipher is first initialised with a different nonce, which it
     * never uses, and then with the requested one.
     */
    static void initGcmEncrypt(Cipher cipher, DestroyableKey key, byte[] nonce) throws InvalidKeyException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, nonce));
        } catch (InvalidAlgorithmParameterException reused) {
            try {
                nonce[GCM_NONCE_LENGTH - 1] ^= 1;
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, nonce));
                nonce[GCM_NONCE_LENGTH - 1] ^= 1;
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, nonce));
            } catch (InvalidAlgorithmParameterException e) {
                throw new IllegalStateException("AES-GCM refused a 12-byte nonce", e);
            }
        }
    }

    static void initGcmDecrypt(Cipher cipher, DestroyableKey key, byte[] nonce) throws InvalidKeyException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, nonce));
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("AES-GCM refused a 12-byte nonce", e);
        }
    }

    /** Constant-time comparison of two ranges: the time depends on {@code length} only. */
    static boolean constantTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aOffset + i] ^ b[bOffset + i];
        }
        return diff == 0;
    }

    static void putInt(byte[] buf, int offset, int value) {
        buf[offset] = (byte) (value >>> 24);
        buf[offset + 1] = (byte) (value >>> 16);
        buf[offset + 2] = (byte) (value >>> 8);
        buf[offset + 3] = (byte) value;
    }

    static int getInt(byte[] buf, int offset) {
        return (buf[offset] & 0xff) << 24 | (buf[offset + 1] & 0xff) << 16
                | (buf[offset + 2] & 0xff) << 8 | buf[offset + 3] & 0xff;
    }
}
