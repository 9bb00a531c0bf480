package com.offloadnic.lso;

/**
 * What the NIC's current LSO configuration allows (NDIS_TCP_LARGE_SEND_OFFLOAD_V1/V2) and its MTU.
 *
 * @param maxOffLoadSize                most TCP user-data bytes a large packet may carry
 * @param minSegmentCount               fewest segments a large packet must produce
 * @param mtu                           largest IP packet (L3 bytes, Ethernet header excluded) a segment may be
 * @param ipOptionsSupported            IPv4 options may be present (and are replicated)
 * @param tcpOptionsSupported           TCP options may be present (and are replicated)
 * @param ipv6ExtensionHeadersSupported IPv6 extension headers may be present (and are replicated)
 */
public record LsoLimits(int maxOffLoadSize, int minSegmentCount, int mtu, boolean ipOptionsSupported,
        boolean tcpOptionsSupported, boolean ipv6ExtensionHeadersSupported) {

    public LsoLimits {
        if (maxOffLoadSize < 0 || minSegmentCount < 0 || mtu < 0) {
            throw new IllegalArgumentException("LSO limits must not be negative: maxOffLoadSize=" + maxOffLoadSize
                    + ", minSegmentCount=" + minSegmentCount + ", mtu=" + mtu);
        }
    }
}
