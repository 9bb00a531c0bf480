package com.offloadnic.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark compares like with like: both readers read the same request, both writers write the same bytes. */
class BulkCborBenchmarkTest {

    @Test
    void bothCodecs_readTheSameRequestAndWriteTheSameBytes() {
        BulkCborBenchmark b = new BulkCborBenchmark();
        b.nbls = 64;
        b.setUp();
        assertThat(b.readLean()).usingRecursiveComparison().isEqualTo(b.readJackson());
        assertThat(((com.offloadnic.cbor.CborWriter) b.writeLean()).toByteArray()).isEqualTo((byte[]) b.writeJackson());
    }
}
