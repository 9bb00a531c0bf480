package com.offloadnic.ipsec;

/**
 * {@code OFFLOAD_SECURITY_ASSOCIATION}: one IPsec operation of a v1 SA, without keys. An {@code AUTHENTICATE}
 * (AH) entry has an integrity algorithm and a confidentiality algorithm of zeros; an {@code ENCRYPT} (ESP) entry
 * may have either or both.
 *
 * @param operation          {@code Operation}: ESP for ENCRYPT, AH for AUTHENTICATE
 * @param spi                {@code SPI}, the 32 bits as on the wire
 * @param confAlgo           {@code ConfAlgo.algoIdentifier}
 * @param confKeyLength      {@code ConfAlgo.algoKeylen}: bytes of the confidentiality key in {@code KeyMat}
 * @param integrityAlgo      {@code IntegrityAlgo.algoIdentifier}
 * @param integrityKeyLength {@code IntegrityAlgo.algoKeylen}
 */
public record V1SecAssoc(IpsecOperation operation, int spi, V1ConfAlgorithm confAlgo, int confKeyLength,
        V1IntegrityAlgorithm integrityAlgo, int integrityKeyLength) {

    public V1SecAssoc {
        if (operation == null) {
            throw new IllegalArgumentException("operation is required");
        }
        if (confAlgo == null) {
            confAlgo = V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_NONE;
        }
        if (integrityAlgo == null) {
            integrityAlgo = V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_NONE;
        }
        if (confKeyLength < 0 || integrityKeyLength < 0) {
            throw new IllegalArgumentException("algoKeylen is negative");
        }
    }

    /** Bytes this entry takes of {@code KeyMat}: confidentiality key first, then integrity key. */
    public int keyMaterialLength() {
        return confKeyLength + integrityKeyLength;
    }
}
