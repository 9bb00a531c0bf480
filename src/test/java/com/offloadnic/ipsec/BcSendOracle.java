package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import java.io.ByteArrayOutputStream;
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
 * An independent ESP/AH receiver written from RFC 4303, 4106, 4543 and 4302 over BouncyCastle's lightweight API
 * (no JCE, no production code): verifies the ICV and decrypts what the NIC sent, for what scapy cannot check.
 * Handles one SA (ESP or AH) right after a fixed IPv4/IPv6 header, transport or tunnel.
 */
final class BcSendOracle {

    private BcSendOracle() {
    }

    static void verify(byte[] frame, SendCases.Built sa, byte[] upper, boolean tunnel) {
        int ip = TransportFramer.ETH_HEADER;
        int version = (frame[ip] & 0xFF) >>> 4;
        int header = version == 4 ? 20 : 40;
        int end = ip + (version == 4 ? u16(frame, ip + 2) : 40 + u16(frame, ip + 4));
        int at = ip + header;
        byte[] plainPayload;
        if (sa.def.esp() != null) {
            plainPayload = openEsp(frame, at, end, sa);
        } else {
            plainPayload = verifyAh(frame, ip, header, at, end, sa);
        }
        byte[] expected = tunnel ? Arrays.copyOfRange(plainPayload, version == 4 ? 20 : 40, plainPayload.length)
                : plainPayload;
        assertThat(expected).as(sa.def + " payload").isEqualTo(upper);
    }

    private static byte[] openEsp(byte[] f, int esp, int end, SendCases.Built sa) {
        SendCases.EspAlg alg = sa.def.esp();
        assertThat(u32(f, esp)).isEqualTo(sa.espSpi);
        int iv = alg.ivLength();
        int icv = alg.icvLength();
        byte[] seqHigh = be32(sa.high);
        byte[] spiSeq = Arrays.copyOfRange(f, esp, esp + 8);
        byte[] ivBytes = Arrays.copyOfRange(f, esp + 8, esp + 8 + iv);
        byte[] body = Arrays.copyOfRange(f, esp + 8 + iv, end - icv);
        byte[] icvBytes = Arrays.copyOfRange(f, end - icv, end);
        byte[] plain;
        try {
            if (alg.enc().isAead()) {
                int keyLen = alg.enc().cipherKeyLength();
                byte[] nonce = concat(Arrays.copyOfRange(sa.encKey, keyLen, keyLen + 4), ivBytes);
                byte[] aad = sa.def.esn() ? concat(Arrays.copyOfRange(spiSeq, 0, 4), seqHigh,
                        Arrays.copyOfRange(spiSeq, 4, 8)) : spiSeq;
                GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
                gcm.init(false, new AEADParameters(new KeyParameter(sa.encKey, 0, keyLen), icv * 8, nonce, aad));
                byte[] in = concat(body, icvBytes);
                plain = new byte[gcm.getOutputSize(in.length)];
                int n = gcm.processBytes(in, 0, in.length, plain, 0);
                gcm.doFinal(plain, n);
            } else if (alg.gmac()) {
                int keyLen = alg.integ().macKeyLength();
                byte[] nonce = concat(Arrays.copyOfRange(sa.espAuthKey, keyLen, keyLen + 4), ivBytes);
                byte[] aad = concat(Arrays.copyOfRange(spiSeq, 0, 4), sa.def.esn() ? seqHigh : new byte[0],
                        Arrays.copyOfRange(spiSeq, 4, 8), ivBytes, body);
                GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
                gcm.init(true, new AEADParameters(new KeyParameter(sa.espAuthKey, 0, keyLen), 128, nonce, aad));
                byte[] tag = new byte[16];
                gcm.doFinal(tag, 0);
                assertThat(icvBytes).as("ESP-NULL-GMAC ICV").isEqualTo(tag);
                plain = body;
            } else {
                if (alg.integ() != null) {
                    byte[] macInput = concat(Arrays.copyOfRange(f, esp, end - icv),
                            sa.def.esn() ? seqHigh : new byte[0]);
                    HMac mac = new HMac(digest(alg.integ()));
                    mac.init(new KeyParameter(sa.espAuthKey));
                    mac.update(macInput, 0, macInput.length);
                    byte[] full = new byte[mac.getMacSize()];
                    mac.doFinal(full, 0);
                    assertThat(icvBytes).as("HMAC ICV").isEqualTo(Arrays.copyOf(full, icv));
                }
                if (alg.enc() == EncryptionAlgorithm.NONE) {
                    plain = body;
                } else {
                    CBCBlockCipher cbc = (CBCBlockCipher) CBCBlockCipher.newInstance(engine(alg.enc()));
                    cbc.init(false, new ParametersWithIV(new KeyParameter(sa.encKey), ivBytes));
                    plain = new byte[body.length];
                    for (int i = 0; i < body.length; i += cbc.getBlockSize()) {
                        cbc.processBlock(body, i, plain, i);
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError(sa.def + ": BouncyCastle rejects the frame: " + e, e);
        }
        int padLength = plain[plain.length - 2] & 0xFF;
        for (int i = 0; i < padLength; i++) {
            assertThat(plain[plain.length - 2 - padLength + i]).as("padding byte").isEqualTo((byte) (i + 1));
        }
        return Arrays.copyOf(plain, plain.length - 2 - padLength);
    }

    /** RFC 4543 section 5: AES-GMAC over the normalized IP header, AH (IV kept, ICV zeroed), payload, [ESN]. */
    private static byte[] verifyAh(byte[] f, int ip, int header, int ah, int end, SendCases.Built sa) {
        IntegrityAlgorithm alg = sa.def.ah();
        assertThat(alg.mode()).isEqualTo(IntegrityAlgorithm.Mode.GMAC);
        assertThat(u32(f, ah + 4)).isEqualTo(sa.ahSpi);
        int ahLength = ((f[ah + 1] & 0xFF) + 2) * 4;
        byte[] norm = Arrays.copyOfRange(f, ip, ip + header);
        if (header == 20) {
            norm[1] = 0;
            norm[6] = 0;
            norm[7] = 0;
            norm[8] = 0;
            norm[10] = 0;
            norm[11] = 0;
        } else {
            norm[0] &= (byte) 0xF0;
            norm[1] = 0;
            norm[2] = 0;
            norm[3] = 0;
            norm[7] = 0;
        }
        byte[] ahCopy = Arrays.copyOfRange(f, ah, ah + ahLength);
        Arrays.fill(ahCopy, 20, ahLength, (byte) 0);
        byte[] payload = Arrays.copyOfRange(f, ah + ahLength, end);
        byte[] aad = concat(norm, ahCopy, payload, sa.def.esn() ? be32(sa.high) : new byte[0]);
        int keyLen = alg.macKeyLength();
        byte[] nonce = concat(Arrays.copyOfRange(sa.ahKey, keyLen, keyLen + 4), Arrays.copyOfRange(f, ah + 12, ah + 20));
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(sa.ahKey, 0, keyLen), 128, nonce, aad));
        byte[] tag = new byte[16];
        try {
            gcm.doFinal(tag, 0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(Arrays.copyOfRange(f, ah + 20, ah + 36)).as("AH-GMAC ICV").isEqualTo(tag);
        return payload;
    }

    private static Digest digest(IntegrityAlgorithm a) {
        return switch (a) {
            case SHA_1 -> new SHA1Digest();
            case SHA_256 -> new SHA256Digest();
            case MD5 -> new MD5Digest();
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    private static BlockCipher engine(EncryptionAlgorithm e) {
        return switch (e) {
            case DES_CBC -> new DESEngine();
            case TRIPLE_DES_CBC -> new DESedeEngine();
            default -> AESEngine.newInstance();
        };
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) << 8 | b[o + 1] & 0xFF;
    }

    static long u32(byte[] b, int o) {
        return ((long) (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | b[o + 3] & 0xFF);
    }

    static byte[] be32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
