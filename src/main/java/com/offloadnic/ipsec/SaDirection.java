package com.offloadnic.ipsec;

/** The {@code IPSEC_OFFLOAD_V2_INBOUND} flag of {@code IPSEC_OFFLOAD_V2_ADD_SA}: set means inbound. */
public enum SaDirection {
    INBOUND,
    OUTBOUND
}
