package com.offloadnic.ipsec;

import static com.offloadnic.ipsec.ReceiveFrames.espSpan;
import static com.offloadnic.ipsec.ReceiveFrames.ipv4;
import static com.offloadnic.ipsec.ReceiveFrames.ipv6;
import static com.offloadnic.ipsec.ReceiveFrames.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.InboundSaFixture.Entry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Frames that are not Ethernet, truncated anywhere, or lie about their lengths never break processing: each is
 * indicated, with its own bytes when the NIC left it alone and with its length kept in every case.
 */
class ReceiveHostileFramesTest {

    private static final long SPI = 0x2002;
    private static final byte[] GCM_KEY = new byte[20];
    private static final byte[] HMAC_KEY = new byte[20];

    private final SaTable table = new SaTable();
    private final SaTableInboundSas sas = InboundSaFixture.inboundSas(table);
    private final List<byte[]> seeds = new ArrayList<>();

    ReceiveHostileFramesTest() {
        Arrays.fill(GCM_KEY, (byte) 7);
        Arrays.fill(HMAC_KEY, (byte) 9);
        InboundSaFixture.add(table, IpVersion.IPV4, null, SaEmulation.DEFAULT, null,
                Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        InboundSaFixture.add(table, IpVersion.IPV4, null, SaEmulation.DEFAULT, UdpEspEncapsulationType.TRANSPORT,
                Entry.esp(SPI + 1, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        InboundSaFixture.add(table, IpVersion.IPV4, null, SaEmulation.DEFAULT, null,
                Entry.ah(SPI + 2, IntegrityAlgorithm.SHA_1, HMAC_KEY));
        InboundSaFixture.add(table, IpVersion.IPV6, null, new SaEmulation(IvSource.GENERATE, SaMode.TUNNEL, 0, 0),
                null, Entry.esp(SPI + 3, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        EspTransform gcm = EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(GCM_KEY), null,
                null, 16, false);
        seeds.add(ipv4(50, new byte[0], espSpan(gcm, SPI, 1, 0, payload(48), 6), false));
        seeds.add(ipv4(50, new byte[0], espSpan(gcm, SPI + 1, 1, 0, payload(20), 17), true));
        byte[] inner = Arrays.copyOfRange(ipv6(6, new byte[0], payload(24), false), 14, 14 + 64);
        seeds.add(ipv6(50, new byte[0], espSpan(gcm, SPI + 3, 1, 0, inner, 41), false));
        byte[] ah = ByteBuffer.allocate(24 + 30).put((byte) 6).put((byte) 4).putShort((short) 0)
                .putInt((int) (SPI + 2)).putInt(1).array();
        byte[] ahFrame = ipv4(51, new byte[0], ah, false);
        AhIcvCalculator.writeIcv(AhTransform.create(IntegrityAlgorithm.SHA_1, SecretBytes.copyOf(HMAC_KEY)), ahFrame,
                14, 34, ahFrame.length, false, 0);
        seeds.add(ahFrame);
        for (byte[] seed : seeds) {
            assertThat(receive(seed).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        }
    }

    private ReceiveIndication receive(byte[] frame) {
        return ReceivePipeline.process(ReceiveSettings.fullV2(), sas, frame);
    }

    private void assertIndicated(byte[] frame) {
        byte[] original = frame.clone();
        ReceiveIndication indication = receive(frame);
        assertThat(frame).as("the input is not modified").isEqualTo(original);
        assertThat(indication.frame()).hasSize(frame.length);
        if (!indication.cryptoDone()) {
            assertThat(indication.frame()).isEqualTo(frame);
            assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        } else if (indication.cryptoStatus() != CryptoStatus.CRYPTO_SUCCESS) {
            assertThat(indication.frame()).as("a failed portion is indicated as it arrived").isEqualTo(frame);
        }
    }

    @Test
    void receive_truncatedAtEveryOffset_isIndicated() {
        for (byte[] seed : seeds) {
            for (int length = 0; length <= seed.length; length++) {
                assertIndicated(Arrays.copyOf(seed, length));
            }
        }
    }

    @Test
    void receive_truncatedEspWithConsistentIpLength_reportsInvalidPacketSyntax() {
        byte[] seed = seeds.get(0);
        for (int length = 14 + 20 + 4; length < seed.length - 16; length++) {
            byte[] cut = Arrays.copyOf(seed, length);
            ByteBuffer.wrap(cut).putShort(14 + 2, (short) (length - 14));
            ReceiveIndication indication = receive(cut);
            assertThat(indication.cryptoStatus()).as("length %d", length)
                    .isIn(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX, CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED);
            assertThat(indication.frame()).isEqualTo(cut);
        }
    }

    @Test
    void receive_lyingLengthFields_areIndicated() {
        for (byte[] seed : seeds) {
            boolean v4 = (seed[14] & 0xF0) == 0x40;
            for (int value = 0; value <= 0xFFFF; value += 7) {
                byte[] f = seed.clone();
                ByteBuffer.wrap(f).putShort(14 + (v4 ? 2 : 4), (short) value); // total / payload length
                assertIndicated(f);
            }
            for (int ihl = 0; ihl < 16; ihl++) {
                byte[] f = seed.clone();
                f[14] = (byte) ((f[14] & 0xF0) | ihl);
                assertIndicated(f);
            }
            int l4 = 14 + (v4 ? 20 : 40);
            for (int value = 0; value < 256; value++) {
                byte[] f = seed.clone();
                f[l4 + 1] = (byte) value; // AH payload length; UDP/ESP bytes for the others
                assertIndicated(f);
                byte[] g = seed.clone();
                g[l4 + 4] = (byte) value; // UDP length high byte; SPI byte for ESP/AH
                assertIndicated(g);
                byte[] h = seed.clone();
                h[l4 + 5] = (byte) value;
                assertIndicated(h);
            }
        }
    }

    @Test
    void receive_randomCorruption_isIndicated() {
        Random random = new Random(10);
        for (int i = 0; i < 20_000; i++) {
            byte[] f = seeds.get(i % seeds.size()).clone();
            int flips = 1 + random.nextInt(4);
            for (int j = 0; j < flips; j++) {
                f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                f = Arrays.copyOf(f, random.nextInt(f.length + 1));
            }
            assertIndicated(f);
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            assertIndicated(junk);
        }
    }
}
