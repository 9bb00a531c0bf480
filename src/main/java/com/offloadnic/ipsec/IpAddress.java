package com.offloadnic.ipsec;

/**
 * An immutable IPv4 or IPv6 address held in two longs, so that it compares by value, hashes cheaply and can
 * be matched against a packet's header bytes without allocating.
 *
 * <p>IPv4 addresses live in the low 32 bits of {@code low} ({@code high} is 0). The all-zero address is the
 * NDIS wildcard: an SA endpoint of zero matches any address. {@link #toString()} gives the text form
 * (dotted quad, or RFC 5952 for IPv6).
 *
 * @param version IP version
 * @param high    first 8 bytes of an IPv6 address, big-endian; 0 for IPv4
 * @param low     last 8 bytes of an IPv6 address, or the IPv4 address in the low 32 bits, big-endian
 */
public record IpAddress(IpVersion version, long high, long low) {

    public static final IpAddress IPV4_UNSPECIFIED = new IpAddress(IpVersion.IPV4, 0, 0);
    public static final IpAddress IPV6_UNSPECIFIED = new IpAddress(IpVersion.IPV6, 0, 0);

    public IpAddress {
        if (version == null) {
            throw new IllegalArgumentException("IP version is required");
        }
        if (version == IpVersion.IPV4 && (high != 0 || (low >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address does not fit in 32 bits");
        }
    }

    /** The wildcard (all-zero) address of {@code version}. */
    public static IpAddress unspecified(IpVersion version) {
        return version == IpVersion.IPV4 ? IPV4_UNSPECIFIED : IPV6_UNSPECIFIED;
    }

    /** An address from 4 (IPv4) or 16 (IPv6) bytes in network order. */
    public static IpAddress ofBytes(byte[] bytes) {
        return switch (bytes.length) {
            case 4 -> read(IpVersion.IPV4, bytes, 0);
            case 16 -> read(IpVersion.IPV6, bytes, 0);
            default -> throw new IllegalArgumentException(
                    "IP address of " + bytes.length + " bytes (expected 4 or 16)");
        };
    }

    /** Reads an address of {@code version} from {@code buf} at {@code offset} (network order). */
    public static IpAddress read(IpVersion version, byte[] buf, int offset) {
        if (version == IpVersion.IPV4) {
            return new IpAddress(version, 0, readInt(buf, offset) & 0xFFFF_FFFFL);
        }
        return new IpAddress(version, readLong(buf, offset), readLong(buf, offset + 8));
    }

    /**
     * Parses the text form strictly: a dotted quad of decimal octets without leading zeros, or an IPv6
     * address as RFC 4291 section 2.2 writes it (no zone). Never consults a name service.
     */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text) : new IpAddress(IpVersion.IPV4, 0, parseIpv4(text, text));
    }

    /** Whether this is the all-zero wildcard address. */
    public boolean isUnspecified() {
        return high == 0 && low == 0;
    }

    /** The address bytes in network order. */
    public byte[] toBytes() {
        byte[] out = new byte[version.addressLength()];
        writeTo(out, 0);
        return out;
    }

    /** Writes the address bytes in network order into {@code buf} at {@code offset}. */
    public void writeTo(byte[] buf, int offset) {
        if (version == IpVersion.IPV4) {
            writeLongBytes(buf, offset, low, 4);
        } else {
            writeLongBytes(buf, offset, high, 8);
            writeLongBytes(buf, offset + 8, low, 8);
        }
    }

    /** Whether the address of this version stored in {@code buf} at {@code offset} equals this one. */
    public boolean equalsBytes(byte[] buf, int offset) {
        if (version == IpVersion.IPV4) {
            return (readInt(buf, offset) & 0xFFFF_FFFFL) == low;
        }
        return readLong(buf, offset) == high && readLong(buf, offset + 8) == low;
    }

    /**
     * Whether this SA endpoint admits the address in {@code buf} at {@code offset}: the wildcard admits
     * every address, any other address only itself.
     */
    public boolean admits(byte[] buf, int offset) {
        return isUnspecified() || equalsBytes(buf, offset);
    }

    /** Whether this SA endpoint admits {@code address} (same version; wildcard admits all). */
    public boolean admits(IpAddress address) {
        return version == address.version && (isUnspecified() || equals(address));
    }

    @Override
    public String toString() {
        return version == IpVersion.IPV4 ? ipv4Text(low) : ipv6Text();
    }

    private static String ipv4Text(long v) {
        return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
    }

    private String ipv6Text() {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 section 4.2: shorten the longest run (first if tied) of two or more zero groups.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static long parseIpv4(String text, String whole) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw badAddress(whole);
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                throw badAddress(whole);
            }
            int octet = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') {
                    throw badAddress(whole);
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                throw badAddress(whole);
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    private static IpAddress parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw badAddress(text);
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount;
        int tailCount = 0;
        if (doubleColon >= 0) {
            headCount = parseGroups(text.substring(0, doubleColon), head, 0, text, false);
            tailCount = parseGroups(text.substring(doubleColon + 2), tail, 0, text, true);
            if (headCount + tailCount > 7) {
                throw badAddress(text);
            }
        } else {
            headCount = parseGroups(text, head, 0, text, true);
            if (headCount != 8) {
                throw badAddress(text);
            }
        }
        int[] groups = new int[8];
        System.arraycopy(head, 0, groups, 0, headCount);
        System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return new IpAddress(IpVersion.IPV6, hi, lo);
    }

    /** Parses colon-separated groups into {@code out}; a final dotted quad counts as two groups. */
    private static int parseGroups(String s, int[] out, int start, String whole, boolean dottedQuadAllowed) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        int n = start;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (dottedQuadAllowed && i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (n + 2 > 8) {
                    throw badAddress(whole);
                }
                long v4 = parseIpv4(p, whole);
                out[n++] = (int) (v4 >>> 16);
                out[n++] = (int) (v4 & 0xFFFF);
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || n >= 8) {
                throw badAddress(whole);
            }
            int g = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    throw badAddress(whole);
                }
                g = (g << 4) | d;
            }
            out[n++] = g;
        }
        return n - start;
    }

    private static IllegalArgumentException badAddress(String text) {
        return new IllegalArgumentException("not an IP address literal: \"" + text + "\"");
    }

    private static int readInt(byte[] buf, int offset) {
        return ((buf[offset] & 0xFF) << 24) | ((buf[offset + 1] & 0xFF) << 16)
                | ((buf[offset + 2] & 0xFF) << 8) | (buf[offset + 3] & 0xFF);
    }

    private static long readLong(byte[] buf, int offset) {
        return ((long) readInt(buf, offset) << 32) | (readInt(buf, offset + 4) & 0xFFFF_FFFFL);
    }

    private static void writeLongBytes(byte[] buf, int offset, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            buf[offset + i] = (byte) (v >>> (8 * (bytes - 1 - i)));
        }
    }
}
