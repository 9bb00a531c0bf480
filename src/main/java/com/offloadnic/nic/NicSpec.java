package com.offloadnic.nic;

import java.util.Objects;

/**
 * What a NIC is created with.
 *
 * @param name         a label for humans, 1 to 64 printable characters
 * @param ndisVersion  the NDIS profile
 * @param capabilities hardware capabilities, the profile's full-featured default or a narrowing of it
 * @param mtu          largest IP packet the NIC sends or receives, {@value #MIN_MTU} to {@value #MAX_MTU}
 * @param macAddress   the NIC's station address
 */
public record NicSpec(String name, NdisVersion ndisVersion, NdisOffload capabilities, int mtu, MacAddress macAddress) {

    public static final int DEFAULT_MTU = 1500;
    /** The smallest datagram every IPv4 host must accept (RFC 791). */
    public static final int MIN_MTU = 576;
    /** Jumbo frames as common adapters offer them. */
    public static final int MAX_MTU = 9216;

    public NicSpec {
        Objects.requireNonNull(ndisVersion, "ndisVersion");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(macAddress, "macAddress");
        if (name != null && (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw NicException.invalid("/name", "name must be 1 to 64 printable ASCII characters");
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw NicException.invalid("/mtu", "mtu " + mtu + " is out of range (expected " + MIN_MTU + " to " + MAX_MTU + ")");
        }
        capabilities.requireWithin(NdisOffload.fullFeatured(ndisVersion));
    }
}
