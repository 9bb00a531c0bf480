package com.offloadnic.api;

import com.offloadnic.nic.Encapsulation;
import com.offloadnic.nic.OffloadFlag;
import com.offloadnic.nic.UdpEspEncapsulationType;
import com.offloadnic.nic.UdpEspV1Flag;

import java.util.List;

/**
 * JSON shape of NDIS_OFFLOAD: members in lowerCamelCase, constants as NDIS identifiers. In a NIC-creation request
 * every member is optional and narrows the full-featured default; in responses every member is present.
 */
final class NdisOffloadJson {

    private NdisOffloadJson() {
    }

    record Offload(Checksum checksum, LsoV1 lsoV1, LsoV2 lsoV2, IpsecV1 ipsecOffloadV1, IpsecV2 ipsecOffloadV2,
                   List<OffloadFlag> flags, Emulation emulation) {
    }

    record Checksum(ChecksumIpv4 ipv4Transmit, ChecksumIpv4 ipv4Receive, ChecksumIpv6 ipv6Transmit,
                    ChecksumIpv6 ipv6Receive) {
    }

    record ChecksumIpv4(List<Encapsulation> encapsulation, Boolean ipOptionsSupported, Boolean tcpOptionsSupported,
                        Boolean tcpChecksum, Boolean udpChecksum, Boolean ipChecksum) {
    }

    record ChecksumIpv6(List<Encapsulation> encapsulation, Boolean ipExtensionHeadersSupported,
                        Boolean tcpOptionsSupported, Boolean tcpChecksum, Boolean udpChecksum) {
    }

    record LsoV1(LsoV1Ipv4 ipv4) {
    }

    record LsoV1Ipv4(List<Encapsulation> encapsulation, Integer maxOffLoadSize, Integer minSegmentCount,
                     Boolean tcpOptions, Boolean ipOptions) {
    }

    record LsoV2(LsoV2Ipv4 ipv4, LsoV2Ipv6 ipv6) {
    }

    record LsoV2Ipv4(List<Encapsulation> encapsulation, Integer maxOffLoadSize, Integer minSegmentCount) {
    }

    record LsoV2Ipv6(List<Encapsulation> encapsulation, Integer maxOffLoadSize, Integer minSegmentCount,
                     Boolean ipExtensionHeadersSupported, Boolean tcpOptionsSupported) {
    }

    record IpsecV1(IpsecV1Supported supported, IpsecV1Ah ipv4Ah, IpsecV1Esp ipv4Esp) {
    }

    record IpsecV1Supported(List<Encapsulation> encapsulation, Boolean ahEspCombined, Boolean transportTunnelCombined,
                            Boolean ipv4Options, List<UdpEspV1Flag> flags) {
    }

    record IpsecV1Ah(Boolean md5, Boolean sha1, Boolean transport, Boolean tunnel, Boolean send, Boolean receive) {
    }

    record IpsecV1Esp(Boolean des, Boolean tripleDes, Boolean nullEsp, Boolean transport, Boolean tunnel, Boolean send,
                      Boolean receive) {
    }

    record IpsecV2(List<Encapsulation> encapsulation, Boolean ipv6Supported, Boolean ipv4Options,
                   Boolean ipv6NonIpsecExtensionHeaders, Boolean ah, Boolean esp, Boolean ahEspCombined,
                   Boolean transport, Boolean tunnel, Boolean transportTunnelCombined, Boolean lsoSupported,
                   Boolean extendedSequenceNumbers, List<UdpEspEncapsulationType> udpEsp,
                   List<String> authenticationAlgorithms, List<String> encryptionAlgorithms,
                   Integer saOffloadCapacity) {
    }

    /** Beyond NDIS: ICV lengths (bytes) accepted for AES-GCM ESP SAs. */
    record Emulation(List<Integer> gcmIcvLengths) {
    }
}
