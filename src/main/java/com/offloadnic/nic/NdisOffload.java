package com.offloadnic.nic;

import java.util.EnumSet;
import java.util.Set;

/**
 * NDIS_OFFLOAD: a NIC's hardware capabilities, or its current configuration (OID_TCP_OFFLOAD_CURRENT_CONFIG,
 * NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG). Exactly one of {@code ipsecOffloadV1} (NDIS 6.0) and
 * {@code ipsecOffloadV2} (NDIS 6.1 and later) is present.
 */
public record NdisOffload(ChecksumOffload checksum, LsoV1 lsoV1, IpsecOffloadV1 ipsecOffloadV1, LsoV2 lsoV2,
                          IpsecOffloadV2 ipsecOffloadV2, Set<OffloadFlag> flags) {

    public NdisOffload {
        if ((ipsecOffloadV1 == null) == (ipsecOffloadV2 == null)) {
            throw new IllegalArgumentException("exactly one of ipsecOffloadV1 and ipsecOffloadV2 must be present");
        }
        flags = Capabilities.immutable(flags, OffloadFlag.class);
    }

    /** The full-featured adapter of a profile: every offload the profile knows, with generous limits. */
    public static NdisOffload fullFeatured(NdisVersion version) {
        if (version.isIpsecV1()) {
            return new NdisOffload(ChecksumOffload.fullFeatured(), LsoV1.fullFeatured(), IpsecOffloadV1.fullFeatured(),
                    LsoV2.fullFeatured(), null, Set.of());
        }
        return new NdisOffload(ChecksumOffload.fullFeatured(), LsoV1.fullFeatured(), null, LsoV2.fullFeatured(),
                IpsecOffloadV2.fullFeatured(), EnumSet.allOf(OffloadFlag.class));
    }

    /**
     * Checks that these (requested) capabilities ask for nothing beyond {@code hardware}.
     *
     * @throws NicException of kind INVALID_FIELD naming the first field that asks for more
     */
    public void requireWithin(NdisOffload hardware) {
        String p = "/capabilities";
        checksum.requireWithin(hardware.checksum, p + "/checksum");
        lsoV1.requireWithin(hardware.lsoV1, p + "/lsoV1");
        lsoV2.requireWithin(hardware.lsoV2, p + "/lsoV2");
        if ((ipsecOffloadV1 == null) != (hardware.ipsecOffloadV1 == null)) {
            throw new NicException(NicException.Kind.WRONG_PROFILE,
                    p + (ipsecOffloadV1 != null ? "/ipsecOffloadV1" : "/ipsecOffloadV2"),
                    "NDIS 6.0 adapters have ipsecOffloadV1, NDIS 6.1 and later have ipsecOffloadV2");
        }
        if (ipsecOffloadV1 != null) {
            ipsecOffloadV1.requireWithin(hardware.ipsecOffloadV1, p + "/ipsecOffloadV1");
        } else {
            ipsecOffloadV2.requireWithin(hardware.ipsecOffloadV2, p + "/ipsecOffloadV2");
        }
        Narrowing.subset(p + "/flags", flags, hardware.flags);
    }
}
