package com.offloadnic.bench;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.AddSaEx;
import com.offloadnic.ipsec.EncryptionAlgorithmInfo;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.IpsecOperation;
import com.offloadnic.ipsec.IpsecV2Limits;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.LargeSendIpsec;
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
import com.offloadnic.lso.LsoLimits;
import com.offloadnic.lso.LsoRequest;
import com.offloadnic.lso.LsoType;
import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.Checksums;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.TcpHeader;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One large send (LSOv2, IPv4, {@value #TCP_PAYLOAD} bytes of TCP user data, MSS {@value #MSS}) through the NIC's
 * LSO + ESP transport path with AES-GCM-256 (16-byte ICV, ESN), against bare JCE sealing the same segments.
 *
 * <ul>
 *   <li>{@link #lsoEspSend}: copy the prebuilt large-send template into the work buffer (the transport's frame;
 *       the path works in place) and write its first ESP sequence number, then exactly what {@code TransmitPath}
 *       runs for it minus HTTP and the crypto pool hand-off: {@link LargeSendIpsec#expand} (segment, frame each
 *       segment as ESP transport, number the segments), {@link IpsecV2Sender#prepare} (parse and check every
 *       segment, precheck its sequence number), {@link IpsecV2Sender.Work#reserve} (reserve the numbers in the
 *       SA table) and {@link IpsecV2Sender.Work#execute} (IV, seal in place, ICV).</li>
 *   <li>{@link #segmentOnly}: the copy and {@code expand} alone (segmentation, framing, TCP checksums).</li>
 *   <li>{@link #rawJce}: the same number of segments of the same sizes and layout (taken from one expansion at
 *       setup), each copied from its plaintext image into its output buffer, then sealed by a cached
 *       {@code Cipher}: counter nonce (salt || 64-bit sequence number), AAD = SPI || ESN high || ESN low
 *       (RFC 4106 section 5, as the SA uses ESN), in-place {@code doFinal}. No segmentation, parsing or checks.</li>
 * </ul>
 * Each segment is one 1490-byte Ethernet frame (the last one shorter): IPv4 20 + ESP 8 + IV 8 + TCP 20 + 1400
 * + pad 2 + trailer 2 + ICV 16 = 1476 bytes of IP, within MTU 1500.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LsoSendBenchmark {

    static final int TCP_PAYLOAD = 65_536;
    static final int MSS = 1400;
    static final int MTU = 1500;
    static final int SPI = 0x5EC0;
    /** Bytes of padding the transport left at the end of the large packet (header info padLength). */
    static final int LARGE_PAD = 2;
    static final int ESP_OFFSET = 14 + 20;
    static final int TCP_OFFSET = ESP_OFFSET + 8 + 8;
    static final int ICV = 16;

    static final EncryptionAlgorithm ENC = EncryptionAlgorithm.AES_GCM_256;
    static final IpsecV2Sender.Settings SETTINGS = new IpsecV2Sender.Settings(true, true, true, true, MTU);
    static final LsoLimits LIMITS = new LsoLimits(262_144, 2, MTU, true, true, true);
    static final LsoRequest REQUEST = new LsoRequest(LsoType.V2, MSS, TCP_OFFSET, 4);
    static final SendHeaderInfo INFO = new SendHeaderInfo(6, LARGE_PAD, 0, 5);

    byte[] key;
    byte[] template;
    private byte[] work;
    private OutboundSa sa;
    private LongFunction<OutboundSa> sas;
    /** Low 32 bits of the next ESP sequence number the transport writes into a large send. */
    private int nextLow;

    /** Plaintext segment images, their output buffers and where each one's ESP header/payload/trailer lie. */
    private byte[][] plainSegments;
    byte[][] rawSegments;
    private int[] rawPayloadLength;
    private long rawSeq;
    private Cipher rawCipher;
    private SecretKeySpec rawKey;
    private final byte[] rawNonce = new byte[12];
    private final byte[] rawAad = new byte[12];
    long wireBytes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        key = new byte[ENC.keyLength()];
        new SecureRandom().nextBytes(key);
        newSa();
        template = largeSend();
        work = template.clone();
        nextLow = 1;

        // the segment layout the NIC produces, from one expansion (its sequence numbers are then used up)
        var expanded = (LargeSendIpsec.Expanded) LargeSendIpsec.expand(largeSendNbl(nextLargeSend()), REQUEST,
                LIMITS, true, true, sas);
        List<byte[]> frames = expanded.nbl().frames();
        nextLow += frames.size();
        plainSegments = frames.stream().map(byte[]::clone).toArray(byte[][]::new);
        rawSegments = frames.stream().map(byte[]::clone).toArray(byte[][]::new);
        rawPayloadLength = new int[frames.size()];
        wireBytes = 0;
        for (int i = 0; i < frames.size(); i++) {
            // the encrypted part runs from after the IV to before the ICV
            rawPayloadLength[i] = frames.get(i).length - TCP_OFFSET - ICV;
            wireBytes += frames.get(i).length;
        }
        rawKey = new SecretKeySpec(key, 0, ENC.cipherKeyLength(), "AES");
        rawCipher = Cipher.getInstance("AES/GCM/NoPadding");
        System.arraycopy(key, ENC.cipherKeyLength(), rawNonce, 0, ENC.saltLength());
        BigEndian.putU32(rawAad, 0, SPI);
        rawSeq = 0;
    }

    /** A fresh SA table holding one outbound ESP transport SA, AES-GCM-256 with a 16-byte ICV and ESN. */
    private void newSa() {
        SecAssoc entry = new SecAssoc(IpsecOperation.ESP, SPI, new EncryptionAlgorithmInfo(ENC, ENC.keyLength(), 0,
                ICV), null, true, 0);
        SaTable table = new SaTable();
        var r = table.addSaEx(AddSaEx.of(new SaParameters(SaDirection.OUTBOUND, IpVersion.IPV4, null, null,
                UdpEspEncapsulation.NONE, List.of(entry), null), SecretBytes.copyOf(key)),
                IpsecV2Limits.fullFeatured(4));
        SaEntry e = table.get(r.outcomes().get(0).offloadHandle());
        OutboundSa outbound = OutboundSa.of(e, x -> x.attachment(SaTransforms.class, SaTransformsFactory::build));
        sa = outbound;
        sas = h -> h == outbound.handle() ? outbound : null;
    }

    /** Eth + IPv4 (total length 0, LSOv2) + ESP header + IV room + TCP (pseudo-header sum) + payload + pad. */
    static byte[] largeSend() {
        byte[] f = new byte[TCP_OFFSET + 20 + TCP_PAYLOAD + LARGE_PAD];
        f[12] = 8;
        Ipv4Header ip = Ipv4Header.wrap(f, 14).versionAndIhl(4, 5).totalLength(0).identification(0x100)
                .flagsAndFragmentOffset(Ipv4Header.FLAG_DF).ttl(64).protocol(50)
                .source(new byte[] {10, 0, 0, 1}).destination(new byte[] {10, 0, 0, 2});
        ip.updateHeaderChecksum();
        BigEndian.putU32(f, ESP_OFFSET, SPI);
        int pseudo = Checksums.ipv4PseudoHeaderSum(f, ip.sourceOffset(), ip.destinationOffset(), 6, 0);
        TcpHeader.wrap(f, TCP_OFFSET).sourcePort(40000).destinationPort(443).sequenceNumber(1000)
                .acknowledgmentNumber(1).dataOffset(5).flags(0x18).window(65000).checksum(pseudo).urgentPointer(0);
        for (int i = 0; i < TCP_PAYLOAD; i++) {
            f[TCP_OFFSET + 20 + i] = (byte) (i * 7 + i / 251);
        }
        return f;
    }

    /** Copies the template into the work buffer and writes the large send's first ESP sequence number (low half). */
    private byte[] nextLargeSend() {
        System.arraycopy(template, 0, work, 0, template.length);
        BigEndian.putU32(work, ESP_OFFSET + 4, nextLow & 0xFFFF_FFFFL);
        return work;
    }

    private IpsecV2Sender.Nbl largeSendNbl(byte[] frame) {
        return new IpsecV2Sender.Nbl(List.of(frame), sa.handle(), 0, INFO, false);
    }

    /** The NIC's LSO + ESP transport send of one large packet: expand, prepare, reserve, execute. */
    @Benchmark
    public List<IpsecV2Sender.TransmittedFrame> lsoEspSend() {
        Object r = LargeSendIpsec.expand(largeSendNbl(nextLargeSend()), REQUEST, LIMITS, true, true, sas);
        if (r instanceof IpsecV2Sender.Failure failure) {
            throw new IllegalStateException("the large send was refused: " + failure);
        }
        var expanded = (LargeSendIpsec.Expanded) r;
        var plan = IpsecV2Sender.prepare(expanded.nbl(), SETTINGS, sas, new IpsecV2Sender.SequenceScratch());
        if (!(plan instanceof IpsecV2Sender.Work w)) {
            throw new IllegalStateException("the segments were refused: " + plan);
        }
        IpsecV2Sender.Failure failure = w.reserve();
        if (failure != null) {
            throw new IllegalStateException("sequence numbers not reserved: " + failure);
        }
        List<IpsecV2Sender.TransmittedFrame> out = w.execute();
        nextLow += out.size();
        return out;
    }

    /**
     * Only the first step of {@link #lsoEspSend}: copy the template and {@link LargeSendIpsec#expand} it (segment,
     * frame as ESP transport with TCP checksums, number). Reserves nothing, so the SA is untouched; with
     * {@code lsoEspSend} it splits the NIC path's time into segmentation and checks + sealing.
     */
    @Benchmark
    public Object segmentOnly() {
        Object r = LargeSendIpsec.expand(largeSendNbl(nextLargeSend()), REQUEST, LIMITS, true, true, sas);
        if (r instanceof IpsecV2Sender.Failure failure) {
            throw new IllegalStateException("the large send was refused: " + failure);
        }
        return r;
    }

    /** Bare JCE sealing the same segments: copy each plaintext image, number it, IV, AAD, in-place doFinal. */
    @Benchmark
    public byte[][] rawJce() throws Exception {
        for (int i = 0; i < rawSegments.length; i++) {
            byte[] seg = rawSegments[i];
            System.arraycopy(plainSegments[i], 0, seg, 0, seg.length);
            long seq = ++rawSeq;
            BigEndian.putU32(seg, ESP_OFFSET + 4, seq & 0xFFFF_FFFFL);
            BigEndian.putU32(seg, ESP_OFFSET + 8, seq >>> 32);
            BigEndian.putU32(seg, ESP_OFFSET + 12, seq & 0xFFFF_FFFFL);
            System.arraycopy(seg, ESP_OFFSET + 8, rawNonce, 4, 8);
            BigEndian.putU32(rawAad, 4, seq >>> 32);
            BigEndian.putU32(rawAad, 8, seq & 0xFFFF_FFFFL);
            rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
            rawCipher.updateAAD(rawAad);
            rawCipher.doFinal(seg, TCP_OFFSET, rawPayloadLength[i], seg, TCP_OFFSET);
        }
        return rawSegments;
    }

    long rawSequenceNumber() {
        return rawSeq;
    }
}
