package com.offloadnic.ipsec;

import com.offloadnic.crypto.SecretBytes;

/**
 * The key material of one {@link SecAssoc} entry, copied out of the request's key data.
 *
 * @param encryptionKey     the confidentiality key (AES-GCM: AES key then 4-byte salt); null for null encryption
 * @param authenticationKey the integrity key (AES-GMAC: AES key then 4-byte salt); null when the entry has no
 *                          separate integrity algorithm (including AES-GCM)
 */
public record SecAssocKeys(SecretBytes encryptionKey, SecretBytes authenticationKey) {

    /** Zeroes both keys. */
    public void destroy() {
        if (encryptionKey != null) {
            encryptionKey.destroy();
        }
        if (authenticationKey != null) {
            authenticationKey.destroy();
        }
    }

    public boolean isDestroyed() {
        return (encryptionKey == null || encryptionKey.isDestroyed())
                && (authenticationKey == null || authenticationKey.isDestroyed());
    }
}
