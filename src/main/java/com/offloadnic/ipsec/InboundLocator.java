package com.offloadnic.ipsec;

import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.IpProtocol;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.Ipv6Header;
import com.offloadnic.packet.UdpHeader;

/**
 * Finds the outermost IPsec header of a received IP packet — ESP, AH, or ESP in UDP on port 4500 (RFC 3948) —
 * or says why the NIC leaves the packet alone.
 *
 * <p>Lenient by design: the bytes come from the wire and may be truncated or lie about their lengths. Nothing
 * here throws; lengths are only checked as far as needed to read the SPI, and {@link Located} reports both the
 * end the IP header declares and the end of the bytes actually present, so the pipeline can answer
 * {@link CryptoStatus#CRYPTO_INVALID_PACKET_SYNTAX} once an SA matches.
 */
final class InboundLocator {

    static final int ESP = IpProtocol.ESP.value();
    static final int AH = IpProtocol.AH.value();
    private static final int UDP = IpProtocol.UDP.value();
    private static final int IPV6_HOP_BY_HOP = IpProtocol.HOPOPT.value();
    private static final int IPV6_ROUTING = IpProtocol.IPV6_ROUTE.value();
    private static final int IPV6_FRAGMENT = IpProtocol.IPV6_FRAG.value();
    private static final int IPV6_DESTINATION_OPTIONS = IpProtocol.IPV6_OPTS.value();
    private static final int MAX_EXTENSION_HEADERS = 16;
    /** RFC 3948 section 2.2: a NAT keep-alive is a single 0xFF byte. */
    private static final int NAT_KEEPALIVE = 0xFF;
    static final int NAT_T_PORT = UdpHeader.PORT_NAT_T;
    /** The ESP SPI is at offset 0 of the ESP header, the AH SPI at offset 4 (RFC 4303, 4302). */
    private static final int ESP_SPI = 0;
    private static final int AH_SPI = 4;

    private InboundLocator() {
    }

    /** The result: a located IPsec header or a reason to leave the packet alone. */
    sealed interface Result permits Located, Skipped {
    }

    /** The NIC does not process the packet. */
    record Skipped(NotOffloadedReason reason) implements Result {
    }

    /**
     * An IPsec header.
     *
     * @param ipOffset           first byte of the IP header
     * @param ipVersion          4 or 6
     * @param declaredEnd        where the IP header says the packet ends (may lie beyond {@code availableEnd})
     * @param availableEnd       where the bytes present end
     * @param destinationOffset  the destination address in the IP header
     * @param destinationLength  4 or 16
     * @param protocol           {@link #ESP} or {@link #AH}
     * @param headerOffset       first byte of the ESP or AH header
     * @param udpOffset          the UDP header carrying ESP (RFC 3948), or -1
     * @param spi                the SPI, or -1 when the bytes present cannot hold it
     * @param ipv4HeaderLength   IPv4 header length with options (0 for IPv6)
     */
    record Located(int ipOffset, int ipVersion, int declaredEnd, int availableEnd, int destinationOffset,
            int destinationLength, int protocol, int headerOffset, int udpOffset, long spi, int ipv4HeaderLength)
            implements Result {

        boolean udpEncapsulated() {
            return udpOffset >= 0;
        }
    }

    /** Locates the IPsec header of the IP packet at {@code buf[ipOffset, availableEnd)}. */
    static Result locate(byte[] buf, int ipOffset, int availableEnd, ReceiveSettings settings) {
        int available = availableEnd - ipOffset;
        if (available < 1) {
            return new Skipped(NotOffloadedReason.NOT_IP);
        }
        int version = (buf[ipOffset] & 0xFF) >>> 4;
        if (version == 4) {
            return locateIpv4(buf, ipOffset, availableEnd, settings);
        }
        if (version == 6) {
            return locateIpv6(buf, ipOffset, availableEnd, settings);
        }
        return new Skipped(NotOffloadedReason.NOT_IP);
    }

    private static Result locateIpv4(byte[] buf, int ip, int availableEnd, ReceiveSettings settings) {
        if (availableEnd - ip < Ipv4Header.MIN_LENGTH) {
            return new Skipped(NotOffloadedReason.NOT_IP);
        }
        int headerLength = (buf[ip + Ipv4Header.VERSION_IHL] & 0x0F) * 4;
        if (headerLength < Ipv4Header.MIN_LENGTH || headerLength > availableEnd - ip) {
            return new Skipped(NotOffloadedReason.NOT_IP);
        }
        int protocol = buf[ip + Ipv4Header.PROTOCOL] & 0xFF;
        int fragmentWord = BigEndian.getU16(buf, ip + Ipv4Header.FLAGS_FRAGMENT_OFFSET);
        boolean fragment = (fragmentWord & (Ipv4Header.FLAG_MF | Ipv4Header.FRAGMENT_OFFSET_MASK)) != 0;
        int declaredEnd = ip + BigEndian.getU16(buf, ip + Ipv4Header.TOTAL_LENGTH);
        int payload = ip + headerLength;
        if (fragment) {
            // a later fragment's first bytes are not a header: only the protocol says whether it may be IPsec
            boolean ipsecProtocol = protocol == ESP || protocol == AH || protocol == UDP;
            return new Skipped(ipsecProtocol ? NotOffloadedReason.FRAGMENT : NotOffloadedReason.NOT_IPSEC);
        }
        Result header = ipsecHeader(buf, protocol, payload, availableEnd, declaredEnd);
        if (header instanceof Skipped) {
            return header;
        }
        Located at = (Located) header;
        NotOffloadedReason reason = commonChecks(settings, at);
        if (reason == null && headerLength > Ipv4Header.MIN_LENGTH && !settings.ipv4Options()) {
            reason = NotOffloadedReason.IPV4_OPTIONS;
        }
        if (reason != null) {
            return new Skipped(reason);
        }
        return new Located(ip, 4, declaredEnd, availableEnd, ip + Ipv4Header.DESTINATION, Ipv4Header.ADDRESS_LENGTH,
                at.protocol(), at.headerOffset(), at.udpOffset(), at.spi(), headerLength);
    }

    private static Result locateIpv6(byte[] buf, int ip, int availableEnd, ReceiveSettings settings) {
        if (availableEnd - ip < Ipv6Header.LENGTH) {
            return new Skipped(NotOffloadedReason.NOT_IP);
        }
        int declaredEnd = ip + Ipv6Header.LENGTH + BigEndian.getU16(buf, ip + Ipv6Header.PAYLOAD_LENGTH);
        int next = buf[ip + Ipv6Header.NEXT_HEADER] & 0xFF;
        int offset = ip + Ipv6Header.LENGTH;
        boolean extensionHeaders = false;
        boolean fragment = false;
        for (int walked = 0; ; walked++) {
            boolean optionsOrRouting = next == IPV6_HOP_BY_HOP || next == IPV6_ROUTING
                    || next == IPV6_DESTINATION_OPTIONS;
            if (!optionsOrRouting && next != IPV6_FRAGMENT) {
                break;
            }
            if (walked == MAX_EXTENSION_HEADERS || availableEnd - offset < 8) {
                return new Skipped(NotOffloadedReason.NOT_IPSEC);
            }
            extensionHeaders = true;
            int following = buf[offset] & 0xFF;
            if (next == IPV6_FRAGMENT) {
                fragment = true;
                if (BigEndian.getU16(buf, offset + 2) >>> 3 != 0) {
                    return new Skipped(NotOffloadedReason.FRAGMENT);
                }
                offset += 8;
            } else {
                offset += ((buf[offset + 1] & 0xFF) + 1) * 8;
            }
            next = following;
        }
        Result header = ipsecHeader(buf, next, offset, availableEnd, declaredEnd);
        if (header instanceof Skipped) {
            return header;
        }
        Located at = (Located) header;
        NotOffloadedReason reason = commonChecks(settings, at);
        if (reason == null && !settings.ipv6Supported()) {
            reason = NotOffloadedReason.IPV6_UNSUPPORTED;
        }
        if (reason == null && fragment) {
            reason = NotOffloadedReason.FRAGMENT;
        }
        if (reason == null && extensionHeaders && !settings.ipv6NonIpsecExtensionHeaders()) {
            reason = NotOffloadedReason.IPV6_EXTENSION_HEADERS;
        }
        if (reason != null) {
            return new Skipped(reason);
        }
        return new Located(ip, 6, declaredEnd, availableEnd, ip + Ipv6Header.DESTINATION, Ipv6Header.ADDRESS_LENGTH,
                at.protocol(), at.headerOffset(), at.udpOffset(), at.spi(), 0);
    }

    private static NotOffloadedReason commonChecks(ReceiveSettings settings, Located at) {
        if (!settings.ipsecEnabled() || (at.protocol() == ESP ? !settings.esp() : !settings.ah())) {
            return NotOffloadedReason.OFFLOAD_DISABLED;
        }
        if (at.udpEncapsulated() && !settings.udpEsp()) {
            return NotOffloadedReason.UDP_ESP_UNSUPPORTED;
        }
        return null;
    }

    /**
     * Recognizes the header of {@code protocol} at {@code offset}; fills only protocol, header offset, UDP
     * offset and SPI of the returned {@link Located}.
     */
    private static Result ipsecHeader(byte[] buf, int protocol, int offset, int availableEnd, int declaredEnd) {
        if (protocol == ESP) {
            return partial(ESP, offset, -1, readSpi(buf, offset + ESP_SPI, availableEnd));
        }
        if (protocol == AH) {
            return partial(AH, offset, -1, readSpi(buf, offset + AH_SPI, availableEnd));
        }
        if (protocol != UDP || availableEnd - offset < UdpHeader.LENGTH
                || BigEndian.getU16(buf, offset + UdpHeader.DESTINATION_PORT) != NAT_T_PORT) {
            return new Skipped(NotOffloadedReason.NOT_IPSEC);
        }
        int udpEnd = Math.min(availableEnd, Math.min(declaredEnd,
                offset + Math.max(UdpHeader.LENGTH, BigEndian.getU16(buf, offset + UdpHeader.LENGTH_FIELD))));
        int data = offset + UdpHeader.LENGTH;
        int dataLength = udpEnd - data;
        if (dataLength == 1 && (buf[data] & 0xFF) == NAT_KEEPALIVE) {
            return new Skipped(NotOffloadedReason.IKE);
        }
        if (dataLength < 4) {
            return new Skipped(NotOffloadedReason.NOT_IPSEC);
        }
        if (BigEndian.getInt(buf, data) == 0) {
            return new Skipped(NotOffloadedReason.IKE);
        }
        return partial(ESP, data, offset, readSpi(buf, data + ESP_SPI, availableEnd));
    }

    private static Located partial(int protocol, int headerOffset, int udpOffset, long spi) {
        return new Located(0, 0, 0, 0, 0, 0, protocol, headerOffset, udpOffset, spi, 0);
    }

    private static long readSpi(byte[] buf, int offset, int availableEnd) {
        return availableEnd - offset >= 4 ? BigEndian.getU32(buf, offset) : -1;
    }
}
