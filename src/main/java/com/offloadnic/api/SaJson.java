package com.offloadnic.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * JSON shapes of the IPsec offload v2 SA OIDs: {@code IPSEC_OFFLOAD_V2_ADD_SA(_EX)}, {@code _DELETE_SA},
 * {@code _UPDATE_SA} and the SA listing. Numbers stay boxed so a missing member is told apart from zero; handles
 * are strings of unsigned 64-bit decimal. Keys only ever travel inward.
 */
final class SaJson {

    private SaJson() {
    }

    /** {@code IPSEC_OFFLOAD_V2_ALGORITHM_INFO}. */
    record AlgorithmInfo(String identifier, Long keyLength, Long keyOffsetBytes, Long additionalInfo) {
    }

    /** One {@code IPSEC_OFFLOAD_V2_SECURITY_ASSOCIATION} entry. */
    record SecAssoc(String operation, Long spi, AlgorithmInfo encryptionAlgorithm,
            AlgorithmInfo authenticationAlgorithm, Boolean esn, Long sequenceNumberHighOrder) {
    }

    /** UDP-ESP encapsulation: the NDIS type, and optionally the ports (default: any source, destination 4500). */
    record UdpEspEncapsulation(String type, Long sourcePort, Long destinationPort) {
    }

    /** What the emulator offers beyond NDIS. */
    record Emulation(String ivSource, String mode, Long lifetimePackets, Long lifetimeBytes) {
    }

    /**
     * One SA bundle of ADD_SA (with its own {@code keyData}) or the body of ADD_SA_EX (with {@code keyData} the
     * key buffer, {@code keyOffset}/{@code keyLength} addressing the keys in it).
     */
    record Bundle(Boolean inbound, Integer ipVersion, String sourceAddress, String destinationAddress,
            UdpEspEncapsulation udpEspEncapsulation, List<SecAssoc> secAssoc, String keyData, Long keyOffset,
            Long keyLength, Long sourceSwitchPortId, Long vlanId, Emulation emulation) {
    }

    record AddSaRequest(List<Bundle> securityAssociations) {
    }

    /** The outcome of one bundle: its handle, or handle "0" with the refusal. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BundleOutcome(String offloadHandle, String status, String reason, String detail, String pointer) {
    }

    record AddSaResponse(String status, List<BundleOutcome> securityAssociations) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AddSaExResponse(String status, String offloadHandle, String reason, String detail, String pointer) {
    }

    record DeleteSaRequest(List<String> offloadHandles) {
    }

    record DeleteSaResponse(String status, List<BundleOutcome> results) {
    }

    /** {@code IPSEC_OFFLOAD_V2_UPDATE_SA}: new ESN high-order bits of one entry of an SA. */
    record Update(String offloadHandle, String operation, Long spi, Long sequenceNumberHighOrder) {
    }

    record UpdateSaRequest(List<Update> updates) {
    }

    record UpdateSaResponse(String status, List<BundleOutcome> results) {
    }

    /** One entry as listed (no keys). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SecAssocView(String operation, long spi, AlgorithmView encryptionAlgorithm,
            AlgorithmView authenticationAlgorithm, boolean esn, long sequenceNumberHighOrder,
            long highestSequenceNumber) {
    }

    record AlgorithmView(String identifier, int keyLength, int additionalInfo) {
    }

    record UdpEspView(String type, int sourcePort, int destinationPort) {
    }

    record EmulationView(String ivSource, String mode, long lifetimePackets, long lifetimeBytes) {
    }

    /** An SA as {@code GET /v1/nics/{nicId}/security-associations} lists it: everything but key material. */
    record SaListItem(String offloadHandle, boolean inbound, int ipVersion, String sourceAddress,
            String destinationAddress, UdpEspView udpEspEncapsulation, List<SecAssocView> secAssoc,
            EmulationView emulation, long packets, long bytes, boolean saDeleteReq) {
    }

    record SaList(List<SaListItem> securityAssociations) {
    }
}
