package com.offloadnic.ipsec;

/** IP version of an SA's endpoints: the {@code IPSEC_OFFLOAD_V2_IPv6} flag of {@code IPSEC_OFFLOAD_V2_ADD_SA}. */
public enum IpVersion {
    IPV4(4),
    IPV6(16);

    private final int addressLength;

    IpVersion(int addressLength) {
        this.addressLength = addressLength;
    }

    /** Bytes in an address of this version. */
    public int addressLength() {
        return addressLength;
    }
}
