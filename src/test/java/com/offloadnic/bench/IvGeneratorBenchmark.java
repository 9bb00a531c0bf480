package com.offloadnic.bench;

import com.offloadnic.crypto.IvGenerator;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One 16-byte CBC IV into a packet buffer: our per-thread AES-CTR generator vs a per-thread JDK DRBG vs one
 * shared {@link SecureRandom}. Two threads, so the shared generator's contention shows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class IvGeneratorBenchmark {

    private static final SecureRandom SHARED = new SecureRandom();

    @State(Scope.Thread)
    public static class PerThread {
        final byte[] packet = new byte[64];
        final byte[] iv = new byte[16];
        SecureRandom drbg;

        @Setup
        public void setUp() throws NoSuchAlgorithmException {
            drbg = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
        }
    }

    @Benchmark
    public byte[] aesCtrPerThread(PerThread t) {
        IvGenerator.writeRandom(t.packet, 8, 16);
        return t.packet;
    }

    @Benchmark
    public byte[] drbgPerThread(PerThread t) {
        t.drbg.nextBytes(t.iv);
        System.arraycopy(t.iv, 0, t.packet, 8, 16);
        return t.packet;
    }

    @Benchmark
    public byte[] sharedSecureRandom(PerThread t) {
        SHARED.nextBytes(t.iv);
        System.arraycopy(t.iv, 0, t.packet, 8, 16);
        return t.packet;
    }
}
