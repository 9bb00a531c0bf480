package com.offloadnic.lso;

/** NDIS_TCP_LARGE_SEND_OFFLOAD_V1_TYPE (0) or NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE (1). */
public enum LsoType {
    V1,
    V2
}
