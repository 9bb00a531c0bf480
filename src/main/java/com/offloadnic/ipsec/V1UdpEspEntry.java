package com.offloadnic.ipsec;

/**
 * {@code OFFLOAD_IPSEC_UDPESP_ENCAPTYPE_ENTRY}: the UDP-ESP encapsulation type and destination port of a parser
 * entry (RFC 3948).
 *
 * @param type         {@code UdpEncapType}
 * @param dstEncapPort {@code DstEncapPort}: the UDP destination port inbound packets carry (always 4500)
 */
public record V1UdpEspEntry(Type type, int dstEncapPort) {

    /** {@code UDP_ENCAP_TYPE}. */
    public enum Type {
        /** Reserved (NDIS): never offloaded. */
        IPSEC_UDPESP_ENCAPTYPE_IKE,
        /** UDP encapsulation of ESP on port 4500. */
        IPSEC_UDPESP_ENCAPTYPE_OTHER
    }

    public V1UdpEspEntry {
        if (type == null) {
            throw new IllegalArgumentException("udpEncapType is required");
        }
        if (dstEncapPort < 0 || dstEncapPort > 0xFFFF) {
            throw new IllegalArgumentException("dstEncapPort " + dstEncapPort + " is not a UDP port");
        }
    }
}
