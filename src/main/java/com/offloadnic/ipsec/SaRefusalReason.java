package com.offloadnic.ipsec;

/**
 * Why an SA OID refused a bundle (ADD_SA, ADD_SA_EX) or an element (DELETE_SA, UPDATE_SA). The enum constant
 * names are the stable machine-readable codes the API reports as {@code reason}.
 *
 * <p>Validation of a bundle stops at the first failing check, in the order of the constants below.
 */
public enum SaRefusalReason {
    /** Two entries that are not ESP followed by AH (the only combination NDIS defines). */
    SA_BUNDLE_COMBINATION_NOT_SUPPORTED("the only two-entry bundle is ESP followed by AH"),
    /** An AH entry on a NIC whose current configuration has {@code Ah} off. */
    SA_AH_NOT_SUPPORTED("AH offload is not in the current configuration"),
    /** An ESP entry on a NIC whose current configuration has {@code Esp} off. */
    SA_ESP_NOT_SUPPORTED("ESP offload is not in the current configuration"),
    /** ESP+AH on a NIC without {@code AhEspCombined}. */
    SA_AH_ESP_COMBINED_NOT_SUPPORTED("AH+ESP bundles are not in the current configuration"),
    /** IPv6 endpoints on a NIC without {@code IPv6Supported}. */
    SA_IPV6_NOT_SUPPORTED("IPsec offload of IPv6 is not in the current configuration"),
    /** A UDP-ESP encapsulation type outside the NIC's {@code UdpEsp} set. */
    SA_UDP_ESP_TYPE_NOT_SUPPORTED("UDP-ESP encapsulation type is not in the current configuration"),
    /** UDP-ESP encapsulation on a bundle with AH (RFC 3948 encapsulates ESP only). */
    SA_UDP_ESP_WITH_AH("UDP encapsulation applies to ESP only"),
    /** {@code emulation.mode} contradicts the mode the UDP-ESP type names. */
    SA_MODE_CONFLICT("emulation.mode contradicts the UDP-ESP encapsulation type"),
    /** A transport (tunnel) SA on a NIC without {@code Transport} ({@code Tunnel}). */
    SA_MODE_NOT_SUPPORTED("SA mode is not in the current configuration"),
    /** SPI 0 (RFC 4303 section 2.1 reserves it; it never appears on the wire). */
    SA_SPI_ZERO("SPI 0 is reserved"),
    /** An ESN entry on a NIC without {@code ExtendedSequenceNumbers}. */
    SA_ESN_NOT_SUPPORTED("extended sequence numbers are not in the current configuration"),
    /** Non-zero {@code SequenceNumberHighOrder} on an entry without the ESN flag. */
    SA_SEQUENCE_HIGH_ORDER_WITHOUT_ESN("sequenceNumberHighOrder is set on an SA without ESN"),
    /** An AH entry with an encryption algorithm other than NONE. */
    SA_AH_WITH_ENCRYPTION("an AH entry carries no encryption algorithm"),
    /** An AH entry without an authentication algorithm. */
    SA_AH_WITHOUT_INTEGRITY("an AH entry needs an authentication algorithm"),
    /** ESP with null encryption and no integrity: no protection at all (RFC 4303 section 3.2). */
    SA_ESP_NULL_WITHOUT_INTEGRITY("ESP with null encryption needs an authentication algorithm"),
    /** ESP with confidentiality only and no AH in the bundle: NDIS forbids IPsec packets without authentication. */
    SA_NO_AUTHENTICATION("the bundle leaves packets without authentication"),
    /** AES-GCM encryption with an authentication algorithm other than the matching AES_GCM one of key length 0. */
    SA_GCM_INTEGRITY_CONFLICT("AES-GCM authenticates by itself"),
    /** AES-GMAC integrity in ESP with an encryption algorithm other than NONE (RFC 4543 defines ESP-NULL-GMAC). */
    SA_GMAC_REQUIRES_NULL_ENCRYPTION("AES-GMAC in ESP goes with null encryption only"),
    /** An algorithm outside the NIC's current {@code EncryptionAlgorithms} / {@code AuthenticationAlgorithms}. */
    SA_ALGORITHM_NOT_ENABLED("algorithm is not in the current configuration"),
    /** {@code keyLength} differs from the algorithm's key (GCM/GMAC: AES key plus 4-byte salt). */
    SA_KEY_LENGTH_MISMATCH("key length is wrong for the algorithm"),
    /** An ICV length the algorithm or the NIC does not allow. */
    SA_ICV_LENGTH_NOT_ALLOWED("ICV length is not allowed"),
    /** A key range ({@code keyOffsetBytes}, {@code keyLength}; EX: {@code KeyOffset}, {@code KeyLength}) outside the key data. */
    SA_KEY_OUT_OF_RANGE("key lies outside the key data"),
    /** ADD_SA_EX with a non-zero reserved member ({@code SourceSwitchPortId}, {@code VlanId}). */
    SA_RESERVED_FIELD_NOT_ZERO("reserved member is not zero"),
    /** The emulator's fault injection ({@code emulation/faults}, failAddSa) refused an otherwise valid bundle. */
    SA_INJECTED_FAULT("the emulator's fault injection refused the bundle"),
    /** {@code SaOffloadCapacity} bundles are offloaded already. */
    SA_CAPACITY_EXHAUSTED("SA offload capacity is exhausted"),
    /** An inbound SPI already offloaded for the same destination (or a wildcard one) and protocol. */
    SA_SPI_COLLISION("inbound SPI is in use for this destination and protocol"),
    /** DELETE_SA / UPDATE_SA: no SA of this NIC has the handle. */
    SA_UNKNOWN_HANDLE("no SA has this offload handle"),
    /** UPDATE_SA: the bundle has no entry with this operation and SPI. */
    SA_SEC_ASSOC_NOT_FOUND("the SA has no entry with this operation and SPI"),
    /** UPDATE_SA: the entry does not use extended sequence numbers. */
    SA_ESN_NOT_ENABLED("the SA does not use extended sequence numbers"),
    /** IPsec offload v1: the protocol is not offloaded in the SA's direction (IPv4AH/IPv4ESP Send/Receive). */
    SA_DIRECTION_NOT_SUPPORTED("the protocol is not offloaded in this direction"),
    /** IPsec offload v1 UDP-ESP: an inbound parser entry on a port other than 4500. */
    SA_UDP_ESP_PORT_NOT_SUPPORTED("UDP-ESP parser entries use destination port 4500"),
    /** IPsec offload v1 UDP-ESP: EncapTypeEntryOffldHandle names no parser entry of this NIC. */
    SA_UNKNOWN_PARSER_ENTRY("no UDP-ESP parser entry has this handle");

    private final String summary;

    SaRefusalReason(String summary) {
        this.summary = summary;
    }

    /** A short human description of the reason; {@link SaRefusal#message()} has the specifics. */
    public String summary() {
        return summary;
    }
}
