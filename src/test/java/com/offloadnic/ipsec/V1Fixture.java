package com.offloadnic.ipsec;

import com.offloadnic.crypto.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An IPsec offload v1 SA for tests: which operations and algorithms, the random keys (kept here for the oracles,
 * never in production code), and the {@link AddSaV1} request that offloads it.
 *
 * @param conf      ESP confidentiality, or null for an AH-only SA
 * @param espInteg  ESP integrity (NONE allowed with DES/3DES)
 * @param ah        AH integrity, or null without AH (with ESP: ESP followed by AH)
 */
record V1Fixture(V1ConfAlgorithm conf, V1IntegrityAlgorithm espInteg, V1IntegrityAlgorithm ah, long espSpi,
        long ahSpi, byte[] confKey, byte[] espIntegKey, byte[] ahKey) {

    private static final HexFormat HEX = HexFormat.of();

    static V1Fixture of(V1ConfAlgorithm conf, V1IntegrityAlgorithm espInteg, V1IntegrityAlgorithm ah, Random random) {
        byte[] ck = conf == null ? null : bytes(random, conf.algorithm().keyLength());
        byte[] ek = conf == null || espInteg.algorithm() == null ? null
                : bytes(random, espInteg.algorithm().keyLength());
        byte[] ak = ah == null ? null : bytes(random, ah.algorithm().keyLength());
        return new V1Fixture(conf, espInteg, ah, 0x1000 + random.nextInt(0x7FFF_0000),
                0x1000 + random.nextInt(0x7FFF_0000), ck, ek, ak);
    }

    /** Every v1 combination: ESP (DES, 3DES, none) x (none, MD5, SHA1) but none/none; AH MD5, SHA1; ESP+AH. */
    static List<V1Fixture> everyCombination(Random random) {
        List<V1Fixture> out = new ArrayList<>();
        for (V1ConfAlgorithm c : V1ConfAlgorithm.values()) {
            for (V1IntegrityAlgorithm i : V1IntegrityAlgorithm.values()) {
                if (c == V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_NONE && i == V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_NONE) {
                    continue;
                }
                out.add(of(c, i, null, random));
            }
        }
        out.add(of(null, null, V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, random));
        out.add(of(null, null, V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA, random));
        out.add(of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_3_DES, V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, random));
        out.add(of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_NONE,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA, random));
        return out;
    }

    boolean hasEsp() {
        return conf != null;
    }

    /** Whether a changed byte at the end of the frame fails a check (ESP without integrity and no AH: no). */
    boolean authenticated() {
        return ah != null || espInteg.algorithm() != null;
    }

    /** The OFFLOAD_IPSEC_ADD_SA request; KeyMat holds, entry by entry, the confidentiality key first. */
    AddSaV1 request(SaDirection direction, TrafficSelector selector, V1UdpEspEntry udp) {
        ByteArrayOutputStream keyMat = new ByteArrayOutputStream();
        List<V1SecAssoc> entries = new ArrayList<>();
        if (conf != null) {
            int ck = confKey == null ? 0 : confKey.length;
            int ik = espIntegKey == null ? 0 : espIntegKey.length;
            entries.add(new V1SecAssoc(IpsecOperation.ESP, (int) espSpi, conf, ck, espInteg, ik));
            if (confKey != null) {
                keyMat.writeBytes(confKey);
            }
            if (espIntegKey != null) {
                keyMat.writeBytes(espIntegKey);
            }
        }
        if (ah != null) {
            entries.add(new V1SecAssoc(IpsecOperation.AH, (int) ahSpi, V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_NONE, 0, ah,
                    ahKey.length));
            keyMat.writeBytes(ahKey);
        }
        return new AddSaV1(direction, selector, entries, SecretBytes.copyOf(keyMat.toByteArray()), udp, 0);
    }

    TransportFramer.Portion portion(long seq, boolean udp) {
        TransportFramer.Ah a = ah == null ? null : new TransportFramer.Ah(ahSpi, seq, 0, 12);
        TransportFramer.Esp e = conf == null ? null : new TransportFramer.Esp(espSpi, seq,
                conf.algorithm().ivLength(), espInteg.algorithm() == null ? 0 : 12, conf.algorithm().blockSize(), udp);
        return new TransportFramer.Portion(a, e);
    }

    /** For scapy_send_verify.py: AH first (outermost), then ESP. */
    List<Map<String, Object>> scapySas() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (ah != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("proto", "AH");
            m.put("spi", ahSpi);
            m.put("auth", SendCases.scapyAuth(ah.algorithm()));
            m.put("akey", HEX.formatHex(ahKey));
            m.put("esn", false);
            m.put("high", 0);
            out.add(m);
        }
        if (conf != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("proto", "ESP");
            m.put("spi", espSpi);
            m.put("crypt", SendCases.scapyCrypt(conf.algorithm()));
            m.put("ckey", confKey == null ? "" : HEX.formatHex(confKey));
            m.put("auth", espInteg.algorithm() == null ? "NULL" : SendCases.scapyAuth(espInteg.algorithm()));
            m.put("akey", espIntegKey == null ? "" : HEX.formatHex(espIntegKey));
            m.put("esn", false);
            m.put("high", 0);
            out.add(m);
        }
        return out;
    }

    /** For scapy_receive_cases.py: the layers of this SA, outermost first. */
    List<ScapyReceiveCases.Layer> scapyLayers(SaMode mode, long seq, boolean udp) {
        List<ScapyReceiveCases.Layer> out = new ArrayList<>();
        String m = mode == SaMode.TUNNEL ? "tunnel" : "transport";
        if (ah != null) {
            // ESP+AH: AH over the (tunnel) ESP packet, in transport position
            out.add(new ScapyReceiveCases.Layer("AH", conf != null ? "transport" : m, ahSpi, seq, null, "NULL",
                    new byte[0], SendCases.scapyAuth(ah.algorithm()), ahKey, 12, false));
        }
        if (conf != null) {
            out.add(new ScapyReceiveCases.Layer("ESP", m, espSpi, seq, null, SendCases.scapyCrypt(conf.algorithm()),
                    confKey == null ? new byte[0] : confKey,
                    espInteg.algorithm() == null ? "NULL" : SendCases.scapyAuth(espInteg.algorithm()),
                    espIntegKey == null ? new byte[0] : espIntegKey, 12, udp));
        }
        return out;
    }

    @Override
    public String toString() {
        return (conf == null ? "" : "ESP(" + conf + "+" + espInteg + ")") + (ah == null ? "" : "AH(" + ah + ")");
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
