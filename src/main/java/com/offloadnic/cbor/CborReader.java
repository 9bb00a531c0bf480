package com.offloadnic.cbor;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads CBOR data items (RFC 8949 §3) one after another from {@code buf[off, off + len)}, without building a tree
 * and without copying what it only reads: byte and text strings can be read as views ({@link #readByteStringView},
 * {@link #readTextView}: the length is returned, the content starts at {@link #viewOffset()}), and only frame data
 * that must be kept is copied ({@link #readByteString}).
 *
 * <p>Every item starts with a head (§3): the major type in the top 3 bits of the initial byte, the additional
 * information in the low 5 bits (0-23: the argument itself; 24, 25, 26, 27: a 1, 2, 4, 8-byte big-endian argument
 * follows; 28-30 reserved; 31: indefinite length or break).
 * <pre>
 *   7   5 4       0
 *  +-----+---------+----------------------+
 *  |major|add.info | argument (0-8 bytes) |  content (strings) / items (arrays, maps, tags)
 *  +-----+---------+----------------------+
 * </pre>
 * Supported: unsigned and negative integers over the whole 64-bit argument range (§3.1), tag 2/3 bignums
 * (§3.4.3), definite byte and text strings (text is checked to be UTF-8, with an ASCII fast path), definite and
 * indefinite-length arrays and maps (§3.2.2), tags, simple values and half/single/double floats (§3.3). Indefinite
 * strings can be skipped ({@link #skip}) but not read. Anything malformed, truncated, or not of the type asked for
 * raises {@link CborFormatException} naming the offset; the reader is then of no further use.
 */
public final class CborReader {

    public static final int UNSIGNED_INTEGER = 0;
    public static final int NEGATIVE_INTEGER = 1;
    public static final int BYTE_STRING = 2;
    public static final int TEXT_STRING = 3;
    public static final int ARRAY = 4;
    public static final int MAP = 5;
    public static final int TAG = 6;
    public static final int SIMPLE_OR_FLOAT = 7;

    /** What {@link #readArrayLength} and {@link #readMapLength} return for an indefinite-length item. */
    public static final int INDEFINITE = -1;

    /** Tags of §3.4.3. */
    public static final long TAG_POSITIVE_BIGNUM = 2;
    public static final long TAG_NEGATIVE_BIGNUM = 3;

    private static final int FALSE = 0xF4;
    private static final int TRUE = 0xF5;
    private static final int NULL = 0xF6;
    private static final int BREAK = 0xFF;
    private static final int INDEFINITE_INFO = 31;
    /** Nesting {@link #skip} follows before it gives up (it recurses). */
    static final int MAX_SKIP_DEPTH = 256;

    private static final String[] TYPE_NAMES = {"an unsigned integer", "a negative integer", "a byte string",
            "a text string", "an array", "a map", "a tag", "a simple value or float"};
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final byte[] buf;
    private final int end;
    private int pos;
    private int viewOffset;

    public CborReader(byte[] buf, int off, int len) {
        if (buf == null) {
            throw new CborFormatException("CBOR buffer is null");
        }
        if (off < 0 || len < 0 || off > buf.length || len > buf.length - off) {
            throw new CborFormatException("range [" + off + ", " + ((long) off + len) + ") lies outside the "
                    + buf.length + "-byte buffer");
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public CborReader(byte[] buf) {
        this(buf, 0, buf == null ? 0 : buf.length);
    }

    /** Offset in the buffer of the next item's initial byte. */
    public int position() {
        return pos;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public int remaining() {
        return end - pos;
    }

    /** Offset of the content of the string last read by {@link #readByteStringView} or {@link #readTextView}. */
    public int viewOffset() {
        return viewOffset;
    }

    /** The next item's initial byte, not consumed. */
    public int peek() {
        if (pos >= end) {
            throw truncated("CBOR data item", 1, pos);
        }
        return buf[pos] & 0xFF;
    }

    public int peekMajorType() {
        return peek() >>> 5;
    }

    /** Whether the next byte is the "break" stop code ending an indefinite-length array or map. */
    public boolean atBreak() {
        return peek() == BREAK;
    }

    public void readBreak() {
        if (peek() != BREAK) {
            throw new CborFormatException("CBOR item at offset " + pos + " is not a break (0xff)");
        }
        pos++;
    }

    /** Consumes a null (0xf6) and returns true, or returns false and consumes nothing. */
    public boolean readNullIfPresent() {
        if (peek() == NULL) {
            pos++;
            return true;
        }
        return false;
    }

    public void readNull() {
        if (!readNullIfPresent()) {
            throw wrongType("null");
        }
    }

    public boolean readBoolean() {
        int b = peek();
        if (b == TRUE || b == FALSE) {
            pos++;
            return b == TRUE;
        }
        throw wrongType("a boolean");
    }

    /** An unsigned or negative integer that fits in a signed 64-bit {@code long}. */
    public long readLong() {
        int at = pos;
        int major = peekMajorType();
        if (major != UNSIGNED_INTEGER && major != NEGATIVE_INTEGER) {
            throw wrongType("an integer");
        }
        long n = head(major);
        if (n < 0) {
            throw new CborFormatException("CBOR integer at offset " + at + " does not fit in 64-bit signed: "
                    + (major == UNSIGNED_INTEGER ? Long.toUnsignedString(n)
                    : "-" + BigInteger.valueOf(n).add(TWO_TO_64).add(BigInteger.ONE)));
        }
        return major == UNSIGNED_INTEGER ? n : -1 - n;
    }

    /** An integer that fits in a signed 32-bit {@code int}. */
    public int readInt() {
        int at = pos;
        long v = readLong();
        if (v != (int) v) {
            throw new CborFormatException("CBOR integer at offset " + at + " does not fit in 32-bit signed: " + v);
        }
        return (int) v;
    }

    /** An unsigned or negative integer of any 64-bit argument, or a tag 2/3 bignum (§3.4.3). */
    public BigInteger readBigInteger() {
        int at = pos;
        int major = peekMajorType();
        if (major == UNSIGNED_INTEGER || major == NEGATIVE_INTEGER) {
            long n = head(major);
            BigInteger v = n >= 0 ? BigInteger.valueOf(n) : BigInteger.valueOf(n).add(TWO_TO_64);
            return major == UNSIGNED_INTEGER ? v : v.negate().subtract(BigInteger.ONE);
        }
        if (major != TAG) {
            throw wrongType("an integer or bignum");
        }
        long tag = head(TAG);
        if (tag != TAG_POSITIVE_BIGNUM && tag != TAG_NEGATIVE_BIGNUM) {
            throw new CborFormatException("CBOR tag " + Long.toUnsignedString(tag) + " at offset " + at
                    + " is not a bignum (expected tag 2 or 3)");
        }
        int len = readByteStringView();
        BigInteger n = len == 0 ? BigInteger.ZERO : new BigInteger(1, buf, viewOffset, len);
        return tag == TAG_POSITIVE_BIGNUM ? n : n.negate().subtract(BigInteger.ONE);
    }

    /** A tag's number (§3.4); the tagged item follows. */
    public long readTag() {
        if (peekMajorType() != TAG) {
            throw wrongType("a tag");
        }
        return head(TAG);
    }

    /** A simple value (§3.3) other than a float: 0-19 unassigned, 20 false, 21 true, 22 null, 23 undefined, 32-255. */
    public int readSimple() {
        int at = pos;
        int b = peek();
        if (b >>> 5 != SIMPLE_OR_FLOAT || (b & 0x1F) > 24) {
            throw wrongType("a simple value");
        }
        long v = head(SIMPLE_OR_FLOAT);
        if ((b & 0x1F) == 24 && v < 32) {
            throw new CborFormatException("CBOR two-byte simple value " + v + " at offset " + at
                    + " is not well-formed (expected 32 to 255)");
        }
        return (int) v;
    }

    /** A half, single or double precision float (§3.3, Appendix D for half precision). */
    public double readDouble() {
        int b = peek();
        int info = b & 0x1F;
        if (b >>> 5 != SIMPLE_OR_FLOAT || info < 25 || info > 27) {
            throw wrongType("a float");
        }
        long bits = head(SIMPLE_OR_FLOAT);
        return switch (info) {
            case 25 -> halfToDouble((int) bits);
            case 26 -> Float.intBitsToFloat((int) bits);
            default -> Double.longBitsToDouble(bits);
        };
    }

    private static double halfToDouble(int half) {
        int exp = (half >> 10) & 0x1F;
        int mant = half & 0x3FF;
        double val;
        if (exp == 0) {
            val = Math.scalb((double) mant, -24);
        } else if (exp != 31) {
            val = Math.scalb((double) (mant + 1024), exp - 25);
        } else {
            val = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        return (half & 0x8000) != 0 ? -val : val;
    }

    /**
     * Reads a definite-length byte string's head and steps over its content, which lies at
     * {@code viewOffset() .. viewOffset() + length}; returns its length.
     */
    public int readByteStringView() {
        return stringView(BYTE_STRING, "byte string");
    }

    /** A definite-length byte string, copied into a new array (for data the caller keeps). */
    public byte[] readByteString() {
        int len = readByteStringView();
        byte[] copy = new byte[len];
        System.arraycopy(buf, viewOffset, copy, 0, len);
        return copy;
    }

    /** Like {@link #readByteStringView} for a text string; the content is not checked to be UTF-8. */
    public int readTextView() {
        return stringView(TEXT_STRING, "text string");
    }

    /** A definite-length text string, which must be well-formed UTF-8 (§3.1 major type 3). */
    public String readText() {
        int at = pos;
        int len = readTextView();
        int off = viewOffset;
        for (int i = off; i < off + len; i++) {
            if (buf[i] < 0) {
                try {
                    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(buf, off, len)).toString();
                } catch (CharacterCodingException e) {
                    throw new CborFormatException("CBOR text string at offset " + at + " is not valid UTF-8");
                }
            }
        }
        return new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }

    /** Index in {@code keys} of the text string read, or -1 if it is none of them; allocates nothing. */
    public int readKey(CborKeys keys) {
        int len = readTextView();
        return keys.indexOf(buf, viewOffset, len);
    }

    /**
     * An array's head: its number of items, or {@link #INDEFINITE} (the items then end at a break, see
     * {@link #atBreak}). A count that the bytes left cannot hold (each item takes at least one) is truncation.
     */
    public int readArrayLength() {
        return containerLength(ARRAY, "array", 1);
    }

    /** A map's head: its number of key/value pairs, or {@link #INDEFINITE}. */
    public int readMapLength() {
        return containerLength(MAP, "map", 2);
    }

    /** Steps over the next data item, whatever it is, with everything nested in it. */
    public void skip() {
        skip(0);
    }

    private void skip(int depth) {
        if (depth > MAX_SKIP_DEPTH) {
            throw new CborFormatException("CBOR nested deeper than " + MAX_SKIP_DEPTH + " at offset " + pos);
        }
        int at = pos;
        int b = peek();
        int major = b >>> 5;
        boolean indefinite = (b & 0x1F) == INDEFINITE_INFO;
        switch (major) {
            case UNSIGNED_INTEGER, NEGATIVE_INTEGER -> head(major);
            case BYTE_STRING, TEXT_STRING -> {
                if (!indefinite) {
                    stringView(major, major == BYTE_STRING ? "byte string" : "text string");
                    return;
                }
                pos++;
                while (peek() != BREAK) {
                    if (peekMajorType() != major || (peek() & 0x1F) == INDEFINITE_INFO) {
                        throw new CborFormatException("CBOR chunk at offset " + pos + " of the indefinite-length "
                                + "string at offset " + at + " is not a definite " + TYPE_NAMES[major].substring(2));
                    }
                    stringView(major, "string chunk");
                }
                pos++;
            }
            case ARRAY, MAP -> {
                int n = containerLength(major, major == ARRAY ? "array" : "map", major == ARRAY ? 1 : 2);
                int items = major == ARRAY ? 1 : 2;
                if (n == INDEFINITE) {
                    while (peek() != BREAK) {
                        for (int i = 0; i < items; i++) {
                            skip(depth + 1);
                        }
                    }
                    pos++;
                } else {
                    for (long i = 0; i < (long) n * items; i++) {
                        skip(depth + 1);
                    }
                }
            }
            case TAG -> {
                head(TAG);
                skip(depth + 1);
            }
            default -> {
                if (b == BREAK) {
                    throw new CborFormatException("CBOR break (0xff) at offset " + at + " outside an indefinite-length"
                            + " item");
                }
                if ((b & 0x1F) == 24) {
                    readSimple();
                } else {
                    head(SIMPLE_OR_FLOAT);
                }
            }
        }
    }

    private int stringView(int major, String what) {
        int at = pos;
        if (peekMajorType() != major) {
            throw wrongType(major == BYTE_STRING ? "a byte string" : "a text string");
        }
        if ((peek() & 0x1F) == INDEFINITE_INFO) {
            throw new CborFormatException("CBOR indefinite-length " + what + " at offset " + at + " is not supported");
        }
        long n = head(major);
        if (n < 0 || n > end - pos) {
            throw new CborFormatException("CBOR " + what + " truncated: needs " + Long.toUnsignedString(n)
                    + " bytes at offset " + pos + ", " + (end - pos) + " left");
        }
        viewOffset = pos;
        pos += (int) n;
        return (int) n;
    }

    private int containerLength(int major, String what, int minBytesPerItem) {
        if (peekMajorType() != major) {
            throw wrongType(major == ARRAY ? "an array" : "a map");
        }
        if ((peek() & 0x1F) == INDEFINITE_INFO) {
            pos++;
            return INDEFINITE;
        }
        long n = head(major);
        if (n < 0 || n > (end - pos) / minBytesPerItem) {
            throw new CborFormatException("CBOR " + what + " truncated: " + Long.toUnsignedString(n) + " items need at"
                    + " least " + (n < 0 ? Long.toUnsignedString(n) + " × " + minBytesPerItem
                    : Long.toString(n * minBytesPerItem)) + " bytes at offset " + pos + ", " + (end - pos) + " left");
        }
        return (int) n;
    }

    /**
     * Consumes the head of an item of the given major type (already checked by the caller) and returns its argument
     * as 64 raw bits (unsigned: negative as a {@code long} when 2^63 or more).
     */
    private long head(int major) {
        int at = pos;
        int info = peek() & 0x1F;
        if (info < 24) {
            pos++;
            return info;
        }
        if (info > 27) {
            if (info == INDEFINITE_INFO) {
                throw new CborFormatException("CBOR indefinite length (additional information 31) at offset " + at
                        + " is not well-formed for " + TYPE_NAMES[major]);
            }
            throw new CborFormatException("CBOR reserved additional information " + info + " at offset " + at);
        }
        int size = 1 << (info - 24);
        if (size > end - pos - 1) {
            throw truncated("CBOR head", 1 + size, at);
        }
        long v = 0;
        for (int i = 1; i <= size; i++) {
            v = (v << 8) | (buf[at + i] & 0xFF);
        }
        pos = at + 1 + size;
        return v;
    }

    private CborFormatException truncated(String what, int needed, int at) {
        return new CborFormatException(what + " truncated: needs " + needed + " bytes at offset " + at + ", "
                + Math.max(0, end - at) + " left");
    }

    private CborFormatException wrongType(String expected) {
        int b = peek();
        String actual = b == NULL ? "null" : b == TRUE || b == FALSE ? "a boolean" : b == BREAK ? "a break"
                : TYPE_NAMES[b >>> 5];
        return new CborFormatException("CBOR item at offset " + pos + " is " + actual + " (expected " + expected + ")");
    }
}
