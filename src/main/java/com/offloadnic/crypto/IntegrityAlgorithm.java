package com.offloadnic.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * The authentication transforms of {@code IPSEC_OFFLOAD_V2_ALGORITHM_INFO.Identifier}, for ESP and AH.
 *
 * <p>HMACs are truncated as RFC 2403 (MD5-96), RFC 2404 (SHA1-96) and RFC 4868 (SHA-256-128) say.
 * The NDIS {@code AES_GCM_*} authentication identifiers denote AES-GMAC (RFC 4543): their keying
 * material is the AES key followed by a 4-byte salt, and they carry an 8-byte explicit IV.
 */
public enum IntegrityAlgorithm {
    MD5("IPSEC_OFFLOAD_V2_AUTHENTICATION_MD5", Mode.HMAC, "HmacMD5", 16, 0, 12),
    SHA_1("IPSEC_OFFLOAD_V2_AUTHENTICATION_SHA_1", Mode.HMAC, "HmacSHA1", 20, 0, 12),
    SHA_256("IPSEC_OFFLOAD_V2_AUTHENTICATION_SHA_256", Mode.HMAC, "HmacSHA256", 32, 0, 16),
    AES_GMAC_128("IPSEC_OFFLOAD_V2_AUTHENTICATION_AES_GCM_128", Mode.GMAC, "AES", 16, 4, 16),
    AES_GMAC_192("IPSEC_OFFLOAD_V2_AUTHENTICATION_AES_GCM_192", Mode.GMAC, "AES", 24, 4, 16),
    AES_GMAC_256("IPSEC_OFFLOAD_V2_AUTHENTICATION_AES_GCM_256", Mode.GMAC, "AES", 32, 4, 16);

    /** How the transform computes its ICV. */
    public enum Mode { HMAC, GMAC }

    private final String ndisName;
    private final Mode mode;
    private final String jcaName;
    private final int macKeyLength;
    private final int saltLength;
    private final int icvLength;

    IntegrityAlgorithm(String ndisName, Mode mode, String jcaName, int macKeyLength, int saltLength, int icvLength) {
        this.ndisName = ndisName;
        this.mode = mode;
        this.jcaName = jcaName;
        this.macKeyLength = macKeyLength;
        this.saltLength = saltLength;
        this.icvLength = icvLength;
    }

    /** The NDIS identifier, e.g. {@code IPSEC_OFFLOAD_V2_AUTHENTICATION_SHA_256}. */
    public String ndisName() { return ndisName; }

    public Mode mode() { return mode; }

    /** The JCA algorithm name of the MAC ({@code HmacSHA256}) or block cipher ({@code AES}). */
    public String jcaName() { return jcaName; }

    /** Bytes of keying material the SA must carry (MAC key plus salt). */
    public int keyLength() { return macKeyLength + saltLength; }

    public int macKeyLength() { return macKeyLength; }

    public int saltLength() { return saltLength; }

    /** Bytes of explicit IV this transform puts in the packet (GMAC: 8), 0 for HMACs. */
    public int ivLength() { return mode == Mode.GMAC ? 8 : 0; }

    /** Default (and for HMACs, the only) ICV length in bytes. */
    public int icvLength() { return icvLength; }

    public static Optional<IntegrityAlgorithm> fromNdisName(String name) {
        return Arrays.stream(values()).filter(a -> a.ndisName.equals(name)).findFirst();
    }
}
