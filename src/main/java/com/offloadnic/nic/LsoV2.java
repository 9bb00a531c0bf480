package com.offloadnic.nic;

import java.util.EnumSet;
import java.util.Set;

/**
 * NDIS_TCP_LARGE_SEND_OFFLOAD_V2. Each IP version is supported when its {@code encapsulation} is not empty.
 */
public record LsoV2(Ipv4 ipv4, Ipv6 ipv6) {

    /** Default largest user-data size of one LSOv2 large send (256 KiB, as LSOv2 adapters commonly offer). */
    public static final int DEFAULT_MAX_OFFLOAD_SIZE = 262_144;
    public static final int DEFAULT_MIN_SEGMENT_COUNT = 2;

    /** LsoV2.IPv4. */
    public record Ipv4(Set<Encapsulation> encapsulation, int maxOffLoadSize, int minSegmentCount) {
        public Ipv4 {
            encapsulation = Capabilities.immutable(encapsulation, Encapsulation.class);
        }

        static final Ipv4 NONE = new Ipv4(Set.of(), 0, 0);

        public boolean supported() {
            return !encapsulation.isEmpty();
        }
    }

    /** LsoV2.IPv6. */
    public record Ipv6(Set<Encapsulation> encapsulation, int maxOffLoadSize, int minSegmentCount,
                       boolean ipExtensionHeadersSupported, boolean tcpOptionsSupported) {
        public Ipv6 {
            encapsulation = Capabilities.immutable(encapsulation, Encapsulation.class);
        }

        static final Ipv6 NONE = new Ipv6(Set.of(), 0, 0, false, false);

        public boolean supported() {
            return !encapsulation.isEmpty();
        }
    }

    public static LsoV2 fullFeatured() {
        Set<Encapsulation> enc = EnumSet.of(Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3,
                Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q);
        return new LsoV2(new Ipv4(enc, DEFAULT_MAX_OFFLOAD_SIZE, DEFAULT_MIN_SEGMENT_COUNT),
                new Ipv6(enc, DEFAULT_MAX_OFFLOAD_SIZE, DEFAULT_MIN_SEGMENT_COUNT, true, true));
    }

    void requireWithin(LsoV2 hw, String p) {
        String q = p + "/ipv4";
        Narrowing.encapsulation(q + "/encapsulation", ipv4.encapsulation(), hw.ipv4.encapsulation());
        if (ipv4.supported()) {
            sizes(q, ipv4.maxOffLoadSize(), ipv4.minSegmentCount(), hw.ipv4.maxOffLoadSize(), hw.ipv4.minSegmentCount());
        }
        q = p + "/ipv6";
        Narrowing.encapsulation(q + "/encapsulation", ipv6.encapsulation(), hw.ipv6.encapsulation());
        if (ipv6.supported()) {
            sizes(q, ipv6.maxOffLoadSize(), ipv6.minSegmentCount(), hw.ipv6.maxOffLoadSize(), hw.ipv6.minSegmentCount());
            Narrowing.bool(q + "/ipExtensionHeadersSupported", ipv6.ipExtensionHeadersSupported(),
                    hw.ipv6.ipExtensionHeadersSupported());
            Narrowing.bool(q + "/tcpOptionsSupported", ipv6.tcpOptionsSupported(), hw.ipv6.tcpOptionsSupported());
        }
    }

    private static void sizes(String q, int max, int min, int hwMax, int hwMin) {
        Narrowing.atMost(q + "/maxOffLoadSize", max, hwMax);
        Narrowing.atLeast(q + "/maxOffLoadSize", max, 1);
        Narrowing.atLeast(q + "/minSegmentCount", min, hwMin);
        Narrowing.atMost(q + "/minSegmentCount", min, max);
    }
}
