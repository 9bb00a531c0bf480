package com.offloadnic.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * The ESP confidentiality transforms of {@code IPSEC_OFFLOAD_V2_ALGORITHM_INFO.Identifier}
 * (and the DES/3DES subset used by IPsec offload v1).
 *
 * <p>{@link #keyLength()} is the length of the keying material the SA carries: for AES-GCM this is
 * the AES key followed by the 4-byte salt of RFC 4106 section 8.1.
 */
public enum EncryptionAlgorithm {
    /** ESP with null encryption (RFC 2410): payload in clear, integrity from the authentication algorithm. */
    NONE("IPSEC_OFFLOAD_V2_ENCRYPTION_NONE", Mode.NULL, 0, 0, 0, 1),
    /** DES-CBC (RFC 2405): 8-byte key, 8-byte explicit IV. */
    DES_CBC("IPSEC_OFFLOAD_V2_ENCRYPTION_DES_CBC", Mode.CBC, 8, 0, 8, 8),
    /** 3DES-EDE-CBC (RFC 2451): 24-byte key, 8-byte explicit IV. */
    TRIPLE_DES_CBC("IPSEC_OFFLOAD_V2_ENCRYPTION_3_DES_CBC", Mode.CBC, 24, 0, 8, 8),
    /** AES-CBC (RFC 3602). */
    AES_CBC_128("IPSEC_OFFLOAD_V2_ENCRYPTION_AES_CBC_128", Mode.CBC, 16, 0, 16, 16),
    AES_CBC_192("IPSEC_OFFLOAD_V2_ENCRYPTION_AES_CBC_192", Mode.CBC, 24, 0, 16, 16),
    AES_CBC_256("IPSEC_OFFLOAD_V2_ENCRYPTION_AES_CBC_256", Mode.CBC, 32, 0, 16, 16),
    /** AES-GCM combined mode (RFC 4106): key || 4-byte salt, 8-byte explicit IV. */
    AES_GCM_128("IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_128", Mode.GCM, 16, 4, 8, 1),
    AES_GCM_192("IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_192", Mode.GCM, 24, 4, 8, 1),
    AES_GCM_256("IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_256", Mode.GCM, 32, 4, 8, 1);

    /** How the transform uses its key and IV. */
    public enum Mode { NULL, CBC, GCM }

    private final String ndisName;
    private final Mode mode;
    private final int cipherKeyLength;
    private final int saltLength;
    private final int ivLength;
    private final int blockSize;

    EncryptionAlgorithm(String ndisName, Mode mode, int cipherKeyLength, int saltLength, int ivLength, int blockSize) {
        this.ndisName = ndisName;
        this.mode = mode;
        this.cipherKeyLength = cipherKeyLength;
        this.saltLength = saltLength;
        this.ivLength = ivLength;
        this.blockSize = blockSize;
    }

    /** The NDIS identifier, e.g. {@code IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_128}. */
    public String ndisName() { return ndisName; }

    public Mode mode() { return mode; }

    /** Bytes of keying material the SA must carry (cipher key plus salt). */
    public int keyLength() { return cipherKeyLength + saltLength; }

    /** Bytes of the block cipher key alone. */
    public int cipherKeyLength() { return cipherKeyLength; }

    /** Bytes of implicit salt after the cipher key (RFC 4106), 0 where none. */
    public int saltLength() { return saltLength; }

    /** Bytes of explicit IV carried in each ESP packet. */
    public int ivLength() { return ivLength; }

    /** The cipher's block size; ESP pads plaintext to a multiple of max(this, 4). */
    public int blockSize() { return blockSize; }

    /** Combined-mode (AEAD) transforms produce the ICV themselves. */
    public boolean isAead() { return mode == Mode.GCM; }

    public static Optional<EncryptionAlgorithm> fromNdisName(String name) {
        return Arrays.stream(values()).filter(a -> a.ndisName.equals(name)).findFirst();
    }
}
