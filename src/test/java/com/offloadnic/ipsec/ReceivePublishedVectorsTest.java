package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published ESP vectors (draft-mcgrew-gcm-test-01, RFC 4543 GMAC, RFC 3602 cases 5-8): receiving each
 * protected packet yields its plaintext, decrypted in place (SPEC section 7: the frame keeps its layout).
 */
class ReceivePublishedVectorsTest {

    private static final String VECTORS = "/com/offloadnic/crypto/published-esp-vectors.json";
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ETHERNET_IPV4 = HEX.parseHex("020000000002" + "020000000001" + "0800");

    @TestFactory
    Stream<DynamicTest> receive_publishedVector_decryptsToItsPlaintextInPlace() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream(VECTORS)) {
            root = JsonMapper.builder().build().readTree(in);
        }
        return StreamSupport.stream(root.get("vectors").spliterator(), false)
                .map(v -> DynamicTest.dynamicTest(v.get("id").asString(), () -> check(v)));
    }

    private static void check(JsonNode v) {
        byte[] packet = HEX.parseHex(v.get("protectedPacketHex").asString());
        byte[] plaintext = HEX.parseHex(v.get("plaintextPacketHex").asString());
        byte[] frame = concat(ETHERNET_IPV4, packet);
        long spi = v.get("spi").asLong();
        String enc = v.get("encAlgo").asString();
        byte[] key = concat(HEX.parseHex(v.get("encKeyHex").asString()), HEX.parseHex(v.get("saltHex").asString()));
        boolean tunnel = v.get("mode").asString().equals("tunnel");
        InboundSas sas;
        int ivLength;
        if (enc.startsWith("AES-CBC")) {
            // RFC 3602's vectors have no integrity: ADD_SA refuses that, so the transform is used directly
            TestInboundSas test = new TestInboundSas();
            test.add(tunnel ? SaMode.TUNNEL : SaMode.TRANSPORT, spi, EspTransform.create(
                    EncryptionAlgorithm.AES_CBC_128, SecretBytes.copyOf(key), null, null, 0, false), -1, null,
                    false, 0);
            sas = test;
            ivLength = 16;
        } else {
            SaTable table = new SaTable();
            InboundSaFixture.Entry entry = switch (enc) {
                case "AES-GMAC-128" -> InboundSaFixture.Entry.esp(spi, EncryptionAlgorithm.NONE, new byte[0],
                        IntegrityAlgorithm.AES_GMAC_128, key);
                case "AES-GCM-128" -> InboundSaFixture.Entry.esp(spi, EncryptionAlgorithm.AES_GCM_128, key, null,
                        null);
                case "AES-GCM-192" -> InboundSaFixture.Entry.esp(spi, EncryptionAlgorithm.AES_GCM_192, key, null,
                        null);
                case "AES-GCM-256" -> InboundSaFixture.Entry.esp(spi, EncryptionAlgorithm.AES_GCM_256, key, null,
                        null);
                default -> throw new IllegalArgumentException(enc);
            };
            if (v.get("esn").asBoolean()) {
                entry = entry.withEsn(v.get("esnHigh").asLong());
            }
            InboundSaFixture.add(table, IpVersion.IPV4, null, SaEmulation.DEFAULT, null, entry);
            sas = InboundSaFixture.inboundSas(table);
            ivLength = 8;
        }

        ReceiveIndication indication = ReceivePipeline.process(ReceiveSettings.fullV2(), sas, frame);

        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        assertThat(indication.cryptoDone()).isTrue();
        int ip = ETHERNET_IPV4.length;
        int payload = ip + (packet[0] & 0x0F) * 4 + 8 + ivLength;
        byte[] expectedPayload = tunnel ? plaintext
                : Arrays.copyOfRange(plaintext, (plaintext[0] & 0x0F) * 4, plaintext.length);
        byte[] out = indication.frame();
        assertThat(Arrays.copyOfRange(out, 0, payload)).as("headers and IV unchanged")
                .isEqualTo(Arrays.copyOfRange(frame, 0, payload));
        assertThat(Arrays.copyOfRange(out, payload, payload + expectedPayload.length)).as("plaintext in place")
                .isEqualTo(expectedPayload);
        int nextHeader = v.get("espNextHeader").asInt();
        int padLength = v.get("espPadLen").asInt();
        assertThat(indication.headerInfo()).isEqualTo(ReceiveIndication.HeaderInfo.of(nextHeader, padLength));
        int trailer = payload + expectedPayload.length + padLength;
        assertThat(out[trailer] & 0xFF).isEqualTo(padLength);
        assertThat(out[trailer + 1] & 0xFF).isEqualTo(nextHeader);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
