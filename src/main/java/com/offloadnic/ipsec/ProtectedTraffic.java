package com.offloadnic.ipsec;

import com.offloadnic.packet.AhHeader;
import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.EspHeader;
import com.offloadnic.packet.EthernetFrame;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.PacketFormatException;
import com.offloadnic.packet.UdpHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * What an IPsec offload v1 filter ({@link TrafficSelector}) is matched against, read from a frame whose ESP
 * payloads are in clear: a send frame as the transport framed it (before encryption) or a received frame after
 * in-place decryption — both keep the ESP layout (header, IV, payload, padding, trailer, ICV).
 *
 * <p>The walk goes through AH, ESP (RFC 3948 UDP-encapsulated too) and IPv4-in-IP headers down to the innermost
 * IP header and its upper-layer protocol.
 *
 * @param outerSrc  source address of the frame's IP header (unsigned 32 bits)
 * @param outerDest destination address of the frame's IP header
 * @param innerSrc  source address of the innermost IP header (the outer one when there is no tunnel)
 * @param innerDest destination address of the innermost IP header
 * @param protocol  the innermost upper-layer protocol
 * @param srcPort   its TCP/UDP source port, -1 for other protocols
 * @param destPort  its TCP/UDP destination port, -1 for other protocols
 * @param ipsec     the IPsec headers passed, outermost first
 */
public record ProtectedTraffic(long outerSrc, long outerDest, long innerSrc, long innerDest, int protocol,
        int srcPort, int destPort, List<Header> ipsec) {

    /** One AH or ESP header on the way. */
    public record Header(IpsecOperation operation, long spi, long ipDestination) {
    }

    /** Finds the ESP {@code SecAssoc} (for its IV and ICV lengths) of an SPI sent to an IPv4 destination. */
    @FunctionalInterface
    public interface EspLookup {
        /** The entry, or null when unknown (the walk stops there). */
        SecAssoc find(long spi, long ipDestination);
    }

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int IPV4_IN_IP = 4;
    private static final int MAX_STEPS = 8;

    public ProtectedTraffic {
        ipsec = List.copyOf(ipsec);
    }

    /**
     * Walks the IPv4 packet of an Ethernet frame.
     *
     * @param espEntry finds the ESP entries met on the way
     * @return the traffic, or null when the frame is not IPv4 or its headers cannot be followed (then the
     *         pipelines, which check everything, report the problem)
     */
    public static ProtectedTraffic of(byte[] frame, EspLookup espEntry) {
        try {
            EthernetFrame eth = EthernetFrame.parse(frame, 0, frame.length);
            if (eth.etherType() != EthernetFrame.ETHERTYPE_IPV4) {
                return null;
            }
            return walk(frame, eth.l3Offset(), frame.length, espEntry);
        } catch (PacketFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static ProtectedTraffic walk(byte[] buf, int ip, int limit, EspLookup espEntry) {
        int[] header = ipv4(buf, ip, limit);
        if (header == null) {
            return null;
        }
        long outerSrc = BigEndian.getU32(buf, ip + Ipv4Header.SOURCE);
        long outerDest = BigEndian.getU32(buf, ip + Ipv4Header.DESTINATION);
        long innerSrc = outerSrc;
        long innerDest = outerDest;
        int protocol = buf[ip + Ipv4Header.PROTOCOL] & 0xFF;
        int offset = header[0];
        int end = header[1];
        List<Header> ipsec = new ArrayList<>(2);
        for (int step = 0; step < MAX_STEPS; step++) {
            if (protocol == IpsecOperation.AH.ipProtocol()) {
                if (end - offset < AhHeader.ICV) {
                    return null;
                }
                ipsec.add(new Header(IpsecOperation.AH, BigEndian.getU32(buf, offset + AhHeader.SPI), innerDest));
                protocol = buf[offset + AhHeader.NEXT_HEADER] & 0xFF;
                offset += (BigEndian.getU8(buf, offset + AhHeader.PAYLOAD_LENGTH) + 2) * 4;
            } else if (protocol == IpsecOperation.ESP.ipProtocol()) {
                if (end - offset < EspHeader.LENGTH) {
                    return null;
                }
                long spi = BigEndian.getU32(buf, offset + EspHeader.SPI);
                SecAssoc sa = espEntry.find(spi, innerDest);
                if (sa == null) {
                    return null;
                }
                ipsec.add(new Header(IpsecOperation.ESP, spi, innerDest));
                int trailer = end - sa.icvLength() - EspHeader.TRAILER_LENGTH;
                int payload = offset + EspHeader.LENGTH + sa.encryptionAlgorithm().identifier().ivLength();
                if (trailer < payload) {
                    return null;
                }
                int padLength = buf[trailer] & 0xFF;
                protocol = buf[trailer + 1] & 0xFF;
                offset = payload;
                end = trailer - padLength;
            } else if (protocol == UDP && end - offset >= UdpHeader.LENGTH + EspHeader.LENGTH
                    && BigEndian.getU16(buf, offset + UdpHeader.DESTINATION_PORT) == UdpHeader.PORT_NAT_T
                    && BigEndian.getU32(buf, offset + UdpHeader.LENGTH) != 0
                    && espEntry.find(BigEndian.getU32(buf, offset + UdpHeader.LENGTH), innerDest) != null) {
                protocol = IpsecOperation.ESP.ipProtocol(); // RFC 3948: ESP after the UDP header
                offset += UdpHeader.LENGTH;
            } else if (protocol == IPV4_IN_IP) {
                int[] inner = ipv4(buf, offset, end);
                if (inner == null) {
                    return null;
                }
                innerSrc = BigEndian.getU32(buf, offset + Ipv4Header.SOURCE);
                innerDest = BigEndian.getU32(buf, offset + Ipv4Header.DESTINATION);
                protocol = buf[offset + Ipv4Header.PROTOCOL] & 0xFF;
                offset = inner[0];
                end = inner[1];
            } else {
                int srcPort = -1;
                int destPort = -1;
                if ((protocol == TCP || protocol == UDP) && end - offset >= 4) {
                    srcPort = BigEndian.getU16(buf, offset);
                    destPort = BigEndian.getU16(buf, offset + 2);
                }
                return new ProtectedTraffic(outerSrc, outerDest, innerSrc, innerDest, protocol, srcPort, destPort,
                        ipsec);
            }
            if (offset > end) {
                return null;
            }
        }
        return null;
    }

    /** {payload offset, end} of the IPv4 header at {@code ip}, or null when it is not one inside {@code limit}. */
    private static int[] ipv4(byte[] buf, int ip, int limit) {
        if (limit - ip < Ipv4Header.MIN_LENGTH || (buf[ip] & 0xF0) != 0x40) {
            return null;
        }
        int headerLength = (buf[ip] & 0x0F) * 4;
        int total = BigEndian.getU16(buf, ip + Ipv4Header.TOTAL_LENGTH);
        if (headerLength < Ipv4Header.MIN_LENGTH || total < headerLength || ip + total > limit) {
            return null;
        }
        return new int[] {ip + headerLength, ip + total};
    }
}
