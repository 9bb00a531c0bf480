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
 * scapy signs IPv4 packets with AH (HMAC-MD5-96, HMAC-SHA1-96, HMAC-SHA-256-128, with and without ESN); the
 * ICV {@link AhTransform} computes over the same segments (IP header with mutable fields zeroed, AH header with
 * zeroed ICV, payload, ESN high bits) must equal scapy's. scapy has no AH-GMAC (shared/ORACLES.md):
 * BouncyCastle covers that in {@link AhTransformTest}.
 */
class ScapyAhOracleTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SCRIPT = """
            import sys, json, binascii
            from scapy.all import IP, UDP, Raw, raw
            from scapy.layers.ipsec import SecurityAssociation, AH
            out = []
            for c in json.load(sys.stdin):
                sa = SecurityAssociation(AH, spi=c['spi'], seq_num=c['seq'], auth_algo=c['auth'],
                                         auth_key=binascii.unhexlify(c['key']), esn_en=c['esn'], esn=c['esnHigh'])
                pkt = IP(src='192.0.2.1', dst='192.0.2.2', tos=0x28, ttl=57, flags='DF') / UDP(sport=1234, dport=4321) \\
                      / Raw(binascii.unhexlify(c['payload']))
                out.append({'id': c['id'], 'signed': raw(sa.encrypt(pkt)).hex()})
            json.dump(out, sys.stdout)
            """;

    @Test
    void icv_overScapySignedPackets_equalsScapysIcv() throws Exception {
        ExternalTools.require(ExternalTools.Tool.SCAPY);
        var random = new Random(4302);
        var requests = new ArrayList<Map<String, Object>>();
        var transforms = new LinkedHashMap<String, Object[]>();
        String[][] algorithms = {{"MD5", "HMAC-MD5-96"}, {"SHA_1", "HMAC-SHA1-96"}, {"SHA_256", "SHA2-256-128"}};
        for (String[] a : algorithms) {
            for (boolean esn : new boolean[] {false, true}) {
                IntegrityAlgorithm algorithm = IntegrityAlgorithm.valueOf(a[0]);
                byte[] key = EspSuite.randomBytes(random, algorithm.keyLength());
                int seqHigh = esn ? random.nextInt(1, Integer.MAX_VALUE) : 0;
                String id = a[0] + (esn ? "/esn" : "");
                transforms.put(id, new Object[] {AhTransform.create(algorithm, SecretBytes.copyOf(key)), seqHigh, esn});
                var r = new LinkedHashMap<String, Object>();
                r.put("id", id);
                r.put("spi", random.nextInt(1, Integer.MAX_VALUE));
                r.put("seq", random.nextInt(1, Integer.MAX_VALUE));
                r.put("auth", a[1]);
                r.put("key", HEX.formatHex(key));
                r.put("esn", esn);
                r.put("esnHigh", seqHigh);
                r.put("payload", HEX.formatHex(EspSuite.randomBytes(random, random.nextInt(0, 200))));
                requests.add(r);
            }
        }

        JsonNode answers = JSON.readTree(ExternalTools.runPython(SCRIPT, JSON.writeValueAsString(requests)));

        assertThat(answers.size()).isEqualTo(requests.size());
        for (JsonNode answer : answers) {
            String id = answer.get("id").asString();
            AhTransform ah = (AhTransform) transforms.get(id)[0];
            int seqHigh = (int) transforms.get(id)[1];
            boolean esn = (boolean) transforms.get(id)[2];
            byte[] wire = HEX.parseHex(answer.get("signed").asString());
            int ipHeaderLength = (wire[0] & 0x0f) * 4;
            assertThat(wire[9]).as(id + " protocol").isEqualTo((byte) 51);
            int ahOffset = ipHeaderLength;
            int ahLength = ((wire[ahOffset + 1] & 0xff) + 2) * 4;
            int icvOffset = ahOffset + 12;

            // RFC 4302 section 3.3.3.1.1.1: TOS, flags + fragment offset, TTL and checksum are mutable.
            byte[] ipHeader = Arrays.copyOf(wire, ipHeaderLength);
            ipHeader[1] = 0;
            ipHeader[6] = 0;
            ipHeader[7] = 0;
            ipHeader[8] = 0;
            ipHeader[10] = 0;
            ipHeader[11] = 0;
            byte[] ahHeader = Arrays.copyOfRange(wire, ahOffset, ahOffset + ahLength);
            Arrays.fill(ahHeader, 12, 12 + ah.icvLength(), (byte) 0);

            AhTransform.Computation icv = ah.start().update(ipHeader, 0, ipHeaderLength)
                    .update(ahHeader, 0, ahLength).update(wire, ahOffset + ahLength, wire.length - ahOffset - ahLength);
            if (esn) {
                icv.updateInt(seqHigh);
            }
            byte[] ours = new byte[ah.icvLength()];
            icv.writeIcv(ours, 0);

            assertThat(HEX.formatHex(ours)).as(id).isEqualTo(HEX.formatHex(wire, icvOffset, icvOffset + ah.icvLength()));
        }
    }
}
