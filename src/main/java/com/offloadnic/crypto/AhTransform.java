package com.offloadnic.crypto;

import java.lang.ref.WeakReference;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * The AH integrity check value of one SA (RFC 4302 section 3.3.3): HMAC-MD5-96, HMAC-SHA1-96,
 * HMAC-SHA-256-128 or AES-GMAC (RFC 4543 section 5).
 *
 * <p>The ipsec layer feeds the ICV input as segments, without concatenating them: the IP header with its
 * mutable fields zeroed, the AH header with its ICV field zeroed, the payload and, with ESN, the high-order
 * sequence bits (RFC 4302 section 3.3.3.3, {@link Computation#updateInt}):
 *
 * <pre>{@code
 * AhTransform.Computation icv = ah.start(buf, ahOffset + 12);   // GMAC: the IV after the sequence number
 * icv.update(normalizedIpHeader, 0, ipHeaderLength);
 * icv.update(buf, ahOffset, ahLength);                         // ICV field zeroed
 * icv.update(buf, payloadOffset, payloadLength);
 * if (esn) icv.updateInt(seqHigh);
 * icv.writeIcv(buf, icvOffset);           // send
 * boolean ok = icv.verify(receivedIcv, 0); // receive, constant time
 * }</pre>
 *
 * <p>For AES-GMAC the nonce is salt || IV, where the 8-byte IV sits in the AH header right after the
 * sequence number; the whole input is AAD and nothing is encrypted. Safe for concurrent use: each thread
 * has its own {@link Mac}/{@link Cipher} and its own {@link Computation}.
 */
public final class AhTransform {

    private final IntegrityAlgorithm algorithm;
    private final SecretBytes sourceKey;
    private final DestroyableKey key;
    private final byte[] salt;
    private final ThreadLocal<Computation> computation = ThreadLocal.withInitial(this::newComputation);
    /** Every thread's computation, for {@link #destroy()}; weak, so ended threads leave nothing behind. */
    private final Queue<WeakReference<Computation>> allComputations = new ConcurrentLinkedQueue<>();
    private volatile boolean destroyed;

    private AhTransform(IntegrityAlgorithm algorithm, SecretBytes keyMaterial) {
        this.algorithm = algorithm;
        this.sourceKey = keyMaterial;
        this.key = new DestroyableKey(keyMaterial.copyRange(0, algorithm.macKeyLength()), algorithm.jcaName());
        this.salt = algorithm.saltLength() == 0 ? null
                : keyMaterial.copyRange(algorithm.macKeyLength(), algorithm.saltLength());
    }

    /**
     * @param keyMaterial {@link IntegrityAlgorithm#keyLength()} bytes: the HMAC key, or for GMAC the AES key
     *     followed by the 4-byte salt
     * @throws IllegalArgumentException when the key length is wrong (the message never contains key bytes)
     */
    public static AhTransform create(IntegrityAlgorithm algorithm, SecretBytes keyMaterial) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyMaterial, "keyMaterial");
        if (keyMaterial.length() != algorithm.keyLength()) {
            throw new IllegalArgumentException("AH key for " + algorithm + " is " + keyMaterial.length()
                    + " bytes (expected " + algorithm.keyLength() + ")");
        }
        return new AhTransform(algorithm, keyMaterial);
    }

    public IntegrityAlgorithm algorithm() {
        return algorithm;
    }

    /** Bytes of ICV: 12 (MD5-96, SHA1-96) or 16 (SHA-256-128, GMAC). */
    public int icvLength() {
        return algorithm.icvLength();
    }

    /** Bytes of IV the AH header carries after the sequence number: 8 for GMAC, 0 for HMACs. */
    public int ivLength() {
        return algorithm.ivLength();
    }

    /** Starts an HMAC ICV computation on this thread. */
    public Computation start() {
        if (algorithm.mode() == IntegrityAlgorithm.Mode.GMAC) {
            throw new IllegalStateException(algorithm + " needs the 8-byte IV: use start(iv, offset)");
        }
        return start(null, 0);
    }

    /**
     * Starts an ICV computation on this thread; any computation this thread had open on this transform is
     * abandoned. The returned object belongs to the calling thread and is reused by its next start.
     *
     * @param iv for GMAC the buffer holding the 8-byte IV at {@code ivOffset}; ignored for HMACs
     */
    public Computation start(byte[] iv, int ivOffset) {
        if (destroyed) {
            throw new IllegalStateException("transform " + this + " has been destroyed");
        }
        Computation c = computation.get();
        c.begin(iv, ivOffset);
        return c;
    }

    /** Wipes our key copies, the source {@link SecretBytes} and (best effort) every thread's key schedule. */
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        for (WeakReference<Computation> ref : allComputations) {
            Computation c = ref.get();
            if (c != null) {
                c.wipe();
            }
        }
        allComputations.clear();
        sourceKey.destroy();
        key.destroy();
        if (salt != null) {
            Arrays.fill(salt, (byte) 0);
        }
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "AhTransform[" + algorithm + ", icv " + icvLength() + ", key redacted]";
    }

    private Computation newComputation() {
        Computation c = new Computation(this);
        allComputations.removeIf(ref -> ref.get() == null);
        allComputations.add(new WeakReference<>(c));
        return c;
    }

    /**
     * One ICV computation in progress on one thread: feed it segments, then write or verify the ICV. Static and
     * without a reference to its transform, so a worker thread's ThreadLocalMap does not keep deleted SAs alive
     * (see EspTransform's ThreadState).
     */
    public static final class Computation {
        private final IntegrityAlgorithm algorithm;
        private final DestroyableKey key;
        private final int icvLength;
        private final Mac mac;
        private final Cipher gmac;
        private final byte[] nonce = new byte[Jce.GCM_NONCE_LENGTH];
        private final byte[] word = new byte[4];
        private final byte[] out;
        private boolean open;

        private Computation(AhTransform t) {
            this.algorithm = t.algorithm;
            this.key = t.key;
            this.icvLength = t.icvLength();
            try {
                if (algorithm.mode() == IntegrityAlgorithm.Mode.HMAC) {
                    mac = Jce.mac(algorithm.jcaName());
                    mac.init(key);
                    gmac = null;
                    out = new byte[mac.getMacLength()];
                } else {
                    mac = null;
                    gmac = Jce.cipher("AES/GCM/NoPadding");
                    System.arraycopy(t.salt, 0, nonce, 0, t.salt.length);
                    out = new byte[Jce.GCM_TAG_BITS / 8];
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JCE refused the " + algorithm + " key", e);
            }
        }

        private void begin(byte[] iv, int ivOffset) {
            try {
                if (mac != null) {
                    mac.reset();
                } else {
                    Objects.requireNonNull(iv, "GMAC IV");
                    Objects.checkFromIndexSize(ivOffset, 8, iv.length);
                    System.arraycopy(iv, ivOffset, nonce, 4, 8);
                    Jce.initGcmEncrypt(gmac, key, nonce);
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JCE failed to start " + algorithm, e);
            }
            open = true;
        }

        /** Feeds {@code length} bytes of {@code buf} at {@code offset}. */
        public Computation update(byte[] buf, int offset, int length) {
            checkOpen();
            Objects.checkFromIndexSize(offset, length, buf.length);
            if (mac != null) {
                mac.update(buf, offset, length);
            } else {
                gmac.updateAAD(buf, offset, length);
            }
            return this;
        }

        /** Feeds a 32-bit big-endian value: the ESN high-order bits of RFC 4302 section 3.3.3.3. */
        public Computation updateInt(int value) {
            Jce.putInt(word, 0, value);
            return update(word, 0, 4);
        }

        /** Finishes the computation and writes the {@link #icvLength}-byte ICV at {@code offset}. */
        public void writeIcv(byte[] buf, int offset) {
            Objects.checkFromIndexSize(offset, icvLength, buf.length);
            finish();
            System.arraycopy(out, 0, buf, offset, icvLength);
        }

        /** Finishes the computation and compares, in constant time, with the ICV at {@code offset}. */
        public boolean verify(byte[] buf, int offset) {
            Objects.checkFromIndexSize(offset, icvLength, buf.length);
            finish();
            return Jce.constantTimeEquals(out, 0, buf, offset, icvLength);
        }

        private void finish() {
            checkOpen();
            open = false;
            try {
                if (mac != null) {
                    mac.doFinal(out, 0);
                } else {
                    gmac.doFinal(out, 0);
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JCE failed to finish " + algorithm, e);
            }
        }

        private void checkOpen() {
            if (!open) {
                throw new IllegalStateException("no ICV computation in progress: call start first");
            }
        }

        private void wipe() {
            Arrays.fill(nonce, (byte) 0);
            Arrays.fill(out, (byte) 0);
            open = false;
            try {
                var zeros = new DestroyableKey(new byte[key.length()], key.getAlgorithm());
                if (mac != null) {
                    mac.init(zeros);
                } else {
                    Jce.initGcmEncrypt(gmac, zeros, new byte[Jce.GCM_NONCE_LENGTH]);
                }
            } catch (GeneralSecurityException e) {
                // Best effort, as in EspTransform: the keys we own are wiped regardless.
            }
        }
    }
}
