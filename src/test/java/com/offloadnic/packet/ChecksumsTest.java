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
}
