package com.offloadnic.ipsec;

import java.util.Arrays;
import java.util.Optional;

/** The {@code NDIS_STATUS_*} values the SA OIDs complete with. */
public enum NdisStatus {
    SUCCESS("NDIS_STATUS_SUCCESS"),
    FAILURE("NDIS_STATUS_FAILURE"),
    INVALID_PARAMETER("NDIS_STATUS_INVALID_PARAMETER");

    private final String ndisName;

    NdisStatus(String ndisName) {
        this.ndisName = ndisName;
    }

    /** The NDIS identifier, e.g. {@code NDIS_STATUS_INVALID_PARAMETER}. */
    public String ndisName() {
        return ndisName;
    }

    public static Optional<NdisStatus> fromNdisName(String name) {
        return Arrays.stream(values()).filter(v -> v.ndisName.equals(name)).findFirst();
    }
}
