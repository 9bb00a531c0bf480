package com.offloadnic.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Every ESP algorithm combination the transform supports, and random SAs and spans for them. */
record EspSuite(EncryptionAlgorithm enc, IntegrityAlgorithm integ, int icvLength, boolean esn) {

    static List<EspSuite> all() {
        var suites = new ArrayList<EspSuite>();
        for (boolean esn : new boolean[] {false, true}) {
            for (var enc : new EncryptionAlgorithm[] {EncryptionAlgorithm.AES_GCM_128, EncryptionAlgorithm.AES_GCM_192,
                    EncryptionAlgorithm.AES_GCM_256}) {
                for (int icv : new int[] {8, 12, 16}) {
                    suites.add(new EspSuite(enc, null, icv, esn));
                }
            }
            for (var gmac : new IntegrityAlgorithm[] {IntegrityAlgorithm.AES_GMAC_128, IntegrityAlgorithm.AES_GMAC_192,
                    IntegrityAlgorithm.AES_GMAC_256}) {
                suites.add(new EspSuite(EncryptionAlgorithm.NONE, gmac, 16, esn));
            }
            for (var enc : new EncryptionAlgorithm[] {EncryptionAlgorithm.AES_CBC_128, EncryptionAlgorithm.AES_CBC_192,
                    EncryptionAlgorithm.AES_CBC_256, EncryptionAlgorithm.DES_CBC, EncryptionAlgorithm.TRIPLE_DES_CBC}) {
                suites.add(new EspSuite(enc, null, 0, esn));
                for (var hmac : new IntegrityAlgorithm[] {IntegrityAlgorithm.MD5, IntegrityAlgorithm.SHA_1,
                        IntegrityAlgorithm.SHA_256}) {
                    suites.add(new EspSuite(enc, hmac, hmac.icvLength(), esn));
                }
            }
            for (var hmac : new IntegrityAlgorithm[] {IntegrityAlgorithm.MD5, IntegrityAlgorithm.SHA_1,
                    IntegrityAlgorithm.SHA_256}) {
                suites.add(new EspSuite(EncryptionAlgorithm.NONE, hmac, hmac.icvLength(), esn));
            }
        }
        return suites;
    }

    byte[] randomEncKey(Random random) {
        return enc == EncryptionAlgorithm.NONE ? null : randomBytes(random, enc.keyLength());
    }

    byte[] randomAuthKey(Random random) {
        return integ == null ? null : randomBytes(random, integ.keyLength());
    }

    EspTransform transform(byte[] encKey, byte[] authKey) {
        return EspTransform.create(enc, encKey == null ? null : SecretBytes.copyOf(encKey), integ,
                authKey == null ? null : SecretBytes.copyOf(authKey), icvLength, esn);
    }

    int ivLength() {
        return switch (enc.mode()) {
            case NULL -> integ.mode() == IntegrityAlgorithm.Mode.GMAC ? 8 : 0;
            default -> enc.ivLength();
        };
    }

    /** A plaintext span with random header, IV and payload whose encrypted part is {@code blocks}-aligned. */
    byte[] randomSpan(Random random, int payloadAtLeast) {
        int align = Math.max(enc.blockSize(), 4);
        int encrypted = (payloadAtLeast + 2 + align - 1) / align * align;
        byte[] span = randomBytes(random, 8 + ivLength() + encrypted + icvLength);
        span[0] |= 1; // SPI never 0
        for (int i = span.length - icvLength; i < span.length; i++) {
            span[i] = 0;
        }
        return span;
    }

    static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return enc + (integ == null ? "" : "+" + integ) + "/icv" + icvLength + (esn ? "/esn" : "");
    }
}
