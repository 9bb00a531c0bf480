package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.OffloadNicApplication;
import com.offloadnic.bench.BenchFrames;
import com.offloadnic.cbor.CborFormatException;
import com.offloadnic.cbor.CborWriter;
import com.offloadnic.packet.Bytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.cbor.JacksonCborHttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * The lean CBOR codec changes nothing a client can see: two servers, this test's (with {@link BulkCbor}) and one
 * started with {@code offloadnic.lean-cbor=false} (Jackson alone, as before), get the same requests in the same order
 * — valid and invalid send and inject bodies, and polls — and must answer with the same status, Content-Type and
 * bytes (the NIC ids, random per server, are the only difference allowed). Each body is also marked with whether
 * the lean reader takes it or leaves it to Jackson, so the comparison covers both paths; answers are checked
 * against openapi.yaml.
 */
class BulkCborDifferentialTest extends ApiTestSupport {

    private static final String CBOR = "application/cbor";
    /** Writes what it is given, nulls included (records as indefinite-length maps, Maps as definite ones). */
    private static final CBORMapper PLAIN = CBORMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ConfigurableApplicationContext jacksonOnly;
    private static int jacksonPort;

    @Autowired
    RequestMappingHandlerAdapter adapter;

    /** One server's tenant, NIC (with an outbound AES-GCM-256 SA) and a tenant with a small body limit. */
    private record Side(int port, String token, String nic, String handle, String smallToken, String smallNic) {
    }

    private Side lean;
    private Side jackson;

    @BeforeAll
    static void startJacksonOnlyServer() {
        jacksonOnly = new SpringApplicationBuilder(OffloadNicApplication.class).properties(
                "server.port=0",
                "offloadnic.admin-token=" + ADMIN_TOKEN,
                "offloadnic.default-tenant-token=" + DEFAULT_TENANT_TOKEN,
                "offloadnic.limits.status-ring-capacity=8",
                "offloadnic.limits.long-poll-max-timeout-ms=20000",
                "offloadnic.lean-cbor=false").run();
        jacksonPort = jacksonOnly.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterAll
    static void stopJacksonOnlyServer() {
        if (jacksonOnly != null) {
            jacksonOnly.close();
        }
    }

    @BeforeEach
    void rigs() {
        lean = side(port);
        jackson = side(jacksonPort);
    }

    private static Side side(int port) {
        ContractClient admin = ContractClient.on(port).as(ADMIN_TOKEN);
        String token = tenant(admin, "{\"requestsPerSecond\":100000}");
        String smallToken = tenant(admin, "{\"requestsPerSecond\":100000,\"maxRequestBodyBytes\":20000}");
        ContractClient t = ContractClient.on(port).as(token);
        String nic = createNic(t, "6.30", "");
        String key = Base64.getEncoder().encodeToString(BenchFrames.keyMaterial());
        String sa = "{\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":" + BenchFrames.SPI
                + ",\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_256\","
                + "\"keyLength\":36,\"additionalInfo\":16}}],\"keyData\":\"" + key + "\"}";
        String handle = t.post("/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", sa).json()
                .path("offloadHandle").asString();
        String smallNic = createNic(ContractClient.on(port).as(smallToken), "6.30", "");
        return new Side(port, token, nic, handle, smallToken, smallNic);
    }

    private static String tenant(ContractClient admin, String quotas) {
        var r = admin.post("/v1/admin/tenants", "{\"name\":\"diff-" + System.nanoTime() + "\",\"quotas\":" + quotas + "}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().path("token").asString();
    }

    /** A body for one server (handles may differ), and whether the lean reader should take it. */
    private record Case(String name, boolean lean, Function<Side, byte[]> body) {
    }

    private static Case lean(String name, Function<Side, byte[]> body) {
        return new Case(name, true, body);
    }

    private static Case fixed(String name, boolean lean, byte[] body) {
        return new Case(name, lean, s -> body);
    }

    private static Map<String, Object> m(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static byte[] cbor(Object value) {
        return PLAIN.writeValueAsBytes(value);
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static byte[] concat(byte[]... parts) {
        return Bytes.concat(parts);
    }

    private static Map<String, Object> espNbl(Side s, long seq) {
        return m("netBuffers", List.of(m("data", BenchFrames.espFrame(seq))),
                "ipsecOffloadV2", m("offloadHandle", s.handle()),
                "ipsecOffloadV2Header", m("nextHeader", 6, "padLength", 0, "espHeaderOffset", 5));
    }

    private static byte[] batch(Side s, int nbls, Boolean returnFrames) {
        List<Object> lists = new ArrayList<>();
        for (int i = 0; i < nbls; i++) {
            lists.add(espNbl(s, i + 1));
        }
        return cbor(m("netBufferLists", lists, "returnFrames", returnFrames));
    }

    /** {"netBufferLists": [{"netBuffers": [{"data": h'frame'}], <member>: <value>}]} with one member's value as hex. */
    private static byte[] nblWith(String member, String valueHex) {
        CborWriter w = new CborWriter();
        w.startMap(1).writeText("netBufferLists").startArray(1).startMap(2).writeText("netBuffers").startArray(1)
                .startMap(1).writeText("data").writeBytes(BenchFrames.espFrame(1)).writeText(member);
        return concat(w.toByteArray(), hex(valueHex));
    }

    /** {"netBufferLists": [{"netBuffers": [{"data": h'…'}], "tcpLargeSendOffload": {"mss": <value>}}]}. */
    private static byte[] mss(String valueHex) {
        return nblWith("tcpLargeSendOffload", "a1636d7373" + valueHex);
    }

    /** {"netBufferLists": [{"netBuffers": [{"data": h'…'}], "tcpIpChecksum": {"tcpHeaderOffset": <value>}}]}. */
    private static byte[] checksumOffset(String valueHex) {
        return nblWith("tcpIpChecksum", "a16f" + HexFormat.of().formatHex(
                "tcpHeaderOffset".getBytes(StandardCharsets.US_ASCII)) + valueHex);
    }

    private List<Case> sendCases() {
        byte[] frame = BenchFrames.espFrame(1);
        byte[] valid = cbor(m("netBufferLists", List.of(m("netBuffers", List.of(m("data", frame))))));
        List<Case> c = new ArrayList<>();
        // taken by the lean reader
        c.add(lean("64 NBLs of 1400 B, returnFrames", s -> batch(s, 64, true)));
        c.add(lean("64 NBLs, no frames back", s -> batch(s, 64, false)));
        c.add(lean("records as Jackson writes them: indefinite maps, explicit nulls", s -> cbor(new SendJson.SendRequest(
                List.of(new SendJson.NetBufferList(List.of(new SendJson.NetBuffer(BenchFrames.espFrame(1))),
                        new SendJson.IpsecOffloadV2(s.handle()), null,
                        new SendJson.IpsecOffloadV2Header(6L, 0L, null, 5L), null, null, null)), null))));
        c.add(lean("indefinite-length array of NBLs", s -> concat(hex("a16e"),
                "netBufferLists".getBytes(StandardCharsets.US_ASCII), hex("9f"), cbor(espNbl(s, 1)), hex("ff"))));
        c.add(fixed("empty list", true, cbor(m("netBufferLists", List.of()))));
        c.add(fixed("empty map: netBufferLists missing", true, cbor(m())));
        c.add(fixed("netBufferLists null", true, cbor(m("netBufferLists", null))));
        c.add(fixed("NBL null", true, cbor(m("netBufferLists", Arrays.asList((Object) null)))));
        c.add(fixed("netBuffers missing", true, cbor(m("netBufferLists", List.of(m())))));
        c.add(fixed("NET_BUFFER null", true, cbor(m("netBufferLists", List.of(m("netBuffers",
                Arrays.asList((Object) null)))))));
        c.add(fixed("data null", true, cbor(m("netBufferLists", List.of(m("netBuffers", List.of(m("data", null))))))));
        c.add(fixed("frame too long", true, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", new byte[65_558]))))))));
        c.add(fixed("no handle: plain transmit", true, valid));
        c.add(fixed("unknown handle", true, cbor(m("netBufferLists", List.of(m("netBuffers", List.of(m("data", frame)),
                "ipsecOffloadV2", m("offloadHandle", "123456")))))));
        c.add(fixed("handle not a number", true, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", frame)), "ipsecOffloadV2", m("offloadHandle", "h\u00e9llo \ud83d\ude00")))))));
        c.add(fixed("tunnel handle", true, cbor(m("netBufferLists", List.of(m("netBuffers", List.of(m("data", frame)),
                "ipsecOffloadV2Tunnel", m("tunnelHandle", "77")))))));
        c.add(fixed("v1 info on a v2 NIC", true, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", frame)), "ipsecOffloadV1", m("offloadHandle", "1", "nextOffloadHandle", null)))))));
        c.add(fixed("checksum: v4 and v6", true, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", frame)), "tcpIpChecksum", m("isIPv4", true, "isIPv6", true)))))));
        c.add(fixed("checksum: all members", true, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", frame)), "tcpIpChecksum", m("isIPv4", true, "isIPv6", false, "tcpChecksum", false,
                        "udpChecksum", true, "ipHeaderChecksum", true, "tcpHeaderOffset", 34)))))));
        c.add(fixed("LSO", true, cbor(m("netBufferLists", List.of(m("netBuffers", List.of(m("data", frame)),
                "tcpLargeSendOffload", m("type", "NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE", "mss", 1400, "tcpHeaderOffset", 34, "ipVersion", 4)))))));
        c.add(fixed("LSO type unknown", true, cbor(m("netBufferLists", List.of(m("netBuffers", List.of(m("data", frame)),
                "tcpLargeSendOffload", m("type", "LSOv9")))))));
        c.add(fixed("header offsets out of range", true, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", frame)), "ipsecOffloadV2Header", m("nextHeader", 256, "padLength", -1)))))));
        c.add(fixed("mss: Long.MAX_VALUE", true, mss("1b7fffffffffffffff")));
        c.add(fixed("mss: Long.MIN_VALUE", true, mss("3b7fffffffffffffff")));
        c.add(fixed("mss: null", true, mss("f6")));
        c.add(fixed("mss: non-minimal head", true, mss("1b0000000000000578")));
        c.add(fixed("tcpHeaderOffset: int max", true, checksumOffset("1a7fffffff")));
        c.add(fixed("returnFrames null", true, cbor(m("netBufferLists", List.of(), "returnFrames", null))));
        // left to Jackson
        c.add(fixed("unknown top-level field", false, cbor(m("netBufferLists", List.of(), "foo", 1))));
        c.add(fixed("unknown field in a NET_BUFFER", false, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", frame, "length", 3))))))));
        c.add(fixed("unknown field in the header info", false, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", frame)), "ipsecOffloadV2Header", m("nextheader", 6)))))));
        c.add(fixed("empty key", false, cbor(m("", 1))));
        c.add(fixed("non-ASCII key", false, cbor(m("n\u00e9tBufferLists", List.of()))));
        c.add(fixed("integer key", false, hex("a10102")));
        c.add(fixed("netBufferLists a text", false, cbor(m("netBufferLists", "abc"))));
        c.add(fixed("netBufferLists a map", false, cbor(m("netBufferLists", m()))));
        c.add(fixed("netBufferLists a number", false, cbor(m("netBufferLists", 3))));
        c.add(fixed("NBL an array", false, cbor(m("netBufferLists", List.of(List.of())))));
        c.add(fixed("data as base64 text", false, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", Base64.getEncoder().encodeToString(frame)))))))));
        c.add(fixed("data as bad base64 text", false, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", "not base64!"))))))));
        c.add(fixed("data a number", false, cbor(m("netBufferLists", List.of(m("netBuffers", List.of(m("data", 17))))))));
        c.add(fixed("data an array of numbers", false, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", List.of(1, 2, 3)))))))));
        c.add(fixed("data an indefinite byte string", false, nblData("5f420102420304ff")));
        c.add(fixed("data with a tag", false, nblData("d8184101")));
        c.add(fixed("handle a number", false, cbor(m("netBufferLists", List.of(m("netBuffers", List.of(m("data", frame)),
                "ipsecOffloadV2", m("offloadHandle", 5)))))));
        c.add(fixed("handle a byte string", false, cbor(m("netBufferLists", List.of(m("netBuffers",
                List.of(m("data", frame)), "ipsecOffloadV2", m("offloadHandle", new byte[] {0x35})))))));
        c.add(fixed("handle not UTF-8", false, nblWith("ipsecOffloadV2", "a16d6f66666c6f616448616e646c6562c328")));
        c.add(fixed("handle an indefinite text string", false,
                nblWith("ipsecOffloadV2", "a16d6f66666c6f616448616e646c657f6131ff")));
        c.add(fixed("returnFrames an integer", false, cbor(m("netBufferLists", List.of(), "returnFrames", 1))));
        c.add(fixed("returnFrames a text", false, cbor(m("netBufferLists", List.of(), "returnFrames", "true"))));
        c.add(fixed("returnFrames undefined", false, concat(cborPrefixReturnFrames(), hex("f7"))));
        c.add(fixed("mss a text", false, mss("6431343030")));
        c.add(fixed("mss a half float", false, mss("f93c00")));
        c.add(fixed("mss a double", false, mss("fb4095e00000000000")));
        c.add(fixed("mss a boolean", false, mss("f5")));
        c.add(fixed("mss 2^64-1", false, mss("1bffffffffffffffff")));
        c.add(fixed("mss -2^64", false, mss("3bffffffffffffffff")));
        c.add(fixed("mss a small bignum", false, mss("c24105")));
        c.add(fixed("mss a huge bignum", false, mss("c249010000000000000000")));
        c.add(fixed("mss with an epoch tag", false, mss("c11905dc")));
        c.add(fixed("tcpHeaderOffset: int max + 1", false, checksumOffset("1a80000000")));
        c.add(fixed("isIPv4 an integer", false, nblWith("tcpIpChecksum", "a166697349507634" + "01")));
        c.add(fixed("duplicate key", false, concat(hex("a2"), Arrays.copyOfRange(cbor(m("returnFrames", true)), 1, 15),
                Arrays.copyOfRange(cbor(m("returnFrames", false)), 1, 15))));
        c.add(fixed("trailing zero byte", false, concat(valid, hex("00"))));
        c.add(fixed("trailing second map", false, concat(valid, valid)));
        c.add(fixed("top-level array", false, hex("80")));
        c.add(fixed("top-level null", false, hex("f6")));
        c.add(fixed("top-level integer", false, hex("05")));
        c.add(fixed("top-level text", false, hex("6161")));
        c.add(fixed("self-describe tag", false, concat(hex("d9d9f7"), valid)));
        c.add(fixed("stray break", false, hex("ff")));
        c.add(fixed("break inside a definite map", false, hex("a1ff")));
        c.add(fixed("reserved additional information", false, hex("bc")));
        c.add(fixed("array of 2^32 NBLs declared", false, concat(hex("a16e"),
                "netBufferLists".getBytes(StandardCharsets.US_ASCII), hex("9b000000010000000001"))));
        c.add(fixed("byte string longer than the body", false, nblData("5a00100000")));
        for (int cut : new int[] {1, 2, 17, 40, valid.length / 2, valid.length - 1}) {
            c.add(fixed("truncated to " + cut + " bytes", false, Arrays.copyOf(valid, cut)));
        }
        c.add(new Case("over the tenant's body limit", true, s -> batch(s, 64, false)));
        return c;
    }

    private static byte[] cborPrefixReturnFrames() {
        // {"netBufferLists": [], "returnFrames": <value follows>
        return concat(hex("a2"), Arrays.copyOfRange(cbor(m("netBufferLists", List.of())), 1, 17),
                hex("6c"), "returnFrames".getBytes(StandardCharsets.US_ASCII));
    }

    /** {"netBufferLists": [{"netBuffers": [{"data": <value>}]}]}. */
    private static byte[] nblData(String valueHex) {
        CborWriter w = new CborWriter();
        w.startMap(1).writeText("netBufferLists").startArray(1).startMap(1).writeText("netBuffers").startArray(1)
                .startMap(1).writeText("data");
        return concat(w.toByteArray(), hex(valueHex));
    }

    private List<Case> receiveCases() {
        byte[] f1 = ReceiveApiTest.udpFrame(1);
        byte[] f2 = ReceiveApiTest.udpFrame(2);
        byte[] valid = cbor(m("frames", List.of(m("data", f1), m("data", f2))));
        List<Case> c = new ArrayList<>();
        c.add(fixed("two frames", true, valid));
        c.add(fixed("frames as records: indefinite maps", true, cbor(new ReceiveJson.ReceiveRequest(
                List.of(new ReceiveJson.Frame(f1))))));
        c.add(fixed("empty list", true, cbor(m("frames", List.of()))));
        c.add(fixed("frames missing", true, cbor(m())));
        c.add(fixed("frames null", true, cbor(m("frames", null))));
        c.add(fixed("frame null", true, cbor(m("frames", Arrays.asList((Object) null)))));
        c.add(fixed("data null", true, cbor(m("frames", List.of(m("data", null))))));
        c.add(fixed("data missing", true, cbor(m("frames", List.of(m())))));
        c.add(fixed("frame too long", true, cbor(m("frames", List.of(m("data", new byte[65_558]))))));
        c.add(fixed("data as base64 text", false, cbor(m("frames", List.of(m("data",
                Base64.getEncoder().encodeToString(f1)))))));
        c.add(fixed("data a number", false, cbor(m("frames", List.of(m("data", 17))))));
        c.add(fixed("unknown field", false, cbor(m("frames", List.of(), "nic", "x"))));
        c.add(fixed("unknown field in a frame", false, cbor(m("frames", List.of(m("data", f1, "vlan", 3))))));
        c.add(fixed("frames a map", false, cbor(m("frames", m("data", f1)))));
        c.add(fixed("trailing byte", false, concat(valid, hex("f6"))));
        c.add(fixed("duplicate frames key", false, concat(hex("a2"), Arrays.copyOfRange(cbor(m("frames", List.of())), 1, 9),
                Arrays.copyOfRange(cbor(m("frames", List.of())), 1, 9))));
        for (int cut : new int[] {1, 8, valid.length / 2, valid.length - 1}) {
            c.add(fixed("truncated to " + cut + " bytes", false, Arrays.copyOf(valid, cut)));
        }
        return c;
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    private static Answer exchange(Side s, String token, String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", CBOR + ", application/problem+json");
        if (body != null) {
            b.header("Content-Type", CBOR).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body with this server's NIC ids replaced, byte for byte otherwise. */
    private static String normalized(Side s, byte[] body) {
        return new String(body, StandardCharsets.ISO_8859_1).replace(s.nic(), "{nicId}").replace(s.smallNic(), "{nicId}");
    }

    private static void checkContract(String method, String path, Answer a) {
        String type = a.contentType();
        String json;
        if (type != null && type.startsWith(CBOR)) {
            json = ContractClient.JSON.writeValueAsString(PLAIN.readTree(a.body()));
            type = "application/json";
        } else {
            json = new String(a.body(), StandardCharsets.UTF_8);
        }
        var report = ContractClient.validateResponse(method, path, a.status(), type, json);
        assertThat(report.hasErrors()).as("%s %s -> %d violates openapi.yaml: %s%n%s", method, path, a.status(),
                report.getMessages(), json).isFalse();
    }

    private void compare(SoftAssertions softly, String what, Case c, String kind) {
        byte[] leanBody = c.body().apply(lean);
        byte[] jacksonBody = c.body().apply(jackson);
        boolean small = c.name().startsWith("over the tenant");
        String path = "/v1/nics/%s/" + kind;
        Answer a = exchange(lean, small ? lean.smallToken() : lean.token(), "POST",
                path.formatted(small ? lean.smallNic() : lean.nic()), leanBody);
        Answer b = exchange(jackson, small ? jackson.smallToken() : jackson.token(), "POST",
                path.formatted(small ? jackson.smallNic() : jackson.nic()), jacksonBody);
        String label = what + " / " + c.name();
        softly.assertThat(takenByLeanReader(kind, leanBody)).as("%s: taken by the lean reader", label).isEqualTo(c.lean());
        softly.assertThat(a.status()).as("%s: status", label).isEqualTo(b.status());
        softly.assertThat(a.status()).as("%s: never a 5xx", label).isLessThan(500);
        softly.assertThat(a.contentType()).as("%s: Content-Type", label).isEqualTo(b.contentType());
        softly.assertThat(normalized(lean, a.body())).as("%s: body", label).isEqualTo(normalized(jackson, b.body()));
        checkContract("POST", path.formatted(small ? lean.smallNic() : lean.nic()), a);
    }

    private static boolean takenByLeanReader(String kind, byte[] body) {
        try {
            if (kind.equals("send")) {
                BulkCbor.readSendRequest(body, 0, body.length);
            } else {
                BulkCbor.readReceiveRequest(body, 0, body.length);
            }
            return true;
        } catch (CborFormatException e) {
            return false;
        }
    }

    @Test
    void theLeanConverterIsAheadOfJacksonsHereAndAbsentThere() {
        List<Class<?>> here = adapter.getMessageConverters().stream().<Class<?>>map(Object::getClass).toList();
        assertThat(here.indexOf(BulkCborHttpMessageConverter.class)).isNotNegative()
                .isLessThan(here.indexOf(JacksonCborHttpMessageConverter.class));
        List<HttpMessageConverter<?>> there = jacksonOnly.getBean(RequestMappingHandlerAdapter.class)
                .getMessageConverters();
        assertThat(there).noneMatch(BulkCborHttpMessageConverter.class::isInstance);
    }

    @Test
    void send_everyBody_answersTheSameWithAndWithoutTheLeanCodec() {
        SoftAssertions softly = new SoftAssertions();
        for (Case c : sendCases()) {
            compare(softly, "send", c, "send");
        }
        softly.assertAll();
    }

    @Test
    void inject_everyBody_andThePollsAfter_answerTheSameWithAndWithoutTheLeanCodec() {
        SoftAssertions softly = new SoftAssertions();
        List<Case> cases = receiveCases();
        for (Case c : cases) {
            compare(softly, "inject", c, "receive");
        }
        softly.assertAll();
        // every accepted frame is indicated on both; then the polls must be the same bytes
        int expected = countIndications(lean, 3);
        assertThat(countIndications(jackson, expected)).isEqualTo(expected);
        for (String query : List.of("?cursor=0&timeoutMs=0", "?cursor=0&timeoutMs=0&max=1", "?cursor=2&timeoutMs=0")) {
            Answer a = exchange(lean, lean.token(), "GET", "/v1/nics/" + lean.nic() + "/receive-indications" + query, null);
            Answer b = exchange(jackson, jackson.token(), "GET", "/v1/nics/" + jackson.nic() + "/receive-indications"
                    + query, null);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.contentType()).isEqualTo(b.contentType()).startsWith(CBOR);
            assertThat(normalized(lean, a.body())).as(query).isEqualTo(normalized(jackson, b.body()));
            checkContract("GET", "/v1/nics/" + lean.nic() + "/receive-indications", a);
        }
    }

    /** Polls until at least {@code atLeast} indications are visible; returns how many there are. */
    private static int countIndications(Side s, int atLeast) {
        ContractClient t = ContractClient.on(s.port()).as(s.token());
        int n = 0;
        for (int i = 0; i < 100 && n < atLeast; i++) {
            JsonNode poll = t.get("/v1/nics/" + s.nic() + "/receive-indications?cursor=0&timeoutMs=200&max=100").json();
            n = poll.path("indications").size();
        }
        return n;
    }
}
