package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.testing.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receive test cases encrypted by scapy (src/test/resources/oracles/scapy_receive_cases.py): every case is one
 * packet of one or two IPsec layers, with the wire frame and the frame the NIC must indicate.
 */
public final class ScapyReceiveCases {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    /**
     * One IPsec layer as scapy names it.
     *
     * @param crypt scapy's name: NULL, AES-CBC, AES-GCM, DES, 3DES ("NULL" for AH)
     * @param auth  scapy's name: HMAC-SHA1-96, SHA2-256-128, HMAC-MD5-96, or NULL (AES-GCM)
     */
    public record Layer(String proto, String mode, long spi, long seq, Long esnHigh, String crypt, byte[] cryptKey,
            String auth, byte[] authKey, int icvLen, boolean udpEncap) {

        EncryptionAlgorithm encryption() {
            return switch (crypt) {
                case "NULL" -> EncryptionAlgorithm.NONE;
                case "DES" -> EncryptionAlgorithm.DES_CBC;
                case "3DES" -> EncryptionAlgorithm.TRIPLE_DES_CBC;
                case "AES-CBC" -> switch (cryptKey.length) {
                    case 16 -> EncryptionAlgorithm.AES_CBC_128;
                    case 24 -> EncryptionAlgorithm.AES_CBC_192;
                    default -> EncryptionAlgorithm.AES_CBC_256;
                };
                case "AES-GCM" -> switch (cryptKey.length) {
                    case 20 -> EncryptionAlgorithm.AES_GCM_128;
                    case 28 -> EncryptionAlgorithm.AES_GCM_192;
                    default -> EncryptionAlgorithm.AES_GCM_256;
                };
                default -> throw new IllegalArgumentException(crypt);
            };
        }

        IntegrityAlgorithm integrity() {
            return switch (auth) {
                case "NULL" -> null;
                case "HMAC-SHA1-96" -> IntegrityAlgorithm.SHA_1;
                case "SHA2-256-128" -> IntegrityAlgorithm.SHA_256;
                case "HMAC-MD5-96" -> IntegrityAlgorithm.MD5;
                default -> throw new IllegalArgumentException(auth);
            };
        }

        boolean esn() {
            return esnHigh != null;
        }

        EspTransform espTransform() {
            IntegrityAlgorithm integrity = integrity();
            return EspTransform.create(encryption(), SecretBytes.copyOf(cryptKey), integrity,
                    integrity == null ? null : SecretBytes.copyOf(authKey), icvLen, esn());
        }

        AhTransform ahTransform() {
            return AhTransform.create(integrity(), SecretBytes.copyOf(authKey));
        }

        SaMode saMode() {
            return "tunnel".equals(mode) ? SaMode.TUNNEL : SaMode.TRANSPORT;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("proto", proto);
            m.put("mode", mode);
            m.put("spi", spi);
            m.put("seq", seq);
            m.put("esnHigh", esnHigh);
            m.put("crypt", crypt);
            m.put("cryptKeyHex", HEX.formatHex(cryptKey));
            m.put("auth", auth);
            m.put("authKeyHex", HEX.formatHex(authKey));
            m.put("icvLen", icvLen);
            m.put("udpEncap", udpEncap);
            return m;
        }

        @Override
        public String toString() {
            return proto + "(" + mode + (udpEncap ? ",udp" : "") + "," + crypt + "/" + cryptKey.length + ","
                    + auth + (esnHigh != null ? ",esn" : "") + ")";
        }
    }

    /** A packet: IP version, payload kind and size, layers outermost first. */
    public record Case(int ipVersion, String payload, int payloadLen, List<Layer> layers, boolean ipOptions) {
        public Case(int ipVersion, String payload, int payloadLen, List<Layer> layers) {
            this(ipVersion, payload, payloadLen, layers, false);
        }

        Map<String, Object> json() {
            return Map.of("ipVersion", ipVersion, "payload", payload, "payloadLen", payloadLen, "layers",
                    layers.stream().map(Layer::json).toList(), "ipOptions", ipOptions);
        }

        @Override
        public String toString() {
            return "IPv" + ipVersion + (ipOptions ? (ipVersion == 4 ? "+options" : "+hop-by-hop") : "") + " "
                    + payload + "/" + payloadLen + " " + layers;
        }
    }

    /** What scapy produced for a case. */
    public record Result(byte[] frame, byte[] expected, Integer nextHeader, Integer padLength) {
    }

    private ScapyReceiveCases() {
    }

    public static byte[] key(Random random, int length) {
        byte[] k = new byte[length];
        random.nextBytes(k);
        return k;
    }

    /** Runs scapy once over all cases. */
    public static List<Result> encrypt(List<Case> cases) {
        String script;
        try (InputStream in = ScapyReceiveCases.class.getResourceAsStream("/oracles/scapy_receive_cases.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String input = JSON.writeValueAsString(Map.of("cases", cases.stream().map(Case::json).toList()));
        JsonNode out = JSON.readTree(ExternalTools.runPython(script, input));
        List<Result> results = new ArrayList<>();
        for (JsonNode r : out.get("results")) {
            results.add(new Result(HEX.parseHex(r.get("frameHex").asString()),
                    HEX.parseHex(r.get("expectedHex").asString()),
                    r.get("nextHeader").isNull() ? null : r.get("nextHeader").asInt(),
                    r.get("padLength").isNull() ? null : r.get("padLength").asInt()));
        }
        return results;
    }
}
