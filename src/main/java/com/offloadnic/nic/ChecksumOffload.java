package com.offloadnic.nic;

import java.util.EnumSet;
import java.util.Set;

/** NDIS_TCP_IP_CHECKSUM_OFFLOAD: checksum offload per direction and IP version. */
public record ChecksumOffload(Ipv4 ipv4Transmit, Ipv4 ipv4Receive, Ipv6 ipv6Transmit, Ipv6 ipv6Receive) {

    /** IPv4Transmit / IPv4Receive. */
    public record Ipv4(Set<Encapsulation> encapsulation, boolean ipOptionsSupported, boolean tcpOptionsSupported,
                       boolean tcpChecksum, boolean udpChecksum, boolean ipChecksum) {
        public Ipv4 {
            encapsulation = Capabilities.immutable(encapsulation, Encapsulation.class);
        }

        static final Ipv4 NONE = new Ipv4(Set.of(), false, false, false, false, false);

        /** What is left when the given checksums are switched on. */
        Ipv4 enable(boolean ip, boolean tcp, boolean udp) {
            boolean ipOn = ip && ipChecksum;
            boolean tcpOn = tcp && tcpChecksum;
            boolean udpOn = udp && udpChecksum;
            if (!ipOn && !tcpOn && !udpOn) {
                return NONE;
            }
            return new Ipv4(encapsulation, ipOptionsSupported, tcpOptionsSupported, tcpOn, udpOn, ipOn);
        }

        void requireWithin(Ipv4 hw, String p) {
            Narrowing.encapsulation(p + "/encapsulation", encapsulation, hw.encapsulation);
            Narrowing.bool(p + "/ipOptionsSupported", ipOptionsSupported, hw.ipOptionsSupported);
            Narrowing.bool(p + "/tcpOptionsSupported", tcpOptionsSupported, hw.tcpOptionsSupported);
            Narrowing.bool(p + "/tcpChecksum", tcpChecksum, hw.tcpChecksum);
            Narrowing.bool(p + "/udpChecksum", udpChecksum, hw.udpChecksum);
            Narrowing.bool(p + "/ipChecksum", ipChecksum, hw.ipChecksum);
        }
    }

    /** IPv6Transmit / IPv6Receive. */
    public record Ipv6(Set<Encapsulation> encapsulation, boolean ipExtensionHeadersSupported,
                       boolean tcpOptionsSupported, boolean tcpChecksum, boolean udpChecksum) {
        public Ipv6 {
            encapsulation = Capabilities.immutable(encapsulation, Encapsulation.class);
        }

        static final Ipv6 NONE = new Ipv6(Set.of(), false, false, false, false);

        Ipv6 enable(boolean tcp, boolean udp) {
            boolean tcpOn = tcp && tcpChecksum;
            boolean udpOn = udp && udpChecksum;
            if (!tcpOn && !udpOn) {
                return NONE;
            }
            return new Ipv6(encapsulation, ipExtensionHeadersSupported, tcpOptionsSupported, tcpOn, udpOn);
        }

        void requireWithin(Ipv6 hw, String p) {
            Narrowing.encapsulation(p + "/encapsulation", encapsulation, hw.encapsulation);
            Narrowing.bool(p + "/ipExtensionHeadersSupported", ipExtensionHeadersSupported,
                    hw.ipExtensionHeadersSupported);
            Narrowing.bool(p + "/tcpOptionsSupported", tcpOptionsSupported, hw.tcpOptionsSupported);
            Narrowing.bool(p + "/tcpChecksum", tcpChecksum, hw.tcpChecksum);
            Narrowing.bool(p + "/udpChecksum", udpChecksum, hw.udpChecksum);
        }
    }

    /** Every checksum, every option, Ethernet with and without 802.1Q tags. */
    public static ChecksumOffload fullFeatured() {
        Set<Encapsulation> enc = EnumSet.of(Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3,
                Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q);
        Ipv4 v4 = new Ipv4(enc, true, true, true, true, true);
        Ipv6 v6 = new Ipv6(enc, true, true, true, true);
        return new ChecksumOffload(v4, v4, v6, v6);
    }

    void requireWithin(ChecksumOffload hw, String p) {
        ipv4Transmit.requireWithin(hw.ipv4Transmit, p + "/ipv4Transmit");
        ipv4Receive.requireWithin(hw.ipv4Receive, p + "/ipv4Receive");
        ipv6Transmit.requireWithin(hw.ipv6Transmit, p + "/ipv6Transmit");
        ipv6Receive.requireWithin(hw.ipv6Receive, p + "/ipv6Receive");
    }
}
