package com.offloadnic.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmark measures real sends: every invocation transmits a sealed frame (a failure would be cheap). */
class SendPathBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"AES_GCM_128,64", "AES_GCM_256,1400", "AES_CBC_128_HMAC_SHA1,9000", "AES_GCM_128,9000"})
    void sendTransform_transmitsASealedFrameEachTime(String suite, int frame) throws Exception {
        SendPathBenchmark b = new SendPathBenchmark();
        b.suite = suite;
        b.frame = frame;
        b.setUp();
        for (int i = 0; i < 3; i++) {
            Object out = b.sendTransform();
            assertThat(out).as(suite + "/" + frame).isInstanceOf(List.class);
            assertThat((List<?>) out).hasSize(1);
        }
    }
}
