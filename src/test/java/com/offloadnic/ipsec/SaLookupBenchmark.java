package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.SecretBytes;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Packet-path lookups of the SA table. Run with {@code -prof gc}: both should allocate 0 B/op.
 * <pre>
 * java -cp target/test-classes:target/classes:$(deps) org.openjdk.jmh.Main SaLookupBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SaLookupBenchmark {

    @Param({"1024"})
    public int sas;

    private SaTable table;
    private long[] handles;
    private int[] spis;
    private byte[] header;
    private int i;

    @Setup
    public void setUp() {
        IpsecV2Limits limits = IpsecV2Limits.fullFeatured(2 * sas);
        table = new SaTable(1);
        handles = new long[sas];
        spis = new int[sas];
        IpAddress dst = IpAddress.parse("192.0.2.2");
        for (int k = 0; k < sas; k++) {
            spis[k] = 0x1000_0000 + k * 7919;
            SecAssoc in = new SecAssoc(IpsecOperation.ESP, spis[k],
                    EncryptionAlgorithmInfo.of(EncryptionAlgorithm.AES_GCM_128, 0), null, false, 0);
            SaParameters p = new SaParameters(SaDirection.INBOUND, IpVersion.IPV4, null, dst, null, List.of(in), null);
            handles[k] = table.addSa(List.of(new AddSa(p, SecretBytes.copyOf(new byte[20]))), limits)
                    .outcomes().getFirst().offloadHandle();
        }
        header = new byte[20];
        dst.writeTo(header, 16);
    }

    @Benchmark
    public SaEntry byHandle() {
        i = (i + 1) & (sas - 1);
        return table.get(handles[i]);
    }

    @Benchmark
    public SaEntry inboundBySpiAndDestination() {
        i = (i + 1) & (sas - 1);
        return table.findInbound(spis[i], IpsecOperation.ESP, IpVersion.IPV4, header, 16);
    }
}
