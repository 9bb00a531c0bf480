package com.offloadnic.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link AhTransform} against BouncyCastle HMac and GCM-as-GMAC, fed in segments. */
class AhTransformTest {

    @ParameterizedTest
    @EnumSource(IntegrityAlgorithm.class)
    void icv_fedInSegments_equalsBouncyCastleOverTheConcatenation(IntegrityAlgorithm algorithm) throws Exception {
        var random = new Random(algorithm.ordinal());
        byte[] key = EspSuite.randomBytes(random, algorithm.keyLength());
        AhTransform ah = AhTransform.create(algorithm, SecretBytes.copyOf(key));
        for (int round = 0; round < 20; round++) {
            byte[] ipHeader = EspSuite.randomBytes(random, 20);
            byte[] ahHeader = EspSuite.randomBytes(random, 12 + ah.ivLength() + ah.icvLength());
            Arrays.fill(ahHeader, 12 + ah.ivLength(), ahHeader.length, (byte) 0);
            byte[] payload = EspSuite.randomBytes(random, random.nextInt(1500));
            int seqHigh = random.nextInt();
            byte[] all = BcReference.concat(ipHeader, ahHeader, payload, BcReference.be32(seqHigh));
            byte[] expected = algorithm.mode() == IntegrityAlgorithm.Mode.HMAC
                    ? BcReference.hmac(algorithm, key, all)
                    : BcReference.gcm(Arrays.copyOf(key, algorithm.macKeyLength()),
                            BcReference.concat(Arrays.copyOfRange(key, algorithm.macKeyLength(), key.length),
                                    Arrays.copyOfRange(ahHeader, 12, 20)), 16, all, new byte[0]);

            byte[] out = new byte[2 + ah.icvLength()];
            ah.start(ahHeader, 12).update(ipHeader, 0, 20).update(ahHeader, 0, ahHeader.length)
                    .update(payload, 0, payload.length).updateInt(seqHigh).writeIcv(out, 2);

            assertThat(Arrays.copyOfRange(out, 2, out.length)).isEqualTo(expected);
            assertThat(ah.start(ahHeader, 12).update(all, 0, all.length).verify(out, 2)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(IntegrityAlgorithm.class)
    void verify_anySingleBitFlippedInInputOrIcv_fails(IntegrityAlgorithm algorithm) {
        var random = new Random(100 + algorithm.ordinal());
        AhTransform ah = AhTransform.create(algorithm, SecretBytes.copyOf(EspSuite.randomBytes(random,
                algorithm.keyLength())));
        byte[] iv = EspSuite.randomBytes(random, 8);
        byte[] data = EspSuite.randomBytes(random, 48);
        byte[] icv = new byte[ah.icvLength()];
        ah.start(iv, 0).update(data, 0, data.length).writeIcv(icv, 0);

        for (int bit = 0; bit < data.length * 8; bit++) {
            byte[] mutated = data.clone();
            mutated[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(ah.start(iv, 0).update(mutated, 0, mutated.length).verify(icv, 0)).as("data bit %d", bit).isFalse();
        }
        for (int bit = 0; bit < icv.length * 8; bit++) {
            byte[] mutated = icv.clone();
            mutated[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(ah.start(iv, 0).update(data, 0, data.length).verify(mutated, 0)).as("icv bit %d", bit).isFalse();
        }
        if (algorithm.mode() == IntegrityAlgorithm.Mode.GMAC) {
            for (int bit = 0; bit < 64; bit++) {
                byte[] mutated = iv.clone();
                mutated[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThat(ah.start(mutated, 0).update(data, 0, data.length).verify(icv, 0)).as("iv bit %d", bit)
                        .isFalse();
            }
        }
        // The same IV verified again on this thread: JCE's reuse guard is handled.
        assertThat(ah.start(iv, 0).update(data, 0, data.length).verify(icv, 0)).isTrue();
        assertThat(ah.start(iv, 0).update(data, 0, data.length).verify(icv, 0)).isTrue();
    }

    @Test
    void hmacSha1_rfc2202TestCase2_truncatedTo96Bits() {
        // RFC 2202 section 3, test case 2: key "Jefe", data "what do ya want for nothing?".
        byte[] key = Arrays.copyOf("Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 20);
        // The SA key is 20 bytes; HMAC pads short keys with zeros, so "Jefe" || 16 zeros is the same key.
        AhTransform ah = AhTransform.create(IntegrityAlgorithm.SHA_1, SecretBytes.copyOf(key));
        byte[] data = "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] icv = new byte[12];

        ah.start().update(data, 0, data.length).writeIcv(icv, 0);

        assertThat(HexFormat.of().formatHex(icv)).isEqualTo("effcdf6ae5eb2fa2d27416d5");
    }

    @Test
    void start_gmacWithoutIv_isRefused() {
        AhTransform ah = AhTransform.create(IntegrityAlgorithm.AES_GMAC_128, SecretBytes.copyOf(new byte[20]));
        assertThatThrownBy(ah::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("IV");
    }

    @Test
    void create_wrongKeyLength_isRefused() {
        assertThatThrownBy(() -> AhTransform.create(IntegrityAlgorithm.AES_GMAC_256, SecretBytes.copyOf(new byte[32])))
                .hasMessage("AH key for AES_GMAC_256 is 32 bytes (expected 36)");
    }

    @Test
    void destroy_wipesKeyAndRefusesFurtherUse() {
        SecretBytes key = SecretBytes.copyOf(new byte[32]);
        AhTransform ah = AhTransform.create(IntegrityAlgorithm.SHA_256, key);
        ah.start().update(new byte[4], 0, 4).writeIcv(new byte[16], 0);

        ah.destroy();

        assertThat(key.isDestroyed()).isTrue();
        assertThat(ah.toString()).contains("redacted");
        assertThatThrownBy(ah::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writeIcv_withoutStart_isRefused() {
        AhTransform ah = AhTransform.create(IntegrityAlgorithm.MD5, SecretBytes.copyOf(new byte[16]));
        var c = ah.start();
        c.writeIcv(new byte[12], 0);
        assertThatThrownBy(() -> c.writeIcv(new byte[12], 0)).hasMessageContaining("call start first");
    }
}
