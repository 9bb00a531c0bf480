package com.offloadnic.nic;

/** NDIS_OFFLOAD.Flags. */
public enum OffloadFlag {
    IPSEC_OFFLOAD_V2_AND_TCP_CHECKSUM_COEXISTENCE,
    IPSEC_OFFLOAD_V2_AND_UDP_CHECKSUM_COEXISTENCE
}
