package com.offloadnic.nic;

/**
 * The flags of NDIS_IPSEC_OFFLOAD_V1.Supported.Flags a miniport may set (the *_IKE ones are reserved for
 * internal use and not offered).
 */
public enum UdpEspV1Flag {
    IPSEC_TPT_UDPESP_ENCAPTYPE_OTHER,
    IPSEC_TUN_UDPESP_ENCAPTYPE_OTHER,
    IPSEC_TPTOVERTUN_UDPESP_ENCAPTYPE_OTHER,
    IPSEC_TPT_UDPESP_OVER_PURE_TUN_ENCAPTYPE_OTHER
}
