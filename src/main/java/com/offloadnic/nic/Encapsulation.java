package com.offloadnic.nic;

/** The NDIS_ENCAPSULATION_* flags of the Encapsulation members; an empty set means NOT_SUPPORTED. */
public enum Encapsulation {
    NDIS_ENCAPSULATION_NULL,
    NDIS_ENCAPSULATION_IEEE_802_3,
    NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q,
    NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q_IN_OOB,
    NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED
}
