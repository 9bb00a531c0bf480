package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;

import java.util.List;

/** Builders for SA requests in tests. Key bytes are a recognisable pattern so leaks are easy to spot. */
final class SaFixtures {

    static final IpAddress SRC = IpAddress.parse("192.0.2.1");
    static final IpAddress DST = IpAddress.parse("192.0.2.2");
    static final IpAddress DST6 = IpAddress.parse("2001:db8::2");

    private SaFixtures() {
    }

    static IpsecV2Limits full() {
        return IpsecV2Limits.fullFeatured(16);
    }

    /** {@code length} key bytes 0xC0, 0xC1, ... (never all-zero, easy to find in a dump). */
    static byte[] keyPattern(int length) {
        byte[] k = new byte[length];
        for (int i = 0; i < length; i++) {
            k[i] = (byte) (0xC0 + i);
        }
        return k;
    }

    static SecAssoc esp(int spi, EncryptionAlgorithm enc, IntegrityAlgorithm auth) {
        EncryptionAlgorithmInfo e = EncryptionAlgorithmInfo.of(enc, 0);
        IntegrityAlgorithmInfo a = auth == null ? null : IntegrityAlgorithmInfo.of(auth, enc.keyLength());
        return new SecAssoc(IpsecOperation.ESP, spi, e, a, false, 0);
    }

    static SecAssoc espGcm(int spi) {
        return esp(spi, EncryptionAlgorithm.AES_GCM_128, null);
    }

    static SecAssoc espCbcSha(int spi) {
        return esp(spi, EncryptionAlgorithm.AES_CBC_128, IntegrityAlgorithm.SHA_256);
    }

    static SecAssoc ah(int spi, IntegrityAlgorithm auth, int keyOffset) {
        return new SecAssoc(IpsecOperation.AH, spi, null, IntegrityAlgorithmInfo.of(auth, keyOffset), false, 0);
    }

    static SecAssoc withEsn(SecAssoc sa, int high) {
        return new SecAssoc(sa.operation(), sa.spi(), sa.encryptionAlgorithm(), sa.authenticationAlgorithm(), true, high);
    }

    static SaParameters params(SaDirection direction, IpAddress dst, SecAssoc... entries) {
        return new SaParameters(direction, dst.version(), IpAddress.unspecified(dst.version()), dst,
                UdpEspEncapsulation.NONE, List.of(entries), SaEmulation.DEFAULT);
    }

    static SaParameters inbound(SecAssoc... entries) {
        return params(SaDirection.INBOUND, DST, entries);
    }

    static SaParameters outbound(SecAssoc... entries) {
        return params(SaDirection.OUTBOUND, DST, entries);
    }

    /** Key data long enough for every algorithm the parameters name, filled with the pattern. */
    static int keyDataLength(SaParameters p) {
        int end = 0;
        for (SecAssoc sa : p.secAssoc()) {
            end = Math.max(end, sa.encryptionAlgorithm().keyOffsetBytes() + sa.encryptionAlgorithm().keyLength());
            if (sa.authenticationAlgorithm() != null) {
                end = Math.max(end, sa.authenticationAlgorithm().keyOffsetBytes() + sa.authenticationAlgorithm().keyLength());
            }
        }
        return end;
    }

    static AddSa addSa(SaParameters p) {
        return new AddSa(p, SecretBytes.copyOf(keyPattern(keyDataLength(p))));
    }

    static AddSa addSa(SaParameters p, int keyDataLength) {
        return new AddSa(p, SecretBytes.copyOf(keyPattern(keyDataLength)));
    }
}
