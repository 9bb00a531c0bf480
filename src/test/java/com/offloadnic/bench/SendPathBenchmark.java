package com.offloadnic.bench;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.AddSaEx;
import com.offloadnic.ipsec.EncryptionAlgorithmInfo;
import com.offloadnic.ipsec.IntegrityAlgorithmInfo;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.IpsecOperation;
import com.offloadnic.ipsec.IpsecV2Limits;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.OutboundSa;
import com.offloadnic.ipsec.SaDirection;
import com.offloadnic.ipsec.SaEntry;
import com.offloadnic.ipsec.SaParameters;
import com.offloadnic.ipsec.SaTable;
import com.offloadnic.ipsec.SaTransforms;
import com.offloadnic.ipsec.SaTransformsFactory;
import com.offloadnic.ipsec.SecAssoc;
import com.offloadnic.ipsec.SendHeaderInfo;
import com.offloadnic.ipsec.UdpEspEncapsulation;
import java.security.SecureRandom;
import java.util.List;
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
 * The per-packet IPsec offload v2 send transform of a whole Ethernet frame — parse, check the transport's framing
 * against the header info, reserve the sequence number in the SA table, write the IV, seal — against bare JCE
 * doing the same cryptography on the same bytes. Both copy the plaintext frame into the work buffer first (the
 * pipeline seals in place). {@code frame} is the Ethernet frame length (IPv4, ESP transport, UDP payload).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SendPathBenchmark {

    @Param({"AES_GCM_128", "AES_GCM_256", "AES_CBC_128_HMAC_SHA1"})
    public String suite;

    @Param({"64", "1400", "9000"})
    public int frame;

    private static final IpsecV2Sender.Settings SETTINGS = new IpsecV2Sender.Settings(true, true, true, true, 9216);

    private byte[] template;
    private byte[] work;
    private OutboundSa sa;
    private SendHeaderInfo info;
    private int seq;
    private int espOffset;
    private int ivLength;
    private int encrypted;
    private Cipher rawCipher;
    private Mac rawMac;
    private SecretKeySpec rawKey;
    private byte[] rawNonce;
    private byte[] rawIv;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        boolean gcm = suite.startsWith("AES_GCM");
        EncryptionAlgorithm enc = gcm ? EncryptionAlgorithm.valueOf(suite) : EncryptionAlgorithm.AES_CBC_128;
        byte[] keys = new byte[enc.keyLength() + 20];
        random.nextBytes(keys);
        SecAssoc entry = new SecAssoc(IpsecOperation.ESP, 0x1234, new EncryptionAlgorithmInfo(enc, enc.keyLength(), 0,
                gcm ? 16 : 0), gcm ? null : new IntegrityAlgorithmInfo(IntegrityAlgorithm.SHA_1, 20, enc.keyLength(), 0),
                false, 0);
        SaTable table = new SaTable();
        var r = table.addSaEx(AddSaEx.of(new SaParameters(SaDirection.OUTBOUND, IpVersion.IPV4, null, null,
                UdpEspEncapsulation.NONE, List.of(entry), null), SecretBytes.copyOf(keys)), IpsecV2Limits.fullFeatured(4));
        SaEntry e = table.get(r.outcomes().get(0).offloadHandle());
        sa = OutboundSa.of(e, x -> x.attachment(SaTransforms.class, SaTransformsFactory::build));
        ivLength = gcm ? 8 : 16;
        int icv = gcm ? 16 : 12;
        int block = gcm ? 4 : 16;
        espOffset = 14 + 20;
        int room = frame - espOffset - 8 - ivLength - icv;
        encrypted = Math.max(block, room / block * block); // 64 is below the smallest ESP frame: use the smallest
        int total = espOffset + 8 + ivLength + encrypted + icv;
        template = new byte[total];
        random.nextBytes(template);
        template[12] = 0x08;
        template[13] = 0x00;
        template[14] = 0x45;
        template[15] = 0;
        template[19] = 0;
        template[22] = 64;
        template[16] = (byte) ((total - 14) >>> 8);
        template[17] = (byte) (total - 14);
        template[18] = 0;
        template[20] = 0;
        template[21] = 0;
        template[23] = 50;
        template[34] = 0;
        template[35] = 0;
        template[36] = 0x12;
        template[37] = 0x34;
        int trailer = espOffset + 8 + ivLength + encrypted - 2;
        template[trailer] = 0;
        template[trailer + 1] = 17;
        info = new SendHeaderInfo(17, 0, 0, 5);
        work = template.clone();
        rawKey = new SecretKeySpec(keys, 0, enc.cipherKeyLength(), "AES");
        if (gcm) {
            rawCipher = Cipher.getInstance("AES/GCM/NoPadding");
            rawNonce = new byte[12];
            System.arraycopy(keys, enc.cipherKeyLength(), rawNonce, 0, 4);
        } else {
            rawCipher = Cipher.getInstance("AES/CBC/NoPadding");
            rawMac = Mac.getInstance("HmacSHA1");
            rawMac.init(new SecretKeySpec(keys, enc.keyLength(), 20, "HmacSHA1"));
            rawIv = new byte[16];
        }
    }

    private void nextFrame(int s) {
        System.arraycopy(template, 0, work, 0, template.length);
        work[espOffset + 4] = (byte) (s >>> 24);
        work[espOffset + 5] = (byte) (s >>> 16);
        work[espOffset + 6] = (byte) (s >>> 8);
        work[espOffset + 7] = (byte) s;
    }

    /** The NIC's send transform of one frame: plan (parse, checks, sequence reservation) and execute (IV, seal). */
    @Benchmark
    public Object sendTransform() {
        nextFrame(++seq);
        var plan = IpsecV2Sender.plan(new IpsecV2Sender.Nbl(List.of(work), sa.handle(), 0, info, false), SETTINGS,
                h -> sa);
        if (plan instanceof IpsecV2Sender.Failure failure) {
            throw new IllegalStateException("the benchmark frame was refused: " + failure);
        }
        return plan.execute();
    }

    /** Bare JCE on the same bytes: counter nonce (GCM) or fixed IV (CBC) and HMAC, no parsing or checks. */
    @Benchmark
    public byte[] rawJce() throws Exception {
        int s = ++seq;
        nextFrame(s);
        int payload = espOffset + 8 + ivLength;
        if (rawNonce != null) {
            rawNonce[8] = (byte) (s >>> 24);
            rawNonce[9] = (byte) (s >>> 16);
            rawNonce[10] = (byte) (s >>> 8);
            rawNonce[11] = (byte) s;
            rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
            rawCipher.updateAAD(work, espOffset, 8);
            rawCipher.doFinal(work, payload, encrypted, work, payload);
        } else {
            rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new IvParameterSpec(rawIv));
            rawCipher.doFinal(work, payload, encrypted, work, payload);
            rawMac.update(work, espOffset, 8 + ivLength + encrypted);
            rawMac.doFinal(work, payload + encrypted - 8);
        }
        return work;
    }
}
