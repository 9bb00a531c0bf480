package com.offloadnic.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ESP/AH explicit IVs.
 *
 * <ul>
 *   <li>{@link #writeSequence}: AES-GCM and AES-GMAC need a nonce that never repeats under one key; the
 *       64-bit sequence number {@code seqHigh || seqLow} is exactly that, since an SA never reuses a sequence
 *       number (RFC 4106 section 3.1 and RFC 4543 section 3.1 allow a counter).</li>
 *   <li>{@link #writeRandom}: CBC needs IVs an attacker cannot predict (RFC 3602 section 2.3; RFC 4303
 *       section 3.3.2 warns against predictable CBC IVs). Each thread has its own generator: AES-256 in CTR
 *       mode keyed from {@link SecureRandom}, its keystream served from a 512-byte buffer and re-keyed after
 *       every MiB. That is the shape of NIST SP 800-90A's CTR_DRBG without a derivation function; it costs a
 *       copy per IV and one AES pass per 32 IVs, and no lock. docs/benchmarks.md compares it with a per-thread
 *       JDK {@code DRBG} and a shared {@code SecureRandom}.</li>
 * </ul>
 */
public final class IvGenerator {

    /** Bytes of keystream served between re-keys. */
    static final long RESEED_INTERVAL = 1L << 20;
    private static final int BUFFER_LENGTH = 512;
    private static final SecureRandom SEED_SOURCE = new SecureRandom();
    private static final ThreadLocal<CtrGenerator> GENERATOR = ThreadLocal.withInitial(CtrGenerator::new);

    private IvGenerator() {
    }

    /** The 64-bit ESP sequence number of RFC 4303 section 2.2.1 (high-order bits not transmitted). */
    public static long sequence64(int seqHigh, int seqLow) {
        return (long) seqHigh << 32 | (seqLow & 0xffff_ffffL);
    }

    /** Writes the 8-byte counter IV {@code seqHigh || seqLow}, big-endian, at {@code offset}. */
    public static void writeSequence(byte[] buf, int offset, int seqHigh, int seqLow) {
        Objects.checkFromIndexSize(offset, 8, buf.length);
        Jce.putInt(buf, offset, seqHigh);
        Jce.putInt(buf, offset + 4, seqLow);
    }

    /** Writes {@code length} unpredictable bytes at {@code offset} from this thread's generator. */
    public static void writeRandom(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        GENERATOR.get().next(buf, offset, length);
    }

    /** AES-256-CTR keystream, re-keyed from {@link SecureRandom} every {@link #RESEED_INTERVAL} bytes. */
    private static final class CtrGenerator {
        private final Cipher cipher = Jce.cipher("AES/CTR/NoPadding");
        private final byte[] zeros = new byte[BUFFER_LENGTH];
        private final byte[] buffer = new byte[BUFFER_LENGTH];
        private int position = BUFFER_LENGTH;
        private long servedSinceSeed = RESEED_INTERVAL;

        void next(byte[] out, int offset, int length) {
            while (length > 0) {
                if (position == BUFFER_LENGTH) {
                    refill();
                }
                int n = Math.min(length, BUFFER_LENGTH - position);
                System.arraycopy(buffer, position, out, offset, n);
                // Served bytes are erased so a later memory dump cannot reveal IVs not yet sent.
                java.util.Arrays.fill(buffer, position, position + n, (byte) 0);
                position += n;
                offset += n;
                length -= n;
            }
        }

        private void refill() {
            try {
                if (servedSinceSeed >= RESEED_INTERVAL) {
                    byte[] seed = new byte[48];
                    SEED_SOURCE.nextBytes(seed);
                    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, 32, "AES"),
                            new IvParameterSpec(seed, 32, 16));
                    java.util.Arrays.fill(seed, (byte) 0);
                    servedSinceSeed = 0;
                }
                cipher.update(zeros, 0, BUFFER_LENGTH, buffer, 0);
                servedSinceSeed += BUFFER_LENGTH;
                position = 0;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR IV generator failed", e);
            }
        }
    }
}
