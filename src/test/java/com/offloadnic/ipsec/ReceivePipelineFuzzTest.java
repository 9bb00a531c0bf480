package com.offloadnic.ipsec;

import static com.offloadnic.ipsec.ReceiveFrames.espSpan;
import static com.offloadnic.ipsec.ReceiveFrames.ipv4;
import static com.offloadnic.ipsec.ReceiveFrames.ipv6;
import static com.offloadnic.ipsec.ReceiveFrames.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.InboundSaFixture.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the receive pipeline (the inject path below HTTP) against a table of real inbound SAs:
 * ESP-GCM and ESP-CBC/HMAC over IPv4 and IPv6, UDP-encapsulated ESP, AH, and an AH+ESP bundle. Whatever the frame,
 * {@link ReceivePipeline#process} must return an indication without throwing, leave its input untouched, keep the
 * frame's length, and indicate a frame it did not decrypt exactly as it arrived. The first input byte picks which
 * capabilities the NIC has, so the "not offloaded" branches are fuzzed too.
 *
 * <p>Corpus: {@code src/test/resources/com/offloadnic/ipsec/ReceivePipelineFuzzTestInputs/receiveFrame/}, seeded by
 * {@link #main} with the valid frames of {@link #seeds()}.
 */
class ReceivePipelineFuzzTest {

    private static final long SPI = 0x5005;
    private static final byte[] GCM_KEY = filled(20, 7);
    private static final byte[] CBC_KEY = filled(16, 3);
    private static final byte[] HMAC_KEY = filled(20, 9);
    private static final SaTable TABLE = new SaTable();
    private static final SaTableInboundSas SAS = InboundSaFixture.inboundSas(TABLE);

    static {
        InboundSaFixture.add(TABLE, IpVersion.IPV4, null, SaEmulation.DEFAULT, null,
                Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        InboundSaFixture.add(TABLE, IpVersion.IPV4, null, SaEmulation.DEFAULT, UdpEspEncapsulationType.TRANSPORT,
                Entry.esp(SPI + 1, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        InboundSaFixture.add(TABLE, IpVersion.IPV4, null, SaEmulation.DEFAULT, null,
                Entry.ah(SPI + 2, IntegrityAlgorithm.SHA_1, HMAC_KEY));
        InboundSaFixture.add(TABLE, IpVersion.IPV6, null, new SaEmulation(IvSource.GENERATE, SaMode.TUNNEL, 0, 0),
                null, Entry.esp(SPI + 3, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        InboundSaFixture.add(TABLE, IpVersion.IPV4, null, SaEmulation.DEFAULT, null,
                Entry.esp(SPI + 4, EncryptionAlgorithm.AES_CBC_128, CBC_KEY, IntegrityAlgorithm.SHA_1, HMAC_KEY)
                        .withEsn(1));
        InboundSaFixture.add(TABLE, IpVersion.IPV4, null, SaEmulation.DEFAULT, null,
                Entry.esp(SPI + 5, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null),
                Entry.ah(SPI + 6, IntegrityAlgorithm.SHA_256, filled(32, 4)));
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** Capability sets the first input byte chooses among: bit i switches capability i off. */
    private static ReceiveSettings settings(int selector) {
        boolean[] on = new boolean[12];
        Arrays.fill(on, true);
        // only the low bits matter; 0 is the full-featured adapter the seeds use
        for (int i = 0; i < 8; i++) {
            if ((selector & (1 << i)) != 0) {
                on[i == 0 ? 0 : i + 1] = false; // never headerInfo (index 1): v2 always sets it
            }
        }
        return new ReceiveSettings(on[0], true, on[2], on[3], on[4], on[5], on[6], on[7], on[8], true, true, true);
    }

    @FuzzTest
    void receiveFrame(byte[] data) {
        if (data.length == 0) {
            return;
        }
        ReceiveSettings settings = settings(data[0] & 0xFF);
        byte[] frame = Arrays.copyOfRange(data, 1, data.length);
        byte[] original = frame.clone();
        ReceiveIndication indication = ReceivePipeline.process(settings, SAS, frame);
        assertThat(frame).as("the input is not modified").isEqualTo(original);
        assertThat(indication.frame()).as("the indicated frame keeps its length").hasSize(frame.length);
        if (!indication.cryptoDone()) {
            assertThat(indication.frame()).as("not decrypted: indicated as it arrived").isEqualTo(frame);
        } else if (indication.cryptoStatus() != CryptoStatus.CRYPTO_SUCCESS) {
            assertThat(indication.frame()).as("a failed check: indicated as it arrived").isEqualTo(frame);
        }
    }

    @Test
    void seeds_areValidFramesEachSaDecrypts() {
        for (byte[] seed : seeds()) {
            ReceiveIndication indication = ReceivePipeline.process(ReceiveSettings.fullV2(), SAS, seed);
            assertThat(indication.cryptoDone()).isTrue();
            assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        }
    }

    /** One valid frame per SA above. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        EspTransform gcm = EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(GCM_KEY), null,
                null, 16, false);
        seeds.add(ipv4(50, new byte[0], espSpan(gcm, SPI, 1, 0, payload(48), 6), false));
        seeds.add(ipv4(50, new byte[0], espSpan(gcm, SPI + 1, 1, 0, payload(20), 17), true));
        seeds.add(ipv4(50, new byte[] {1, 1, 1, 0}, espSpan(gcm, SPI, 2, 0, payload(8), 6), false));
        byte[] inner = Arrays.copyOfRange(ipv6(6, new byte[0], payload(24), false), 14, 14 + 64);
        seeds.add(ipv6(50, new byte[0], espSpan(gcm, SPI + 3, 1, 0, inner, 41), false));
        EspTransform cbc = EspTransform.create(EncryptionAlgorithm.AES_CBC_128, SecretBytes.copyOf(CBC_KEY),
                IntegrityAlgorithm.SHA_1, SecretBytes.copyOf(HMAC_KEY), 12, true);
        seeds.add(ipv4(50, new byte[0], espSpan(cbc, SPI + 4, 5, 1, payload(33), 17), false));
        byte[] ah = ByteBuffer.allocate(24 + 30).put((byte) 6).put((byte) 4).putShort((short) 0)
                .putInt((int) (SPI + 2)).putInt(1).array();
        byte[] ahFrame = ipv4(51, new byte[0], ah, false);
        AhIcvCalculator.writeIcv(AhTransform.create(IntegrityAlgorithm.SHA_1, SecretBytes.copyOf(HMAC_KEY)), ahFrame,
                14, 34, ahFrame.length, false, 0);
        seeds.add(ahFrame);
        byte[] espSpan = espSpan(gcm, SPI + 5, 1, 0, payload(16), 6);
        byte[] bundle = ByteBuffer.allocate(28 + espSpan.length).put((byte) 50).put((byte) 5).putShort((short) 0)
                .putInt((int) (SPI + 6)).putInt(1).put(new byte[16]).put(espSpan).array();
        byte[] bundleFrame = ipv4(51, new byte[0], bundle, false);
        AhIcvCalculator.writeIcv(AhTransform.create(IntegrityAlgorithm.SHA_256, SecretBytes.copyOf(filled(32, 4))),
                bundleFrame, 14, 34, bundleFrame.length, false, 0);
        seeds.add(bundleFrame);
        return seeds;
    }

    /** Writes the seed corpus (run once from the repository root; the files are committed). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src/test/resources/com/offloadnic/ipsec/ReceivePipelineFuzzTestInputs/receiveFrame");
        Files.createDirectories(dir);
        int i = 0;
        for (byte[] seed : seeds()) {
            byte[] input = new byte[seed.length + 1];
            System.arraycopy(seed, 0, input, 1, seed.length);
            Files.write(dir.resolve("seed-" + i++), input);
        }
    }
}
