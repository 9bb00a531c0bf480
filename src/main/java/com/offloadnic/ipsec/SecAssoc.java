package com.offloadnic.ipsec;

/**
 * {@code IPSEC_OFFLOAD_V2_SECURITY_ASSOCIATION}: one IPsec protocol of an SA bundle, without keys.
 *
 * <p>An AH entry carries its algorithm in {@code authenticationAlgorithm}; its {@code encryptionAlgorithm} is "zeros",
 * modelled as {@link EncryptionAlgorithmInfo#NONE} (a {@code null} is read as that). An ESP entry may carry an
 * encryption algorithm, an integrity algorithm or both; with AES-GCM (combined mode) {@code authenticationAlgorithm} is
 * absent or the matching {@code AUTHENTICATION_AES_GCM_*} with key length 0 (NDIS: "should not be used").
 *
 * @param operation               {@code Operation}: ESP or AH
 * @param spi                     {@code Spi}, the 32 bits as on the wire (compare unsigned)
 * @param encryptionAlgorithm     {@code EncryptionAlgorithm}; never null after construction
 * @param authenticationAlgorithm {@code AuthenticationAlgorithm} (integrity); null when absent
 * @param esn                     the {@code IPSEC_OFFLOAD_V2_ESN_SA} flag: extended sequence numbers
 * @param sequenceNumberHighOrder {@code SequenceNumberHighOrder}: the high 32 bits of the ESN (RFC 4303 2.2.1)
 */
public record SecAssoc(IpsecOperation operation, int spi, EncryptionAlgorithmInfo encryptionAlgorithm,
                       IntegrityAlgorithmInfo authenticationAlgorithm, boolean esn, int sequenceNumberHighOrder) {

    public SecAssoc {
        if (operation == null) {
            throw new IllegalArgumentException("secAssoc operation is required");
        }
        if (encryptionAlgorithm == null) {
            encryptionAlgorithm = EncryptionAlgorithmInfo.NONE;
        }
    }

    /** The SPI as the unsigned number it is. */
    public long spiUnsigned() {
        return spi & 0xFFFF_FFFFL;
    }

    /** The high-order ESN bits as an unsigned number. */
    public long sequenceNumberHighOrderUnsigned() {
        return sequenceNumberHighOrder & 0xFFFF_FFFFL;
    }

    public boolean hasIntegrity() {
        return authenticationAlgorithm != null;
    }

    /**
     * The ICV length in bytes that packets of this entry carry: AES-GCM's {@code additionalInfo}, else the
     * integrity algorithm's fixed length, else 0 (only possible for ESP with encryption and no integrity).
     */
    public int icvLength() {
        if (encryptionAlgorithm.identifier().isAead()) {
            return encryptionAlgorithm.additionalInfo();
        }
        return authenticationAlgorithm == null ? 0 : authenticationAlgorithm.identifier().icvLength();
    }

    @Override
    public String toString() {
        return "SecAssoc[" + operation + ", spi=0x" + Integer.toHexString(spi) + ", encryptionAlgorithm=" + encryptionAlgorithm
                + ", authenticationAlgorithm=" + authenticationAlgorithm + ", esn=" + esn + ", sequenceNumberHighOrder="
                + sequenceNumberHighOrderUnsigned() + "]";
    }
}
