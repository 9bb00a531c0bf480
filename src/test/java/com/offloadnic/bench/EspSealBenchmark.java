package com.offloadnic.bench;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspOpenResult;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link EspTransform#seal} (and {@code open}) against the bare JCE calls doing the same cryptography on the
 * same bytes, per packet. {@code payload} is the encrypted part (payload, padding, pad length, next header),
 * rounded up to whole blocks for CBC (1400 becomes 1408, 9000 becomes 9008).
 * See docs/benchmarks.md for how to run it and the results.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class EspSealBenchmark {

    @Param({"AES_GCM_128", "AES_GCM_256", "AES_CBC_128_HMAC_SHA1"})
    public String suite;

    @Param({"64", "1400", "9000"})
    public int payload;

    private EspTransform transform;
    private byte[] buf;
    private byte[] sealed;
    private byte[] work;
    private int seq;

    // The raw JCE baseline: same key, same bytes, cached Cipher/Mac, a fresh IV per packet.
    private Cipher rawCipher;
    private Mac rawMac;
    private SecretKeySpec rawKey;
    private byte[] rawNonce;
    private byte[] rawIv;
    private int ivLength;
    private int encrypted;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        var random = new SecureRandom();
        boolean gcm = suite.startsWith("AES_GCM");
        EncryptionAlgorithm enc = gcm ? EncryptionAlgorithm.valueOf(suite) : EncryptionAlgorithm.AES_CBC_128;
        byte[] encKey = new byte[enc.keyLength()];
        random.nextBytes(encKey);
        byte[] authKey = new byte[20];
        random.nextBytes(authKey);
        transform = gcm
                ? EspTransform.create(enc, SecretBytes.copyOf(encKey), null, null, 16, false)
                : EspTransform.create(enc, SecretBytes.copyOf(encKey), IntegrityAlgorithm.SHA_1,
                        SecretBytes.copyOf(authKey), 12, false);
        ivLength = transform.ivLength();
        encrypted = (payload + transform.blockSize() - 1) / transform.blockSize() * transform.blockSize();
        buf = new byte[EspTransform.HEADER_LENGTH + ivLength + encrypted + transform.icvLength()];
        random.nextBytes(buf);
        buf[0] = 1;

        rawKey = new SecretKeySpec(encKey, 0, enc.cipherKeyLength(), "AES");
        if (gcm) {
            rawCipher = Cipher.getInstance("AES/GCM/NoPadding");
            rawNonce = new byte[12];
            System.arraycopy(encKey, enc.cipherKeyLength(), rawNonce, 0, 4);
        } else {
            rawCipher = Cipher.getInstance("AES/CBC/NoPadding");
            rawMac = Mac.getInstance("HmacSHA1");
            rawMac.init(new SecretKeySpec(authKey, "HmacSHA1"));
            rawIv = new byte[16];
        }

        work = buf.clone();
        transform.writeIv(work, 0, 0);
        transform.seal(work, 0, work.length, 0);
        sealed = work.clone();
    }

    /** Next sequence number into the ESP header, the IV the SA's policy asks for, then seal. */
    @Benchmark
    public byte[] seal() {
        int s = ++seq;
        buf[4] = (byte) (s >>> 24);
        buf[5] = (byte) (s >>> 16);
        buf[6] = (byte) (s >>> 8);
        buf[7] = (byte) s;
        transform.writeIv(buf, 0, 0);
        transform.seal(buf, 0, buf.length, 0);
        return buf;
    }

    /** The same work with bare JCE calls: counter nonce (GCM) or a fixed IV (CBC, no IV generation). */
    @Benchmark
    public byte[] rawJce() throws Exception {
        int s = ++seq;
        int payloadOffset = EspTransform.HEADER_LENGTH + ivLength;
        if (rawNonce != null) {
            rawNonce[8] = (byte) (s >>> 24);
            rawNonce[9] = (byte) (s >>> 16);
            rawNonce[10] = (byte) (s >>> 8);
            rawNonce[11] = (byte) s;
            rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
            rawCipher.updateAAD(buf, 0, 8);
            rawCipher.doFinal(buf, payloadOffset, encrypted, buf, payloadOffset);
        } else {
            rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new IvParameterSpec(rawIv));
            rawCipher.doFinal(buf, payloadOffset, encrypted, buf, payloadOffset);
            rawMac.update(buf, 0, payloadOffset + encrypted);
            rawMac.doFinal(buf, payloadOffset + encrypted - 8); // 20-byte HMAC over the 12-byte ICV room's end
        }
        return buf;
    }

    /** Copy a sealed packet into the work buffer and open it (verify + decrypt in place). */
    @Benchmark
    public EspOpenResult open() {
        System.arraycopy(sealed, 0, work, 0, sealed.length);
        EspOpenResult result = transform.open(work, 0, work.length, 0);
        if (result != EspOpenResult.OK) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }
}
