package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;

/**
 * The crypto transforms of one SA bundle: the ESP transform and/or the AH transform, built once from the SA's
 * keys (key schedules and per-thread {@code Cipher}/{@code Mac} objects live inside them) and shared by the
 * send and receive paths.
 *
 * <p>{@link #destroy()} wipes every key copy, including the SA's own {@code SecretBytes}: call it exactly when
 * the SA is deleted (see {@link SaTransformCache#destroy(long)}), never to "rebuild".
 *
 * @param esp the ESP transform, or null for an AH-only bundle
 * @param ah  the AH transform, or null for an ESP-only bundle
 */
public record SaTransforms(EspTransform esp, AhTransform ah) implements AutoCloseable {

    public SaTransforms {
        if (esp == null && ah == null) {
            throw new IllegalArgumentException("an SA bundle needs an ESP or an AH transform");
        }
    }

    /**
     * Builds the transforms of an SA table entry from its parameters and keys. With AES-GCM an
     * {@code AUTHENTICATION_AES_GCM_*} entry beside it is ignored: the combined mode makes its own ICV.
     *
     * @throws IllegalArgumentException when the crypto layer refuses the combination (the SA validator refuses
     *     such bundles first); the message never contains key bytes
     */
    public static SaTransforms build(SaEntry entry) {
        EspTransform esp = null;
        AhTransform ah = null;
        int espIndex = entry.indexOf(IpsecOperation.ESP);
        if (espIndex >= 0) {
            SecAssoc sa = entry.secAssoc(espIndex);
            SecAssocKeys keys = entry.keys(espIndex);
            EncryptionAlgorithm encryption = sa.encryptionAlgorithm().identifier();
            IntegrityAlgorithm integrity = encryption.isAead() || sa.authenticationAlgorithm() == null ? null
                    : sa.authenticationAlgorithm().identifier();
            esp = EspTransform.create(encryption, keys.encryptionKey(), integrity,
                    integrity == null ? null : keys.authenticationKey(), sa.icvLength(), sa.esn());
        }
        int ahIndex = entry.indexOf(IpsecOperation.AH);
        if (ahIndex >= 0) {
            SecAssoc sa = entry.secAssoc(ahIndex);
            ah = AhTransform.create(sa.authenticationAlgorithm().identifier(), entry.keys(ahIndex).authenticationKey());
        }
        return new SaTransforms(esp, ah);
    }

    /** Same as {@link #destroy()}, so an SA table entry can hold the transforms as a closing attachment. */
    @Override
    public void close() {
        destroy();
    }

    public boolean hasEsp() {
        return esp != null;
    }

    public boolean hasAh() {
        return ah != null;
    }

    /** Wipes the keys of both transforms; later use fails. */
    public void destroy() {
        if (esp != null) {
            esp.destroy();
        }
        if (ah != null) {
            ah.destroy();
        }
    }

    @Override
    public String toString() {
        return "SaTransforms[esp=" + esp + ", ah=" + ah + "]";
    }
}
