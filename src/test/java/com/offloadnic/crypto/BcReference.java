package com.offloadnic.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * An ESP/AH reference written directly from RFC 4303/4106/4543/4302 on BouncyCastle's primitives, with no
 * code shared with the transforms: the independent side of the cross-checks.
 */
final class BcReference {

    private BcReference() {
    }

    /** The protected ESP span for a plaintext span {@code SPI || Seq || IV || payload+trailer || ICV room}. */
    static byte[] seal(EncryptionAlgorithm enc, byte[] encKey, IntegrityAlgorithm integ, byte[] authKey,
            int icvLength, boolean esn, int seqHigh, byte[] span) throws Exception {
        int ivLength = enc.mode() == EncryptionAlgorithm.Mode.NULL
                ? (integ.mode() == IntegrityAlgorithm.Mode.GMAC ? 8 : 0) : enc.ivLength();
        byte[] header = Arrays.copyOfRange(span, 0, 8);
        byte[] iv = Arrays.copyOfRange(span, 8, 8 + ivLength);
        byte[] payload = Arrays.copyOfRange(span, 8 + ivLength, span.length - icvLength);
        byte[] out = span.clone();
        switch (enc.mode()) {
            case GCM -> {
                byte[] aad = esn ? concat(Arrays.copyOfRange(header, 0, 4), be32(seqHigh),
                        Arrays.copyOfRange(header, 4, 8)) : header;
                byte[] ct = gcm(Arrays.copyOf(encKey, enc.cipherKeyLength()),
                        concat(Arrays.copyOfRange(encKey, enc.cipherKeyLength(), encKey.length), iv),
                        icvLength, aad, payload);
                System.arraycopy(ct, 0, out, 8 + ivLength, ct.length);
            }
            case NULL -> {
                if (integ.mode() == IntegrityAlgorithm.Mode.GMAC) {
                    byte[] aad = esn ? concat(Arrays.copyOfRange(header, 0, 4), be32(seqHigh),
                            Arrays.copyOfRange(header, 4, 8), iv, payload) : concat(header, iv, payload);
                    byte[] tag = gcm(Arrays.copyOf(authKey, integ.macKeyLength()),
                            concat(Arrays.copyOfRange(authKey, integ.macKeyLength(), authKey.length), iv), 16, aad,
                            new byte[0]);
                    System.arraycopy(tag, 0, out, span.length - 16, 16);
                } else {
                    byte[] icv = hmac(integ, authKey, esn ? concat(header, payload, be32(seqHigh))
                            : concat(header, payload));
                    System.arraycopy(icv, 0, out, span.length - icvLength, icvLength);
                }
            }
            case CBC -> {
                byte[] ct = cbcEncrypt(enc, encKey, iv, payload);
                System.arraycopy(ct, 0, out, 8 + ivLength, ct.length);
                if (integ != null) {
                    byte[] covered = concat(header, iv, ct);
                    byte[] icv = hmac(integ, authKey, esn ? concat(covered, be32(seqHigh)) : covered);
                    System.arraycopy(icv, 0, out, span.length - icvLength, icvLength);
                }
            }
        }
        return out;
    }

    static byte[] gcm(byte[] key, byte[] nonce, int tagLength, byte[] aad, byte[] plaintext) throws Exception {
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), tagLength * 8, nonce, aad));
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        gcm.doFinal(out, n);
        return out;
    }

    static byte[] cbcEncrypt(EncryptionAlgorithm enc, byte[] key, byte[] iv, byte[] plaintext) {
        BlockCipher engine = switch (enc) {
            case DES_CBC -> new DESEngine();
            case TRIPLE_DES_CBC -> new DESedeEngine();
            default -> AESEngine.newInstance();
        };
        var cbc = CBCBlockCipher.newInstance(engine);
        cbc.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[plaintext.length];
        for (int i = 0; i < plaintext.length; i += cbc.getBlockSize()) {
            cbc.processBlock(plaintext, i, out, i);
        }
        return out;
    }

    static byte[] hmac(IntegrityAlgorithm integ, byte[] key, byte[] data) {
        Digest digest = switch (integ) {
            case MD5 -> new MD5Digest();
            case SHA_1 -> new SHA1Digest();
            case SHA_256 -> new SHA256Digest();
            default -> throw new IllegalArgumentException(integ.toString());
        };
        HMac mac = new HMac(digest);
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] full = new byte[mac.getMacSize()];
        mac.doFinal(full, 0);
        return Arrays.copyOf(full, integ.icvLength());
    }

    static byte[] be32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
