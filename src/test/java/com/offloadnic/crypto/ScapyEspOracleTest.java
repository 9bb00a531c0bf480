package com.offloadnic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.testing.ExternalTools;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * scapy 2.5's {@code SecurityAssociation} as the independent ESP implementation: scapy encrypts, our
 * {@code open} must accept and give back the plaintext; we {@code seal}, scapy must decrypt. One python
 * process handles the whole batch (JSON on stdin/stdout).
 *
 * <p>Left out because scapy cannot do them (shared/ORACLES.md): ESP-NULL-GMAC, GCM ICVs other than 16 bytes,
 * and ESN with a separate HMAC (scapy leaves the high-order bits out of the ICV). Those are covered by the
 * BouncyCastle cross-checks and the published vectors.
 */
class ScapyEspOracleTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SCRIPT = """
            import sys, json, binascii
            from scapy.all import IP, raw
            from scapy.layers.ipsec import SecurityAssociation, ESP
            out = []
            for c in json.load(sys.stdin):
                sa = SecurityAssociation(ESP, spi=c['spi'], seq_num=c['seq'],
                                         crypt_algo=c['crypt'], crypt_key=binascii.unhexlify(c['cryptKey']) if c['cryptKey'] else None,
                                         auth_algo=c['auth'], auth_key=binascii.unhexlify(c['authKey']) if c['authKey'] else None,
                                         esn_en=c['esn'], esn=c['esnHigh'])
                enc = sa.encrypt(IP(binascii.unhexlify(c['plain'])))
                dec = sa.decrypt(IP(binascii.unhexlify(c['ours'])))
                out.append({'id': c['id'], 'scapyEncrypted': raw(enc).hex(),
                            'decryptedProto': dec.proto, 'decryptedPayload': raw(dec.payload).hex()})
            json.dump(out, sys.stdout)
            """;

    /** One case: our algorithm names, scapy's, and the keys. */
    record Case(String id, EncryptionAlgorithm enc, IntegrityAlgorithm integ, boolean esn, String scapyCrypt,
            String scapyAuth) {
    }

    static List<Case> cases() {
        var cases = new ArrayList<Case>();
        String[][] hmacs = {{"MD5", "HMAC-MD5-96"}, {"SHA_1", "HMAC-SHA1-96"}, {"SHA_256", "SHA2-256-128"}};
        for (var gcm : List.of(EncryptionAlgorithm.AES_GCM_128, EncryptionAlgorithm.AES_GCM_192,
                EncryptionAlgorithm.AES_GCM_256)) {
            cases.add(new Case(gcm + "", gcm, null, false, "AES-GCM", null));
            cases.add(new Case(gcm + "/esn", gcm, null, true, "AES-GCM", null));
        }
        for (var cbc : List.of(EncryptionAlgorithm.AES_CBC_128, EncryptionAlgorithm.AES_CBC_192,
                EncryptionAlgorithm.AES_CBC_256, EncryptionAlgorithm.DES_CBC, EncryptionAlgorithm.TRIPLE_DES_CBC)) {
            String crypt = switch (cbc) {
                case DES_CBC -> "DES";
                case TRIPLE_DES_CBC -> "3DES";
                default -> "AES-CBC";
            };
            cases.add(new Case(cbc + "", cbc, null, false, crypt, null));
            for (String[] h : hmacs) {
                cases.add(new Case(cbc + "+" + h[0], cbc, IntegrityAlgorithm.valueOf(h[0]), false, crypt, h[1]));
            }
        }
        for (String[] h : hmacs) {
            cases.add(new Case("NULL+" + h[0], EncryptionAlgorithm.NONE, IntegrityAlgorithm.valueOf(h[0]), false,
                    "NULL", h[1]));
        }
        return cases;
    }

    @Test
    void scapyAndOurTransforms_decryptEachOthersPackets_forEveryAlgorithmScapySupports() throws Exception {
        ExternalTools.require(ExternalTools.Tool.SCAPY);
        var random = new Random(2026);
        var requests = new ArrayList<Map<String, Object>>();
        var state = new LinkedHashMap<String, Object[]>();
        for (Case c : cases()) {
            byte[] encKey = c.enc() == EncryptionAlgorithm.NONE ? null
                    : EspSuite.randomBytes(random, c.enc().keyLength());
            byte[] authKey = c.integ() == null ? null : EspSuite.randomBytes(random, c.integ().keyLength());
            int icv = c.enc().isAead() ? 16 : c.integ() == null ? 0 : c.integ().icvLength();
            int spi = random.nextInt(1, Integer.MAX_VALUE);
            int seq = random.nextInt(1, Integer.MAX_VALUE);
            int seqHigh = c.esn() ? random.nextInt(1, Integer.MAX_VALUE) : 0;
            byte[] plain = udpPacket(random, random.nextInt(0, 300));
            EspTransform transform = EspTransform.create(c.enc(), encKey == null ? null : SecretBytes.copyOf(encKey),
                    c.integ(), authKey == null ? null : SecretBytes.copyOf(authKey), icv, c.esn());
            byte[] ours = sealTransport(transform, plain, spi, seq, seqHigh);
            state.put(c.id(), new Object[] {transform, plain, seqHigh});
            var r = new LinkedHashMap<String, Object>();
            r.put("id", c.id());
            r.put("spi", spi);
            r.put("seq", seq);
            r.put("crypt", c.scapyCrypt());
            r.put("cryptKey", encKey == null ? null : HEX.formatHex(encKey));
            r.put("auth", c.scapyAuth());
            r.put("authKey", authKey == null ? null : HEX.formatHex(authKey));
            r.put("esn", c.esn());
            r.put("esnHigh", seqHigh);
            r.put("plain", HEX.formatHex(plain));
            r.put("ours", HEX.formatHex(ours));
            requests.add(r);
        }

        JsonNode answers = JSON.readTree(ExternalTools.runPython(SCRIPT, JSON.writeValueAsString(requests)));

        assertThat(answers.size()).isEqualTo(requests.size());
        for (JsonNode a : answers) {
            String id = a.get("id").asString();
            Object[] s = state.get(id);
            EspTransform transform = (EspTransform) s[0];
            byte[] plain = (byte[]) s[1];
            int seqHigh = (int) s[2];
            byte[] udp = Arrays.copyOfRange(plain, 20, plain.length);

            // scapy decrypted what we sealed
            assertThat(a.get("decryptedProto").asInt()).as(id).isEqualTo(17);
            assertThat(a.get("decryptedPayload").asString()).as(id).isEqualTo(HEX.formatHex(udp));

            // we open what scapy encrypted
            byte[] wire = HEX.parseHex(a.get("scapyEncrypted").asString());
            int esp = (wire[0] & 0x0f) * 4;
            assertThat(transform.open(wire, esp, wire.length - esp, seqHigh)).as(id).isEqualTo(EspOpenResult.OK);
            int trailer = wire.length - transform.icvLength() - 2;
            int padLength = wire[trailer] & 0xff;
            assertThat(wire[trailer + 1]).as(id + " next header").isEqualTo((byte) 17);
            int payload = esp + EspTransform.HEADER_LENGTH + transform.ivLength();
            assertThat(HEX.formatHex(wire, payload, trailer - padLength)).as(id).isEqualTo(HEX.formatHex(udp));
            for (int i = 0; i < padLength; i++) {
                assertThat(wire[trailer - padLength + i]).as(id + " padding").isEqualTo((byte) (i + 1));
            }
        }
    }

    /** IPv4 (192.0.2.1 to 192.0.2.2) / UDP with a random payload. */
    private static byte[] udpPacket(Random random, int payloadLength) {
        byte[] p = new byte[28 + payloadLength];
        byte[] header = HEX.parseHex("450000000001000040110000c0000201c0000202");
        System.arraycopy(header, 0, p, 0, 20);
        Jce.putInt(p, 0, 0x4500_0000 | p.length);
        ipv4Checksum(p);
        Jce.putInt(p, 20, (1234 << 16) | 4321);
        Jce.putInt(p, 24, (8 + payloadLength) << 16);
        for (int i = 28; i < p.length; i++) {
            p[i] = (byte) random.nextInt();
        }
        return p;
    }

    /**
     * Transport mode: IP header (protocol 50) / ESP[SPI, Seq, IV, UDP segment, 1 2 3 .. padding, pad length,
     * next header 17, ICV], sealed by {@code transform}.
     */
    private static byte[] sealTransport(EspTransform t, byte[] plain, int spi, int seq, int seqHigh) {
        int payload = plain.length - 20;
        int align = Math.max(t.blockSize(), 4);
        int padLength = (align - (payload + 2) % align) % align;
        int espLength = EspTransform.HEADER_LENGTH + t.ivLength() + payload + padLength + 2 + t.icvLength();
        byte[] p = new byte[20 + espLength];
        System.arraycopy(plain, 0, p, 0, 20);
        p[9] = 50;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        ipv4Checksum(p);
        Jce.putInt(p, 20, spi);
        Jce.putInt(p, 24, seq);
        t.writeIv(p, 20, seqHigh);
        int at = 28 + t.ivLength();
        System.arraycopy(plain, 20, p, at, payload);
        at += payload;
        for (int i = 1; i <= padLength; i++) {
            p[at++] = (byte) i;
        }
        p[at++] = (byte) padLength;
        p[at] = 17;
        t.seal(p, 20, espLength, seqHigh);
        return p;
    }

    private static void ipv4Checksum(byte[] p) {
        p[10] = 0;
        p[11] = 0;
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += (p[i] & 0xff) << 8 | p[i + 1] & 0xff;
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        p[10] = (byte) (~sum >>> 8);
        p[11] = (byte) ~sum;
    }
}
