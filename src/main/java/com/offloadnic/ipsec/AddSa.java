package com.offloadnic.ipsec;

import com.offloadnic.crypto.SecretBytes;

/**
 * One {@code IPSEC_OFFLOAD_V2_ADD_SA} element of an {@code OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA} list
 * (NDIS 6.1/6.20): the bundle and its {@code KeyData}, which the algorithms' {@code keyOffsetBytes} and
 * {@code keyLength} address ({@code KeyLength} is {@code keyData.length()}).
 *
 * <p>Adding consumes the key data: the table copies out the keys it needs and destroys {@code keyData},
 * whether the bundle is offloaded or refused.
 */
public record AddSa(SaParameters parameters, SecretBytes keyData) {

    public AddSa {
        if (parameters == null) {
            throw new IllegalArgumentException("SA parameters are required");
        }
        if (keyData == null) {
            throw new IllegalArgumentException("keyData is required (may be empty)");
        }
    }
}
