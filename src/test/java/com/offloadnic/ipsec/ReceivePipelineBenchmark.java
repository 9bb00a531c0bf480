package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One received ESP frame through the whole receive pipeline (locate, SA lookup, verify, decrypt in place). Run with
 * {@code -prof gc}: the allocation per frame should be the indicated copy of the frame plus the indication record.
 * <pre>
 * java -cp target/test-classes:target/classes:$(deps) org.openjdk.jmh.Main ReceivePipelineBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReceivePipelineBenchmark {

    @Param({"AES_GCM_128", "AES_CBC_128_SHA_256"})
    public String algorithm;

    @Param({"1400"})
    public int payloadLength;

    private SaTableInboundSas sas;
    private byte[] frame;
    private final ReceiveSettings settings = ReceiveSettings.fullV2();

    @Setup
    public void setUp() {
        SaTable table = new SaTable(1);
        byte[] gcmKey = new byte[20];
        byte[] cbcKey = new byte[16];
        byte[] macKey = new byte[32];
        Arrays.fill(gcmKey, (byte) 1);
        Arrays.fill(cbcKey, (byte) 2);
        Arrays.fill(macKey, (byte) 3);
        boolean gcm = algorithm.equals("AES_GCM_128");
        InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null, gcm
                ? InboundSaFixture.Entry.esp(0x77, EncryptionAlgorithm.AES_GCM_128, gcmKey, null, null)
                : InboundSaFixture.Entry.esp(0x77, EncryptionAlgorithm.AES_CBC_128, cbcKey, IntegrityAlgorithm.SHA_256,
                        macKey));
        sas = InboundSaFixture.inboundSas(table);
        EspTransform t = gcm
                ? EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(gcmKey), null, null, 16, false)
                : EspTransform.create(EncryptionAlgorithm.AES_CBC_128, SecretBytes.copyOf(cbcKey),
                        IntegrityAlgorithm.SHA_256, SecretBytes.copyOf(macKey), 16, false);
        frame = ReceiveFrames.ipv4(50, new byte[0],
                ReceiveFrames.espSpan(t, 0x77, 1, 0, ReceiveFrames.payload(payloadLength), 6), false);
    }

    @Benchmark
    public ReceiveIndication receive() {
        return ReceivePipeline.process(settings, sas, frame);
    }
}
