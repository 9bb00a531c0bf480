package com.offloadnic.ipsec;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 4303 appendix A2.2, with the NIC's window W = 2^31 and with a small window. */
class EsnInferenceTest {

    private static long seq(long high, long low) {
        return (high << 32) | low;
    }

    private static long infer(long top, long low) {
        return EsnInference.infer(top, (int) low);
    }

    @Test
    void caseA_numbersWithinTheWindowBehindTop_stayInTopsEpoch() {
        long top = seq(5, 0x9000_0000L);
        assertThat(infer(top, 0x9000_0001L)).isEqualTo(seq(5, 0x9000_0001L));
        assertThat(infer(top, 0x9000_0000L)).isEqualTo(top);
        // Tl - W + 1 = 0x10000001 is the oldest number still in the epoch ...
        assertThat(infer(top, 0x1000_0001L)).isEqualTo(seq(5, 0x1000_0001L));
        // ... one below it is read as the next epoch.
        assertThat(infer(top, 0x1000_0000L)).isEqualTo(seq(6, 0x1000_0000L));
    }

    @Test
    void forwardWrap_lowNumberAfterTopNearTheEnd_isNextEpoch() {
        long top = seq(5, 0xFFFF_FFF0L);
        assertThat(infer(top, 0x5)).isEqualTo(seq(6, 5));
        assertThat(infer(top, 0)).isEqualTo(seq(6, 0));
        assertThat(infer(top, 0xFFFF_FFFFL)).isEqualTo(seq(5, 0xFFFF_FFFFL));
    }

    @Test
    void caseB_latePacketFromThePreviousEpoch_getsThePreviousHighBits() {
        long top = seq(6, 0x10);
        assertThat(infer(top, 0xFFFF_FFF0L)).isEqualTo(seq(5, 0xFFFF_FFF0L));
        // bottom of the window = 0x10 - 2^31 + 1 mod 2^32 = 0x80000011
        assertThat(infer(top, 0x8000_0011L)).isEqualTo(seq(5, 0x8000_0011L));
        assertThat(infer(top, 0x8000_0010L)).as("ahead of top in its own epoch").isEqualTo(seq(6, 0x8000_0010L));
        assertThat(infer(top, 0x11)).isEqualTo(seq(6, 0x11));
        assertThat(infer(top, 0)).isEqualTo(seq(6, 0));
    }

    @Test
    void boundaryBetweenCases_TlEqualsWMinus1_andWMinus2() {
        long w = EsnInference.WINDOW;
        long topA = seq(3, w - 1);   // Case A, window [0, W - 1]: the whole epoch 3 is "not the next one"
        assertThat(infer(topA, 0)).isEqualTo(seq(3, 0));
        assertThat(infer(topA, 0xFFFF_FFFFL)).as("2^31 ahead").isEqualTo(seq(3, 0xFFFF_FFFFL));
        long topB = seq(3, w - 2);   // Case B, window reaches 0xFFFFFFFF of epoch 2
        assertThat(infer(topB, 0xFFFF_FFFFL)).isEqualTo(seq(2, 0xFFFF_FFFFL));
        assertThat(infer(topB, 0)).isEqualTo(seq(3, 0));
    }

    @Test
    void epochsThatDoNotExist_areReadInTopsEpoch() {
        assertThat(infer(seq(0, 0x10), 0xFFFF_FFF0L)).as("no epoch before 0").isEqualTo(seq(0, 0xFFFF_FFF0L));
        assertThat(infer(seq(0xFFFF_FFFFL, 0xFFFF_FFF0L), 5)).as("no epoch after 2^32 - 1")
                .isEqualTo(seq(0xFFFF_FFFFL, 5));
    }

    @Test
    void smallWindow_followsTheAppendixLiterally() {
        long top = seq(1, 100);
        assertThat(EsnInference.infer(top, 37, 64)).isEqualTo(seq(1, 37));
        assertThat(EsnInference.infer(top, 36, 64)).isEqualTo(seq(2, 36));
        // Case B: Tl = 10 < W - 1, bottom = 10 - 64 + 1 mod 2^32 = 0xFFFFFFCB.
        long early = seq(1, 10);
        assertThat(EsnInference.infer(early, (int) 0xFFFF_FFCBL, 64)).isEqualTo(seq(0, 0xFFFF_FFCBL));
        assertThat(EsnInference.infer(early, (int) 0xFFFF_FFCAL, 64)).isEqualTo(seq(1, 0xFFFF_FFCAL));
        assertThat(EsnInference.infer(early, 11, 64)).isEqualTo(seq(1, 11));
    }

    @Test
    void window_outOfRange_isRejected() {
        assertThatThrownBy(() -> EsnInference.infer(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EsnInference.infer(0, 0, (1L << 31) + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyNumberWithin2pow31BehindOr2pow31AheadOfTop_isRecovered() {
        SplittableRandom random = new SplittableRandom(4303);
        for (int i = 0; i < 200_000; i++) {
            long top = seq(1 + random.nextLong(0xFFFF_FFFEL), random.nextLong(1L << 32));
            long delta = random.nextLong(-(1L << 31) + 1, (1L << 31) + 1);
            long actual = top + delta;
            assertThat(infer(top, actual & 0xFFFF_FFFFL)).as("top %x delta %d", top, delta).isEqualTo(actual);
        }
    }
}
