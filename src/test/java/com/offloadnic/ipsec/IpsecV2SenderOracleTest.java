package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.testing.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every frame the send path transmits is checked by an implementation nobody here wrote: scapy's
 * {@code SecurityAssociation} for every algorithm × protocol × mode × IP version × UDP encapsulation × ESN
 * combination it supports, BouncyCastle ({@link BcSendOracle}) for the rest (ESP-NULL-GMAC, AH-GMAC, GCM ICVs of 8
 * and 12 bytes, non-AEAD ESP with ESN).
 */
class IpsecV2SenderOracleTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final IpsecV2Sender.Settings FULL = new IpsecV2Sender.Settings(true, true, true, true, 9000);

    static final List<SendCases.EspAlg> SCAPY_ESP = List.of(
            SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_128, null),
            SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_192, null),
            SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_256, null),
            SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_128, IntegrityAlgorithm.SHA_1),
            SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_192, IntegrityAlgorithm.SHA_256),
            SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_256, IntegrityAlgorithm.MD5),
            SendCases.EspAlg.of(EncryptionAlgorithm.TRIPLE_DES_CBC, IntegrityAlgorithm.SHA_1),
            SendCases.EspAlg.of(EncryptionAlgorithm.NONE, IntegrityAlgorithm.SHA_256),
            SendCases.EspAlg.of(EncryptionAlgorithm.NONE, IntegrityAlgorithm.MD5));

    /** Protocol set-ups of one SA: ESP alone, AH alone, ESP+AH. */
    static List<SendCases.SaDef> scapyDefs(boolean esn, boolean udp, SaMode mode) {
        UdpEspEncapsulationType encap = !udp ? UdpEspEncapsulationType.NONE
                : mode == SaMode.TUNNEL ? UdpEspEncapsulationType.TUNNEL : UdpEspEncapsulationType.TRANSPORT;
        List<SendCases.SaDef> defs = new ArrayList<>();
        for (SendCases.EspAlg esp : SCAPY_ESP) {
            if (esn && !esp.enc().isAead() && esp.integ() != null) {
                continue; // scapy leaves the ESN bits out of non-AEAD ICVs: BouncyCastle checks those
            }
            defs.add(new SendCases.SaDef(esp, null, esn, encap, null));
        }
        if (!udp) {
            for (IntegrityAlgorithm ah : List.of(IntegrityAlgorithm.SHA_1, IntegrityAlgorithm.SHA_256,
                    IntegrityAlgorithm.MD5)) {
                defs.add(new SendCases.SaDef(null, ah, esn, encap, null));
            }
        }
        if (!udp) { // RFC 3948 carries ESP only: the SA table refuses UDP-ESP on a bundle with AH
            defs.add(new SendCases.SaDef(SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_128, null),
                    IntegrityAlgorithm.SHA_256, esn, encap, null));
            defs.add(new SendCases.SaDef(SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_128, esn ? null
                    : IntegrityAlgorithm.SHA_1), IntegrityAlgorithm.SHA_1, esn, encap, null));
        }
        return defs;
    }

    @Test
    void send_everyScapyCombination_scapyVerifiesAndDecryptsEveryFrame() throws IOException {
        Random random = new Random(4303);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int version : new int[] {4, 6}) {
            for (boolean esn : new boolean[] {false, true}) {
                for (boolean udp : new boolean[] {false, true}) {
                    for (SaMode mode : SaMode.values()) {
                        for (SendCases.SaDef def : scapyDefs(esn, udp, mode)) {
                            var sa = new SendCases.Built(def, version, random, false);
                            byte[] upper = TransportFramer.udpDatagram(1 + random.nextInt(300));
                            long seq = 1 + random.nextInt(Integer.MAX_VALUE - 1);
                            var frame = TransportFramer.single(version, mode == SaMode.TUNNEL, upper,
                                    sa.portion(seq, udp && def.esp() != null));
                            byte[] sent = sendOne(frame, sa.sa, null);
                            cases.add(scapyCase("v" + version + "/" + mode + "/" + def, sent, upper,
                                    List.of(layer(mode == SaMode.TUNNEL ? "tunnel" : "transport",
                                            udp && def.esp() != null, sa))));
                        }
                    }
                    // Transport over tunnel: every transport set-up inside a GCM or CBC tunnel; UDP on one portion.
                    int i = 0;
                    for (SendCases.SaDef def : scapyDefs(esn, false, SaMode.TRANSPORT)) {
                        boolean tunnelUdp = udp && i % 2 == 0;
                        boolean transportUdp = udp && !tunnelUdp && def.esp() != null && def.ah() == null;
                        var transport = new SendCases.Built(new SendCases.SaDef(def.esp(), def.ah(), esn,
                                transportUdp ? UdpEspEncapsulationType.TRANSPORT_OVER_TUNNEL
                                        : UdpEspEncapsulationType.NONE, null), version, random, false);
                        var tunnelAlg = i++ % 2 == 0 ? SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_256, null)
                                : esn ? SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_128, null)
                                : SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_256, IntegrityAlgorithm.SHA_256);
                        var tunnel = new SendCases.Built(new SendCases.SaDef(tunnelAlg, null, esn,
                                tunnelUdp ? UdpEspEncapsulationType.TRANSPORT_OVER_UDP_TUNNEL
                                        : UdpEspEncapsulationType.NONE, null), version, random, false);
                        byte[] upper = TransportFramer.udpDatagram(1 + random.nextInt(300));
                        long seq = 1 + random.nextInt(Integer.MAX_VALUE - 1);
                        var frame = TransportFramer.transportOverTunnel(version, upper,
                                transport.portion(seq, transportUdp), tunnel.portion(seq + 7, tunnelUdp));
                        byte[] sent = sendOne(frame, transport.sa, tunnel.sa);
                        cases.add(scapyCase("v" + version + "/transport-over-tunnel/" + def + " in " + tunnelAlg
                                        + (tunnelUdp ? "/tunnel-udp" : transportUdp ? "/transport-udp" : ""), sent, upper,
                                List.of(layer("tunnel", tunnelUdp, tunnel), layer("transport", transportUdp, transport))));
                    }
                }
            }
        }
        assertThat(cases.size()).as("cases").isGreaterThan(200);
        String out = ExternalTools.runPython(script("scapy_send_verify.py"), JSON.writeValueAsString(cases));
        List<String> failures = new ArrayList<>();
        for (JsonNode r : JSON.readTree(out)) {
            if (!r.get("ok").asBoolean()) {
                failures.add(r.get("id").asString() + ": " + r.get("error").asString());
            }
        }
        assertThat(failures).as("frames scapy could not verify").isEmpty();
    }

    @Test
    void send_combinationsScapyLacks_bouncyCastleVerifiesAndDecryptsEveryFrame() {
        Random random = new Random(4543);
        List<SendCases.SaDef> defs = new ArrayList<>();
        for (boolean esn : new boolean[] {false, true}) {
            for (EncryptionAlgorithm gmacKey : new EncryptionAlgorithm[] {EncryptionAlgorithm.NONE}) {
                for (IntegrityAlgorithm gmac : new IntegrityAlgorithm[] {IntegrityAlgorithm.AES_GMAC_128,
                        IntegrityAlgorithm.AES_GMAC_192, IntegrityAlgorithm.AES_GMAC_256}) {
                    defs.add(new SendCases.SaDef(SendCases.EspAlg.of(gmacKey, gmac), null, esn,
                            UdpEspEncapsulationType.NONE, null));
                    defs.add(new SendCases.SaDef(null, gmac, esn, UdpEspEncapsulationType.NONE, null));
                }
            }
            for (int icv : new int[] {8, 12}) {
                defs.add(new SendCases.SaDef(new SendCases.EspAlg(EncryptionAlgorithm.AES_GCM_128, null, icv), null,
                        esn, UdpEspEncapsulationType.NONE, null));
                defs.add(new SendCases.SaDef(new SendCases.EspAlg(EncryptionAlgorithm.AES_GCM_256, null, icv), null,
                        esn, UdpEspEncapsulationType.NONE, null));
            }
            if (esn) {
                defs.add(new SendCases.SaDef(SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_128,
                        IntegrityAlgorithm.SHA_1), null, true, UdpEspEncapsulationType.NONE, null));
                defs.add(new SendCases.SaDef(SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_256,
                        IntegrityAlgorithm.SHA_256), null, true, UdpEspEncapsulationType.NONE, null));
                defs.add(new SendCases.SaDef(SendCases.EspAlg.of(EncryptionAlgorithm.TRIPLE_DES_CBC,
                        IntegrityAlgorithm.MD5), null, true, UdpEspEncapsulationType.NONE, null));
                defs.add(new SendCases.SaDef(SendCases.EspAlg.of(EncryptionAlgorithm.NONE,
                        IntegrityAlgorithm.SHA_256), null, true, UdpEspEncapsulationType.NONE, null));
            }
        }
        int checked = 0;
        for (int version : new int[] {4, 6}) {
            for (boolean tunnel : new boolean[] {false, true}) {
                for (SendCases.SaDef def : defs) {
                    var sa = new SendCases.Built(def, version, random, false);
                    assertThat(sa.scapyCan()).as(def.toString()).isFalse();
                    byte[] upper = TransportFramer.udpDatagram(1 + random.nextInt(300));
                    long seq = 1 + random.nextInt(Integer.MAX_VALUE - 1);
                    var frame = TransportFramer.single(version, tunnel, upper, sa.portion(seq, false));
                    byte[] sent = sendOne(frame, sa.sa, null);
                    BcSendOracle.verify(sent, sa, upper, tunnel);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(60);
    }

    @Test
    void send_transportOverTunnel_reportsEachPortionsNumbersAndTheTransportIvAsSentBeforeTheTunnelEncryptedIt() {
        Random random = new Random(77);
        var transport = new SendCases.Built(new SendCases.SaDef(SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_128,
                null), null, false, UdpEspEncapsulationType.NONE, null), 4, random, false);
        var tunnel = new SendCases.Built(new SendCases.SaDef(SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_256,
                null), null, false, UdpEspEncapsulationType.NONE, null), 4, random, false);
        var frame = TransportFramer.transportOverTunnel(4, TransportFramer.udpDatagram(40),
                transport.portion(1000, false), tunnel.portion(1007, false));
        byte[] data = frame.data().clone();
        var plan = IpsecV2Sender.plan(new IpsecV2Sender.Nbl(List.of(data), transport.sa.handle(), tunnel.sa.handle(),
                frame.headerInfo(), false), FULL, h -> h == transport.sa.handle() ? transport.sa
                        : h == tunnel.sa.handle() ? tunnel.sa : null);
        assertThat(plan).as(() -> plan.toString()).isInstanceOf(IpsecV2Sender.Work.class);
        IpsecV2Sender.TransmittedFrame sent = plan.execute().get(0);

        assertThat(sent.data()).isSameAs(data);
        assertThat(sent.espSequenceNumber()).isEqualTo(1000L);
        assertThat(sent.tunnelEspSequenceNumber()).isEqualTo(1007L);
        assertThat(sent.ahSequenceNumber()).isNull();
        assertThat(sent.tunnelAhSequenceNumber()).isNull();
        // GCM IVs are the 64-bit sequence numbers (RFC 4106 section 3.1 allows it; the NIC uses a counter)
        assertThat(sent.iv()).isEqualTo(BcSendOracle.concat(BcSendOracle.be32(0), BcSendOracle.be32(1000)));
        assertThat(sent.tunnelIv()).isEqualTo(BcSendOracle.concat(BcSendOracle.be32(0), BcSendOracle.be32(1007)));
        // the tunnel IV is read from the frame (Ethernet 14 + IPv4 20 + ESP 8); the transport IV is encrypted there
        assertThat(java.util.Arrays.copyOfRange(data, 42, 50)).isEqualTo(sent.tunnelIv());
        assertThat(sent.iv()).isNotSameAs(sent.iv()).as("a copy per call").isEqualTo(sent.iv());
    }

    static byte[] sendOne(TransportFramer.Frame frame, OutboundSa primary, OutboundSa tunnel) {
        byte[] copy = frame.data().clone();
        var nbl = new IpsecV2Sender.Nbl(List.of(copy), primary.handle(), tunnel == null ? 0 : tunnel.handle(),
                frame.headerInfo(), false);
        var plan = IpsecV2Sender.plan(nbl, FULL,
                h -> h == primary.handle() ? primary : tunnel != null && h == tunnel.handle() ? tunnel : null);
        assertThat(plan).as(() -> plan.toString()).isInstanceOf(IpsecV2Sender.Work.class);
        var out = plan.execute();
        assertThat(out).hasSize(1);
        return out.get(0).data();
    }

    private static Map<String, Object> layer(String role, boolean udp, SendCases.Built sa) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("udp", udp);
        m.put("sas", sa.scapySas());
        return m;
    }

    private static Map<String, Object> scapyCase(String id, byte[] frame, byte[] upper, List<Map<String, Object>> layers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("frame", HEX.formatHex(frame));
        m.put("upper", HEX.formatHex(upper));
        m.put("layers", layers);
        return m;
    }

    static String script(String name) throws IOException {
        try (InputStream in = IpsecV2SenderOracleTest.class.getResourceAsStream("/oracles/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
