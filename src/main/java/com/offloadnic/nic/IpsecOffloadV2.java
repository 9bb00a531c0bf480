package com.offloadnic.nic;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;

import java.util.EnumSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * NDIS_IPSEC_OFFLOAD_V2, as hardware capabilities or as the current configuration. The SA code validates
 * ADD_SA requests against {@link Nic#ipsecV2()}, which is this record for the current configuration.
 *
 * @param gcmIcvLengths ICV lengths in bytes the NIC accepts for AES-GCM ESP ({@code AdditionalInfo} of
 *                      IPSEC_OFFLOAD_V2_ALGORITHM_INFO); an emulator extension, shown under {@code emulation}
 */
public record IpsecOffloadV2(Set<Encapsulation> encapsulation, boolean ipv6Supported, boolean ipv4Options,
                             boolean ipv6NonIpsecExtensionHeaders, boolean ah, boolean esp, boolean ahEspCombined,
                             boolean transport, boolean tunnel, boolean transportTunnelCombined,
                             boolean lsoSupported, boolean extendedSequenceNumbers,
                             Set<UdpEspEncapsulationType> udpEsp,
                             Set<IntegrityAlgorithm> authenticationAlgorithms,
                             Set<EncryptionAlgorithm> encryptionAlgorithms,
                             SortedSet<Integer> gcmIcvLengths,
                             int saOffloadCapacity) {

    /** SA bundles a full-featured adapter can hold. */
    public static final int DEFAULT_SA_OFFLOAD_CAPACITY = 1024;
    /** The largest capacity a NIC may be created with. */
    public static final int MAX_SA_OFFLOAD_CAPACITY = 65_536;
    /** RFC 4106 section 3: ICVs of 8, 12 and 16 octets. */
    public static final Set<Integer> GCM_ICV_LENGTHS = Set.of(8, 12, 16);

    public IpsecOffloadV2 {
        encapsulation = Capabilities.immutable(encapsulation, Encapsulation.class);
        udpEsp = Capabilities.immutable(udpEsp, UdpEspEncapsulationType.class);
        authenticationAlgorithms = Capabilities.immutable(authenticationAlgorithms, IntegrityAlgorithm.class);
        encryptionAlgorithms = Capabilities.immutable(encryptionAlgorithms, EncryptionAlgorithm.class);
        gcmIcvLengths = Capabilities.immutableInts(gcmIcvLengths);
    }

    /** Disabled: what the current configuration reports when OID_TCP_OFFLOAD_PARAMETERS turned IPsec off. */
    public static final IpsecOffloadV2 NONE = new IpsecOffloadV2(Set.of(), false, false, false, false, false, false,
            false, false, false, false, false, Set.of(), Set.of(), Set.of(), new TreeSet<>(), 0);

    /** Every member TRUE, every algorithm, every UDP-ESP type. */
    public static IpsecOffloadV2 fullFeatured() {
        return new IpsecOffloadV2(
                EnumSet.of(Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3, Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q),
                true, true, true, true, true, true, true, true, true, true, true,
                EnumSet.allOf(UdpEspEncapsulationType.class),
                EnumSet.allOf(IntegrityAlgorithm.class),
                EnumSet.allOf(EncryptionAlgorithm.class),
                new TreeSet<>(GCM_ICV_LENGTHS),
                DEFAULT_SA_OFFLOAD_CAPACITY);
    }

    /** IPsec offload is on when AH or ESP is. */
    public boolean enabled() {
        return ah || esp;
    }

    /** True when the NIC (in this configuration) can offload {@code algorithm} for ESP confidentiality. */
    public boolean supports(EncryptionAlgorithm algorithm) {
        return esp && encryptionAlgorithms.contains(algorithm);
    }

    public boolean supports(IntegrityAlgorithm algorithm) {
        return authenticationAlgorithms.contains(algorithm);
    }

    /** The current configuration when the stack enables {@code ahOn} / {@code espOn}. */
    IpsecOffloadV2 enable(boolean ahOn, boolean espOn, boolean lsoOn) {
        boolean a = ahOn && ah;
        boolean e = espOn && esp;
        if (!a && !e) {
            return NONE;
        }
        return new IpsecOffloadV2(encapsulation, ipv6Supported, ipv4Options, ipv6NonIpsecExtensionHeaders, a, e,
                a && e && ahEspCombined, transport, tunnel, transportTunnelCombined, lsoSupported && lsoOn,
                extendedSequenceNumbers, e ? udpEsp : Set.of(), authenticationAlgorithms,
                e ? encryptionAlgorithms : Set.of(), gcmIcvLengths, saOffloadCapacity);
    }

    void requireWithin(IpsecOffloadV2 hw, String p) {
        Narrowing.encapsulation(p + "/encapsulation", encapsulation, hw.encapsulation);
        Narrowing.bool(p + "/ipv6Supported", ipv6Supported, hw.ipv6Supported);
        Narrowing.bool(p + "/ipv4Options", ipv4Options, hw.ipv4Options);
        Narrowing.bool(p + "/ipv6NonIpsecExtensionHeaders", ipv6NonIpsecExtensionHeaders,
                hw.ipv6NonIpsecExtensionHeaders);
        Narrowing.bool(p + "/ah", ah, hw.ah);
        Narrowing.bool(p + "/esp", esp, hw.esp);
        Narrowing.bool(p + "/ahEspCombined", ahEspCombined, hw.ahEspCombined);
        Narrowing.bool(p + "/transport", transport, hw.transport);
        Narrowing.bool(p + "/tunnel", tunnel, hw.tunnel);
        if (!tunnel) {
            throw NicException.invalid(p + "/tunnel",
                    p + "/tunnel: must be true (NDIS requires Tunnel = TRUE of every adapter with IPsec task offload)");
        }
        Narrowing.bool(p + "/transportTunnelCombined", transportTunnelCombined, hw.transportTunnelCombined);
        Narrowing.bool(p + "/lsoSupported", lsoSupported, hw.lsoSupported);
        Narrowing.bool(p + "/extendedSequenceNumbers", extendedSequenceNumbers, hw.extendedSequenceNumbers);
        Narrowing.subset(p + "/udpEsp", udpEsp, hw.udpEsp);
        Narrowing.subset(p + "/authenticationAlgorithms", authenticationAlgorithms, hw.authenticationAlgorithms);
        Narrowing.subset(p + "/encryptionAlgorithms", encryptionAlgorithms, hw.encryptionAlgorithms);
        Narrowing.atMost(p + "/saOffloadCapacity", saOffloadCapacity, hw.saOffloadCapacity);
        Narrowing.atLeast(p + "/saOffloadCapacity", saOffloadCapacity, 1);
        if (encryptionAlgorithms.stream().anyMatch(EncryptionAlgorithm::isAead)) {
            Narrowing.subset("/capabilities/emulation/gcmIcvLengths", gcmIcvLengths, hw.gcmIcvLengths);
            if (gcmIcvLengths.isEmpty()) {
                throw NicException.invalid("/capabilities/emulation/gcmIcvLengths",
                        "/capabilities/emulation/gcmIcvLengths: an adapter with AES-GCM needs at least one ICV length");
            }
        }
    }
}
