package com.offloadnic.ipsec;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code IPSEC_OFFLOAD_V2_OPERATION}: which IPsec protocol one {@code SecAssoc} entry of a bundle serves.
 */
public enum IpsecOperation {
    /** {@code IPsecOffloadV2Ah}: Authentication Header, RFC 4302, IP protocol 51. */
    AH("IPsecOffloadV2Ah", 51),
    /** {@code IPsecOffloadV2Esp}: Encapsulating Security Payload, RFC 4303, IP protocol 50. */
    ESP("IPsecOffloadV2Esp", 50);

    private final String ndisName;
    private final int ipProtocol;

    IpsecOperation(String ndisName, int ipProtocol) {
        this.ndisName = ndisName;
        this.ipProtocol = ipProtocol;
    }

    /** The NDIS enumerator name, e.g. {@code IPsecOffloadV2Esp}. */
    public String ndisName() {
        return ndisName;
    }

    /** The IP protocol number (next header value) of this protocol's header. */
    public int ipProtocol() {
        return ipProtocol;
    }

    public static Optional<IpsecOperation> fromNdisName(String name) {
        return Arrays.stream(values()).filter(v -> v.ndisName.equals(name)).findFirst();
    }
}
