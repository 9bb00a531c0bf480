package com.offloadnic.packet;

/** Network byte order (big-endian) access to byte arrays, as every header field on the wire uses. */
public final class BigEndian {

    private BigEndian() {
    }

    public static int getU8(byte[] buf, int offset) {
        return buf[offset] & 0xFF;
    }

    public static int getU16(byte[] buf, int offset) {
        return ((buf[offset] & 0xFF) << 8) | (buf[offset + 1] & 0xFF);
    }

    /** Unsigned 32-bit value, as a long. */
    public static long getU32(byte[] buf, int offset) {
        return getInt(buf, offset) & 0xFFFF_FFFFL;
    }

    public static int getInt(byte[] buf, int offset) {
        return ((buf[offset] & 0xFF) << 24) | ((buf[offset + 1] & 0xFF) << 16)
                | ((buf[offset + 2] & 0xFF) << 8) | (buf[offset + 3] & 0xFF);
    }

    public static void putU8(byte[] buf, int offset, int value) {
        buf[offset] = (byte) value;
    }

    public static void putU16(byte[] buf, int offset, int value) {
        buf[offset] = (byte) (value >>> 8);
        buf[offset + 1] = (byte) value;
    }

    public static void putInt(byte[] buf, int offset, int value) {
        buf[offset] = (byte) (value >>> 24);
        buf[offset + 1] = (byte) (value >>> 16);
        buf[offset + 2] = (byte) (value >>> 8);
        buf[offset + 3] = (byte) value;
    }

    /** Writes the low 32 bits of {@code value}. */
    public static void putU32(byte[] buf, int offset, long value) {
        putInt(buf, offset, (int) value);
    }
}
