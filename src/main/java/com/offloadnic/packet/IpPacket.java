package com.offloadnic.packet;

import java.util.Arrays;

/**
 * Version-independent layout of an IPv4 or IPv6 packet: addresses, the header chain (IPv6 extension headers,
 * AH), the final protocol and where it starts, and the first IPsec header. All offsets are absolute indices
 * into the parsed buffer.
 *
 * @param version             4 or 6
 * @param offset              first byte of the IP header
 * @param end                 first byte after the IP packet (from its length field, or the buffer for LSOv2)
 * @param headerLength        fixed header length: IHL*4 (options included) or 40
 * @param sourceOffset        source address
 * @param destinationOffset   destination address
 * @param chain               headers after the fixed header (IPv6 extension headers and AH; AH only for IPv4)
 * @param fragment            IPv4 MF/offset set, or an IPv6 fragment header present
 * @param hasOptions          IPv4 options present (always false for IPv6)
 * @param hasExtensionHeaders IPv6 extension headers other than AH present (always false for IPv4)
 */
public record IpPacket(int version, int offset, int end, int headerLength, int sourceOffset,
        int destinationOffset, HeaderChain chain, boolean fragment, boolean hasOptions,
        boolean hasExtensionHeaders) {

    /** Parses the IP packet at {@code buf[offset, offset+length)}; its length field must fit the buffer. */
    public static IpPacket parse(byte[] buf, int offset, int length) {
        return parse(buf, offset, length, false);
    }

    /**
     * Parses an IP packet. With {@code zeroLengthMeansBuffer}, an IPv4 total length or IPv6 payload length of
     * 0 means the packet runs to the end of the buffer (the LSOv2 template convention). Bytes after the
     * packet's declared end (Ethernet padding) are ignored.
     */
    public static IpPacket parse(byte[] buf, int offset, int length, boolean zeroLengthMeansBuffer) {
        PacketFormatException.require("IP packet", buf, offset, length, 1);
        int version = (buf[offset] & 0xFF) >>> 4;
        if (version == 4) {
            Ipv4Header ip = Ipv4Header.parse(buf, offset, length);
            int total = ip.totalLength();
            int end;
            if (total == 0 && zeroLengthMeansBuffer) {
                end = offset + length;
            } else if (total < ip.headerLength()) {
                throw new PacketFormatException("IPv4 total length " + total + " is shorter than its "
                        + ip.headerLength() + "-byte header");
            } else if (total > length) {
                throw new PacketFormatException("IPv4 total length " + total + " exceeds the " + length
                        + " bytes available");
            } else {
                end = offset + total;
            }
            HeaderChain chain = HeaderChain.walkIpv4(buf, ip, end);
            return new IpPacket(4, offset, end, ip.headerLength(), ip.sourceOffset(), ip.destinationOffset(),
                    chain, ip.isFragment(), ip.hasOptions(), false);
        }
        if (version == 6) {
            Ipv6Header ip = Ipv6Header.parse(buf, offset, length);
            int payload = ip.payloadLength();
            int end;
            if (payload == 0 && zeroLengthMeansBuffer) {
                end = offset + length;
            } else if (payload > length - Ipv6Header.LENGTH) {
                throw new PacketFormatException("IPv6 payload length " + payload + " exceeds the "
                        + (length - Ipv6Header.LENGTH) + " bytes available after the header");
            } else {
                end = offset + Ipv6Header.LENGTH + payload;
            }
            HeaderChain chain = HeaderChain.walkIpv6(buf, offset, end);
            boolean ext = false;
            for (ExtensionHeader h : chain.headers()) {
                ext |= h.type() != IpProtocol.AH.value();
            }
            return new IpPacket(6, offset, end, Ipv6Header.LENGTH, ip.sourceOffset(), ip.destinationOffset(),
                    chain, chain.hasFragmentHeader(), false, ext);
        }
        throw new PacketFormatException("IP header has version " + version + " (expected 4 or 6)");
    }

    public int addressLength() {
        return version == 4 ? Ipv4Header.ADDRESS_LENGTH : Ipv6Header.ADDRESS_LENGTH;
    }

    public byte[] sourceAddress(byte[] buf) {
        return Arrays.copyOfRange(buf, sourceOffset, sourceOffset + addressLength());
    }

    public byte[] destinationAddress(byte[] buf) {
        return Arrays.copyOfRange(buf, destinationOffset, destinationOffset + addressLength());
    }

    /**
     * Where the destination address used in a TCP/UDP pseudo-header lies: the final destination. For IPv6 with
     * a routing header that has segments left (RFC 8200 section 8.1) that is the last address of a type 0 or
     * type 2 routing header, or segment 0 of a segment routing header (type 4); otherwise the header's
     * destination address.
     */
    public int pseudoHeaderDestinationOffset(byte[] buf) {
        if (version == 6) {
            ExtensionHeader routing = chain.find(IpProtocol.IPV6_ROUTE.value());
            if (routing != null && routing.length() >= 24 && (buf[routing.offset() + 3] & 0xFF) != 0) {
                int type = buf[routing.offset() + 2] & 0xFF;
                int addresses = (routing.length() - 8) / 16;
                if (type == 0 || type == 2) {
                    return routing.offset() + 8 + (addresses - 1) * 16;
                }
                if (type == 4) {
                    return routing.offset() + 8;
                }
            }
        }
        return destinationOffset;
    }

    /** Total length of the IP packet. */
    public int length() {
        return end - offset;
    }

    /** Bytes after the fixed header (IPv4 options excluded): IPv4 total length minus IHL*4, IPv6 payload length. */
    public int payloadLength() {
        return end - offset - headerLength;
    }

    /** The final protocol after the header chain (ESP when the chain stops at ESP). */
    public int protocol() {
        return chain.upperProtocol();
    }

    /** Absolute offset of the final protocol's header. */
    public int protocolOffset() {
        return chain.upperOffset();
    }

    /** Absolute offset of the byte naming the final protocol. */
    public int protocolFieldOffset() {
        return chain.upperNextHeaderFieldOffset();
    }

    /** Bytes from the final protocol's header to the end of the packet. */
    public int upperLayerLength() {
        return end - protocolOffset();
    }

    /** Offset of the first AH or ESP header, or -1. */
    public int firstIpsecHeaderOffset() {
        ExtensionHeader h = firstIpsec();
        if (h != null) {
            return h.offset();
        }
        return protocol() == IpProtocol.ESP.value() ? protocolOffset() : -1;
    }

    /** Offset of the protocol / next-header byte naming the first AH or ESP header, or -1. */
    public int firstIpsecFieldOffset() {
        ExtensionHeader h = firstIpsec();
        if (h != null) {
            return h.nextHeaderFieldOffset();
        }
        return protocol() == IpProtocol.ESP.value() ? protocolFieldOffset() : -1;
    }

    /** 50 (ESP) or 51 (AH) for the first IPsec header, or -1. */
    public int firstIpsecProtocol() {
        ExtensionHeader h = firstIpsec();
        if (h != null) {
            return h.type();
        }
        return protocol() == IpProtocol.ESP.value() ? IpProtocol.ESP.value() : -1;
    }

    private ExtensionHeader firstIpsec() {
        return chain.find(IpProtocol.AH.value());
    }
}
