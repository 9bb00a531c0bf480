package com.offloadnic.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link CborWriter} against RFC 8949 Appendix A (the preferred serialization of each value), and bignums in the
 * exact form Jackson's CBORGenerator writes them (checked against Jackson itself in {@code BulkCborTest}).
 */
class CborWriterTest {

    private static void assertWrites(String expectedHex, Consumer<CborWriter> write) {
        CborWriter w = new CborWriter(16);
        write.accept(w);
        assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(expectedHex);
        // the same again after reset, into the (possibly grown) buffer
        write.accept(w.reset());
        assertThat(HexFormat.of().formatHex(w.buffer(), 0, w.size())).isEqualTo(expectedHex);
    }

    @Test
    void appendixA_integers() {
        assertWrites("00", w -> w.writeInt(0));
        assertWrites("01", w -> w.writeInt(1));
        assertWrites("0a", w -> w.writeInt(10));
        assertWrites("17", w -> w.writeInt(23));
        assertWrites("1818", w -> w.writeInt(24));
        assertWrites("1819", w -> w.writeInt(25));
        assertWrites("1864", w -> w.writeInt(100));
        assertWrites("1903e8", w -> w.writeInt(1000));
        assertWrites("1a000f4240", w -> w.writeInt(1000000));
        assertWrites("1b000000e8d4a51000", w -> w.writeInt(1000000000000L));
        assertWrites("20", w -> w.writeInt(-1));
        assertWrites("29", w -> w.writeInt(-10));
        assertWrites("3863", w -> w.writeInt(-100));
        assertWrites("3903e7", w -> w.writeInt(-1000));
        // the edges of each argument size and of long
        assertWrites("18ff", w -> w.writeInt(255));
        assertWrites("190100", w -> w.writeInt(256));
        assertWrites("19ffff", w -> w.writeInt(65535));
        assertWrites("1a00010000", w -> w.writeInt(65536));
        assertWrites("1affffffff", w -> w.writeInt(0xFFFF_FFFFL));
        assertWrites("1b0000000100000000", w -> w.writeInt(0x1_0000_0000L));
        assertWrites("1b7fffffffffffffff", w -> w.writeInt(Long.MAX_VALUE));
        assertWrites("3b7fffffffffffffff", w -> w.writeInt(Long.MIN_VALUE));
        assertWrites("3affffffff", w -> w.writeInt(-0x1_0000_0000L));
    }

    @Test
    void appendixA_bignums() {
        assertWrites("c249010000000000000000", w -> w.writeBigInteger(new BigInteger("18446744073709551616")));
        assertWrites("c349010000000000000000", w -> w.writeBigInteger(new BigInteger("-18446744073709551617")));
    }

    @Test
    void bigInteger_isAlwaysATag2BignumOfTheTwosComplementBytes_asJacksonWritesIt() {
        assertWrites("c24100", w -> w.writeBigInteger(BigInteger.ZERO));
        assertWrites("c24117", w -> w.writeBigInteger(BigInteger.valueOf(23)));
        assertWrites("c24200ff", w -> w.writeBigInteger(BigInteger.valueOf(255)));
        assertWrites("c2447fffffff", w -> w.writeBigInteger(BigInteger.valueOf(Integer.MAX_VALUE)));
        assertWrites("c2450080000000", w -> w.writeBigInteger(BigInteger.ONE.shiftLeft(31)));
        assertWrites("c24500ffffffff", w -> w.writeBigInteger(BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE)));
        assertWrites("c2450100000000", w -> w.writeBigInteger(BigInteger.ONE.shiftLeft(32)));
        assertWrites("c2487fffffffffffffff", w -> w.writeBigInteger(BigInteger.valueOf(Long.MAX_VALUE)));
        assertWrites("c249008000000000000000", w -> w.writeBigInteger(BigInteger.ONE.shiftLeft(63)));
        assertWrites("c24900ffffffffffffffff",
                w -> w.writeBigInteger(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
        assertWrites("c34100", w -> w.writeBigInteger(BigInteger.valueOf(-1)));
        assertWrites("c34900ffffffffffffffff", w -> w.writeBigInteger(BigInteger.ONE.shiftLeft(64).negate()));
    }

    @Test
    void appendixA_simpleValuesAndTags() {
        assertWrites("f4", w -> w.writeBoolean(false));
        assertWrites("f5", w -> w.writeBoolean(true));
        assertWrites("f6", CborWriter::writeNull);
        assertWrites("c11a514b67b0", w -> w.writeTag(1).writeInt(1363896240));
        assertWrites("d74401020304", w -> w.writeTag(23).writeBytes(new byte[] {1, 2, 3, 4}));
        assertWrites("d818456449455446", w -> w.writeTag(24).writeBytes(HexFormat.of().parseHex("6449455446")));
        assertWrites("d82076687474703a2f2f7777772e6578616d706c652e636f6d",
                w -> w.writeTag(32).writeText("http://www.example.com"));
    }

    @Test
    void appendixA_strings() {
        assertWrites("40", w -> w.writeBytes(new byte[0]));
        assertWrites("4401020304", w -> w.writeBytes(new byte[] {1, 2, 3, 4}));
        assertWrites("4402030405", w -> w.writeBytes(new byte[] {1, 2, 3, 4, 5, 6}, 1, 4));
        assertWrites("60", w -> w.writeText(""));
        assertWrites("6161", w -> w.writeText("a"));
        assertWrites("6449455446", w -> w.writeText("IETF"));
        assertWrites("62225c", w -> w.writeText("\"\\"));
        assertWrites("62c3bc", w -> w.writeText("\u00fc"));
        assertWrites("63e6b0b4", w -> w.writeText("\u6c34"));
        assertWrites("64f0908591", w -> w.writeText("\ud800\udd51"));
        assertWrites("7818" + "61".repeat(24), w -> w.writeText("a".repeat(24)));
        assertWrites("59012c" + "00".repeat(300), w -> w.writeBytes(new byte[300]));
    }

    @Test
    void appendixA_arraysAndMaps() {
        assertWrites("80", w -> w.startArray(0));
        assertWrites("83010203", w -> w.startArray(3).writeInt(1).writeInt(2).writeInt(3));
        assertWrites("8301820203820405", w -> w.startArray(3).writeInt(1).startArray(2).writeInt(2).writeInt(3)
                .startArray(2).writeInt(4).writeInt(5));
        assertWrites("98190102030405060708090a0b0c0d0e0f101112131415161718181819", w -> {
            w.startArray(25);
            for (int i = 1; i <= 25; i++) {
                w.writeInt(i);
            }
        });
        assertWrites("a0", w -> w.startMap(0));
        assertWrites("a201020304", w -> w.startMap(2).writeInt(1).writeInt(2).writeInt(3).writeInt(4));
        CborKeys ab = CborKeys.of("a", "b");
        assertWrites("a26161016162820203",
                w -> w.startMap(2).writeKey(ab, 0).writeInt(1).writeKey(ab, 1).startArray(2).writeInt(2).writeInt(3));
        assertWrites("826161a161626163", w -> w.startArray(2).writeText("a").startMap(1).writeText("b").writeText("c"));
    }

    @Test
    void appendixA_indefiniteLengthArraysAndMaps() {
        assertWrites("9fff", w -> w.startIndefiniteArray().writeBreak());
        assertWrites("9f018202039f0405ffff", w -> w.startIndefiniteArray().writeInt(1).startArray(2).writeInt(2)
                .writeInt(3).startIndefiniteArray().writeInt(4).writeInt(5).writeBreak().writeBreak());
        assertWrites("bf61610161629f0203ffff", w -> w.startIndefiniteMap().writeText("a").writeInt(1).writeText("b")
                .startIndefiniteArray().writeInt(2).writeInt(3).writeBreak().writeBreak());
        assertWrites("bf6346756ef563416d7421ff", w -> w.startIndefiniteMap().writeText("Fun").writeBoolean(true)
                .writeText("Amt").writeInt(-2).writeBreak());
    }

    @Test
    void whatIsWritten_readsBackWithTheReader() {
        CborWriter w = new CborWriter(16);
        byte[] frame = new byte[1400];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        w.startMap(3).writeText("data").writeBytes(frame).writeText("n").writeInt(-5_000_000_000L)
                .writeText("s").writeBigInteger(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        CborReader r = new CborReader(w.buffer(), 0, w.size());
        assertThat(r.readMapLength()).isEqualTo(3);
        assertThat(r.readText()).isEqualTo("data");
        assertThat(r.readByteString()).isEqualTo(frame);
        assertThat(r.readText()).isEqualTo("n");
        assertThat(r.readLong()).isEqualTo(-5_000_000_000L);
        assertThat(r.readText()).isEqualTo("s");
        assertThat(r.readBigInteger()).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        assertThat(r.atEnd()).isTrue();
    }
}
