package com.offloadnic.packet;

import java.util.HexFormat;

/** Test helpers: hex with spaces and comments, embedding at an offset. */
public final class Bytes {

    private Bytes() {
    }

    /** Hex digits; whitespace and {@code //} comments up to end of line are ignored. */
    public static byte[] hex(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            int c = line.indexOf("//");
            sb.append((c >= 0 ? line.substring(0, c) : line).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(sb.toString());
    }

    public static String toHex(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }

    public static String toHex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** {@code data} copied into a larger buffer at {@code offset}, with 0xEE junk before and after. */
    public static byte[] embed(byte[] data, int offset, int trailing) {
        byte[] out = new byte[offset + data.length + trailing];
        java.util.Arrays.fill(out, (byte) 0xEE);
        System.arraycopy(data, 0, out, offset, data.length);
        return out;
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
