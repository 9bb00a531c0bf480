package com.offloadnic.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link EspTransform} against {@link BcReference} (BouncyCastle), for every algorithm, ICV length and ESN. */
class EspTransformTest {

    private static final int OFFSET = 5; // the ESP span never starts at 0 in a frame

    static List<EspSuite> suites() {
        return EspSuite.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void seal_randomSpans_matchesBouncyCastleByteForByte(EspSuite suite) throws Exception {
        var random = new Random(suite.toString().hashCode());
        for (int payload : new int[] {0, 1, 13, 64, 333, 1400}) {
            byte[] encKey = suite.randomEncKey(random);
            byte[] authKey = suite.randomAuthKey(random);
            int seqHigh = random.nextInt();
            byte[] span = suite.randomSpan(random, payload);
            byte[] expected = BcReference.seal(suite.enc(), encKey, suite.integ(), authKey, suite.icvLength(),
                    suite.esn(), seqHigh, span);
            EspTransform transform = suite.transform(encKey, authKey);

            byte[] buf = framed(span);
            transform.seal(buf, OFFSET, span.length, seqHigh);

            assertThat(Arrays.copyOfRange(buf, OFFSET, OFFSET + span.length)).as("payload %d", payload)
                    .isEqualTo(expected);
            assertThat(buf[OFFSET - 1]).isEqualTo((byte) 0x5a);
            assertThat(buf[OFFSET + span.length]).isEqualTo((byte) 0x5a);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void open_bouncyCastleSealedSpan_yieldsPlaintext(EspSuite suite) throws Exception {
        var random = new Random(~suite.toString().hashCode());
        for (int payload : new int[] {0, 7, 64, 1400}) {
            byte[] encKey = suite.randomEncKey(random);
            byte[] authKey = suite.randomAuthKey(random);
            int seqHigh = random.nextInt();
            byte[] span = suite.randomSpan(random, payload);
            byte[] sealed = BcReference.seal(suite.enc(), encKey, suite.integ(), authKey, suite.icvLength(),
                    suite.esn(), seqHigh, span);
            byte[] buf = framed(sealed);

            EspOpenResult result = suite.transform(encKey, authKey).open(buf, OFFSET, sealed.length, seqHigh);

            assertThat(result).isEqualTo(EspOpenResult.OK);
            int icvOffset = span.length - suite.icvLength();
            assertThat(Arrays.copyOfRange(buf, OFFSET, OFFSET + icvOffset)).isEqualTo(Arrays.copyOf(span, icvOffset));
            assertThat(Arrays.copyOfRange(buf, OFFSET + icvOffset, OFFSET + span.length))
                    .as("ICV left as received").isEqualTo(Arrays.copyOfRange(sealed, icvOffset, sealed.length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void open_anySingleBitFlippedInSpanOrSeqHigh_reportsAuthFailedAndLeavesBufferUnchanged(EspSuite suite)
            throws Exception {
        if (suite.integ() == null && !suite.enc().isAead()) {
            return; // CBC without integrity (RFC 3602 alone) has nothing to fail
        }
        var random = new Random(31 * suite.toString().hashCode());
        byte[] encKey = suite.randomEncKey(random);
        byte[] authKey = suite.randomAuthKey(random);
        int seqHigh = random.nextInt();
        byte[] sealed = BcReference.seal(suite.enc(), encKey, suite.integ(), authKey, suite.icvLength(),
                suite.esn(), seqHigh, suite.randomSpan(random, 21));
        EspTransform transform = suite.transform(encKey, authKey);

        int failures = 0;
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] mutated = sealed.clone();
            mutated[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] buf = framed(mutated);
            assertThat(transform.open(buf, OFFSET, mutated.length, seqHigh)).as("bit %d", bit)
                    .isEqualTo(EspOpenResult.AUTH_FAILED);
            assertThat(buf).isEqualTo(framed(mutated));
            failures++;
        }
        if (suite.esn()) {
            for (int bit = 0; bit < 32; bit++) {
                byte[] buf = framed(sealed);
                assertThat(transform.open(buf, OFFSET, sealed.length, seqHigh ^ (1 << bit))).as("seqHigh bit %d", bit)
                        .isEqualTo(EspOpenResult.AUTH_FAILED);
                failures++;
            }
        }
        byte[] buf = framed(sealed);
        assertThat(transform.open(buf, OFFSET, sealed.length, seqHigh)).isEqualTo(EspOpenResult.OK);
        assertThat(failures).isEqualTo(sealed.length * 8 + (suite.esn() ? 32 : 0));
    }

    @Test
    void open_withoutEsn_ignoresSeqHigh() throws Exception {
        var suite = new EspSuite(EncryptionAlgorithm.AES_CBC_128, IntegrityAlgorithm.SHA_1, 12, false);
        var random = new Random(7);
        byte[] encKey = suite.randomEncKey(random);
        byte[] authKey = suite.randomAuthKey(random);
        byte[] sealed = BcReference.seal(suite.enc(), encKey, suite.integ(), authKey, 12, false, 0,
                suite.randomSpan(random, 40));
        assertThat(suite.transform(encKey, authKey).open(framed(sealed), OFFSET, sealed.length, 12345))
                .isEqualTo(EspOpenResult.OK);
    }

    @Test
    void seal_cbcPayloadNotWholeBlocks_throwsAndLeavesBufferUnchanged() {
        EspTransform t = EspTransform.create(EncryptionAlgorithm.AES_CBC_128, SecretBytes.copyOf(new byte[16]),
                IntegrityAlgorithm.SHA_1, SecretBytes.copyOf(new byte[20]), 12, false);
        byte[] buf = new byte[8 + 16 + 20 + 12];
        Arrays.fill(buf, (byte) 3);
        byte[] before = buf.clone();

        assertThatThrownBy(() -> t.seal(buf, 0, buf.length, 0)).isInstanceOf(CryptoFormatException.class)
                .hasMessage("ESP payload of 20 bytes is not a multiple of the AES_CBC_128 block size 16");
        assertThat(buf).isEqualTo(before);
        assertThat(t.open(buf, 0, buf.length, 0)).isEqualTo(EspOpenResult.BAD_LENGTH);
    }

    @Test
    void seal_spanShorterThanHeaderIvTrailerAndIcv_throwsWithExpectedLength() {
        EspTransform t = EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(new byte[20]),
                null, null, 16, false);
        byte[] buf = new byte[33];

        assertThat(t.minEspLength()).isEqualTo(8 + 8 + 2 + 16);
        assertThatThrownBy(() -> t.seal(buf, 0, 33, 0)).isInstanceOf(CryptoFormatException.class)
                .hasMessage("ESP packet too short: 33 bytes (expected at least 34)");
        assertThat(t.open(buf, 0, 33, 0)).isEqualTo(EspOpenResult.BAD_LENGTH);
    }

    @Test
    void create_undefinedCombinationsAndWrongLengths_areRefusedWithoutKeyBytes() {
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f10111213");
        assertThatThrownBy(() -> EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(key),
                IntegrityAlgorithm.SHA_1, SecretBytes.copyOf(new byte[20]), 16, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(key),
                null, null, 10, false)).hasMessageContaining("expected 8, 12 or 16");
        assertThatThrownBy(() -> EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(new byte[16]),
                null, null, 16, false)).hasMessage("encryption key for AES_GCM_128 is 16 bytes (expected 20)");
        assertThatThrownBy(() -> EspTransform.create(EncryptionAlgorithm.AES_CBC_128, SecretBytes.copyOf(new byte[16]),
                IntegrityAlgorithm.AES_GMAC_128, SecretBytes.copyOf(key), 16, false))
                .hasMessageContaining("RFC 4543");
        assertThatThrownBy(() -> EspTransform.create(EncryptionAlgorithm.NONE, null, null, null, 0, false))
                .hasMessageContaining("neither encryption nor integrity");
        assertThatThrownBy(() -> EspTransform.create(EncryptionAlgorithm.NONE, null, IntegrityAlgorithm.SHA_256,
                SecretBytes.copyOf(new byte[32]), 12, false)).hasMessageContaining("expected 16");
    }

    @Test
    void toString_namesAlgorithmsButNeverKeyBytes() {
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0xab);
        EspTransform t = EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(key), null, null,
                16, true);
        assertThat(t.toString()).contains("AES_GCM_128").contains("redacted").doesNotContain("ab").doesNotContain("AB")
                .doesNotContain("-85");
    }

    @Test
    void destroy_wipesSourceKeysAndRefusesFurtherUse() {
        SecretBytes encKey = SecretBytes.copyOf(new byte[16]);
        SecretBytes authKey = SecretBytes.copyOf(new byte[20]);
        EspTransform t = EspTransform.create(EncryptionAlgorithm.AES_CBC_128, encKey, IntegrityAlgorithm.SHA_1,
                authKey, 12, false);
        byte[] buf = new byte[8 + 16 + 32 + 12];
        t.seal(buf, 0, buf.length, 0);

        t.destroy();

        assertThat(encKey.isDestroyed()).isTrue();
        assertThat(authKey.isDestroyed()).isTrue();
        assertThat(t.isDestroyed()).isTrue();
        assertThatThrownBy(() -> t.seal(buf, 0, buf.length, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> t.open(buf, 0, buf.length, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void seal_sameGcmIvTwiceOnOneThread_reinitialisesAndGivesTheSameBytes() throws Exception {
        // SunJCE refuses key+IV reuse for encryption on one Cipher; a replayed vector must still seal.
        var suite = new EspSuite(EncryptionAlgorithm.AES_GCM_128, null, 16, false);
        var random = new Random(3);
        byte[] key = suite.randomEncKey(random);
        byte[] span = suite.randomSpan(random, 100);
        EspTransform t = suite.transform(key, null);
        byte[] first = span.clone();
        byte[] second = span.clone();

        t.seal(first, 0, first.length, 0);
        t.seal(second, 0, second.length, 0);

        assertThat(second).isEqualTo(first).isEqualTo(BcReference.seal(suite.enc(), key, null, null, 16, false, 0, span));
    }

    @Test
    void writeIv_gcmWritesTheSixtyFourBitSequenceNumber() {
        EspTransform t = EspTransform.create(EncryptionAlgorithm.AES_GCM_256, SecretBytes.copyOf(new byte[36]), null,
                null, 16, true);
        byte[] buf = HexFormat.of().parseHex("0000432100000007" + "0000000000000000");

        t.writeIv(buf, 0, 0x87654321);

        assertThat(HexFormat.of().formatHex(buf, 8, 16)).isEqualTo("8765432100000007");
    }

    @Test
    void writeIv_cbcWritesFreshRandomBlocks() {
        EspTransform t = EspTransform.create(EncryptionAlgorithm.AES_CBC_128, SecretBytes.copyOf(new byte[16]),
                IntegrityAlgorithm.SHA_1, SecretBytes.copyOf(new byte[20]), 12, false);
        var seen = new java.util.HashSet<String>();
        byte[] buf = new byte[24];
        for (int i = 0; i < 1000; i++) {
            t.writeIv(buf, 0, 0);
            seen.add(HexFormat.of().formatHex(buf, 8, 24));
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void sealAndOpen_fromManyThreadsAtOnce_eachMatchesBouncyCastle() throws Exception {
        var suites = List.of(new EspSuite(EncryptionAlgorithm.AES_GCM_128, null, 12, true),
                new EspSuite(EncryptionAlgorithm.AES_CBC_256, IntegrityAlgorithm.SHA_256, 16, true));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (EspSuite suite : suites) {
                var random = new Random(11);
                byte[] encKey = suite.randomEncKey(random);
                byte[] authKey = suite.randomAuthKey(random);
                EspTransform shared = suite.transform(encKey, authKey);
                List<Callable<Boolean>> jobs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    byte[] span = suite.randomSpan(random, random.nextInt(1500));
                    int seqHigh = random.nextInt();
                    byte[] expected = BcReference.seal(suite.enc(), encKey, suite.integ(), authKey,
                            suite.icvLength(), true, seqHigh, span);
                    jobs.add(() -> {
                        byte[] buf = span.clone();
                        shared.seal(buf, 0, buf.length, seqHigh);
                        boolean sealedRight = Arrays.equals(buf, expected);
                        boolean opened = shared.open(buf, 0, buf.length, seqHigh) == EspOpenResult.OK;
                        int icvOffset = span.length - suite.icvLength();
                        return sealedRight && opened && Arrays.equals(buf, 0, icvOffset, span, 0, icvOffset);
                    });
                }
                for (Future<Boolean> f : pool.invokeAll(jobs)) {
                    assertThat(f.get()).isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] framed(byte[] span) {
        byte[] buf = new byte[OFFSET + span.length + 3];
        Arrays.fill(buf, (byte) 0x5a);
        System.arraycopy(span, 0, buf, OFFSET, span.length);
        return buf;
    }
}
