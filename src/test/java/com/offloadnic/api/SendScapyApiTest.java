package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.ipsec.TransportFramer;
import com.offloadnic.testing.ExternalTools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole service path — ADD_SA_EX and send over HTTP, NIC-generated IVs — checked by scapy: every frame the
 * NIC transmits for ESP, AH, ESP+AH, tunnel, transport over tunnel, UDP-ESP, ESN, IPv4 and IPv6 decrypts and
 * verifies. (The full algorithm matrix runs against the same pipeline in IpsecV2SenderOracleTest.)
 */
class SendScapyApiTest extends ApiTestSupport {

    private static final HexFormat HEX = HexFormat.of();
    private final Random random = new Random(3948);

    /** One SA as added over HTTP, with what scapy needs to check it. */
    record Sa(String handle, long espSpi, long ahSpi, List<Map<String, Object>> scapy) {
    }

    /** Algorithms of a bundle: esp = {ndisEnc, scapyCrypt, encKeyLen, ivLen, icvLen, block} etc. */
    record Def(String enc, String scapyCrypt, int encKeyLength, String espAuth, String scapyEspAuth, int espAuthKeyLength,
            int ivLength, int espIcv, int block, String ah, String scapyAh, int ahKeyLength, int ahIcv, boolean esn,
            String encapsulation, String mode) {
    }

    static final Def GCM128 = new Def("AES_GCM_128", "AES-GCM", 20, null, "NULL", 0, 8, 16, 1, null, null, 0, 0, false,
            "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE", null);

    static Def with(Def d, boolean esn, String encapsulation, String mode) {
        return new Def(d.enc(), d.scapyCrypt(), d.encKeyLength(), d.espAuth(), d.scapyEspAuth(), d.espAuthKeyLength(),
                d.ivLength(), d.espIcv(), d.block(), d.ah(), d.scapyAh(), d.ahKeyLength(), d.ahIcv(), esn, encapsulation,
                mode);
    }

    static final Def CBC256_SHA256 = new Def("AES_CBC_256", "AES-CBC", 32, "SHA_256", "SHA2-256-128", 32, 16, 16, 16,
            null, null, 0, 0, false, "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE", null);
    static final Def CBC128_SHA1 = new Def("AES_CBC_128", "AES-CBC", 16, "SHA_1", "HMAC-SHA1-96", 20, 16, 12, 16,
            null, null, 0, 0, false, "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE", null);
    static final Def AH_SHA1 = new Def(null, null, 0, null, null, 0, 0, 0, 0, "SHA_1", "HMAC-SHA1-96", 20, 12, false,
            "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE", null);
    static final Def AH_MD5 = new Def(null, null, 0, null, null, 0, 0, 0, 0, "MD5", "HMAC-MD5-96", 16, 12, false,
            "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE", null);
    static final Def BUNDLE = new Def("AES_CBC_128", "AES-CBC", 16, "SHA_1", "HMAC-SHA1-96", 20, 16, 12, 16, "SHA_256",
            "SHA2-256-128", 32, 16, false, "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE", null);

    Sa add(ContractClient t, String nic, Def d, int ipVersion) {
        long espSpi = 0x1000 + random.nextInt(1 << 30);
        long ahSpi = 0x1000 + random.nextInt(1 << 30);
        long high = d.esn() ? random.nextInt(1 << 30) : 0;
        StringBuilder keys = new StringBuilder();
        List<String> entries = new ArrayList<>();
        List<Map<String, Object>> scapy = new ArrayList<>();
        if (d.enc() != null) {
            byte[] ek = bytes(d.encKeyLength());
            String auth = "";
            byte[] ak = null;
            int offset = keys.length() / 2;
            keys.append(HEX.formatHex(ek));
            if (d.espAuth() != null) {
                ak = bytes(d.espAuthKeyLength());
                auth = ",\"authenticationAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_AUTHENTICATION_" + d.espAuth()
                        + "\",\"keyLength\":" + ak.length + ",\"keyOffsetBytes\":" + keys.length() / 2 + "}";
                keys.append(HEX.formatHex(ak));
            }
            entries.add("{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":" + espSpi + ",\"encryptionAlgorithm\":{"
                    + "\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_" + d.enc() + "\",\"keyLength\":" + ek.length
                    + ",\"keyOffsetBytes\":" + offset + (d.enc().contains("GCM") ? ",\"additionalInfo\":16" : "") + "}"
                    + auth + ",\"esn\":" + d.esn() + ",\"sequenceNumberHighOrder\":" + high + "}");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("proto", "ESP");
            m.put("spi", espSpi);
            m.put("crypt", d.scapyCrypt());
            m.put("ckey", HEX.formatHex(ek));
            m.put("auth", d.scapyEspAuth());
            m.put("akey", ak == null ? "" : HEX.formatHex(ak));
            m.put("esn", d.esn());
            m.put("high", high);
            scapy.add(m);
        }
        if (d.ah() != null) {
            byte[] hk = bytes(d.ahKeyLength());
            entries.add("{\"operation\":\"IPsecOffloadV2Ah\",\"spi\":" + ahSpi + ",\"authenticationAlgorithm\":{"
                    + "\"identifier\":\"IPSEC_OFFLOAD_V2_AUTHENTICATION_" + d.ah() + "\",\"keyLength\":" + hk.length
                    + ",\"keyOffsetBytes\":" + keys.length() / 2 + "},\"esn\":" + d.esn()
                    + ",\"sequenceNumberHighOrder\":" + high + "}");
            keys.append(HEX.formatHex(hk));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("proto", "AH");
            m.put("spi", ahSpi);
            m.put("auth", d.scapyAh());
            m.put("akey", HEX.formatHex(hk));
            m.put("esn", d.esn());
            m.put("high", high);
            scapy.add(0, m);
        }
        String body = "{\"ipVersion\":" + ipVersion + ",\"udpEspEncapsulation\":{\"type\":\"" + d.encapsulation()
                + "\"},\"secAssoc\":[" + String.join(",", entries) + "],\"keyData\":\""
                + Base64.getEncoder().encodeToString(HEX.parseHex(keys.toString())) + "\""
                + (d.mode() == null ? "" : ",\"emulation\":{\"mode\":\"" + d.mode() + "\"}") + "}";
        String handle = SendApiTest.addSaEx(t, nic, body);
        return new Sa(handle, espSpi, ahSpi, scapy);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static TransportFramer.Portion portion(Def d, Sa sa, long seq, boolean udp) {
        return new TransportFramer.Portion(
                d.ah() == null ? null : new TransportFramer.Ah(sa.ahSpi(), seq, 0, d.ahIcv()),
                d.enc() == null ? null : new TransportFramer.Esp(sa.espSpi(), seq, d.ivLength(), d.espIcv(), d.block(), udp));
    }

    static String nblJson(TransportFramer.Frame f, String handle, String tunnelHandle) {
        SendHeaderInfoJson h = new SendHeaderInfoJson(f);
        return "{\"netBuffers\":[{\"data\":\"" + Base64.getEncoder().encodeToString(f.data()) + "\"}],"
                + "\"ipsecOffloadV2\":{\"offloadHandle\":\"" + handle + "\"},"
                + (tunnelHandle == null ? "" : "\"ipsecOffloadV2Tunnel\":{\"tunnelHandle\":\"" + tunnelHandle + "\"},")
                + "\"ipsecOffloadV2Header\":" + h.json() + "}";
    }

    record SendHeaderInfoJson(TransportFramer.Frame f) {
        String json() {
            var i = f.headerInfo();
            return "{\"nextHeader\":" + i.nextHeader() + ",\"padLength\":" + i.padLength() + ",\"ahHeaderOffset\":"
                    + i.ahHeaderOffset() + ",\"espHeaderOffset\":" + i.espHeaderOffset() + "}";
        }
    }

    static Map<String, Object> layer(String role, boolean udp, Sa sa) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("udp", udp);
        m.put("sas", sa.scapy());
        return m;
    }

    @Test
    void sendOverHttp_everyProtocolAndMode_scapyVerifiesEveryTransmittedFrame() throws Exception {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        List<String> nbls = new ArrayList<>();
        List<Map<String, Object>> cases = new ArrayList<>();
        List<byte[]> uppers = new ArrayList<>();
        record Single(String id, Def def, int version, boolean tunnel, boolean udp) {
        }
        List<Single> singles = List.of(
                new Single("v4 transport ESP GCM-128", GCM128, 4, false, false),
                new Single("v6 transport ESP CBC-256+SHA-256", CBC256_SHA256, 6, false, false),
                new Single("v4 transport AH SHA-1", AH_SHA1, 4, false, false),
                new Single("v4 transport ESP+AH", BUNDLE, 4, false, false),
                new Single("v6 transport ESP+AH", BUNDLE, 6, false, false),
                new Single("v4 tunnel ESP GCM-128", with(GCM128, false, "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE",
                        "tunnel"), 4, true, false),
                new Single("v6 tunnel AH MD5", AH_MD5, 6, true, false),
                new Single("v4 transport ESP GCM-128 ESN", with(GCM128, true,
                        "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE", null), 4, false, false),
                new Single("v4 transport AH SHA-1 ESN", with(AH_SHA1, true, "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE",
                        null), 4, false, false),
                new Single("v4 UDP-ESP transport", with(CBC128_SHA1, false,
                        "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_TRANSPORT", null), 4, false, true),
                new Single("v6 UDP-ESP tunnel", with(GCM128, false, "IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_TUNNEL",
                        null), 6, true, true));
        for (Single s : singles) {
            Sa sa = add(t, nic, s.def(), s.version());
            byte[] upper = TransportFramer.udpDatagram(1 + random.nextInt(200));
            var frame = TransportFramer.single(s.version(), s.tunnel(), upper, portion(s.def(), sa, 1, s.udp()));
            nbls.add(nblJson(frame, sa.handle(), null));
            uppers.add(upper);
            cases.add(Map.of("id", s.id(), "upper", HEX.formatHex(upper), "layers",
                    List.of(layer(s.tunnel() ? "tunnel" : "transport", s.udp(), sa))));
        }
        for (int version : new int[] {4, 6}) {
            Sa transport = add(t, nic, CBC128_SHA1, version);
            Sa tunnel = add(t, nic, with(GCM128, false, "IPSEC_OFFLOAD_V2_TRANSPORT_OVER_UDP_ESP_ENCAPSULATION_TUNNEL",
                    null), version);
            byte[] upper = TransportFramer.udpDatagram(77);
            var frame = TransportFramer.transportOverTunnel(version, upper, portion(CBC128_SHA1, transport, 1, false),
                    portion(GCM128, tunnel, 1, true));
            nbls.add(nblJson(frame, transport.handle(), tunnel.handle()));
            cases.add(Map.of("id", "v" + version + " transport over UDP-ESP tunnel", "upper", HEX.formatHex(upper),
                    "layers", List.of(layer("tunnel", true, tunnel), layer("transport", false, transport))));
        }
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(nbls.toArray(String[]::new)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Map<String, Object>> withFrames = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = r.json().path("completions").get(i);
            assertThat(c.path("status").asString()).as(cases.get(i).get("id") + ": " + c).isEqualTo("NDIS_STATUS_SUCCESS");
            Map<String, Object> m = new LinkedHashMap<>(cases.get(i));
            m.put("frame", HEX.formatHex(Base64.getDecoder().decode(c.path("transmitted").get(0).path("data").asString())));
            withFrames.add(m);
        }
        String script;
        try (InputStream in = getClass().getResourceAsStream("/oracles/scapy_send_verify.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String out = ExternalTools.runPython(script, ContractClient.JSON.writeValueAsString(withFrames));
        List<String> failures = new ArrayList<>();
        for (JsonNode res : ContractClient.JSON.readTree(out)) {
            if (!res.path("ok").asBoolean()) {
                failures.add(res.path("id").asString() + ": " + res.path("error").asString());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(withFrames).hasSize(13);
    }
}
