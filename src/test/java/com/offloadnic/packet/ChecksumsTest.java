package com.offloadnic.packet;

import static com.offloadnic.packet.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void sum_rfc1071Example_isDdf2() {
        // RFC 1071 section 3: 0001 f203 f4f5 f6f7 sums to 0xddf2
        byte[] data = hex("0001 f203 f4f5 f6f7");
        assertThat(Checksums.sum(data, 0, data.length)).isEqualTo(0xddf2);
        assertThat(Checksums.finish(0xddf2)).isEqualTo(0x220d);
    }

    @Test
    void sum_oddLength_padsLastByteWithZero() {
        assertThat(Checksums.sum(hex("0102 03"), 0, 3)).isEqualTo(0x0102 + 0x0300);
    }

    @Test
    void sum_ofPieces_equalsSumOfWhole() {
        byte[] data = new byte[1001];
        new Random(1).nextBytes(data);
        int whole = Checksums.sum(data, 0, data.length);
        int pieces = Checksums.sum(data, 500, 501, Checksums.sum(data, 0, 500));
        assertThat(pieces).isEqualTo(whole);
        assertThat(Checksums.add(Checksums.sum(data, 0, 500), Checksums.sum(data, 500, 501))).isEqualTo(whole);
    }

    @Test
    void sum_largeBuffer_foldsCarriesWithoutOverflow() {
        byte[] data = new byte[200_000];
        java.util.Arrays.fill(data, (byte) 0xFF);
        assertThat(Checksums.sum(data, 0, data.length)).isEqualTo(0xFFFF);
    }

    @Test
    void incrementalUpdate_matchesRecomputation() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            byte[] header = HeaderViewsTest.IPV4.clone();
            Ipv4Header ip = Ipv4Header.wrap(header, 0);
            ip.identification(random.nextInt(65536)).updateHeaderChecksum();
            int oldWord = BigEndian.getU16(header, Ipv4Header.TTL);
            ip.ttl(random.nextInt(256));
            int newWord = BigEndian.getU16(header, Ipv4Header.TTL);
            int updated = Checksums.incrementalUpdate(ip.headerChecksum(), oldWord, newWord);
            ip.headerChecksum(updated);
            assertThat(ip.isHeaderChecksumValid()).as("round %d", i).isTrue();
        }
    }

    @Test
    void pseudoHeaderSums_matchHandComputedValues() {
        byte[] v4 = hex("c0a80001 c0a800c7");
        int expected = Checksums.fold(0xc0a8L + 0x0001 + 0xc0a8 + 0x00c7 + 6 + 40);
        assertThat(Checksums.ipv4PseudoHeaderSum(v4, 0, 4, 6, 40)).isEqualTo(expected);
        byte[] v6 = new byte[32];
        v6[15] = 1;
        v6[31] = 2;
        assertThat(Checksums.ipv6PseudoHeaderSum(v6, 0, 16, 17, 0x1_0002L)).isEqualTo(1 + 2 + 1 + 2 + 17);
    }

    /** The plain RFC 1071 loop, two bytes per step: the reference the word-at-a-time {@link Checksums#sum} must match. */
    private static int referenceSum(byte[] buf, int offset, int length, int initial) {
        long acc = initial & 0xFFFFL;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            acc += ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF);
        }
        if (i < end) {
            acc += (buf[i] & 0xFF) << 8;
        }
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    @Test
    void sum_randomSpansOddAndEvenOffsetsAndLengths_matchesTwoBytesPerStepReference() {
        Random random = new Random(20261122);
        byte[] data = new byte[4096];
        for (int round = 0; round < 20_000; round++) {
            // bias some rounds towards all-0xFF and all-zero bytes, where carries and the 0 / 0xFFFF forms matter
            int kind = round % 10;
            if (kind == 0) {
                java.util.Arrays.fill(data, (byte) 0xFF);
            } else if (kind == 1) {
                java.util.Arrays.fill(data, (byte) 0);
            } else {
                random.nextBytes(data);
            }
            int offset = random.nextInt(64);
            int length = round % 3 == 0 ? random.nextInt(40) : random.nextInt(data.length - offset + 1);
            int initial = switch (round % 4) {
                case 0 -> 0;
                case 1 -> 0xFFFF;
                default -> random.nextInt(0x10000);
            };
            assertThat(Checksums.sum(data, offset, length, initial))
                    .as("round %d: offset %d, length %d, initial 0x%04x", round, offset, length, initial)
                    .isEqualTo(referenceSum(data, offset, length, initial));
        }
    }

    @Test
    void sum_everyOffsetAndLengthNearTheEnd_matchesReferenceAndStaysInBounds() {
        byte[] data = new byte[37];
        new Random(3).nextBytes(data);
        for (int offset = 0; offset <= data.length; offset++) {
            for (int length = 0; offset + length <= data.length; length++) {
                assertThat(Checksums.sum(data, offset, length, 0x1234)).as("offset %d, length %d", offset, length)
                        .isEqualTo(referenceSum(data, offset, length, 0x1234));
            }
        }
    }

    @Test
    void sum_megabytesOfOnes_foldsLikeReference() {
        byte[] data = new byte[3 * 1024 * 1024 + 5];
        java.util.Arrays.fill(data, (byte) 0xFF);
        assertThat(Checksums.sum(data, 1, data.length - 1, 0xFFFF)).isEqualTo(referenceSum(data, 1, data.length - 1,
                0xFFFF));
    }
}
