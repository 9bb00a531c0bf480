package com.offloadnic.lso;

/**
 * The transmit half of NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO.
 *
 * @param type            LSOv1 or LSOv2
 * @param mss             maximum TCP payload bytes per segment
 * @param tcpHeaderOffset offset of the TCP header from the first byte of the frame (the Ethernet header)
 * @param ipVersion       4 or 6 (LSOv2's IPVersion); 0 for LSOv1, which carries none and is IPv4 only
 */
public record LsoRequest(LsoType type, int mss, int tcpHeaderOffset, int ipVersion) {

    public LsoRequest {
        if (type == null) {
            throw new IllegalArgumentException("LSO type is required");
        }
    }
}
