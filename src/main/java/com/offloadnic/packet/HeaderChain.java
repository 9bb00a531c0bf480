package com.offloadnic.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * The headers between the fixed IP header and the upper-layer protocol: IPv6 extension headers (hop-by-hop 0,
 * routing 43, fragment 44, destination options 60) and AH (51, length in 4-byte units + 2, RFC 4302 section
 * 2.2). ESP (50) ends the walk, as do No Next Header (59), any other protocol, and a non-first fragment.
 *
 * @param headers                    walked headers, in order
 * @param upperProtocol              the protocol after them (ESP if the walk stopped at ESP)
 * @param upperOffset                absolute offset of that protocol's header
 * @param upperNextHeaderFieldOffset absolute offset of the byte naming {@code upperProtocol}
 * @param hasFragmentHeader          an IPv6 fragment header is present
 * @param laterFragment              that fragment header has a non-zero offset: the upper header is not here
 */
public record HeaderChain(List<ExtensionHeader> headers, int upperProtocol, int upperOffset,
        int upperNextHeaderFieldOffset, boolean hasFragmentHeader, boolean laterFragment) {

    /** More headers than any sane packet carries; bounds the walk. */
    public static final int MAX_HEADERS = 32;

    public HeaderChain {
        headers = List.copyOf(headers);
    }

    /** Walks an IPv6 packet's chain from the fixed header's next-header field up to {@code end} (exclusive). */
    public static HeaderChain walkIpv6(byte[] buf, int ipv6Offset, int end) {
        return walk(buf, buf[ipv6Offset + Ipv6Header.NEXT_HEADER] & 0xFF, ipv6Offset + Ipv6Header.LENGTH,
                ipv6Offset + Ipv6Header.NEXT_HEADER, end, true);
    }

    /** Walks the AH headers following an IPv4 header (IPv4 has no other extension headers). */
    public static HeaderChain walkIpv4(byte[] buf, Ipv4Header ip, int end) {
        return walk(buf, ip.protocol(), ip.payloadOffset(), ip.offset() + Ipv4Header.PROTOCOL, end, false);
    }

    /**
     * Walks from a header of type {@code type} at {@code offset}, named by the byte at {@code fieldOffset}.
     * With {@code ipv6} false only AH is treated as an extension header.
     */
    public static HeaderChain walk(byte[] buf, int type, int offset, int fieldOffset, int end, boolean ipv6) {
        return walk(buf, type, offset, fieldOffset, end, ipv6, false);
    }

    /** As {@link #walk(byte[], int, int, int, int, boolean)}; with {@code stopAtAh}, AH ends the walk too. */
    static HeaderChain walk(byte[] buf, int type, int offset, int fieldOffset, int end, boolean ipv6,
            boolean stopAtAh) {
        List<ExtensionHeader> list = List.of(); // most packets have no extension header: no list for them
        boolean fragmentHeader = false;
        while ((ipv6 ? IpProtocol.isIpv6ExtensionHeader(type) : type == IpProtocol.AH.value())
                && !(stopAtAh && type == IpProtocol.AH.value())) {
            if (list.size() == MAX_HEADERS) {
                throw new PacketFormatException("more than " + MAX_HEADERS + " extension headers");
            }
            int minimum = type == IpProtocol.AH.value() ? AhHeader.MIN_LENGTH : 8;
            if (end - offset < minimum) {
                throw PacketFormatException.tooShort(name(type) + " at offset " + offset, Math.max(0, end - offset),
                        minimum);
            }
            int length = lengthOf(buf, type, offset);
            if (end - offset < length) {
                throw PacketFormatException.tooShort(name(type) + " at offset " + offset, end - offset, length);
            }
            if (list.isEmpty()) {
                list = new ArrayList<>(4);
            }
            list.add(new ExtensionHeader(type, offset, length, fieldOffset));
            int next = buf[offset] & 0xFF;
            if (type == IpProtocol.IPV6_FRAG.value()) {
                fragmentHeader = true;
                int fragmentOffset = BigEndian.getU16(buf, offset + 2) >>> 3;
                if (fragmentOffset != 0) {
                    return new HeaderChain(list, next, offset + length, offset, true, true);
                }
            }
            fieldOffset = offset;
            offset += length;
            type = next;
        }
        return new HeaderChain(list, type, offset, fieldOffset, fragmentHeader, false);
    }

    /** The header's name for a refusal message (built only when refusing). */
    private static String name(int type) {
        return IpProtocol.valueOf(type).name() + " header";
    }

    private static int lengthOf(byte[] buf, int type, int offset) {
        if (type == IpProtocol.IPV6_FRAG.value()) {
            return 8;
        }
        int lengthField = buf[offset + 1] & 0xFF;
        if (type == IpProtocol.AH.value()) {
            int length = (lengthField + 2) * 4;
            if (length < AhHeader.MIN_LENGTH) {
                throw new PacketFormatException("AH payload length " + lengthField + " gives a " + length
                        + "-byte header (expected at least " + AhHeader.MIN_LENGTH + ")");
            }
            return length;
        }
        return (lengthField + 1) * 8;
    }

    public boolean isEmpty() {
        return headers.isEmpty();
    }

    /** Total bytes of the walked headers. */
    public int totalLength() {
        int n = 0;
        for (ExtensionHeader h : headers) {
            n += h.length();
        }
        return n;
    }

    /**
     * The absolute offset of the next-header byte that names the header starting at {@code headerOffset}
     * (a walked header or the upper-layer header); the send path rewrites it when inserting a header.
     *
     * @throws IllegalArgumentException when no header of the chain starts there
     */
    public int nextHeaderFieldOffsetOf(int headerOffset) {
        for (ExtensionHeader h : headers) {
            if (h.offset() == headerOffset) {
                return h.nextHeaderFieldOffset();
            }
        }
        if (headerOffset == upperOffset) {
            return upperNextHeaderFieldOffset;
        }
        throw new IllegalArgumentException("no header of the chain starts at offset " + headerOffset);
    }

    /** The first walked header of {@code type}, or null. */
    public ExtensionHeader find(int type) {
        for (ExtensionHeader h : headers) {
            if (h.type() == type) {
                return h;
            }
        }
        return null;
    }
}
