package com.offloadnic.lso;

/**
 * The transmit half of NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO.
 *
 * @param isIpv4           the packet is IPv4
 * @param isIpv6           the packet is IPv6
 * @param ipHeaderChecksum compute the IPv4 header checksum
 * @param tcpChecksum      compute the TCP checksum
 * @param udpChecksum      compute the UDP checksum
 * @param tcpHeaderOffset  offset of the transport header from the first byte of the frame; 0 = not given
 */
public record ChecksumRequest(boolean isIpv4, boolean isIpv6, boolean ipHeaderChecksum, boolean tcpChecksum,
        boolean udpChecksum, int tcpHeaderOffset) {
}
