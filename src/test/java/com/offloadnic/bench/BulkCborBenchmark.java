package com.offloadnic.bench;

import com.offloadnic.api.BulkCborBenchFixture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The bulk CBOR codec: Jackson's data binding against {@code api/BulkCbor} reading a send request of {@code nbls}
 * NBLs of one 1400-byte frame each, and writing the response with one completion per NBL (sequence number and IV,
 * no frames).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class BulkCborBenchmark {

    @Param({"64"})
    public int nbls;

    private BulkCborBenchFixture fixture;

    @Setup
    public void setUp() {
        fixture = new BulkCborBenchFixture(nbls, false);
    }

    @Benchmark
    public Object readJackson() {
        return fixture.jacksonRead();
    }

    @Benchmark
    public Object readLean() {
        return fixture.leanRead();
    }

    @Benchmark
    public Object writeJackson() {
        return fixture.jacksonWrite();
    }

    @Benchmark
    public Object writeLean() {
        return fixture.leanWrite();
    }
}
