package com.offloadnic.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link CborReader} against the published examples of RFC 8949 Appendix A (each encoded item decoded to its
 * diagnostic value), then the truncated and malformed heads that must raise {@link CborFormatException} with the
 * offset.
 */
class CborReaderTest {

    /** A tagged item, for comparing decoded values. */
    record Tagged(long tag, Object value) {
    }

    /** A simple value other than false, true, null. */
    record Simple(int value) {
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    /** Decodes one item into plain Java values with the reader's typed methods only. */
    static Object decode(CborReader r) {
        int b = r.peek();
        switch (r.peekMajorType()) {
            case CborReader.UNSIGNED_INTEGER, CborReader.NEGATIVE_INTEGER -> {
                BigInteger v = r.readBigInteger();
                return v.bitLength() < 64 ? (Object) v.longValue() : v;
            }
            case CborReader.BYTE_STRING -> {
                return new Bytes(r.readByteString());
            }
            case CborReader.TEXT_STRING -> {
                return r.readText();
            }
            case CborReader.ARRAY -> {
                int n = r.readArrayLength();
                List<Object> list = new ArrayList<>();
                for (int i = 0; n == CborReader.INDEFINITE ? !r.atBreak() : i < n; i++) {
                    list.add(decode(r));
                }
                if (n == CborReader.INDEFINITE) {
                    r.readBreak();
                }
                return list;
            }
            case CborReader.MAP -> {
                int n = r.readMapLength();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; n == CborReader.INDEFINITE ? !r.atBreak() : i < n; i++) {
                    map.put(decode(r), decode(r));
                }
                if (n == CborReader.INDEFINITE) {
                    r.readBreak();
                }
                return map;
            }
            case CborReader.TAG -> {
                if (b == 0xC2 || b == 0xC3) {
                    return r.readBigInteger();
                }
                long tag = r.readTag();
                return new Tagged(tag, decode(r));
            }
            default -> {
                int info = b & 0x1F;
                if (info >= 25 && info <= 27) {
                    return r.readDouble();
                }
                if (b == 0xF6) {
                    r.readNull();
                    return null;
                }
                if (b == 0xF4 || b == 0xF5) {
                    return r.readBoolean();
                }
                return new Simple(r.readSimple());
            }
        }
    }

    /** byte[] with value equality. */
    record Bytes(byte[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(b, other.b);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(b);
        }

        @Override
        public String toString() {
            return "h'" + HexFormat.of().formatHex(b) + "'";
        }
    }

    private static void assertDecodes(String encoded, Object expected) {
        // the item sits in the middle of a larger buffer: offsets count from the window, not from 0
        byte[] item = hex(encoded);
        byte[] buf = new byte[item.length + 6];
        Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(item, 0, buf, 3, item.length);
        CborReader r = new CborReader(buf, 3, item.length);
        assertThat(decode(r)).as(encoded).isEqualTo(expected);
        assertThat(r.atEnd()).as("%s read to its end", encoded).isTrue();
        CborReader skipping = new CborReader(buf, 3, item.length);
        skipping.skip();
        assertThat(skipping.atEnd()).as("%s skipped to its end", encoded).isTrue();
    }

    @Test
    void appendixA_integers() {
        assertDecodes("00", 0L);
        assertDecodes("01", 1L);
        assertDecodes("0a", 10L);
        assertDecodes("17", 23L);
        assertDecodes("1818", 24L);
        assertDecodes("1819", 25L);
        assertDecodes("1864", 100L);
        assertDecodes("1903e8", 1000L);
        assertDecodes("1a000f4240", 1000000L);
        assertDecodes("1b000000e8d4a51000", 1000000000000L);
        assertDecodes("1bffffffffffffffff", new BigInteger("18446744073709551615"));
        assertDecodes("c249010000000000000000", new BigInteger("18446744073709551616"));
        assertDecodes("3bffffffffffffffff", new BigInteger("-18446744073709551616"));
        assertDecodes("c349010000000000000000", new BigInteger("-18446744073709551617"));
        assertDecodes("20", -1L);
        assertDecodes("29", -10L);
        assertDecodes("3863", -100L);
        assertDecodes("3903e7", -1000L);
    }

    @Test
    void appendixA_readLongCoversTheSigned64BitRange() {
        assertThat(new CborReader(hex("1b7fffffffffffffff")).readLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(new CborReader(hex("3b7fffffffffffffff")).readLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(new CborReader(hex("1b000000e8d4a51000")).readLong()).isEqualTo(1000000000000L);
        assertThat(new CborReader(hex("3903e7")).readLong()).isEqualTo(-1000L);
        assertThat(new CborReader(hex("1a7fffffff")).readInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(new CborReader(hex("3a7fffffff")).readInt()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void appendixA_floats() {
        assertDecodes("f90000", 0.0);
        assertDecodes("f98000", -0.0);
        assertDecodes("f93c00", 1.0);
        assertDecodes("fb3ff199999999999a", 1.1);
        assertDecodes("f93e00", 1.5);
        assertDecodes("f97bff", 65504.0);
        assertDecodes("fa47c35000", 100000.0);
        assertDecodes("fa7f7fffff", 3.4028234663852886e+38);
        assertDecodes("fb7e37e43c8800759c", 1.0e+300);
        assertDecodes("f90001", 5.960464477539063e-8);
        assertDecodes("f90400", 0.00006103515625);
        assertDecodes("f9c400", -4.0);
        assertDecodes("fbc010666666666666", -4.1);
        for (String inf : List.of("f97c00", "fa7f800000", "fb7ff0000000000000")) {
            assertDecodes(inf, Double.POSITIVE_INFINITY);
        }
        for (String nan : List.of("f97e00", "fa7fc00000", "fb7ff8000000000000")) {
            assertDecodes(nan, Double.NaN);
        }
        for (String negInf : List.of("f9fc00", "faff800000", "fbfff0000000000000")) {
            assertDecodes(negInf, Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    void appendixA_simpleValues() {
        assertDecodes("f4", false);
        assertDecodes("f5", true);
        assertDecodes("f6", null);
        assertDecodes("f7", new Simple(23));
        assertDecodes("f0", new Simple(16));
        assertDecodes("f8ff", new Simple(255));
    }

    @Test
    void appendixA_tags() {
        assertDecodes("c074323031332d30332d32315432303a30343a30305a", new Tagged(0, "2013-03-21T20:04:00Z"));
        assertDecodes("c11a514b67b0", new Tagged(1, 1363896240L));
        assertDecodes("c1fb41d452d9ec200000", new Tagged(1, 1363896240.5));
        assertDecodes("d74401020304", new Tagged(23, new Bytes(hex("01020304"))));
        assertDecodes("d818456449455446", new Tagged(24, new Bytes(hex("6449455446"))));
        assertDecodes("d82076687474703a2f2f7777772e6578616d706c652e636f6d", new Tagged(32, "http://www.example.com"));
    }

    @Test
    void appendixA_strings() {
        assertDecodes("40", new Bytes(new byte[0]));
        assertDecodes("4401020304", new Bytes(hex("01020304")));
        assertDecodes("60", "");
        assertDecodes("6161", "a");
        assertDecodes("6449455446", "IETF");
        assertDecodes("62225c", "\"\\");
        assertDecodes("62c3bc", "\u00fc");
        assertDecodes("63e6b0b4", "\u6c34");
        assertDecodes("64f0908591", "\ud800\udd51");
    }

    @Test
    void appendixA_arraysAndMaps() {
        List<Object> oneTo25 = new ArrayList<>();
        for (long i = 1; i <= 25; i++) {
            oneTo25.add(i);
        }
        assertDecodes("80", List.of());
        assertDecodes("83010203", List.of(1L, 2L, 3L));
        assertDecodes("8301820203820405", List.of(1L, List.of(2L, 3L), List.of(4L, 5L)));
        assertDecodes("98190102030405060708090a0b0c0d0e0f101112131415161718181819", oneTo25);
        assertDecodes("a0", Map.of());
        assertDecodes("a201020304", Map.of(1L, 2L, 3L, 4L));
        assertDecodes("a26161016162820203", Map.of("a", 1L, "b", List.of(2L, 3L)));
        assertDecodes("826161a161626163", List.of("a", Map.of("b", "c")));
        assertDecodes("a56161614161626142616361436164614461656145",
                Map.of("a", "A", "b", "B", "c", "C", "d", "D", "e", "E"));
    }

    @Test
    void appendixA_indefiniteLengthArraysAndMaps() {
        List<Object> oneTo25 = new ArrayList<>();
        for (long i = 1; i <= 25; i++) {
            oneTo25.add(i);
        }
        assertDecodes("9fff", List.of());
        assertDecodes("9f018202039f0405ffff", List.of(1L, List.of(2L, 3L), List.of(4L, 5L)));
        assertDecodes("9f01820203820405ff", List.of(1L, List.of(2L, 3L), List.of(4L, 5L)));
        assertDecodes("83018202039f0405ff", List.of(1L, List.of(2L, 3L), List.of(4L, 5L)));
        assertDecodes("83019f0203ff820405", List.of(1L, List.of(2L, 3L), List.of(4L, 5L)));
        assertDecodes("9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", oneTo25);
        assertDecodes("bf61610161629f0203ffff", Map.of("a", 1L, "b", List.of(2L, 3L)));
        assertDecodes("826161bf61626163ff", List.of("a", Map.of("b", "c")));
        assertDecodes("bf6346756ef563416d7421ff", Map.of("Fun", true, "Amt", -2L));
    }

    @Test
    void appendixA_indefiniteLengthStrings_areSkippedButNotRead() {
        for (String h : List.of("5f42010243030405ff", "7f657374726561646d696e67ff")) {
            CborReader r = new CborReader(hex(h));
            r.skip();
            assertThat(r.atEnd()).isTrue();
        }
        assertThatThrownBy(() -> new CborReader(hex("5f42010243030405ff")).readByteStringView())
                .isInstanceOf(CborFormatException.class)
                .hasMessage("CBOR indefinite-length byte string at offset 0 is not supported");
    }

    @Test
    void byteStringView_pointsIntoTheBufferWithoutCopying() {
        byte[] buf = hex("aaaa4401020304bb");
        CborReader r = new CborReader(buf, 2, 5);
        assertThat(r.readByteStringView()).isEqualTo(4);
        assertThat(r.viewOffset()).isEqualTo(3);
        assertThat(r.position()).isEqualTo(7);
        assertThat(r.atEnd()).isTrue();
    }

    @Test
    void readKey_findsKeysByTheirBytes() {
        CborKeys keys = CborKeys.of("netBuffers", "data");
        CborReader r = new CborReader(hex("6464617461" + "6a6e657442756666657273" + "6464617462"));
        assertThat(r.readKey(keys)).isEqualTo(1);
        assertThat(r.readKey(keys)).isEqualTo(0);
        assertThat(r.readKey(keys)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty input|                      |CBOR data item truncated: needs 1 bytes at offset 3, 0 left",
        "1-byte argument missing|18        |CBOR head truncated: needs 2 bytes at offset 3, 1 left",
        "8-byte argument cut|1b0000000000  |CBOR head truncated: needs 9 bytes at offset 3, 6 left",
        "byte string cut short|44010203    |CBOR byte string truncated: needs 4 bytes at offset 4, 3 left",
        "1400-byte frame, 12 left|590578000102030405060708090a0b|CBOR byte string truncated: needs 1400 bytes at offset 6, 12 left",
        "huge byte string|5bffffffffffffffff00|CBOR byte string truncated: needs 18446744073709551615 bytes at offset 12, 1 left",
        "reserved 28|1c                    |CBOR reserved additional information 28 at offset 3",
        "reserved 30|5e                    |CBOR reserved additional information 30 at offset 3",
        "indefinite unsigned|1f            |CBOR indefinite length (additional information 31) at offset 3 is not well-formed for an unsigned integer",
        "indefinite tag|df00               |CBOR indefinite length (additional information 31) at offset 3 is not well-formed for a tag",
        "array cut|830102                  |CBOR array truncated: 3 items need at least 3 bytes at offset 4, 2 left",
        "map cut|a2016161                  |CBOR map truncated: 2 items need at least 4 bytes at offset 4, 3 left",
        "array of 2^32 items|9b000000010000000001|CBOR array truncated: 4294967296 items need at least 4294967296 bytes at offset 12, 1 left",
        "array item missing|8201       |CBOR array truncated: 2 items need at least 2 bytes at offset 4, 1 left",
        "break outside|ff                  |CBOR break (0xff) at offset 3 outside an indefinite-length item",
        "two-byte simple below 32|f810     |CBOR two-byte simple value 16 at offset 3 is not well-formed (expected 32 to 255)",
        "indefinite array unterminated|9f01|CBOR data item truncated: needs 1 bytes at offset 5, 0 left",
        "chunk of another type|5f4101610aff|CBOR chunk at offset 6 of the indefinite-length string at offset 3 is not a definite byte string",
        "nested chunk|7f7f6161ffff         |CBOR chunk at offset 4 of the indefinite-length string at offset 3 is not a definite text string",
    })
    void skip_malformedOrTruncated_raisesWithOffset(String name, String encoded, String message) {
        byte[] item = hex(encoded == null ? "" : encoded.strip());
        byte[] buf = new byte[item.length + 3];
        System.arraycopy(item, 0, buf, 3, item.length);
        assertThatThrownBy(() -> new CborReader(buf, 3, item.length).skip())
                .as(name).isInstanceOf(CborFormatException.class).hasMessage(message);
    }

    @Test
    void skip_nestingBeyondTheLimit_raisesInsteadOfOverflowingTheStack() {
        byte[] deep = new byte[100_000];
        Arrays.fill(deep, (byte) 0x81);
        assertThatThrownBy(() -> new CborReader(deep).skip()).isInstanceOf(CborFormatException.class)
                .hasMessage("CBOR nested deeper than 256 at offset 257");
    }

    @Test
    void typedReads_ofTheWrongTypeOrRange_raiseWithOffset() {
        assertThatThrownBy(() -> new CborReader(hex("1bffffffffffffffff")).readLong())
                .hasMessage("CBOR integer at offset 0 does not fit in 64-bit signed: 18446744073709551615");
        assertThatThrownBy(() -> new CborReader(hex("3bffffffffffffffff")).readLong())
                .hasMessage("CBOR integer at offset 0 does not fit in 64-bit signed: -18446744073709551616");
        assertThatThrownBy(() -> new CborReader(hex("1a80000000")).readInt())
                .hasMessage("CBOR integer at offset 0 does not fit in 32-bit signed: 2147483648");
        assertThatThrownBy(() -> new CborReader(hex("6161")).readLong())
                .hasMessage("CBOR item at offset 0 is a text string (expected an integer)");
        assertThatThrownBy(() -> new CborReader(hex("01")).readText())
                .hasMessage("CBOR item at offset 0 is an unsigned integer (expected a text string)");
        assertThatThrownBy(() -> new CborReader(hex("f6")).readByteString())
                .hasMessage("CBOR item at offset 0 is null (expected a byte string)");
        assertThatThrownBy(() -> new CborReader(hex("f4")).readMapLength())
                .hasMessage("CBOR item at offset 0 is a boolean (expected a map)");
        assertThatThrownBy(() -> new CborReader(hex("f93c00")).readLong())
                .hasMessage("CBOR item at offset 0 is a simple value or float (expected an integer)");
        assertThatThrownBy(() -> new CborReader(hex("c14100")).readBigInteger())
                .hasMessage("CBOR tag 1 at offset 0 is not a bignum (expected tag 2 or 3)");
        assertThatThrownBy(() -> new CborReader(hex("62c328")).readText())
                .hasMessage("CBOR text string at offset 0 is not valid UTF-8");
        assertThatThrownBy(() -> new CborReader(hex("01")).readBoolean())
                .hasMessage("CBOR item at offset 0 is an unsigned integer (expected a boolean)");
        assertThatThrownBy(() -> new CborReader(new byte[4], 2, 3))
                .hasMessage("range [2, 5) lies outside the 4-byte buffer");
    }
}
