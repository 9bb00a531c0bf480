package com.offloadnic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class IvGeneratorTest {

    @Test
    void writeSequence_isHighThenLowBigEndian() {
        byte[] buf = new byte[10];
        IvGenerator.writeSequence(buf, 1, 0x01020304, 0xfffffffe);
        assertThat(HexFormat.of().formatHex(buf)).isEqualTo("0001020304fffffffe00");
        assertThat(IvGenerator.sequence64(1, -1)).isEqualTo(0x1_ffff_ffffL);
    }

    @Test
    void writeRandom_acrossBufferRefillsAndReseeds_neverRepeatsABlock() {
        Set<String> seen = new HashSet<>();
        byte[] iv = new byte[16];
        int n = (int) (IvGenerator.RESEED_INTERVAL / 16) + 1000; // crosses a re-key
        for (int i = 0; i < n; i++) {
            IvGenerator.writeRandom(iv, 0, 16);
            assertThat(seen.add(HexFormat.of().formatHex(iv))).isTrue();
        }
    }

    @Test
    void writeRandom_onTwoThreads_givesDifferentStreams() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Runnable draw = () -> {
            byte[] iv = new byte[8];
            for (int i = 0; i < 5000; i++) {
                IvGenerator.writeRandom(iv, 0, 8);
                seen.add(HexFormat.of().formatHex(iv));
            }
        };
        Thread a = Thread.ofPlatform().start(draw);
        Thread b = Thread.ofPlatform().start(draw);
        a.join();
        b.join();
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void writeRandom_oddLengthsAndOffsets_fillExactlyTheRange() {
        byte[] buf = new byte[40];
        IvGenerator.writeRandom(buf, 3, 33);
        assertThat(buf[0]).isZero();
        assertThat(buf[1]).isZero();
        assertThat(buf[2]).isZero();
        assertThat(buf[36]).isZero();
        assertThat(buf[39]).isZero();
    }
}
