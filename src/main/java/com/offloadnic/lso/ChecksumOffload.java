package com.offloadnic.lso;

import com.offloadnic.packet.Checksums;
import com.offloadnic.packet.EthernetFrame;
import com.offloadnic.packet.IpPacket;
import com.offloadnic.packet.IpProtocol;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.PacketFormatException;
import com.offloadnic.packet.TcpHeader;
import com.offloadnic.packet.UdpHeader;
import java.util.Optional;

/**
 * Transmit checksum offload for non-LSO sends, as NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO asks: the IPv4
 * header checksum and TCP / UDP checksums over IPv4 or IPv6 (full pseudo-header from the packet's addresses,
 * RFC 9293 section 3.1, RFC 768, RFC 8200 section 8.1). Works in place on the caller's frame.
 */
public final class ChecksumOffload {

    private ChecksumOffload() {
    }

    /**
     * Computes and writes the checksums {@code request} asks for into {@code frame[offset, offset+length)}.
     *
     * @return empty on success, else why nothing was written
     */
    public static Optional<OffloadFailure> apply(byte[] frame, int offset, int length, ChecksumRequest request) {
        if (request.isIpv4() == request.isIpv6()) {
            return fail(OffloadFailureReason.CHECKSUM_REQUEST_INVALID,
                    "exactly one of isIPv4 and isIPv6 must be set (isIPv4=" + request.isIpv4() + ", isIPv6="
                            + request.isIpv6() + ")");
        }
        if (request.tcpChecksum() && request.udpChecksum()) {
            return fail(OffloadFailureReason.CHECKSUM_REQUEST_INVALID, "tcpChecksum and udpChecksum both set");
        }
        try {
            EthernetFrame eth = EthernetFrame.parse(frame, offset, length);
            if (eth.etherType() != EthernetFrame.ETHERTYPE_IPV4 && eth.etherType() != EthernetFrame.ETHERTYPE_IPV6) {
                return fail(OffloadFailureReason.NOT_IP,
                        String.format("EtherType 0x%04x is neither IPv4 nor IPv6", eth.etherType()));
            }
            IpPacket ip = IpPacket.parse(frame, eth.l3Offset(), eth.l3Length());
            int wanted = request.isIpv4() ? 4 : 6;
            if (ip.version() != wanted) {
                return fail(OffloadFailureReason.IP_VERSION_MISMATCH,
                        "checksum info says IPv" + wanted + " but the packet is IPv" + ip.version());
            }
            if (request.ipHeaderChecksum() && ip.version() != 4) {
                return fail(OffloadFailureReason.CHECKSUM_REQUEST_INVALID, "ipHeaderChecksum asked for IPv6");
            }
            int transport = -1;
            if (request.tcpChecksum() || request.udpChecksum()) {
                int protocol = request.tcpChecksum() ? IpProtocol.TCP.value() : IpProtocol.UDP.value();
                if (ip.protocol() != protocol) {
                    return fail(OffloadFailureReason.NOT_TCP, (request.tcpChecksum() ? "tcpChecksum" : "udpChecksum")
                            + " asked but the IP packet carries " + IpProtocol.valueOf(ip.protocol()));
                }
                if (ip.fragment()) {
                    return fail(OffloadFailureReason.FRAGMENTED_PACKET,
                            "transport checksum asked for an IP fragment");
                }
                transport = ip.protocolOffset();
                if (request.tcpHeaderOffset() != 0 && request.tcpHeaderOffset() != transport - offset) {
                    return fail(OffloadFailureReason.TCP_HEADER_OFFSET_MISMATCH, "tcpHeaderOffset "
                            + request.tcpHeaderOffset() + " but the transport header starts at "
                            + (transport - offset));
                }
                if (request.tcpChecksum()) {
                    TcpHeader.parse(frame, transport, ip.end() - transport);
                } else {
                    UdpHeader udp = UdpHeader.parse(frame, transport, ip.end() - transport);
                    if (udp.length() != ip.end() - transport) {
                        throw new PacketFormatException("UDP length " + udp.length() + " but the IP packet holds "
                                + (ip.end() - transport) + " bytes from the UDP header");
                    }
                }
            }
            if (request.ipHeaderChecksum()) {
                Ipv4Header.wrap(frame, ip.offset()).updateHeaderChecksum();
            }
            if (transport >= 0) {
                int protocol = request.tcpChecksum() ? IpProtocol.TCP.value() : IpProtocol.UDP.value();
                int field = transport + (request.tcpChecksum() ? TcpHeader.CHECKSUM : UdpHeader.CHECKSUM);
                int value = transportChecksum(frame, ip.version(), ip.sourceOffset(),
                        ip.pseudoHeaderDestinationOffset(frame),
                        protocol, transport, ip.end() - transport, field);
                frame[field] = (byte) (value >>> 8);
                frame[field + 1] = (byte) value;
            }
            return Optional.empty();
        } catch (PacketFormatException e) {
            return fail(OffloadFailureReason.MALFORMED_FRAME, e.getMessage());
        }
    }

    /**
     * The TCP or UDP checksum of {@code buf[offset, offset+length)} with the full pseudo-header, the checksum
     * field at {@code checksumFieldOffset} taken as zero. UDP's computed 0 is returned as 0xFFFF (RFC 768).
     * Nothing is written; for the IPsec layer's checksum of a plaintext segment too.
     */
    public static int transportChecksum(byte[] buf, int ipVersion, int sourceOffset, int destinationOffset,
            int protocol, int offset, int length, int checksumFieldOffset) {
        int sum = ipVersion == 4
                ? Checksums.ipv4PseudoHeaderSum(buf, sourceOffset, destinationOffset, protocol, length)
                : Checksums.ipv6PseudoHeaderSum(buf, sourceOffset, destinationOffset, protocol, length);
        int before = checksumFieldOffset - offset;
        sum = Checksums.sum(buf, offset, before, sum);
        sum = Checksums.sum(buf, checksumFieldOffset + 2, length - before - 2, sum);
        int value = Checksums.finish(sum);
        return protocol == IpProtocol.UDP.value() && value == 0 ? 0xFFFF : value;
    }

    private static Optional<OffloadFailure> fail(OffloadFailureReason reason, String message) {
        return Optional.of(new OffloadFailure(reason, message));
    }
}
