package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;

import java.util.EnumSet;
import java.util.Set;

/**
 * The effective IPsec offload v2 limits an SA is checked against: the NIC's current configuration
 * ({@code NDIS_IPSEC_OFFLOAD_V2} of OID_TCP_OFFLOAD_CURRENT_CONFIG, i.e. hardware capabilities intersected with
 * the offload parameters) plus the emulator's profile knobs (allowed GCM ICV lengths). The nic layer builds it;
 * the SA table takes it per call because the configuration may change between OIDs.
 *
 * @param encryptionAlgorithms     {@code EncryptionAlgorithms} (NONE = null encryption allowed)
 * @param authenticationAlgorithms {@code AuthenticationAlgorithms}
 * @param gcmIcvLengths            ICV lengths the NIC accepts for AES-GCM, a subset of {8, 12, 16}
 * @param ah                       {@code Ah}
 * @param esp                      {@code Esp}
 * @param ahEspCombined            {@code AhEspCombined}
 * @param ipv6Supported            {@code IPv6Supported}
 * @param transport                {@code Transport}
 * @param tunnel                   {@code Tunnel}
 * @param transportTunnelCombined  {@code TransportTunnelCombined}
 * @param extendedSequenceNumbers  {@code ExtendedSequenceNumbers}
 * @param udpEsp                   {@code UdpEsp}: encapsulation types the NIC parses (NONE needs no entry)
 * @param saOffloadCapacity        {@code SaOffloadCapacity}: SA bundles the NIC holds at once
 */
public record IpsecV2Limits(Set<EncryptionAlgorithm> encryptionAlgorithms,
                            Set<IntegrityAlgorithm> authenticationAlgorithms,
                            Set<Integer> gcmIcvLengths,
                            boolean ah,
                            boolean esp,
                            boolean ahEspCombined,
                            boolean ipv6Supported,
                            boolean transport,
                            boolean tunnel,
                            boolean transportTunnelCombined,
                            boolean extendedSequenceNumbers,
                            Set<UdpEspEncapsulationType> udpEsp,
                            int saOffloadCapacity) {

    /** The ICV lengths RFC 4106 section 8 defines for AES-GCM in ESP. */
    public static final Set<Integer> GCM_ICV_LENGTHS = Set.of(8, 12, 16);

    public IpsecV2Limits {
        encryptionAlgorithms = Set.copyOf(encryptionAlgorithms);
        authenticationAlgorithms = Set.copyOf(authenticationAlgorithms);
        gcmIcvLengths = Set.copyOf(gcmIcvLengths);
        udpEsp = Set.copyOf(udpEsp);
        if (!GCM_ICV_LENGTHS.containsAll(gcmIcvLengths)) {
            throw new IllegalArgumentException("gcmIcvLengths " + gcmIcvLengths + " (expected a subset of 8, 12, 16)");
        }
        if (saOffloadCapacity < 0) {
            throw new IllegalArgumentException("saOffloadCapacity is negative: " + saOffloadCapacity);
        }
    }

    /** A full-featured adapter: every algorithm, ICV length, protocol, mode and UDP-ESP type. */
    public static IpsecV2Limits fullFeatured(int saOffloadCapacity) {
        return new IpsecV2Limits(EnumSet.allOf(EncryptionAlgorithm.class), EnumSet.allOf(IntegrityAlgorithm.class),
                GCM_ICV_LENGTHS, true, true, true, true, true, true, true, true,
                EnumSet.complementOf(EnumSet.of(UdpEspEncapsulationType.NONE)), saOffloadCapacity);
    }

    /** A builder that starts from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies limits with some members changed; the nic layer and tests narrow a full-featured adapter. */
    public static final class Builder {
        private Set<EncryptionAlgorithm> encryptionAlgorithms;
        private Set<IntegrityAlgorithm> authenticationAlgorithms;
        private Set<Integer> gcmIcvLengths;
        private boolean ah;
        private boolean esp;
        private boolean ahEspCombined;
        private boolean ipv6Supported;
        private boolean transport;
        private boolean tunnel;
        private boolean transportTunnelCombined;
        private boolean extendedSequenceNumbers;
        private Set<UdpEspEncapsulationType> udpEsp;
        private int saOffloadCapacity;

        private Builder(IpsecV2Limits l) {
            encryptionAlgorithms = l.encryptionAlgorithms;
            authenticationAlgorithms = l.authenticationAlgorithms;
            gcmIcvLengths = l.gcmIcvLengths;
            ah = l.ah;
            esp = l.esp;
            ahEspCombined = l.ahEspCombined;
            ipv6Supported = l.ipv6Supported;
            transport = l.transport;
            tunnel = l.tunnel;
            transportTunnelCombined = l.transportTunnelCombined;
            extendedSequenceNumbers = l.extendedSequenceNumbers;
            udpEsp = l.udpEsp;
            saOffloadCapacity = l.saOffloadCapacity;
        }

        public Builder encryptionAlgorithms(Set<EncryptionAlgorithm> v) { encryptionAlgorithms = v; return this; }
        public Builder authenticationAlgorithms(Set<IntegrityAlgorithm> v) { authenticationAlgorithms = v; return this; }
        public Builder gcmIcvLengths(Set<Integer> v) { gcmIcvLengths = v; return this; }
        public Builder ah(boolean v) { ah = v; return this; }
        public Builder esp(boolean v) { esp = v; return this; }
        public Builder ahEspCombined(boolean v) { ahEspCombined = v; return this; }
        public Builder ipv6Supported(boolean v) { ipv6Supported = v; return this; }
        public Builder transport(boolean v) { transport = v; return this; }
        public Builder tunnel(boolean v) { tunnel = v; return this; }
        public Builder transportTunnelCombined(boolean v) { transportTunnelCombined = v; return this; }
        public Builder extendedSequenceNumbers(boolean v) { extendedSequenceNumbers = v; return this; }
        public Builder udpEsp(Set<UdpEspEncapsulationType> v) { udpEsp = v; return this; }
        public Builder saOffloadCapacity(int v) { saOffloadCapacity = v; return this; }

        public IpsecV2Limits build() {
            return new IpsecV2Limits(encryptionAlgorithms, authenticationAlgorithms, gcmIcvLengths, ah, esp,
                    ahEspCombined, ipv6Supported, transport, tunnel, transportTunnelCombined,
                    extendedSequenceNumbers, udpEsp, saOffloadCapacity);
        }
    }
}
