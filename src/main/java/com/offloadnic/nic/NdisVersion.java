package com.offloadnic.nic;

import java.util.Arrays;
import java.util.Optional;

/**
 * The NDIS profile a NIC is created with. It decides the IPsec offload version (v1 in NDIS 6.0, v2 from
 * 6.1) and, within v2, whether SAs are added with ADD_SA (6.1, 6.20) or ADD_SA_EX (6.30).
 */
public enum NdisVersion {
    NDIS_6_0("6.0", 1),
    NDIS_6_1("6.1", 2),
    NDIS_6_20("6.20", 2),
    NDIS_6_30("6.30", 2);

    private final String label;
    private final int ipsecOffloadVersion;

    NdisVersion(String label, int ipsecOffloadVersion) {
        this.label = label;
        this.ipsecOffloadVersion = ipsecOffloadVersion;
    }

    /** "6.0", "6.1", "6.20" or "6.30". */
    public String label() {
        return label;
    }

    /** 1 for NDIS_IPSEC_OFFLOAD_V1, 2 for NDIS_IPSEC_OFFLOAD_V2. */
    public int ipsecOffloadVersion() {
        return ipsecOffloadVersion;
    }

    public boolean isIpsecV1() {
        return ipsecOffloadVersion == 1;
    }

    /** NDIS 6.30 adds SAs one bundle at a time with OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA_EX. */
    public boolean usesAddSaEx() {
        return this == NDIS_6_30;
    }

    public static Optional<NdisVersion> fromLabel(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
    }
}
