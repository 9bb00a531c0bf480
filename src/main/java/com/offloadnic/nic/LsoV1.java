package com.offloadnic.nic;

import java.util.EnumSet;
import java.util.Set;

/** NDIS_TCP_LARGE_SEND_OFFLOAD_V1. Supported when {@code ipv4.encapsulation} is not empty. */
public record LsoV1(Ipv4 ipv4) {

    /** Default largest user-data size of one large send. */
    public static final int DEFAULT_MAX_OFFLOAD_SIZE = 65_536;
    /** Default (and smallest allowed) number of segments a large send must yield. */
    public static final int DEFAULT_MIN_SEGMENT_COUNT = 2;

    /** LsoV1.IPv4. */
    public record Ipv4(Set<Encapsulation> encapsulation, int maxOffLoadSize, int minSegmentCount,
                       boolean tcpOptions, boolean ipOptions) {
        public Ipv4 {
            encapsulation = Capabilities.immutable(encapsulation, Encapsulation.class);
        }
    }

    public static final LsoV1 NONE = new LsoV1(new Ipv4(Set.of(), 0, 0, false, false));

    public boolean supported() {
        return !ipv4.encapsulation().isEmpty();
    }

    public static LsoV1 fullFeatured() {
        return new LsoV1(new Ipv4(EnumSet.of(Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3,
                Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q),
                DEFAULT_MAX_OFFLOAD_SIZE, DEFAULT_MIN_SEGMENT_COUNT, true, true));
    }

    void requireWithin(LsoV1 hw, String p) {
        String q = p + "/ipv4";
        Narrowing.encapsulation(q + "/encapsulation", ipv4.encapsulation(), hw.ipv4.encapsulation());
        if (!supported()) {
            return;
        }
        Narrowing.atMost(q + "/maxOffLoadSize", ipv4.maxOffLoadSize(), hw.ipv4.maxOffLoadSize());
        Narrowing.atLeast(q + "/maxOffLoadSize", ipv4.maxOffLoadSize(), 1);
        Narrowing.atLeast(q + "/minSegmentCount", ipv4.minSegmentCount(), hw.ipv4.minSegmentCount());
        Narrowing.atMost(q + "/minSegmentCount", ipv4.minSegmentCount(), ipv4.maxOffLoadSize());
        Narrowing.bool(q + "/tcpOptions", ipv4.tcpOptions(), hw.ipv4.tcpOptions());
        Narrowing.bool(q + "/ipOptions", ipv4.ipOptions(), hw.ipv4.ipOptions());
    }
}
