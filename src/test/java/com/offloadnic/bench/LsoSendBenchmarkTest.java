package com.offloadnic.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.LargeSendIpsec;
import com.offloadnic.packet.BigEndian;
import com.offloadnic.testing.ExternalTools;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LSO benchmark measures real large sends: each invocation of the NIC path transmits every segment sealed and
 * decryptable (by scapy) to the right TCP segment, and the bare-JCE baseline seals as many segments of the same
 * sizes (a refused send or a short one would be cheap and look fast).
 */
class LsoSendBenchmarkTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int SEGMENTS = (LsoSendBenchmark.TCP_PAYLOAD + LsoSendBenchmark.MSS - 1) / LsoSendBenchmark.MSS;

    @Test
    void lsoEspSend_transmitsEverySegmentSealed_scapyDecryptsEachToItsTcpSegment() throws Exception {
        ExternalTools.require(ExternalTools.Tool.SCAPY);
        LsoSendBenchmark b = new LsoSendBenchmark();
        b.setUp();
        b.lsoEspSend();
        List<IpsecV2Sender.TransmittedFrame> sent = b.lsoEspSend();

        assertThat(sent).hasSize(SEGMENTS);
        long wire = 0;
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            byte[] f = sent.get(i).data();
            wire += f.length;
            assertThat(f.length).as("segment %d fits the MTU", i).isLessThanOrEqualTo(14 + LsoSendBenchmark.MTU);
            if (i > 0) {
                assertThat(sent.get(i).espSequenceNumber()).isEqualTo(sent.get(i - 1).espSequenceNumber() + 1);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frame", HEX.formatHex(f));
            m.put("high", sent.get(i).espSequenceNumber() >>> 32);
            cases.add(m);
        }
        assertThat(wire).as("wire bytes per large send used for GB/s").isEqualTo(b.wireBytes).isEqualTo(69_766);
        String script = """
                import json, sys
                from scapy.all import Ether, IP, TCP, raw
                from scapy.layers.ipsec import SecurityAssociation, ESP
                out = []
                for c in json.load(sys.stdin):
                    pkt = Ether(bytes.fromhex(c["frame"]))[IP]
                    sa = SecurityAssociation(ESP, spi=%d, crypt_algo="AES-GCM", crypt_key=bytes.fromhex("%s"),
                        auth_algo="NULL", esn_en=True, esn=c["high"])
                    p = IP(raw(sa.decrypt(pkt)))
                    tcp = p[TCP]
                    given = tcp.chksum
                    tcp.chksum = None
                    good = IP(raw(p))[TCP].chksum == given
                    out.append({"len": len(p), "checksumGood": good, "seq": tcp.seq,
                                "payload": bytes(tcp.payload).hex()})
                json.dump(out, sys.stdout)
                """.formatted(LsoSendBenchmark.SPI, HEX.formatHex(b.key));
        JsonMapper json = new JsonMapper();
        JsonNode out = json.readTree(ExternalTools.runPython(script, json.writeValueAsString(cases)));
        assertThat(out.size()).isEqualTo(SEGMENTS);
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < SEGMENTS; i++) {
            JsonNode s = out.get(i);
            int expected = Math.min(LsoSendBenchmark.MSS, LsoSendBenchmark.TCP_PAYLOAD - i * LsoSendBenchmark.MSS);
            assertThat(s.path("checksumGood").asBoolean()).as("TCP checksum of segment %d", i).isTrue();
            assertThat(s.path("seq").asLong()).isEqualTo(1000L + (long) LsoSendBenchmark.MSS * i);
            assertThat(s.path("len").asInt()).as("IP length of decrypted segment %d", i).isEqualTo(40 + expected);
            payload.append(s.path("payload").asString());
        }
        int data = LsoSendBenchmark.TCP_OFFSET + 20;
        assertThat(payload.toString()).isEqualTo(HEX.formatHex(Arrays.copyOfRange(b.template, data,
                data + LsoSendBenchmark.TCP_PAYLOAD)));
    }

    @Test
    void segmentOnly_expandsIntoAllSegmentsWithoutConsumingSequenceNumbers() throws Exception {
        LsoSendBenchmark b = new LsoSendBenchmark();
        b.setUp();
        var expanded = (LargeSendIpsec.Expanded) b.segmentOnly();
        assertThat(expanded.nbl().frames()).hasSize(SEGMENTS);
        assertThat(expanded.tcpPayload()).isEqualTo(LsoSendBenchmark.TCP_PAYLOAD);
        assertThat(b.lsoEspSend()).hasSize(SEGMENTS);
    }

    @Test
    void rawJce_sealsAsManySegmentsOfTheSameSizes_eachOpensWithItsNonceAndAad() throws Exception {
        LsoSendBenchmark b = new LsoSendBenchmark();
        b.setUp();
        List<IpsecV2Sender.TransmittedFrame> nic = b.lsoEspSend();
        byte[][] raw = b.rawJce();

        assertThat(raw.length).isEqualTo(nic.size()).isEqualTo(SEGMENTS);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec k = new SecretKeySpec(b.key, 0, 32, "AES");
        int tcp = LsoSendBenchmark.TCP_OFFSET;
        for (int i = 0; i < raw.length; i++) {
            byte[] f = raw[i];
            assertThat(f.length).as("segment %d size", i).isEqualTo(nic.get(i).data().length);
            long seq = BigEndian.getU32(f, tcp - 8) << 32 | BigEndian.getU32(f, tcp - 4);
            assertThat(seq).isEqualTo(i + 1);
            byte[] nonce = new byte[12];
            System.arraycopy(b.key, 32, nonce, 0, 4);
            System.arraycopy(f, tcp - 8, nonce, 4, 8);
            byte[] aad = new byte[12];
            BigEndian.putU32(aad, 0, LsoSendBenchmark.SPI);
            BigEndian.putU32(aad, 4, seq >>> 32);
            BigEndian.putU32(aad, 8, seq & 0xFFFF_FFFFL);
            c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            byte[] plain = c.doFinal(f, tcp, f.length - tcp);
            int expected = Math.min(LsoSendBenchmark.MSS, LsoSendBenchmark.TCP_PAYLOAD - i * LsoSendBenchmark.MSS);
            assertThat(plain.length).as("TCP segment + pad + trailer of segment %d", i)
                    .isGreaterThanOrEqualTo(20 + expected + 2);
            assertThat(plain[plain.length - 1]).as("next header").isEqualTo((byte) 6);
            assertThat(Arrays.copyOfRange(plain, 20, 20 + expected)).isEqualTo(Arrays.copyOfRange(b.template,
                    tcp + 20 + i * LsoSendBenchmark.MSS, tcp + 20 + i * LsoSendBenchmark.MSS + expected));
        }
    }
}
