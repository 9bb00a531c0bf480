package com.offloadnic.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): 16-bit one's-complement sums with end-around carry, the IPv4 and IPv6
 * pseudo-headers of RFC 9293 section 3.1 and RFC 8200 section 8.1, and incremental update (RFC 1624).
 *
 * <p>"Sums" here are folded to 16 bits ({@code 0..0xFFFF}) and not complemented; {@link #finish} complements a
 * sum into the value written into a checksum field. Sums of separate pieces combine with {@link #add} as long
 * as every piece except the last has an even length.
 */
public final class Checksums {

    /** Big-endian {@code long} reads at any byte offset (plain access need not be aligned). */
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Checksums() {
    }

    /** One's-complement sum of {@code buf[offset, offset+length)}, an odd last byte padded with zero. */
    public static int sum(byte[] buf, int offset, int length) {
        return sum(buf, offset, length, 0);
    }

    /** {@link #sum(byte[], int, int)} added to {@code initial} (a previous sum). */
    public static int sum(byte[] buf, int offset, int length, int initial) {
        long acc = initial & 0xFFFFL;
        int end = offset + length;
        int i = offset;
        // 8 bytes per step (RFC 1071 section 2(C)): 2^16 = 1 modulo 0xFFFF, so adding the two big-endian 32-bit
        // halves of each long and folding at the end gives the same one's-complement sum as adding 16-bit words.
        // A step adds less than 2^33, so the 64-bit accumulator cannot overflow for any array length.
        for (int last = end - Long.BYTES; i <= last; i += Long.BYTES) {
            long v = (long) LONG_BE.get(buf, i);
            acc += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        for (; i + 1 < end; i += 2) {
            acc += ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF);
        }
        if (i < end) {
            acc += (buf[i] & 0xFF) << 8;
        }
        return fold(acc);
    }

    /** Folds carries back into the low 16 bits. */
    public static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** One's-complement addition of two sums (or 16-bit words). */
    public static int add(int a, int b) {
        return fold((a & 0xFFFFL) + (b & 0xFFFFL));
    }

    /** Adds a 32-bit quantity as two 16-bit words (e.g. the IPv6 upper-layer packet length). */
    public static int add32(int sum, long value) {
        return fold((sum & 0xFFFFL) + ((value >>> 16) & 0xFFFF) + (value & 0xFFFF));
    }

    /** The checksum field value for a sum: its one's complement. */
    public static int finish(int sum) {
        return ~sum & 0xFFFF;
    }

    /**
     * IPv4 pseudo-header sum: source and destination addresses (4 bytes each at the given offsets), zero,
     * protocol, and {@code upperLength}; pass {@code upperLength} 0 for the length-less sum NDIS LSO uses.
     */
    public static int ipv4PseudoHeaderSum(byte[] buf, int sourceOffset, int destinationOffset, int protocol,
            int upperLength) {
        int s = sum(buf, sourceOffset, 4);
        s = sum(buf, destinationOffset, 4, s);
        s = add(s, protocol & 0xFF);
        return add(s, upperLength & 0xFFFF);
    }

    /**
     * IPv6 pseudo-header sum (RFC 8200 section 8.1): 16-byte source and destination, 32-bit upper-layer
     * length, next header.
     */
    public static int ipv6PseudoHeaderSum(byte[] buf, int sourceOffset, int destinationOffset, int nextHeader,
            long upperLength) {
        int s = sum(buf, sourceOffset, 16);
        s = sum(buf, destinationOffset, 16, s);
        s = add32(s, upperLength);
        return add(s, nextHeader & 0xFF);
    }

    /** Whether a sum is the one's-complement zero (0x0000 or 0xFFFF are the same number). */
    public static boolean isZero(int sum) {
        return sum == 0 || sum == 0xFFFF;
    }

    /** Whether the data (checksum field included) sums to the value a valid checksum yields. */
    public static boolean verifies(int sumIncludingChecksumField) {
        return (sumIncludingChecksumField & 0xFFFF) == 0xFFFF;
    }

    /**
     * RFC 1624 equation 3: the new checksum after one 16-bit word of the covered data changes from
     * {@code oldWord} to {@code newWord}: {@code HC' = ~(~HC + ~m + m')}.
     */
    public static int incrementalUpdate(int oldChecksum, int oldWord, int newWord) {
        int s = add(~oldChecksum & 0xFFFF, ~oldWord & 0xFFFF);
        return finish(add(s, newWord & 0xFFFF));
    }
}
