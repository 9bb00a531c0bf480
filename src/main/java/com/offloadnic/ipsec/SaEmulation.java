package com.offloadnic.ipsec;

/**
 * What the emulator offers on an SA beyond NDIS (the {@code emulation} object of the API).
 *
 * @param ivSource        who writes the IV on send; null reads as {@link IvSource#GENERATE}
 * @param mode            the SA's mode when the rig states it, null to take it from the UDP-ESP type or from
 *                        each packet (SPEC section 4)
 * @param lifetimePackets packets after which the NIC asks for deletion ({@code saDeleteReq}); 0 = no limit
 * @param lifetimeBytes   bytes (of IP packets sent or received over the SA) after which it asks; 0 = no limit
 * @param allowConfidentialityOnly accept ESP with an encryption algorithm and no integrity (RFC 4303 section
 *                        3.2 allows it; NDIS transports never ask for it, so it is refused unless the rig opts in,
 *                        e.g. to replay the RFC 3602 vectors)
 */
public record SaEmulation(IvSource ivSource, SaMode mode, long lifetimePackets, long lifetimeBytes,
        boolean allowConfidentialityOnly) {

    /** NIC-generated IVs, mode from the packets, no lifetime. */
    public static final SaEmulation DEFAULT = new SaEmulation(IvSource.GENERATE, null, 0, 0);

    /** The NDIS behaviour: ESP without integrity is refused. */
    public SaEmulation(IvSource ivSource, SaMode mode, long lifetimePackets, long lifetimeBytes) {
        this(ivSource, mode, lifetimePackets, lifetimeBytes, false);
    }

    public SaEmulation {
        if (ivSource == null) {
            ivSource = IvSource.GENERATE;
        }
        if (lifetimePackets < 0) {
            throw new IllegalArgumentException("emulation.lifetimePackets is negative: " + lifetimePackets);
        }
        if (lifetimeBytes < 0) {
            throw new IllegalArgumentException("emulation.lifetimeBytes is negative: " + lifetimeBytes);
        }
    }
}
