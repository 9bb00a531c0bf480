package com.offloadnic.packet;

/**
 * The IP header as AH's ICV sees it (RFC 4302 section 3.3.3.1): mutable fields zeroed, mutable-but-predictable
 * fields set to their value at the receiver.
 *
 * <ul>
 * <li>IPv4: TOS (DSCP+ECN), flags, fragment offset, TTL and header checksum zeroed; options of Appendix A.1
 * other than the immutable ones (EOL, NOP, Security 130, Extended Security 133, Commercial Security 134,
 * Router Alert 148, Sender Directed Multi-Destination Delivery 149) zeroed whole; with a loose or strict source
 * route, the destination address is the route's last address.</li>
 * <li>IPv6: traffic class, flow label and hop limit zeroed; in hop-by-hop and destination options headers,
 * the data of each option whose type has the 0x20 (may change en route) bit zeroed; a type 0 or type 2
 * routing header with segments left is rearranged into its form at the final destination (segments left 0,
 * destination address the last address).</li>
 * </ul>
 * The result covers the bytes from the IP header up to (not including) the AH header; AH's own header (ICV
 * zeroed) and payload are the caller's.
 */
public final class AhMutableFields {

    private static final int OPT_EOL = 0;
    private static final int OPT_NOP = 1;
    private static final int OPT_LSRR = 131;
    private static final int OPT_SSRR = 137;

    private AhMutableFields() {
    }

    /** A normalized copy of {@code buf[ipOffset, ahOffset)}. */
    public static byte[] normalizedCopy(byte[] buf, int ipOffset, int ahOffset) {
        PacketFormatException.checkRange(buf, ipOffset, ahOffset - ipOffset);
        byte[] out = new byte[ahOffset - ipOffset];
        normalizeInto(buf, ipOffset, ahOffset, out, 0);
        return out;
    }

    /**
     * Writes the normalized form of {@code buf[ipOffset, ahOffset)} into {@code scratch} at
     * {@code scratchOffset}, allocating nothing, and returns its length ({@code ahOffset - ipOffset}).
     *
     * @throws PacketFormatException when the headers are malformed or do not end exactly at {@code ahOffset}
     */
    public static int normalizeInto(byte[] buf, int ipOffset, int ahOffset, byte[] scratch, int scratchOffset) {
        int length = ahOffset - ipOffset;
        PacketFormatException.require("IP header before AH", buf, ipOffset, length, 1);
        PacketFormatException.checkRange(scratch, scratchOffset, length);
        int version = (buf[ipOffset] & 0xFF) >>> 4;
        if (version == 4) {
            Ipv4Header ip = Ipv4Header.parse(buf, ipOffset, length);
            if (ip.headerLength() != length) {
                throw new PacketFormatException("AH at offset " + ahOffset + " does not follow the "
                        + ip.headerLength() + "-byte IPv4 header at offset " + ipOffset);
            }
            System.arraycopy(buf, ipOffset, scratch, scratchOffset, length);
            Ipv4Header n = Ipv4Header.wrap(scratch, scratchOffset);
            n.tos(0).flagsAndFragmentOffset(0).ttl(0).headerChecksum(0);
            normalizeIpv4Options(scratch, scratchOffset + Ipv4Header.OPTIONS, ip.optionsLength(),
                    scratchOffset + Ipv4Header.DESTINATION);
            return length;
        }
        if (version == 6) {
            Ipv6Header.parse(buf, ipOffset, length);
            System.arraycopy(buf, ipOffset, scratch, scratchOffset, length);
            Ipv6Header n = Ipv6Header.wrap(scratch, scratchOffset);
            n.versionClassFlow(6, 0, 0).hopLimit(0);
            HeaderChain chain = HeaderChain.walk(scratch, n.nextHeader(), scratchOffset + Ipv6Header.LENGTH,
                    scratchOffset + Ipv6Header.NEXT_HEADER, scratchOffset + length, true, true);
            int end = scratchOffset + length;
            if (chain.upperOffset() != end || chain.upperProtocol() != IpProtocol.AH.value()
                    || chain.laterFragment()) {
                throw new PacketFormatException("AH at offset " + ahOffset
                        + " is not the next header after the IPv6 extension headers at offset " + ipOffset);
            }
            for (ExtensionHeader h : chain.headers()) {
                if (h.type() == IpProtocol.HOPOPT.value() || h.type() == IpProtocol.IPV6_OPTS.value()) {
                    zeroMutableIpv6Options(scratch, h.offset(), h.length());
                } else if (h.type() == IpProtocol.IPV6_ROUTE.value()) {
                    predictRoutingHeader(scratch, h.offset(), h.length(), scratchOffset + Ipv6Header.DESTINATION);
                }
            }
            return length;
        }
        throw new PacketFormatException("IP header before AH has version " + version + " (expected 4 or 6)");
    }

    /**
     * Zeroes, in place, the data of every option with the 0x20 bit in its type, in the hop-by-hop or
     * destination options header at {@code buf[offset, offset+length)} (RFC 8200 section 4.2).
     */
    public static void zeroMutableIpv6Options(byte[] buf, int offset, int length) {
        int end = offset + length;
        int i = offset + 2;
        while (i < end) {
            int type = buf[i] & 0xFF;
            if (type == 0) {
                i++;
                continue;
            }
            if (end - i < 2) {
                throw new PacketFormatException("IPv6 option of type " + type + " at offset " + i
                        + " is truncated by the end of its header");
            }
            int dataLength = buf[i + 1] & 0xFF;
            if (end - i - 2 < dataLength) {
                throw new PacketFormatException("IPv6 option of type " + type + " at offset " + i + " claims "
                        + dataLength + " data bytes but its header has " + (end - i - 2) + " left");
            }
            if ((type & 0x20) != 0) {
                java.util.Arrays.fill(buf, i + 2, i + 2 + dataLength, (byte) 0);
            }
            i += 2 + dataLength;
        }
    }

    private static void normalizeIpv4Options(byte[] buf, int offset, int length, int destinationOffset) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int type = buf[i] & 0xFF;
            if (type == OPT_EOL) {
                return;
            }
            if (type == OPT_NOP) {
                i++;
                continue;
            }
            if (end - i < 2) {
                throw new PacketFormatException("IPv4 option of type " + type + " at offset " + i
                        + " is truncated by the end of the header");
            }
            int optionLength = buf[i + 1] & 0xFF;
            if (optionLength < 2 || optionLength > end - i) {
                throw new PacketFormatException("IPv4 option of type " + type + " at offset " + i + " has length "
                        + optionLength + " (expected 2.." + (end - i) + ")");
            }
            if ((type == OPT_LSRR || type == OPT_SSRR) && optionLength >= 7) {
                int last = i + 3 + ((optionLength - 3) / 4 - 1) * 4;
                System.arraycopy(buf, last, buf, destinationOffset, 4);
            }
            if (!isImmutableIpv4Option(type)) {
                java.util.Arrays.fill(buf, i, i + optionLength, (byte) 0);
            }
            i += optionLength;
        }
    }

    private static boolean isImmutableIpv4Option(int type) {
        return type == 130 || type == 133 || type == 134 || type == 148 || type == 149;
    }

    /** Type 0 and type 2 routing headers as the final destination sees them (RFC 4302 section 3.3.3.1.2.2). */
    private static void predictRoutingHeader(byte[] buf, int offset, int length, int destinationOffset) {
        int routingType = buf[offset + 2] & 0xFF;
        int segmentsLeft = buf[offset + 3] & 0xFF;
        if ((routingType != 0 && routingType != 2) || segmentsLeft == 0) {
            return;
        }
        int addresses = (length - 8) / 16;
        if (addresses == 0) {
            return;
        }
        int first = offset + 8;
        byte[] finalDestination = java.util.Arrays.copyOfRange(buf, first + (addresses - 1) * 16,
                first + addresses * 16);
        System.arraycopy(buf, first, buf, first + 16, (addresses - 1) * 16);
        System.arraycopy(buf, destinationOffset, buf, first, 16);
        System.arraycopy(finalDestination, 0, buf, destinationOffset, 16);
        buf[offset + 3] = 0;
    }
}
