package com.offloadnic.lso;

/** Why a large send or checksum offload request cannot be carried out; stable names for completions. */
public enum OffloadFailureReason {
    /** MSS zero, negative or above 65535. */
    MSS_INVALID,
    /** The frame cannot be parsed (truncated, bad header lengths, not Ethernet II). */
    MALFORMED_FRAME,
    /** The frame is not IPv4 or IPv6. */
    NOT_IP,
    /** The IP packet does not carry TCP (LSO) or the protocol the checksum request names. */
    NOT_TCP,
    /** The request's IP version (or isIPv4/isIPv6) disagrees with the packet. */
    IP_VERSION_MISMATCH,
    /** LSOv1 applies to IPv4 only. */
    LSOV1_REQUIRES_IPV4,
    /** The request's TCP header offset is not where the packet's TCP header starts. */
    TCP_HEADER_OFFSET_MISMATCH,
    /** The IP length field disagrees with the buffer (LSOv1: exceeds it; LSOv2: neither 0 nor the buffer's). */
    IP_LENGTH_MISMATCH,
    /** The template is an IP fragment (MF, fragment offset, or an IPv6 fragment header). */
    FRAGMENTED_PACKET,
    /** URG, RST or SYN set, or a non-zero urgent pointer, in the large packet. */
    TCP_FLAGS_INVALID,
    /** LSOv2 template IPv4 identification above 0x7FFF. */
    IPV4_IDENTIFICATION_OUT_OF_RANGE,
    /** The template TCP checksum is not the pseudo-header sum (addresses and protocol) the NDIS page asks for. */
    TCP_PSEUDO_HEADER_CHECKSUM_MISMATCH,
    UNSUPPORTED_IP_OPTIONS,
    UNSUPPORTED_TCP_OPTIONS,
    UNSUPPORTED_IPV6_EXTENSION_HEADERS,
    /** More TCP user data than maxOffLoadSize. */
    EXCEEDS_MAX_OFFLOAD_SIZE,
    /** Fewer segments than minSegmentCount. */
    BELOW_MIN_SEGMENT_COUNT,
    /** A segment would exceed the MTU (or the 65535-byte IP length). */
    SEGMENT_EXCEEDS_MTU,
    /** AH or ESP headers where plain LSO expects TCP, or AH in an LSO + ESP packet. */
    IPSEC_HEADERS_UNSUPPORTED,
    /** The ESP header is not where espHeaderOffset says, or the packet carries no ESP. */
    ESP_HEADER_OFFSET_MISMATCH,
    /** LSO + ESP carries TCP: the ESP next header must be 6. */
    ESP_NEXT_HEADER_NOT_TCP,
    /** padLength outside 0..255 or longer than the data before it. */
    ESP_PAD_LENGTH_INVALID,
    /** IV length, block size or ICV length out of range. */
    ESP_PARAMETERS_INVALID,
    /** The UDP header before ESP is malformed (or names SPI 0, the non-ESP marker). */
    UDP_ENCAPSULATION_INVALID,
    /** The checksum request names neither IPv4 nor IPv6, or both. */
    CHECKSUM_REQUEST_INVALID
}
