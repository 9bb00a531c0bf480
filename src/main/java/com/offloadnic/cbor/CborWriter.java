package com.offloadnic.cbor;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends CBOR data items (RFC 8949 §3) to a growable buffer, reusable after {@link #reset()}. Heads use the
 * preferred serialization (§4.2.1: the shortest argument). Arrays and maps are definite-length when the count is
 * known up front, or indefinite-length ({@link #startIndefiniteMap()} … {@link #writeBreak()}, §3.2.2).
 *
 * <p>{@link #writeBigInteger} writes what Jackson's {@code CBORGenerator} writes for every {@code BigInteger}, so a
 * record written here and by Jackson gives the same bytes: a tag 2 (or 3) bignum whose content is
 * {@link BigInteger#toByteArray()} (two's complement, with a leading zero byte when the top bit is set), even for
 * small values. §3.4.3 allows the leading zero; a decoder reads the same number either way.
 */
public final class CborWriter {

    private static final int BREAK = 0xFF;

    private byte[] buf;
    private int size;

    public CborWriter() {
        this(256);
    }

    public CborWriter(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets what was written, keeping the buffer. */
    public CborWriter reset() {
        size = 0;
        return this;
    }

    public int size() {
        return size;
    }

    /** The internal buffer; what was written lies in {@code [0, size())}. */
    public byte[] buffer() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** An unsigned (major type 0) or negative (major type 1) integer. */
    public CborWriter writeInt(long v) {
        return v >= 0 ? head(0, v) : head(1, -1 - v);
    }

    /** A bignum as Jackson writes it; see the class comment. */
    public CborWriter writeBigInteger(BigInteger v) {
        if (v.signum() >= 0 && v.bitLength() < Long.SIZE) {
            // toByteArray() of a non-negative value below 2^63 without allocating it
            long l = v.longValue();
            int n = v.bitLength() / 8 + 1;
            head(6, CborReader.TAG_POSITIVE_BIGNUM).head(2, n);
            ensure(n);
            for (int i = n - 1; i >= 0; i--) {
                buf[size++] = (byte) (l >>> (8 * i));
            }
            return this;
        }
        byte[] content = v.signum() >= 0 ? v.toByteArray() : v.negate().subtract(BigInteger.ONE).toByteArray();
        head(6, v.signum() >= 0 ? CborReader.TAG_POSITIVE_BIGNUM : CborReader.TAG_NEGATIVE_BIGNUM);
        return writeBytes(content, 0, content.length);
    }

    public CborWriter writeBytes(byte[] b) {
        return writeBytes(b, 0, b.length);
    }

    public CborWriter writeBytes(byte[] b, int off, int len) {
        head(2, len);
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** A text string, UTF-8 encoded (ASCII is copied char by char without an intermediate array). */
    public CborWriter writeText(String s) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                head(3, utf8.length);
                return raw(utf8);
            }
        }
        head(3, len);
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A map key (or any text) encoded once by {@code keys}. */
    public CborWriter writeKey(CborKeys keys, int index) {
        return raw(keys.encoded(index));
    }

    public CborWriter writeBoolean(boolean b) {
        return raw1(b ? 0xF5 : 0xF4);
    }

    public CborWriter writeNull() {
        return raw1(0xF6);
    }

    public CborWriter writeTag(long tag) {
        return head(6, tag);
    }

    public CborWriter startArray(int items) {
        return head(4, items);
    }

    public CborWriter startMap(int pairs) {
        return head(5, pairs);
    }

    public CborWriter startIndefiniteArray() {
        return raw1(0x9F);
    }

    public CborWriter startIndefiniteMap() {
        return raw1(0xBF);
    }

    /** Ends an indefinite-length array or map. */
    public CborWriter writeBreak() {
        return raw1(BREAK);
    }

    /** A head with the shortest argument for {@code n}, read as unsigned 64 bits. */
    private CborWriter head(int major, long n) {
        ensure(9);
        int m = major << 5;
        if (n >= 0 && n < 24) {
            buf[size++] = (byte) (m | (int) n);
        } else if (n >= 0 && n <= 0xFF) {
            buf[size++] = (byte) (m | 24);
            buf[size++] = (byte) n;
        } else if (n >= 0 && n <= 0xFFFF) {
            buf[size++] = (byte) (m | 25);
            buf[size++] = (byte) (n >>> 8);
            buf[size++] = (byte) n;
        } else if (n >= 0 && n <= 0xFFFF_FFFFL) {
            buf[size++] = (byte) (m | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (n >>> shift);
            }
        } else {
            buf[size++] = (byte) (m | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (n >>> shift);
            }
        }
        return this;
    }

    private CborWriter raw1(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    private CborWriter raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    private void ensure(int more) {
        if (buf.length - size < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
