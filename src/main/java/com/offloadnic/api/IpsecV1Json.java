package com.offloadnic.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * JSON shapes of the IPsec offload v1 OIDs (NDIS 6.0): {@code OFFLOAD_IPSEC_ADD_SA}, {@code OFFLOAD_IPSEC_ADD_UDPESP_SA},
 * {@code OFFLOAD_IPSEC_DELETE_SA}, {@code OFFLOAD_IPSEC_DELETE_UDPESP_SA}, and the v1 SA listing. Member names are
 * the NDIS ones in lowerCamelCase; numbers stay boxed so a missing member is told apart from zero; handles are
 * unsigned 64-bit decimal strings. Keys only ever travel inward.
 */
final class IpsecV1Json {

    private IpsecV1Json() {
    }

    /** {@code OFFLOAD_ALGO_INFO}. */
    record AlgoInfo(String algoIdentifier, Long algoKeylen, Long algoRounds) {
    }

    /** {@code OFFLOAD_SECURITY_ASSOCIATION}. */
    record SecAssoc(String operation, Long spi, AlgoInfo integrityAlgo, AlgoInfo confAlgo) {
    }

    /** {@code OFFLOAD_IPSEC_UDPESP_ENCAPTYPE_ENTRY}. */
    record EncapTypeEntry(String udpEncapType, Long dstEncapPort) {
    }

    /** Beyond NDIS: after how many packets or bytes over the SA the NIC sets {@code saDeleteReq} (0 = never). */
    record Emulation(Long lifetimePackets, Long lifetimeBytes) {
    }

    /** {@code OFFLOAD_IPSEC_ADD_SA}, and with the encap-type members {@code OFFLOAD_IPSEC_ADD_UDPESP_SA}. */
    record AddSa(String srcAddr, String srcMask, String destAddr, String destMask, Long protocol, Long srcPort,
            Long destPort, String srcTunnelAddr, String destTunnelAddr, String flags, List<SecAssoc> secAssoc,
            String keyMat, EncapTypeEntry encapTypeEntry, String encapTypeEntryOffldHandle, Emulation emulation) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AddSaResponse(String status, String offloadHandle, String encapTypeEntryOffldHandle, String reason,
            String detail, String pointer) {
    }

    /** {@code OFFLOAD_IPSEC_DELETE_SA}, and with the second member {@code OFFLOAD_IPSEC_DELETE_UDPESP_SA}. */
    record DeleteSa(String offloadHandle, String encapTypeEntryOffldHandle) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeleteSaResponse(String status, String reason, String detail) {
    }

    record AlgoView(String algoIdentifier, int algoKeylen) {
    }

    record SecAssocView(String operation, long spi, AlgoView integrityAlgo, AlgoView confAlgo) {
    }

    /** A v1 SA as listed: everything but key material. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SaView(String offloadHandle, String flags, String srcAddr, String srcMask, String destAddr, String destMask,
            int protocol, int srcPort, int destPort, String srcTunnelAddr, String destTunnelAddr,
            List<SecAssocView> secAssoc, String udpEspEncapsulation, long packets, long bytes, boolean saDeleteReq) {
    }

    record ParserEntryView(String encapTypeEntryOffldHandle, String udpEncapType, int dstEncapPort) {
    }

    record SaList(List<SaView> securityAssociations, List<ParserEntryView> udpEspParserEntries) {
    }
}
