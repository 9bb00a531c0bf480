package com.offloadnic.nic;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A unicast Ethernet address, written {@code 02:00:5e:10:00:01}. */
public record MacAddress(long value) {

    private static final Pattern SYNTAX = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public MacAddress {
        if (value < 0 || value > 0xFFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} or {@code aa-bb-cc-dd-ee-ff}.
     *
     * @throws IllegalArgumentException for other syntax, a group (multicast) address or all zeros
     */
    public static MacAddress parse(String text) {
        if (text == null || !SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("expected six hex octets separated by ':' or '-', like 02:00:5e:10:00:01");
        }
        long v = HexFormat.fromHexDigitsToLong(text.replace(":", "").replace("-", ""));
        if (((v >>> 40) & 1) != 0) {
            throw new IllegalArgumentException("a NIC's address must be unicast (the low bit of the first octet is 0)");
        }
        if (v == 0) {
            throw new IllegalArgumentException("00:00:00:00:00:00 is not a station address");
        }
        return new MacAddress(v);
    }

    /** A random locally administered unicast address (first octet 0x02 pattern: U/L bit set, I/G bit clear). */
    public static MacAddress randomLocal() {
        long v = RANDOM.nextLong() & 0xFFFF_FFFF_FFFFL;
        v = (v & ~(0x01L << 40)) | (0x02L << 40);
        return new MacAddress(v);
    }

    /** The six octets, most significant first. */
    public byte[] octets() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (value >>> (40 - 8 * i));
        }
        return b;
    }

    @Override
    public String toString() {
        byte[] b = octets();
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(HexFormat.of().toHexDigits(b[i]));
        }
        return sb.toString();
    }
}
