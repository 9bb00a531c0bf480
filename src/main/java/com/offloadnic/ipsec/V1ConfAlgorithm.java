package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import java.util.Arrays;
import java.util.Optional;

/**
 * The confidentiality identifiers of IPsec offload v1 ({@code OFFLOAD_ALGO_INFO.algoIdentifier} of
 * {@code ConfAlgo}) and the transforms they name.
 */
public enum V1ConfAlgorithm {
    /** No confidentiality: ESP with null encryption (RFC 2410), or the "zeros" of an AH entry. */
    OFFLOAD_IPSEC_CONF_NONE(EncryptionAlgorithm.NONE),
    /** DES-CBC (RFC 2405). */
    OFFLOAD_IPSEC_CONF_DES(EncryptionAlgorithm.DES_CBC),
    /** 3DES-EDE-CBC (RFC 2451). */
    OFFLOAD_IPSEC_CONF_3_DES(EncryptionAlgorithm.TRIPLE_DES_CBC);

    private final EncryptionAlgorithm algorithm;

    V1ConfAlgorithm(EncryptionAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    public EncryptionAlgorithm algorithm() {
        return algorithm;
    }

    public static Optional<V1ConfAlgorithm> fromNdisName(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }
}
