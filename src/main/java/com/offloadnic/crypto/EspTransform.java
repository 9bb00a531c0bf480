package com.offloadnic.crypto;

import java.lang.ref.WeakReference;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;

/**
 * The ESP cryptographic transform of one SA, applied in place to the ESP span of a packet buffer
 * (RFC 4303 section 2):
 *
 * <pre>
 *  espOffset
 *  |  0        4        8          8+ivLen
 *  +--------+--------+----------+----------------------------------------------+-----------+
 *  |  SPI   |  Seq   |    IV    | payload ... padding | pad len | next header  |    ICV    |
 *  +--------+--------+----------+----------------------------------------------+-----------+
 *                               |&lt;----------- encrypted (CBC, GCM) ----------&gt;|  icvLength
 * </pre>
 *
 * <ul>
 *   <li>AES-GCM (RFC 4106): nonce = salt || IV; AAD = SPI || Seq, or SPI || seqHigh || Seq with ESN
 *       (section 5); ICV of 8, 12 or 16 bytes.</li>
 *   <li>ESP-NULL-GMAC (RFC 4543 section 3): encryption {@link EncryptionAlgorithm#NONE} with an
 *       {@code AES_GMAC_*} integrity algorithm; AAD = SPI || [seqHigh] || Seq || IV || payload and
 *       trailer, nothing encrypted, 16-byte ICV.</li>
 *   <li>CBC (AES, DES, 3DES) and/or HMAC (MD5-96, SHA1-96, SHA-256-128): encrypt-then-MAC, the ICV over
 *       SPI .. end of ciphertext followed, with ESN, by seqHigh which is not transmitted (RFC 4303
 *       section 3.3.2.2). CBC without integrity (RFC 3602 test cases) and NULL encryption with an HMAC are
 *       allowed; NULL with no integrity is not.</li>
 * </ul>
 *
 * <p>Build one per SA with {@link #create}; it is safe to use from many threads at once. Each thread gets
 * its own {@link Cipher}/{@link Mac} objects, initialised with this SA's key once, so a packet costs no
 * JCE object construction and, for HMAC, no re-keying. The caller writes the IV before {@link #seal}
 * (see {@link #writeIv}); padding, trailer and 4-byte alignment are the caller's, this class only checks
 * that the lengths can be processed.
 *
 * <p>Run it on long-lived threads ({@link CryptoPool} workers): the per-thread objects are built on a
 * thread's first packet, so a fresh (e.g. virtual) thread per packet would rebuild them every time.
 *
 * <p>{@link #destroy()} wipes the key copies this transform holds; call it once no thread is using the
 * transform any more (after the SA has been removed from its table and in-flight packets completed).
 */
public final class EspTransform {

    /** Bytes of SPI and sequence number before the IV. */
    public static final int HEADER_LENGTH = 8;
    /** Bytes of pad length and next header at the end of the payload. */
    public static final int TRAILER_LENGTH = 2;

    private enum Kind { AES_GCM, NULL_GMAC, CBC_OR_HMAC }

    private final EncryptionAlgorithm encryption;
    private final IntegrityAlgorithm integrity;
    private final Kind kind;
    private final boolean esn;
    private final int ivLength;
    private final int icvLength;
    private final int blockSize;
    private final String cipherTransformation;
    private final DestroyableKey cipherKey;
    private final DestroyableKey macKey;
    /** RFC 4106/4543 salt, the first 4 bytes of every GCM nonce. */
    private final byte[] salt;
    private final SecretBytes[] sourceKeys;
    private final ThreadLocal<ThreadState> threadState = ThreadLocal.withInitial(this::newThreadState);
    /** Every thread's state, for {@link #destroy()}; weak, so threads that ended leave nothing behind. */
    private final Queue<WeakReference<ThreadState>> allStates = new ConcurrentLinkedQueue<>();
    private volatile boolean destroyed;

    private EspTransform(EncryptionAlgorithm encryption, SecretBytes encKey, IntegrityAlgorithm integrity,
            SecretBytes authKey, int icvLength, boolean esn) {
        this.encryption = encryption;
        this.integrity = integrity;
        this.icvLength = icvLength;
        this.esn = esn;
        this.sourceKeys = new SecretBytes[] {encKey, authKey};
        switch (encryption.mode()) {
            case GCM -> {
                kind = Kind.AES_GCM;
                ivLength = encryption.ivLength();
                blockSize = 1;
                cipherTransformation = "AES/GCM/NoPadding";
                cipherKey = new DestroyableKey(encKey.copyRange(0, encryption.cipherKeyLength()), "AES");
                salt = encKey.copyRange(encryption.cipherKeyLength(), encryption.saltLength());
                macKey = null;
            }
            case CBC -> {
                kind = Kind.CBC_OR_HMAC;
                ivLength = encryption.ivLength();
                blockSize = encryption.blockSize();
                String jca = switch (encryption) {
                    case DES_CBC -> "DES";
                    case TRIPLE_DES_CBC -> "DESede";
                    default -> "AES";
                };
                cipherTransformation = jca + "/CBC/NoPadding";
                cipherKey = new DestroyableKey(encKey.copy(), jca);
                salt = null;
                macKey = integrity == null ? null : new DestroyableKey(authKey.copy(), integrity.jcaName());
            }
            case NULL -> {
                blockSize = 1;
                if (integrity.mode() == IntegrityAlgorithm.Mode.GMAC) {
                    kind = Kind.NULL_GMAC;
                    ivLength = integrity.ivLength();
                    cipherTransformation = "AES/GCM/NoPadding";
                    cipherKey = new DestroyableKey(authKey.copyRange(0, integrity.macKeyLength()), "AES");
                    salt = authKey.copyRange(integrity.macKeyLength(), integrity.saltLength());
                    macKey = null;
                } else {
                    kind = Kind.CBC_OR_HMAC;
                    ivLength = 0;
                    cipherTransformation = null;
                    cipherKey = null;
                    salt = null;
                    macKey = new DestroyableKey(authKey.copy(), integrity.jcaName());
                }
            }
            default -> throw new IllegalArgumentException("unknown encryption mode " + encryption.mode());
        }
    }

    /**
     * Builds the transform of one SA.
     *
     * @param encryption the confidentiality algorithm ({@link EncryptionAlgorithm#NONE} for ESP-NULL)
     * @param encKey its keying material ({@link EncryptionAlgorithm#keyLength()} bytes: for GCM the AES
     *     key followed by the 4-byte salt); ignored, and may be null, for NONE
     * @param integrity the integrity algorithm, or null for AES-GCM and for CBC without integrity
     * @param authKey its keying material ({@link IntegrityAlgorithm#keyLength()} bytes: for GMAC the AES key
     *     followed by the salt), or null when {@code integrity} is null
     * @param icvLength ICV bytes: 8, 12 or 16 for AES-GCM; the algorithm's ICV length for HMAC and GMAC; 0
     *     without integrity
     * @param esn whether the SA uses extended (64-bit) sequence numbers
     * @throws IllegalArgumentException for a combination RFC 4303/4106/4543 does not define, or a wrong
     *     key or ICV length; the message never contains key bytes
     */
    public static EspTransform create(EncryptionAlgorithm encryption, SecretBytes encKey,
            IntegrityAlgorithm integrity, SecretBytes authKey, int icvLength, boolean esn) {
        Objects.requireNonNull(encryption, "encryption");
        switch (encryption.mode()) {
            case GCM -> {
                if (integrity != null) {
                    throw new IllegalArgumentException(encryption + " is a combined mode and takes no integrity"
                            + " algorithm, got " + integrity);
                }
                if (icvLength != 8 && icvLength != 12 && icvLength != 16) {
                    throw new IllegalArgumentException("ICV length " + icvLength + " not allowed for "
                            + encryption + " (expected 8, 12 or 16, RFC 4106 section 8.1)");
                }
                checkKey("encryption", encKey, encryption.keyLength(), encryption);
            }
            case CBC -> {
                checkKey("encryption", encKey, encryption.keyLength(), encryption);
                if (integrity != null && integrity.mode() == IntegrityAlgorithm.Mode.GMAC) {
                    throw new IllegalArgumentException(integrity + " is only defined with NULL encryption"
                            + " (RFC 4543 section 3), not with " + encryption);
                }
                checkIntegrity(integrity, authKey, icvLength);
            }
            case NULL -> {
                if (integrity == null) {
                    throw new IllegalArgumentException("ESP with neither encryption nor integrity is refused");
                }
                checkIntegrity(integrity, authKey, icvLength);
            }
            default -> throw new IllegalArgumentException("unknown encryption mode " + encryption.mode());
        }
        return new EspTransform(encryption, encKey, integrity, authKey, icvLength, esn);
    }

    private static void checkIntegrity(IntegrityAlgorithm integrity, SecretBytes authKey, int icvLength) {
        if (integrity == null) {
            if (icvLength != 0) {
                throw new IllegalArgumentException("ICV length " + icvLength + " given without an integrity"
                        + " algorithm (expected 0)");
            }
            return;
        }
        checkKey("integrity", authKey, integrity.keyLength(), integrity);
        if (icvLength != integrity.icvLength()) {
            throw new IllegalArgumentException("ICV length " + icvLength + " not allowed for " + integrity
                    + " (expected " + integrity.icvLength() + ")");
        }
    }

    private static void checkKey(String role, SecretBytes key, int expected, Object algorithm) {
        if (key == null) {
            throw new IllegalArgumentException(role + " key missing for " + algorithm);
        }
        if (key.length() != expected) {
            throw new IllegalArgumentException(role + " key for " + algorithm + " is " + key.length()
                    + " bytes (expected " + expected + ")");
        }
    }

    public EncryptionAlgorithm encryption() {
        return encryption;
    }

    /** The separate integrity algorithm, or null (AES-GCM, or CBC without integrity). */
    public IntegrityAlgorithm integrity() {
        return integrity;
    }

    public boolean esn() {
        return esn;
    }

    /** Bytes of explicit IV after the sequence number: 8 for GCM and GMAC, the block size for CBC, else 0. */
    public int ivLength() {
        return ivLength;
    }

    /** Bytes of ICV at the end of the span. */
    public int icvLength() {
        return icvLength;
    }

    /**
     * The multiple the encrypted part (payload, padding, pad length, next header) must have: the CBC block
     * size, else 1. RFC 4303 also wants the ICV 4-byte aligned: the caller pads to max(this, 4).
     */
    public int blockSize() {
        return blockSize;
    }

    /** The shortest span {@link #seal} and {@link #open} accept: header, IV, one block or the trailer, ICV. */
    public int minEspLength() {
        return HEADER_LENGTH + ivLength + Math.max(blockSize, TRAILER_LENGTH) + icvLength;
    }

    /**
     * Writes the IV this SA's policy asks for into the span, right after the sequence number: the 64-bit
     * sequence number {@code seqHigh || Seq} for GCM and GMAC (unique per SA, RFC 4106 section 3.1 and
     * RFC 4543 section 3.1), {@link IvGenerator#writeRandom unpredictable random bytes} for CBC, nothing for
     * ESP-NULL with an HMAC.
     */
    public void writeIv(byte[] buf, int espOffset, int seqHigh) {
        int ivOffset = espOffset + HEADER_LENGTH;
        Objects.checkFromIndexSize(espOffset, HEADER_LENGTH + ivLength, buf.length);
        switch (kind) {
            case AES_GCM, NULL_GMAC ->
                    IvGenerator.writeSequence(buf, ivOffset, seqHigh, Jce.getInt(buf, espOffset + 4));
            case CBC_OR_HMAC -> {
                if (ivLength > 0) {
                    IvGenerator.writeRandom(buf, ivOffset, ivLength);
                }
            }
        }
    }

    /**
     * Encrypts the span in place and writes the ICV.
     *
     * <p>On entry {@code buf[espOffset, espOffset + espLength)} holds SPI, Seq, the IV, the plaintext payload
     * with padding, pad length and next header, and {@link #icvLength()} bytes of room for the ICV.
     *
     * @param seqHigh the high-order 32 bits of the 64-bit sequence number (used only with ESN)
     * @throws CryptoFormatException when the span is too short or a CBC payload is not a whole number of
     *     blocks; the buffer is then unchanged
     */
    public void seal(byte[] buf, int espOffset, int espLength, int seqHigh) {
        checkLive();
        Objects.checkFromIndexSize(espOffset, espLength, buf.length);
        String problem = lengthProblem(espLength);
        if (problem != null) {
            throw new CryptoFormatException(problem);
        }
        int ivOffset = espOffset + HEADER_LENGTH;
        int payloadOffset = ivOffset + ivLength;
        int icvOffset = espOffset + espLength - icvLength;
        int payloadLength = icvOffset - payloadOffset;
        ThreadState s = threadState.get();
        try {
            switch (kind) {
                case AES_GCM -> {
                    s.loadNonce(buf, ivOffset);
                    Jce.initGcmEncrypt(s.encryptor, cipherKey, s.nonce);
                    updateGcmAad(s, s.encryptor, buf, espOffset, seqHigh);
                    if (icvLength == Jce.GCM_TAG_BITS / 8) {
                        s.encryptor.doFinal(buf, payloadOffset, payloadLength, buf, payloadOffset);
                    } else {
                        byte[] out = s.scratch(payloadLength + Jce.GCM_TAG_BITS / 8);
                        s.encryptor.doFinal(buf, payloadOffset, payloadLength, out, 0);
                        System.arraycopy(out, 0, buf, payloadOffset, payloadLength + icvLength);
                    }
                }
                case NULL_GMAC -> {
                    s.loadNonce(buf, ivOffset);
                    Jce.initGcmEncrypt(s.encryptor, cipherKey, s.nonce);
                    updateGmacAad(s, s.encryptor, buf, espOffset, icvOffset, seqHigh);
                    s.encryptor.doFinal(buf, icvOffset);
                }
                case CBC_OR_HMAC -> {
                    if (s.encryptor != null) {
                        s.encryptor.init(Cipher.ENCRYPT_MODE, cipherKey, new IvParameterSpec(buf, ivOffset, ivLength));
                        cbcBesidePacket(s, s.encryptor, buf, payloadOffset, payloadLength);
                    }
                    if (s.mac != null) {
                        computeHmac(s, buf, espOffset, icvOffset, seqHigh);
                        System.arraycopy(s.macOut, 0, buf, icvOffset, icvLength);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE failed to seal with " + this, e);
        }
    }

    /**
     * Verifies the ICV in constant time and, when it matches, decrypts the span in place (the ICV bytes are
     * left as they were). On any result but {@link EspOpenResult#OK} the buffer is unchanged.
     *
     * @param seqHigh the high-order 32 bits of the 64-bit sequence number (used only with ESN)
     */
    public EspOpenResult open(byte[] buf, int espOffset, int espLength, int seqHigh) {
        checkLive();
        Objects.checkFromIndexSize(espOffset, espLength, buf.length);
        if (lengthProblem(espLength) != null) {
            return EspOpenResult.BAD_LENGTH;
        }
        int ivOffset = espOffset + HEADER_LENGTH;
        int payloadOffset = ivOffset + ivLength;
        int icvOffset = espOffset + espLength - icvLength;
        int payloadLength = icvOffset - payloadOffset;
        ThreadState s = threadState.get();
        try {
            switch (kind) {
                case AES_GCM -> {
                    return icvLength == Jce.GCM_TAG_BITS / 8
                            ? openGcm(s, buf, espOffset, payloadOffset, payloadLength, seqHigh)
                            : openTruncatedGcm(s, buf, espOffset, payloadOffset, payloadLength, seqHigh);
                }
                case NULL_GMAC -> {
                    s.loadNonce(buf, ivOffset);
                    Jce.initGcmDecrypt(s.decryptor, cipherKey, s.nonce);
                    updateGmacAad(s, s.decryptor, buf, espOffset, icvOffset, seqHigh);
                    try {
                        s.decryptor.doFinal(buf, icvOffset, icvLength, s.macOut, 0);
                    } catch (AEADBadTagException e) {
                        return EspOpenResult.AUTH_FAILED;
                    }
                    return EspOpenResult.OK;
                }
                case CBC_OR_HMAC -> {
                    if (s.mac != null) {
                        computeHmac(s, buf, espOffset, icvOffset, seqHigh);
                        if (!Jce.constantTimeEquals(s.macOut, 0, buf, icvOffset, icvLength)) {
                            return EspOpenResult.AUTH_FAILED;
                        }
                    }
                    if (s.decryptor != null) {
                        s.decryptor.init(Cipher.DECRYPT_MODE, cipherKey, new IvParameterSpec(buf, ivOffset, ivLength));
                        cbcBesidePacket(s, s.decryptor, buf, payloadOffset, payloadLength);
                    }
                    return EspOpenResult.OK;
                }
                default -> throw new IllegalStateException("unknown kind " + kind);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE failed to open with " + this, e);
        }
    }

    private EspOpenResult openGcm(ThreadState s, byte[] buf, int espOffset, int payloadOffset, int payloadLength,
            int seqHigh) throws GeneralSecurityException {
        s.loadNonce(buf, espOffset + HEADER_LENGTH);
        Jce.initGcmDecrypt(s.decryptor, cipherKey, s.nonce);
        updateGcmAad(s, s.decryptor, buf, espOffset, seqHigh);
        // SunJCE zeroes its output when the tag does not match: decrypt beside the packet so a failed frame
        // is still indicated as it arrived.
        byte[] out = s.scratch(payloadLength);
        try {
            s.decryptor.doFinal(buf, payloadOffset, payloadLength + icvLength, out, 0);
        } catch (AEADBadTagException e) {
            return EspOpenResult.AUTH_FAILED;
        }
        System.arraycopy(out, 0, buf, payloadOffset, payloadLength);
        return EspOpenResult.OK;
    }

    /**
     * SunJCE verifies only 96..128-bit GCM tags. For an 8- or 12-byte ICV: decrypt with AES-CTR from the
     * first GCM counter block (salt || IV || 2), re-encrypt that plaintext with AES-GCM to recompute the full
     * tag, and compare its leading bytes with the ICV. Twice the work of the 16-byte case, only for SAs that
     * chose a short ICV.
     */
    private EspOpenResult openTruncatedGcm(ThreadState s, byte[] buf, int espOffset, int payloadOffset,
            int payloadLength, int seqHigh) throws GeneralSecurityException {
        s.loadNonce(buf, espOffset + HEADER_LENGTH);
        System.arraycopy(s.nonce, 0, s.counterBlock, 0, Jce.GCM_NONCE_LENGTH);
        Jce.putInt(s.counterBlock, Jce.GCM_NONCE_LENGTH, 2);
        int tagLength = Jce.GCM_TAG_BITS / 8;
        byte[] out = s.scratch(2 * payloadLength + tagLength);
        s.ctr.init(Cipher.DECRYPT_MODE, cipherKey, new IvParameterSpec(s.counterBlock));
        s.ctr.doFinal(buf, payloadOffset, payloadLength, out, 0);
        Jce.initGcmEncrypt(s.encryptor, cipherKey, s.nonce);
        updateGcmAad(s, s.encryptor, buf, espOffset, seqHigh);
        s.encryptor.doFinal(out, 0, payloadLength, out, payloadLength);
        if (!Jce.constantTimeEquals(out, 2 * payloadLength, buf, payloadOffset + payloadLength, icvLength)) {
            Arrays.fill(out, 0, payloadLength, (byte) 0);
            return EspOpenResult.AUTH_FAILED;
        }
        System.arraycopy(out, 0, buf, payloadOffset, payloadLength);
        return EspOpenResult.OK;
    }

    /**
     * SunJCE's CBC copies its whole input into a fresh array when input and output overlap (in place): 9 KB
     * of garbage per jumbo frame. Running the cipher into this thread's scratch buffer and copying back
     * costs one memory copy and allocates nothing (see docs/benchmarks.md).
     */
    private static void cbcBesidePacket(ThreadState s, Cipher cipher, byte[] buf, int offset, int length)
            throws GeneralSecurityException {
        byte[] out = s.scratch(length);
        cipher.doFinal(buf, offset, length, out, 0);
        System.arraycopy(out, 0, buf, offset, length);
    }

    private String lengthProblem(int espLength) {
        int min = minEspLength();
        if (espLength < min) {
            return "ESP packet too short: " + espLength + " bytes (expected at least " + min + ")";
        }
        int encrypted = espLength - HEADER_LENGTH - ivLength - icvLength;
        if (encrypted % blockSize != 0) {
            return "ESP payload of " + encrypted + " bytes is not a multiple of the " + encryption
                    + " block size " + blockSize;
        }
        return null;
    }

    private void updateGcmAad(ThreadState s, Cipher cipher, byte[] buf, int espOffset, int seqHigh) {
        if (esn) {
            System.arraycopy(buf, espOffset, s.aad, 0, 4);
            Jce.putInt(s.aad, 4, seqHigh);
            System.arraycopy(buf, espOffset + 4, s.aad, 8, 4);
            cipher.updateAAD(s.aad, 0, 12);
        } else {
            cipher.updateAAD(buf, espOffset, HEADER_LENGTH);
        }
    }

    private void updateGmacAad(ThreadState s, Cipher cipher, byte[] buf, int espOffset, int icvOffset, int seqHigh) {
        if (esn) {
            cipher.updateAAD(buf, espOffset, 4);
            Jce.putInt(s.aad, 0, seqHigh);
            cipher.updateAAD(s.aad, 0, 4);
            cipher.updateAAD(buf, espOffset + 4, icvOffset - espOffset - 4);
        } else {
            cipher.updateAAD(buf, espOffset, icvOffset - espOffset);
        }
    }

    private void computeHmac(ThreadState s, byte[] buf, int espOffset, int icvOffset, int seqHigh)
            throws ShortBufferException {
        s.mac.update(buf, espOffset, icvOffset - espOffset);
        if (esn) {
            Jce.putInt(s.aad, 0, seqHigh);
            s.mac.update(s.aad, 0, 4);
        }
        s.mac.doFinal(s.macOut, 0);
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("transform " + this + " has been destroyed");
        }
    }

    /**
     * Wipes the key material: the {@link SecretBytes} it was built from, its own copies, and the key
     * schedules of every thread's cached {@link Cipher}/{@link Mac} (re-keyed with zeros, best effort:
     * the JCE keeps no API to erase them). Later calls to seal/open fail. Call only when no thread is inside
     * {@link #seal} or {@link #open}.
     */
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        for (WeakReference<ThreadState> ref : allStates) {
            ThreadState s = ref.get();
            if (s != null) {
                s.wipe();
            }
        }
        allStates.clear();
        for (SecretBytes key : sourceKeys) {
            if (key != null) {
                key.destroy();
            }
        }
        if (cipherKey != null) {
            cipherKey.destroy();
        }
        if (macKey != null) {
            macKey.destroy();
        }
        if (salt != null) {
            Arrays.fill(salt, (byte) 0);
        }
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Names the algorithms and lengths, never the keys. */
    @Override
    public String toString() {
        return "EspTransform[" + encryption + (integrity == null ? "" : " + " + integrity) + ", icv " + icvLength
                + (esn ? ", esn" : "") + ", keys redacted]";
    }

    private ThreadState newThreadState() {
        checkLive();
        ThreadState s = new ThreadState(this);
        allStates.removeIf(ref -> ref.get() == null);
        allStates.add(new WeakReference<>(s));
        return s;
    }

    /**
     * What one thread needs to run this SA: its own JCE objects and scratch space, reused for every packet.
     * Static, and holding no reference to its transform: a worker thread's ThreadLocalMap holds this value
     * strongly, so a reference back to the transform (and so to the ThreadLocal key) would keep every deleted SA's
     * states and ciphers alive on every long-lived worker (the soak run showed heap growing with SA churn).
     */
    private static final class ThreadState {
        private final Kind kind;
        private final int ivLength;
        private final DestroyableKey cipherKey;
        private final DestroyableKey macKey;
        final Cipher encryptor;
        final Cipher decryptor;
        final Cipher ctr;
        final Mac mac;
        final byte[] nonce = new byte[Jce.GCM_NONCE_LENGTH];
        final byte[] counterBlock = new byte[16];
        final byte[] aad = new byte[12];
        final byte[] macOut;
        /** Grown on first use to the largest packet seen: CBC, GCM opens and short-ICV GCM seals use it. */
        private byte[] scratch = new byte[0];

        ThreadState(EspTransform t) {
            kind = t.kind;
            ivLength = t.ivLength;
            cipherKey = t.cipherKey;
            macKey = t.macKey;
            encryptor = t.cipherTransformation == null ? null : Jce.cipher(t.cipherTransformation);
            decryptor = t.cipherTransformation == null ? null : Jce.cipher(t.cipherTransformation);
            ctr = kind == Kind.AES_GCM && t.icvLength < 16 ? Jce.cipher("AES/CTR/NoPadding") : null;
            if (macKey != null) {
                mac = Jce.mac(macKey.getAlgorithm());
                try {
                    mac.init(macKey);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("JCE refused the " + t.integrity + " key", e);
                }
                macOut = new byte[mac.getMacLength()];
            } else {
                mac = null;
                macOut = new byte[16];
            }
            if (t.salt != null) {
                System.arraycopy(t.salt, 0, nonce, 0, t.salt.length);
            }
        }

        void loadNonce(byte[] buf, int ivOffset) {
            System.arraycopy(buf, ivOffset, nonce, 4, 8);
        }

        byte[] scratch(int length) {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            return scratch;
        }

        void wipe() {
            Arrays.fill(nonce, (byte) 0);
            Arrays.fill(counterBlock, (byte) 0);
            Arrays.fill(aad, (byte) 0);
            Arrays.fill(macOut, (byte) 0);
            Arrays.fill(scratch, (byte) 0);
            try {
                if (mac != null) {
                    mac.init(new DestroyableKey(new byte[macKey.length()], macKey.getAlgorithm()));
                }
                if (cipherKey != null) {
                    byte[] zeros = new byte[cipherKey.length()];
                    if (kind == Kind.CBC_OR_HMAC) {
                        encryptor.init(Cipher.ENCRYPT_MODE, new DestroyableKey(zeros.clone(), cipherKey.getAlgorithm()),
                                new IvParameterSpec(new byte[ivLength]));
                        decryptor.init(Cipher.DECRYPT_MODE, new DestroyableKey(zeros, cipherKey.getAlgorithm()),
                                new IvParameterSpec(new byte[ivLength]));
                    } else {
                        var zeroKey = new DestroyableKey(zeros, cipherKey.getAlgorithm());
                        byte[] dummyNonce = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
                        Jce.initGcmEncrypt(encryptor, zeroKey, dummyNonce);
                        Jce.initGcmDecrypt(decryptor, zeroKey, dummyNonce);
                        if (ctr != null) {
                            ctr.init(Cipher.ENCRYPT_MODE, zeroKey, new IvParameterSpec(new byte[16]));
                        }
                    }
                }
            } catch (GeneralSecurityException e) {
                // Re-keying with zeros is best effort; the keys we own are wiped regardless.
            }
        }
    }
}
