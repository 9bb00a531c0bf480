package com.offloadnic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published ESP vectors of shared/vectors (draft-mcgrew-gcm-test-01 section 4, RFC 3602 section 4
 * cases 5-8): with the published IV, {@code seal} of the plaintext ESP span reproduces the published ESP
 * bytes, and {@code open} of those bytes gives the plaintext back.
 */
class PublishedEspVectorsTest {

    /** A copy of shared/vectors/published-esp-vectors.json, so the test runs wherever the repository does. */
    static final String VECTORS = "published-esp-vectors.json";
    private static final HexFormat HEX = HexFormat.of();

    /** One vector reduced to what the ESP transform sees. */
    record Vector(String id, EncryptionAlgorithm enc, byte[] encKey, IntegrityAlgorithm integ, byte[] authKey,
            int icvLength, boolean esn, int seqHigh, byte[] plaintextSpan, byte[] protectedSpan) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Vector> vectors() throws Exception {
        JsonNode root = JsonMapper.builder().build().readTree(PublishedEspVectorsTest.class.getResourceAsStream(VECTORS));
        var out = new ArrayList<Vector>();
        for (JsonNode v : root.get("vectors")) {
            if (!"ESP".equals(v.get("protocol").asString()) || !"none".equals(v.get("encapsulation").asString())
                    || v.get("ipVersion").asInt() != 4 || !"ok".equals(v.get("expectedResult").asString())) {
                continue;
            }
            out.add(toVector(v));
        }
        return out;
    }

    private static Vector toVector(JsonNode v) {
        String algo = v.get("encAlgo").asString();
        byte[] keyAndSalt = HEX.parseHex(v.get("encKeyHex").asString() + v.get("saltHex").asString());
        EncryptionAlgorithm enc;
        IntegrityAlgorithm integ = null;
        byte[] encKey = keyAndSalt;
        byte[] authKey = null;
        if (algo.startsWith("AES-GMAC-")) {
            // ENCR_NULL_AUTH_AES_GMAC (RFC 4543 section 3): key || salt is the GMAC keying material.
            enc = EncryptionAlgorithm.NONE;
            integ = IntegrityAlgorithm.valueOf("AES_GMAC_" + algo.substring("AES-GMAC-".length()));
            encKey = null;
            authKey = keyAndSalt;
        } else {
            enc = EncryptionAlgorithm.valueOf(algo.replace('-', '_'));
        }
        if (!"NONE".equals(v.get("authAlgo").asString())) {
            throw new IllegalStateException(v.get("id").asString() + ": separate integrity not covered here");
        }
        byte[] wire = HEX.parseHex(v.get("protectedPacketHex").asString());
        byte[] inner = HEX.parseHex(v.get("plaintextPacketHex").asString());
        int outerHeaderLength = ipv4HeaderLength(wire);
        byte[] protectedSpan = Arrays.copyOfRange(wire, outerHeaderLength, wire.length);

        // Transport: the ESP payload is what followed the IP header; tunnel: the whole inner packet.
        byte[] payload = "tunnel".equals(v.get("mode").asString()) ? inner
                : Arrays.copyOfRange(inner, ipv4HeaderLength(inner), inner.length);
        byte[] padding = HEX.parseHex(v.get("espPaddingHex").asString());
        int icvLength = v.get("icvLen").asInt();
        byte[] iv = HEX.parseHex(v.get("ivHex").asString());
        byte[] plaintextSpan = BcReference.concat(Arrays.copyOf(protectedSpan, 8), iv, payload, padding,
                new byte[] {(byte) v.get("espPadLen").asInt(), (byte) v.get("espNextHeader").asInt()},
                new byte[icvLength]);
        assertThat(plaintextSpan.length).as("%s: rebuilt span length", v.get("id").asString())
                .isEqualTo(protectedSpan.length);
        assertThat(Jce.getInt(protectedSpan, 0)).isEqualTo(v.get("spi").asInt());
        assertThat(Jce.getInt(protectedSpan, 4)).isEqualTo((int) v.get("seq").asLong());
        return new Vector(v.get("id").asString(), enc, encKey, integ, authKey, icvLength, v.get("esn").asBoolean(),
                (int) v.get("esnHigh").asLong(), plaintextSpan, protectedSpan);
    }

    /** IHL * 4 of the IPv4 header at the start of {@code packet}. */
    private static int ipv4HeaderLength(byte[] packet) {
        assertThat(packet[0] >>> 4).as("IPv4 version").isEqualTo(4);
        return (packet[0] & 0x0f) * 4;
    }

    private static EspTransform transform(Vector v) {
        return EspTransform.create(v.enc(), v.encKey() == null ? null : SecretBytes.copyOf(v.encKey()), v.integ(),
                v.authKey() == null ? null : SecretBytes.copyOf(v.authKey()), v.icvLength(), v.esn());
    }

    @Test
    void vectorFile_coversGcmGmacAndCbc() throws Exception {
        var algorithms = vectors().stream().map(v -> v.integ() != null ? v.integ().name() : v.enc().name()).distinct();
        assertThat(algorithms).contains("AES_GCM_128", "AES_GCM_192", "AES_GCM_256", "AES_GMAC_128", "AES_CBC_128");
        assertThat(vectors()).hasSize(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void seal_publishedPlaintextWithPublishedIv_reproducesPublishedEspBytes(Vector v) {
        byte[] buf = v.plaintextSpan().clone();

        transform(v).seal(buf, 0, buf.length, v.seqHigh());

        assertThat(HEX.formatHex(buf)).isEqualTo(HEX.formatHex(v.protectedSpan()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void open_publishedEspBytes_yieldsPublishedPlaintext(Vector v) {
        byte[] buf = v.protectedSpan().clone();

        assertThat(transform(v).open(buf, 0, buf.length, v.seqHigh())).isEqualTo(EspOpenResult.OK);

        int end = buf.length - v.icvLength();
        assertThat(HEX.formatHex(buf, 0, end)).isEqualTo(HEX.formatHex(v.plaintextSpan(), 0, end));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void open_publishedEspBytesWithWrongSeqHigh_failsOnlyWhenEsnEntersTheIcv(Vector v) {
        byte[] buf = v.protectedSpan().clone();
        EspOpenResult result = transform(v).open(buf, 0, buf.length, v.seqHigh() + 1);
        assertThat(result).isEqualTo(v.esn() ? EspOpenResult.AUTH_FAILED : EspOpenResult.OK);
    }
}
