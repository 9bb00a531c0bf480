package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The IPsec offload v1 OIDs and NBL info of NDIS 6.0 NICs over HTTP: SAs offloaded, refused with a reason or
 * rejected as malformed (nothing added), listed without keys, deleted; the profile rules (v1 on 6.1+ and v2 on 6.0
 * are 409s); tenant isolation; and a send on one 6.0 NIC indicated decrypted on a linked one with the v1 info.
 */
class IpsecV1ApiTest extends ApiTestSupport {

    private static final byte[] KEYS = new byte[24 + 20];

    static {
        new Random(60).nextBytes(KEYS);
    }

    private static String oid(String nic, String name) {
        return "/v1/nics/" + nic + "/oids/" + name;
    }

    /** 3DES + HMAC-SHA1-96, the filter of SendApiTest.espFrame's traffic (10.0.0.1 -> 10.0.0.2, UDP 7 -> 9). */
    private static String sa(String flags, long spi, int confKeylen, String extra) {
        return "{\"srcAddr\":\"10.0.0.1\",\"srcMask\":\"255.255.255.255\",\"destAddr\":\"10.0.0.0\","
                + "\"destMask\":\"255.255.255.0\",\"protocol\":17,\"destPort\":9,\"flags\":\"" + flags + "\","
                + "\"secAssoc\":[{\"operation\":\"ENCRYPT\",\"spi\":" + spi + ",\"confAlgo\":{\"algoIdentifier\":"
                + "\"OFFLOAD_IPSEC_CONF_3_DES\",\"algoKeylen\":" + confKeylen + "},\"integrityAlgo\":{\"algoIdentifier\":"
                + "\"OFFLOAD_IPSEC_INTEGRITY_SHA\",\"algoKeylen\":20}}],\"keyMat\":\""
                + Base64.getEncoder().encodeToString(Arrays.copyOf(KEYS, confKeylen + 20)) + "\"" + extra + "}";
    }

    @Test
    void addSa_onNdis60_offloadsListsWithoutKeysAndDeletes() {
        var t = newTenant();
        String nic = createNic(t, "6.0", "");
        var r = t.post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_OUTBOUND_SA", 0x600, 24, ""));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        String handle = r.json().path("offloadHandle").asString();
        assertThat(handle).isNotEqualTo("0");

        var list = t.get("/v1/nics/" + nic + "/v1-security-associations");
        assertThat(list.status()).isEqualTo(200);
        JsonNode item = list.json().path("securityAssociations").get(0);
        assertThat(item.path("offloadHandle").asString()).isEqualTo(handle);
        assertThat(item.path("destMask").asString()).isEqualTo("255.255.255.0");
        assertThat(item.path("secAssoc").get(0).path("confAlgo").path("algoIdentifier").asString())
                .isEqualTo("OFFLOAD_IPSEC_CONF_3_DES");
        assertThat(list.body()).doesNotContain("keyMat").doesNotContain(Base64.getEncoder().encodeToString(KEYS)
                .substring(0, 12));

        var del = t.post(oid(nic, "tcp-task-ipsec-delete-sa"), "{\"offloadHandle\":\"" + handle + "\"}");
        assertThat(del.json().path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        var again = t.post(oid(nic, "tcp-task-ipsec-delete-sa"), "{\"offloadHandle\":\"" + handle + "\"}");
        assertThat(again.json().path("status").asString()).isEqualTo("NDIS_STATUS_INVALID_PARAMETER");
        assertThat(again.json().path("reason").asString()).isEqualTo("SA_UNKNOWN_HANDLE");
    }

    @Test
    void addSa_refusedByTheConfiguration_isAnNdisFailureWithReasonAndPointer() {
        var t = newTenant();
        String nic = createNic(t, "6.0", "");
        var r = t.post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_OUTBOUND_SA", 0x601, 16, ""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asString()).isEqualTo("NDIS_STATUS_FAILURE");
        assertThat(r.json().path("offloadHandle").asString()).isEqualTo("0");
        assertThat(r.json().path("reason").asString()).isEqualTo("SA_KEY_LENGTH_MISMATCH");
        assertThat(r.json().path("pointer").asString()).isEqualTo("/secAssoc/0/confAlgo/algoKeylen");
        var spiZero = t.post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_OUTBOUND_SA", 0, 24, ""));
        assertThat(spiZero.json().path("reason").asString()).isEqualTo("SA_SPI_ZERO");
        assertThat(t.get("/v1/nics/" + nic + "/v1-security-associations").json().path("securityAssociations"))
                .isEmpty();
    }

    @Test
    void addSa_malformed_is400NamingTheFieldAndAddsNothing() {
        var t = newTenant();
        String nic = createNic(t, "6.0", "");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_SIDEWAYS_SA", 1, 24, "")), 400,
                "/problems/invalid-field", "/flags");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 1, 24, "")
                .replace("255.255.255.0", "255.0.255.0")), 400, "/problems/invalid-field", "/destMask");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 1, 24, "")
                .replace("\"protocol\":17", "\"protocol\":256")), 400, "/problems/invalid-field", "/protocol");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 1, 24, "")
                .replace("OFFLOAD_IPSEC_CONF_3_DES", "OFFLOAD_IPSEC_CONF_AES")), 400, "/problems/invalid-field",
                "/secAssoc/0/confAlgo/algoIdentifier");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 1, 24, "")
                .replace("\"algoKeylen\":20", "\"algoKeylen\":16")), 400, "/problems/invalid-field", "/keyMat");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 1, 24,
                ",\"encapTypeEntry\":{\"udpEncapType\":\"IPSEC_UDPESP_ENCAPTYPE_OTHER\"}")), 400,
                "/problems/invalid-field", "/encapTypeEntry");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-delete-sa"), "{\"offloadHandle\":\"x\"}"), 400,
                "/problems/invalid-field", "/offloadHandle");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 1, 24, "")
                .replace("\"spi\":1", "\"spi\":\"one\"")), 400, "/problems/invalid-field", "/secAssoc/0/spi");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 1, 24,
                ",\"keyMaterial\":\"AA==\"")), 400, "/problems/unknown-field");
        assertProblem(t.raw().post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 1, 24, "")
                .replace("\"keyMat\":\"", "\"keyMat\":\"!!")), 400, "/problems/invalid-field", "/keyMat");
        assertThat(t.get("/v1/nics/" + nic + "/v1-security-associations").json().path("securityAssociations"))
                .isEmpty();
    }

    @Test
    void addUdpEspSa_inbound_createsThenReusesTheParserEntry_deleteRemovesBoth() {
        var t = newTenant();
        String nic = createNic(t, "6.0", "");
        String udp = ",\"encapTypeEntry\":{\"udpEncapType\":\"IPSEC_UDPESP_ENCAPTYPE_OTHER\",\"dstEncapPort\":4500}";
        var first = t.post(oid(nic, "tcp-task-ipsec-add-udpesp-sa"), sa("OFFLOAD_INBOUND_SA", 0x700, 24, udp));
        assertThat(first.json().path("status").asString()).as(first.body()).isEqualTo("NDIS_STATUS_SUCCESS");
        String parser = first.json().path("encapTypeEntryOffldHandle").asString();
        assertThat(parser).isNotEqualTo("0");
        var second = t.post(oid(nic, "tcp-task-ipsec-add-udpesp-sa"), sa("OFFLOAD_INBOUND_SA", 0x701, 24, udp));
        assertThat(second.json().path("encapTypeEntryOffldHandle").asString()).isEqualTo(parser);
        var ike = t.post(oid(nic, "tcp-task-ipsec-add-udpesp-sa"), sa("OFFLOAD_INBOUND_SA", 0x702, 24,
                udp.replace("OTHER", "IKE")));
        assertThat(ike.json().path("reason").asString()).isEqualTo("SA_UDP_ESP_TYPE_NOT_SUPPORTED");
        var port = t.post(oid(nic, "tcp-task-ipsec-add-udpesp-sa"), sa("OFFLOAD_INBOUND_SA", 0x703, 24,
                udp.replace("4500", "4501")));
        assertThat(port.json().path("reason").asString()).isEqualTo("SA_UDP_ESP_PORT_NOT_SUPPORTED");
        var unknownParser = t.post(oid(nic, "tcp-task-ipsec-delete-udpesp-sa"), "{\"offloadHandle\":\""
                + first.json().path("offloadHandle").asString() + "\",\"encapTypeEntryOffldHandle\":\"1\"}");
        assertThat(unknownParser.json().path("status").asString()).isEqualTo("NDIS_STATUS_INVALID_PARAMETER");
        assertThat(t.get("/v1/nics/" + nic + "/v1-security-associations").json().path("securityAssociations"))
                .hasSize(2);

        var del = t.post(oid(nic, "tcp-task-ipsec-delete-udpesp-sa"), "{\"offloadHandle\":\""
                + first.json().path("offloadHandle").asString() + "\",\"encapTypeEntryOffldHandle\":\"" + parser + "\"}");
        assertThat(del.json().path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        JsonNode list = t.get("/v1/nics/" + nic + "/v1-security-associations").json();
        assertThat(list.path("securityAssociations")).hasSize(1);
        assertThat(list.path("udpEspParserEntries")).isEmpty();
    }

    @Test
    void profiles_v1OidsOnNdis61AndV2NblInfoOn60_are409NamingTheField() {
        var t = newTenant();
        String v61 = createNic(t, "6.1", "");
        String v630 = createNic(t, "6.30", "");
        String v60 = createNic(t, "6.0", "");
        for (String nic : List.of(v61, v630)) {
            assertProblem(t.post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_OUTBOUND_SA", 1, 24, "")), 409,
                    "/problems/wrong-profile");
            assertProblem(t.post(oid(nic, "tcp-task-ipsec-add-udpesp-sa"), sa("OFFLOAD_OUTBOUND_SA", 1, 24, "")),
                    409, "/problems/wrong-profile");
            assertProblem(t.post(oid(nic, "tcp-task-ipsec-delete-sa"), "{\"offloadHandle\":\"1\"}"), 409,
                    "/problems/wrong-profile");
            assertProblem(t.post(oid(nic, "tcp-task-ipsec-delete-udpesp-sa"), "{\"offloadHandle\":\"1\"}"), 409,
                    "/problems/wrong-profile");
            assertProblem(t.get("/v1/nics/" + nic + "/v1-security-associations"), 409, "/problems/wrong-profile");
        }
        byte[] frame = SendApiTest.espFrame(0x600, 1, 8, 12, 8, 40);
        String data = Base64.getEncoder().encodeToString(frame);
        assertProblem(t.post("/v1/nics/" + v61 + "/send", "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\"" + data
                + "\"}],\"ipsecOffloadV1\":{\"offloadHandle\":\"1\"}}]}"), 409, "/problems/wrong-profile",
                "/netBufferLists/0/ipsecOffloadV1");
        assertProblem(t.post("/v1/nics/" + v60 + "/send", "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\"" + data
                + "\"}],\"ipsecOffloadV2\":{\"offloadHandle\":\"1\"}}]}"), 409, "/problems/wrong-profile",
                "/netBufferLists/0/ipsecOffloadV2");
    }

    @Test
    void v1Endpoints_anotherTenantsNic_is404() {
        var owner = newTenant();
        var other = newTenant();
        String nic = createNic(owner, "6.0", "");
        String handle = owner.post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_OUTBOUND_SA", 0x800, 24, ""))
                .json().path("offloadHandle").asString();
        assertProblem(other.post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_OUTBOUND_SA", 0x801, 24, "")), 404,
                "/problems/not-found");
        assertProblem(other.post(oid(nic, "tcp-task-ipsec-add-udpesp-sa"), sa("OFFLOAD_OUTBOUND_SA", 0x801, 24, "")),
                404, "/problems/not-found");
        assertProblem(other.post(oid(nic, "tcp-task-ipsec-delete-sa"), "{\"offloadHandle\":\"" + handle + "\"}"), 404,
                "/problems/not-found");
        assertProblem(other.post(oid(nic, "tcp-task-ipsec-delete-udpesp-sa"), "{\"offloadHandle\":\"" + handle
                + "\"}"), 404, "/problems/not-found");
        assertProblem(other.get("/v1/nics/" + nic + "/v1-security-associations"), 404, "/problems/not-found");
        assertThat(owner.get("/v1/nics/" + nic + "/v1-security-associations").json().path("securityAssociations"))
                .hasSize(1);
    }

    @Test
    void sendWithIpsecOffloadV1_linked60Nic_indicatesDecryptedWithV1InfoSaDeleteReqAndFilterMismatchFails() {
        var t = newTenant();
        String a = createNic(t, "6.0", "");
        String b = createNic(t, "6.0", "");
        assertThat(t.put("/v1/nics/" + a + "/link", "{\"peerNicId\":\"" + b + "\"}").status()).isEqualTo(200);
        String out = t.post(oid(a, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_OUTBOUND_SA", 0x900, 24, ""))
                .json().path("offloadHandle").asString();
        String in = t.post(oid(b, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_INBOUND_SA", 0x900, 24,
                ",\"emulation\":{\"lifetimePackets\":3}"))
                .json().path("offloadHandle").asString();
        List<String> nbls = new ArrayList<>();
        List<byte[]> framed = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            byte[] frame = SendApiTest.espFrame(0x900, seq, 8, 12, 8, 30 + seq * 11);
            framed.add(frame);
            nbls.add("{\"netBuffers\":[{\"data\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}],"
                    + "\"ipsecOffloadV1\":{\"offloadHandle\":\"" + out + "\",\"nextOffloadHandle\":\"0\"}}");
        }
        byte[] wrongPort = SendApiTest.espFrame(0x900, 6, 8, 12, 8, 40);
        wrongPort[14 + 20 + 16 + 3] = 10; // UDP destination port 10: outside destPort 9
        nbls.add("{\"netBuffers\":[{\"data\":\"" + Base64.getEncoder().encodeToString(wrongPort) + "\"}],"
                + "\"ipsecOffloadV1\":{\"offloadHandle\":\"" + out + "\"}}");
        var r = t.post("/v1/nics/" + a + "/send", SendApiTest.send(nbls.toArray(String[]::new)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode completions = r.json().path("completions");
        for (int i = 0; i < 5; i++) {
            assertThat(completions.get(i).path("status").asString()).as(r.body()).isEqualTo("NDIS_STATUS_SUCCESS");
            assertThat(completions.get(i).path("transmitted").get(0).path("iv").asString()).isNotBlank();
        }
        assertThat(completions.get(5).path("reason").asString()).isEqualTo("SELECTOR_MISMATCH");

        List<JsonNode> seen = ReceiveApiTest.pollAll(t, b, 0, 5);
        int flagged = 0;
        for (int i = 0; i < 5; i++) {
            JsonNode ind = seen.get(i);
            assertThat(ind.has("ipsecOffloadV2")).isFalse();
            assertThat(ind.path("ipsecOffloadV1").path("cryptoDone").asInt()).isEqualTo(1);
            assertThat(ind.path("ipsecOffloadV1").path("nextCryptoDone").asInt()).isEqualTo(0);
            assertThat(ind.path("ipsecOffloadV1").path("cryptoStatus").asString()).isEqualTo("CRYPTO_SUCCESS");
            assertThat(ind.path("emulation").path("offloadHandle").asString()).isEqualTo(in);
            flagged += ind.path("ipsecOffloadV1").path("saDeleteReq").asInt();
            byte[] data = Base64.getDecoder().decode(ind.path("data").asString());
            byte[] sent = framed.get(i);
            int plaintext = 14 + 20 + 8 + 8;
            assertThat(Arrays.copyOfRange(data, plaintext, data.length - 12))
                    .isEqualTo(Arrays.copyOfRange(sent, plaintext, sent.length - 12));
        }
        // packets are decrypted on parallel workers: at least those from the third on carry saDeleteReq
        assertThat(flagged).as("indications with saDeleteReq, lifetime 3 packets of 5").isGreaterThanOrEqualTo(3);
        JsonNode listed = t.get("/v1/nics/" + b + "/v1-security-associations").json().path("securityAssociations");
        assertThat(listed.get(0).path("saDeleteReq").asBoolean()).isTrue();
        assertThat(listed.get(0).path("packets").asLong()).isEqualTo(5);
    }

    @Test
    void lsoOnNdis60_onlyWithIpsecOff_thenLsoNblsSegmentAndV1HandlesAreNotApplied() {
        var t = newTenant();
        String nic = createNic(t, "6.0", "");
        String params = "/v1/nics/" + nic + "/oids/tcp-offload-parameters";
        assertProblem(t.post(params, "{\"lsoV1\":\"NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED\"}"), 409,
                "/problems/offload-conflict");
        String handle = t.post(oid(nic, "tcp-task-ipsec-add-sa"), sa("OFFLOAD_OUTBOUND_SA", 0xA00, 24, ""))
                .json().path("offloadHandle").asString();
        var off = t.post(params, "{\"ipsecV1\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED\","
                + "\"lsoV1\":\"NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED\"}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);

        byte[] large = SendLsoApiTest.largeFrame(false, 0, 0, 0, 2500, 0, true);
        String lso = "{\"netBuffers\":[{\"data\":\"" + Base64.getEncoder().encodeToString(large) + "\"}],"
                + "\"tcpLargeSendOffload\":{\"type\":\"NDIS_TCP_LARGE_SEND_OFFLOAD_V1_TYPE\",\"mss\":1000,"
                + "\"tcpHeaderOffset\":34}}";
        byte[] esp = SendApiTest.espFrame(0xA00, 1, 8, 12, 8, 40);
        String withHandle = "{\"netBuffers\":[{\"data\":\"" + Base64.getEncoder().encodeToString(esp) + "\"}],"
                + "\"ipsecOffloadV1\":{\"offloadHandle\":\"" + handle + "\"}}";
        var r = t.post("/v1/nics/" + nic + "/send", SendApiTest.send(lso, withHandle));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode c = r.json().path("completions");
        assertThat(c.get(0).path("status").asString()).as(c.toString()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(c.get(0).path("transmitted").size()).isEqualTo(3);
        assertThat(c.get(1).path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        byte[] sent = Base64.getDecoder().decode(c.get(1).path("transmitted").get(0).path("data").asString());
        assertThat(sent).as("IPsec offload is off: sent without offload services").isEqualTo(esp);
    }
}
