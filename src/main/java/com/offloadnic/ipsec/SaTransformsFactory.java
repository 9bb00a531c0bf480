package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;

/** Builds the {@link SaTransforms} of an offloaded SA bundle from its parameters and keys. */
public final class SaTransformsFactory {

    private SaTransformsFactory() {
    }

    public static SaTransforms build(SaEntry entry) {
        EspTransform esp = null;
        AhTransform ah = null;
        int espIndex = entry.indexOf(IpsecOperation.ESP);
        if (espIndex >= 0) {
            SecAssoc sa = entry.secAssoc(espIndex);
            SecAssocKeys keys = entry.keys(espIndex);
            EncryptionAlgorithm encryption = sa.encryptionAlgorithm().identifier();
            // a combined-mode cipher makes its own ICV: an AUTHENTICATION_AES_GCM_* beside it is not used
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
}
