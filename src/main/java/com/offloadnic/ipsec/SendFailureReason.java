package com.offloadnic.ipsec;

/**
 * Why the NIC failed a NET_BUFFER_LIST on the IPsec offload v2 send path.
 *
 * <p>The {@link #code()} strings are a stable, machine-readable contract: they appear as {@code reason} in the
 * send completion and as a label of the completion counters. The emulator exists to catch transport bugs, so it
 * checks everything a real NIC could check (SPEC section 5 step 3) and names the disagreeing field.
 */
public enum SendFailureReason {
    /** {@code offloadHandle} is non-zero but names no SA of this NIC. */
    UNKNOWN_OFFLOAD_HANDLE("offloadHandle names no security association of this NIC"),
    /** {@code tunnelHandle} is non-zero but names no SA of this NIC. */
    UNKNOWN_TUNNEL_HANDLE("tunnelHandle names no security association of this NIC"),
    /** A tunnel handle without an offload handle: a packet with one IPsec payload names it in offloadHandle. */
    TUNNEL_HANDLE_WITHOUT_OFFLOAD_HANDLE("tunnelHandle is set but offloadHandle is 0"),
    /** The handle names an inbound SA. */
    SA_NOT_OUTBOUND("the security association is inbound and cannot protect sent packets"),
    /** Transport over tunnel on a NIC whose capabilities exclude it. */
    TRANSPORT_TUNNEL_COMBINED_NOT_SUPPORTED("transport over tunnel needs the transportTunnelCombined capability"),
    /** The frame is not Ethernet II carrying IPv4 or IPv6, or its lengths lie. */
    MALFORMED_FRAME("the frame cannot be parsed"),
    /** IPv6 on a NIC without ipv6Supported. */
    IPV6_NOT_SUPPORTED("the NIC does not offload IPsec for IPv6"),
    /** IPv4 options on a NIC without ipv4Options. */
    IPV4_OPTIONS_NOT_SUPPORTED("the NIC does not offload IPsec for IPv4 packets with options"),
    /** IP fragments are never offloaded. */
    IP_FRAGMENT("IPsec is not offloaded for IP fragments"),
    /** The frame is longer than the NIC's MTU allows. */
    FRAME_EXCEEDS_MTU("the IP packet is longer than the MTU"),
    /** The SA has ESP but the packet carries no ESP header where the SA applies. */
    ESP_HEADER_NOT_FOUND("the packet carries no ESP header for the security association"),
    /** The SA has AH but the packet carries no AH header where the SA applies. */
    AH_HEADER_NOT_FOUND("the packet carries no AH header for the security association"),
    /** {@code espHeaderOffset} disagrees with where the ESP header is. */
    ESP_HEADER_OFFSET_MISMATCH("espHeaderOffset disagrees with the packet"),
    /** {@code ahHeaderOffset} disagrees with where the AH header is. */
    AH_HEADER_OFFSET_MISMATCH("ahHeaderOffset disagrees with the packet"),
    /** The SPI in the ESP header is not the SA's. */
    ESP_SPI_MISMATCH("the ESP header's SPI is not the security association's"),
    /** The SPI in the AH header is not the SA's. */
    AH_SPI_MISMATCH("the AH header's SPI is not the security association's"),
    /** The ESP trailer's next header disagrees with {@code nextHeader}. */
    NEXT_HEADER_MISMATCH("nextHeader disagrees with the ESP trailer"),
    /** A tunnel SA protecting a payload that is not an IP packet, or a transport SA protecting one. */
    NEXT_HEADER_MODE_MISMATCH("the ESP trailer's next header does not fit the security association's mode"),
    /** The ESP trailer's pad length disagrees with {@code padLength}. */
    PAD_LENGTH_MISMATCH("padLength disagrees with the ESP trailer"),
    /** The pad length is larger than the encrypted payload can hold. */
    PAD_LENGTH_TOO_LARGE("the pad length exceeds the ESP payload"),
    /** The trailer sits at the end of the packet: the transport left no room for the ICV. */
    NO_ROOM_FOR_ICV("the packet has no room for the ICV after the ESP trailer"),
    /** The ESP packet cannot hold header, IV, trailer and ICV. */
    ESP_PACKET_TOO_SHORT("the ESP packet cannot hold its header, IV, trailer and ICV"),
    /** CBC needs the encrypted payload (payload, padding, trailer) to be a whole number of cipher blocks. */
    CBC_PAYLOAD_MISALIGNED("the encrypted payload is not a multiple of the cipher block size"),
    /** RFC 4303 section 2.4: the ESP trailer must end on a 4-byte boundary. */
    ESP_TRAILER_MISALIGNED("the ESP trailer does not end on a 4-byte boundary"),
    /** The AH payload length does not leave room for exactly the SA's IV and ICV (plus alignment). */
    AH_LENGTH_MISMATCH("the AH payload length does not fit the security association's ICV"),
    /** The packet's UDP encapsulation disagrees with the SA's UDP-ESP encapsulation type. */
    UDP_ENCAPSULATION_MISMATCH("UDP-ESP encapsulation disagrees with the security association"),
    /** A non-ESN SA would send a sequence number past 2^32-1 (RFC 4303 section 3.3.3). */
    SEQUENCE_NUMBER_WRAPPED("the sequence number would wrap on an SA without extended sequence numbers"),
    /** The sequence number is not above the last one sent over the SA (a repeat would reuse a GCM nonce). */
    SEQUENCE_NUMBER_REPEATED("the sequence number is not above the last one sent over the security association"),
    /** LSO information is present while LSO is disabled, or LSO was asked for a packet it cannot apply to. */
    LSO_NOT_ENABLED("large send offload information is present but LSO is disabled"),
    /** LSO with IPsec on a NIC whose current configuration lacks lsoSupported, or with AH (LSO + ESP only). */
    LSO_WITH_IPSEC_NOT_SUPPORTED("large send offload with IPsec is not supported for this NIC or SA"),
    /** An LSO NBL must carry exactly one NET_BUFFER. */
    LSO_MULTIPLE_NET_BUFFERS("a large send NET_BUFFER_LIST must carry exactly one NET_BUFFER"),
    /** Tunnel packets never use LSO (SPEC section 6). */
    LSO_WITH_TUNNEL("large send offload is not allowed for tunnel-mode packets"),
    /** The segmenter refused the large packet; the detail names its reason (MSS, flags, sizes, MTU ...). */
    LSO_REFUSED("the large packet cannot be segmented"),
    /** The SA was deleted (its keys wiped) while the NBL was being processed. */
    SA_DELETED("the security association was deleted while the NET_BUFFER_LIST was in flight"),
    /** The NET_BUFFER_LIST carries no NET_BUFFER. */
    NO_NET_BUFFERS("the NET_BUFFER_LIST carries no NET_BUFFER");

    private final String description;

    SendFailureReason(String description) {
        this.description = description;
    }

    /** The stable code, e.g. {@code ESP_SPI_MISMATCH}. */
    public String code() {
        return name();
    }

    /** A short human description; completions carry a more specific {@code detail}. */
    public String description() {
        return description;
    }
}
