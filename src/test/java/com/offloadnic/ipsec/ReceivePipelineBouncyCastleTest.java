package com.offloadnic.ipsec;

import static com.offloadnic.ipsec.ReceiveFrames.ipv4;
import static com.offloadnic.ipsec.ReceiveFrames.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.ipsec.InboundSaFixture.Entry;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/**
 * Where scapy cannot encrypt (ORACLES.md: ESN with a non-AEAD ESP integrity algorithm, AES-GMAC in ESP and AH),
 * packets are built with BouncyCastle straight from RFC 4303 section 3.3.2.2, RFC 4543 sections 3 and 5 and
 * RFC 4302 section 3.3.3, and the NIC must receive them.
 */
class ReceivePipelineBouncyCastleTest {

    private static final long ESN_HIGH = 0x0000_0003L;
    private final Random random = new Random(4543);
    private final SaTable table = new SaTable();
    private final SaTableInboundSas sas = InboundSaFixture.inboundSas(table);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private ReceiveIndication receive(byte[] frame) {
        return ReceivePipeline.process(ReceiveSettings.fullV2(), sas, frame);
    }

    /** ESP AES-CBC + HMAC with the ESN high bits appended to the ICV input (RFC 4303 section 3.3.2.2). */
    private byte[] espCbcHmacEsn(long spi, int seqLow, byte[] encKey, byte[] authKey, HMac mac, int icvLength,
            byte[] plaintext, int nextHeader) {
        int padLength = Math.floorMod(-(plaintext.length + 2), 16);
        byte[] clear = new byte[plaintext.length + padLength + 2];
        System.arraycopy(plaintext, 0, clear, 0, plaintext.length);
        for (int i = 1; i <= padLength; i++) {
            clear[plaintext.length + i - 1] = (byte) i;
        }
        clear[clear.length - 2] = (byte) padLength;
        clear[clear.length - 1] = (byte) nextHeader;
        byte[] iv = bytes(16);
        CBCBlockCipher cbc = (CBCBlockCipher) CBCBlockCipher.newInstance(AESEngine.newInstance());
        cbc.init(true, new ParametersWithIV(new KeyParameter(encKey), iv));
        byte[] cipher = new byte[clear.length];
        for (int i = 0; i < clear.length; i += 16) {
            cbc.processBlock(clear, i, cipher, i);
        }
        ByteBuffer esp = ByteBuffer.allocate(8 + 16 + cipher.length + icvLength);
        esp.putInt((int) spi).putInt(seqLow).put(iv).put(cipher);
        mac.init(new KeyParameter(authKey));
        mac.update(esp.array(), 0, esp.position());
        byte[] high = ByteBuffer.allocate(4).putInt((int) ESN_HIGH).array();
        mac.update(high, 0, 4);
        byte[] full = new byte[mac.getMacSize()];
        mac.doFinal(full, 0);
        esp.put(full, 0, icvLength);
        return esp.array();
    }

    @Test
    void receive_espCbcHmacWithEsn_builtByBouncyCastle_decrypts() {
        record Hmac(IntegrityAlgorithm algorithm, HMac mac, int keyLength, int icvLength) {
        }
        Hmac[] hmacs = {new Hmac(IntegrityAlgorithm.SHA_256, new HMac(SHA256Digest.newInstance()), 32, 16),
                new Hmac(IntegrityAlgorithm.SHA_1, new HMac(new SHA1Digest()), 20, 12),
                new Hmac(IntegrityAlgorithm.MD5, new HMac(new MD5Digest()), 16, 12)};
        long spi = 0x3000;
        for (Hmac h : hmacs) {
            byte[] encKey = bytes(16);
            byte[] authKey = bytes(h.keyLength());
            InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                    Entry.esp(spi, EncryptionAlgorithm.AES_CBC_128, encKey, h.algorithm(), authKey).withEsn(ESN_HIGH));
            byte[] plaintext = payload(45);
            byte[] frame = ipv4(50, new byte[0],
                    espCbcHmacEsn(spi, 0x100, encKey, authKey, h.mac(), h.icvLength(), plaintext, 17), false);
            ReceiveIndication indication = receive(frame);
            assertThat(indication.cryptoStatus()).as(h.algorithm().name()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
            int at = 14 + 20 + 8 + 16;
            assertThat(Arrays.copyOfRange(indication.frame(), at, at + 45)).isEqualTo(plaintext);
            assertThat(indication.headerInfo()).isEqualTo(ReceiveIndication.HeaderInfo.of(17, 1));
            spi++;
        }
    }

    private static byte[] gmacTag(byte[] keyAndSalt, byte[] iv, byte[]... aad) {
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        byte[] nonce = new byte[12];
        System.arraycopy(keyAndSalt, 16, nonce, 0, 4);
        System.arraycopy(iv, 0, nonce, 4, 8);
        gcm.init(true, new AEADParameters(new KeyParameter(Arrays.copyOf(keyAndSalt, 16)), 128, nonce));
        for (byte[] a : aad) {
            gcm.processAADBytes(a, 0, a.length);
        }
        byte[] tag = new byte[16];
        try {
            gcm.doFinal(tag, 0);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        return tag;
    }

    @Test
    void receive_espNullGmacWithEsn_builtByBouncyCastle_verifies() {
        long spi = 0x4000;
        byte[] key = bytes(20);
        InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                Entry.esp(spi, EncryptionAlgorithm.NONE, new byte[0], IntegrityAlgorithm.AES_GMAC_128, key)
                        .withEsn(ESN_HIGH));
        byte[] iv = bytes(8);
        byte[] plaintext = payload(30);
        // payload, 0 bytes of padding (30 + 2 is 4-aligned), pad length, next header
        byte[] trailer = {0, 6};
        byte[] aad = ByteBuffer.allocate(12).putInt((int) spi).putInt((int) ESN_HIGH).putInt(9).array();
        byte[] tag = gmacTag(key, iv, aad, iv, plaintext, trailer);
        byte[] esp = ByteBuffer.allocate(8 + 8 + 32 + 16).putInt((int) spi).putInt(9).put(iv).put(plaintext)
                .put(trailer).put(tag).array();
        byte[] frame = ipv4(50, new byte[0], esp, false);
        ReceiveIndication indication = receive(frame);
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        assertThat(indication.frame()).isEqualTo(frame);
        assertThat(indication.headerInfo()).isEqualTo(ReceiveIndication.HeaderInfo.of(6, 0));
        frame[frame.length - 20] ^= 1; // a payload byte
        assertThat(receive(frame).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED);
    }

    @Test
    void receive_aesGcmWithShortIcv_builtByBouncyCastle_decrypts() throws Exception {
        long spi = 0x4100;
        for (int icvLength : new int[] {8, 12}) {
            byte[] key = bytes(20);
            InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                    new Entry(IpsecOperation.ESP, spi, EncryptionAlgorithm.AES_GCM_128, key, icvLength, null, null,
                            false, 0));
            byte[] iv = bytes(8);
            byte[] plaintext = payload(26); // + pad length + next header = 28, 4-aligned
            byte[] clear = ReceivePipelineTest.concat(plaintext, new byte[] {0, 17});
            byte[] header = ByteBuffer.allocate(8).putInt((int) spi).putInt(5).array();
            GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
            byte[] nonce = ReceivePipelineTest.concat(Arrays.copyOfRange(key, 16, 20), iv);
            gcm.init(true, new AEADParameters(new KeyParameter(Arrays.copyOf(key, 16)), icvLength * 8, nonce));
            gcm.processAADBytes(header, 0, 8);
            byte[] sealed = new byte[gcm.getOutputSize(clear.length)];
            int n = gcm.processBytes(clear, 0, clear.length, sealed, 0);
            gcm.doFinal(sealed, n);
            byte[] frame = ipv4(50, new byte[0], ReceivePipelineTest.concat(ReceivePipelineTest.concat(header, iv),
                    sealed), false);
            ReceiveIndication indication = receive(frame);
            assertThat(indication.cryptoStatus()).as("ICV %d", icvLength).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
            int at = 14 + 20 + 16;
            assertThat(Arrays.copyOfRange(indication.frame(), at, at + 26)).isEqualTo(plaintext);
            frame[frame.length - 1] ^= 1;
            assertThat(receive(frame).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED);
            spi++;
        }
    }

    @Test
    void receive_ahGmac_builtByBouncyCastle_verifies() {
        long spi = 0x5000;
        byte[] key = bytes(20);
        InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                Entry.ah(spi, IntegrityAlgorithm.AES_GMAC_128, key).withEsn(ESN_HIGH));
        byte[] iv = bytes(8);
        byte[] upper = payload(28);
        // AH: next header, payload length (36 / 4 - 2 = 7), reserved, SPI, Seq, IV, ICV (zeroed for the AAD)
        ByteBuffer ah = ByteBuffer.allocate(36).put((byte) 6).put((byte) 7).putShort((short) 0).putInt((int) spi)
                .putInt(77).put(iv);
        byte[] frame = ipv4(51, new byte[0], ReceivePipelineTest.concat(ah.array(), upper), false);
        // the IP header as the receiver predicts it: TOS, flags/offset, TTL and checksum zero (RFC 4302 3.3.3.1)
        byte[] ip = Arrays.copyOfRange(frame, 14, 34);
        ip[1] = 0;
        ip[6] = 0;
        ip[7] = 0;
        ip[8] = 0;
        ip[10] = 0;
        ip[11] = 0;
        byte[] high = ByteBuffer.allocate(4).putInt((int) ESN_HIGH).array();
        byte[] tag = gmacTag(key, iv, ip, ah.array(), upper, high);
        System.arraycopy(tag, 0, frame, 34 + 20, 16);
        ReceiveIndication indication = receive(frame);
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        assertThat(indication.cryptoDone()).isTrue();
        assertThat(indication.frame()).isEqualTo(frame);
        assertThat(indication.headerInfo().headerInfoSet()).isFalse();
        frame[frame.length - 1] ^= 1;
        assertThat(receive(frame).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_AH_AUTH_FAILED);
    }
}
