package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hostile-request sweep over every endpoint of the published contract. For each endpoint it sends its valid
 * request mutated one JSON leaf at a time (wrong types, huge and negative numbers, invalid base64, unknown enum
 * names, empty and 100 000-character strings, handles of another NIC and of another tenant), whole-body attacks
 * (malformed JSON, 100 000-deep arrays and objects, a 10 MB body, over the tenant's body quota, wrong content
 * type, empty body), hostile path ids and query parameters. Every answer must be documented by openapi.yaml (the
 * {@link ContractClient} checks), never 5xx, and either a 2xx (the mutant happened to be a valid request) or a 4xx
 * {@code application/problem+json} after which the target NIC's state is exactly what it was. Afterwards the
 * service is healthy and still sends. The counts are printed and written to
 * {@code target/reliability/hostile-sweep.txt} (README, "Reliability").
 */
class HostileRequestSweepTest extends ApiTestSupport {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int BODY_QUOTA = 4 << 20;

    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> byEndpoint = new TreeMap<>();
    private int requests;

    private ContractClient tenant;
    private ContractClient stranger;
    private String nic;
    private String nic620;
    private String nic60;
    private String peer;
    private String handle;
    private String otherNicHandle;
    private String strangerHandle;
    private String strangerNic;
    private final RigFixture rig = new RigFixture();

    private record Endpoint(String method, String path, String body) {
    }

    /** The administration API, swept with the admin token (and once with a tenant's, which must be 401). */
    private List<Endpoint> adminEndpoints(String tenantId) {
        return List.of(
                new Endpoint("POST", "/v1/admin/tenants", "{\"name\":\"sweep\",\"quotas\":{\"maxNics\":2,"
                        + "\"maxSecurityAssociations\":3,\"maxFramesPerRequest\":4,\"maxRequestBodyBytes\":5000,"
                        + "\"requestsPerSecond\":6,\"cryptoPoolWeight\":2}}"),
                new Endpoint("PUT", "/v1/admin/tenants/" + tenantId + "/quotas", "{\"maxNics\":2,"
                        + "\"maxSecurityAssociations\":3,\"maxFramesPerRequest\":4,\"maxRequestBodyBytes\":5000,"
                        + "\"requestsPerSecond\":6,\"cryptoPoolWeight\":2}"),
                new Endpoint("GET", "/v1/admin/tenants", null),
                new Endpoint("GET", "/v1/admin/tenants/" + tenantId, null),
                new Endpoint("DELETE", "/v1/admin/tenants/" + tenantId, null));
    }

    private List<Endpoint> endpoints() {
        String n = "/v1/nics/" + nic;
        String v1 = "/v1/nics/" + nic60;
        return List.of(
                new Endpoint("POST", "/v1/nics", "{\"ndisVersion\":\"6.30\",\"name\":\"x\",\"mtu\":1500}"),
                new Endpoint("GET", "/v1/nics", null),
                new Endpoint("GET", n, null),
                new Endpoint("GET", n + "/capabilities", null),
                new Endpoint("POST", n + "/oids/tcp-offload-parameters",
                        "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_AND_ESP_ENABLED\"}"),
                new Endpoint("GET", n + "/oids/tcp-offload-current-config", null),
                new Endpoint("GET", n + "/status-indications?cursor=0&timeoutMs=0", null),
                new Endpoint("POST", n + "/receive", RigFixture.injectBody(2)),
                new Endpoint("GET", n + "/receive-indications?cursor=0&timeoutMs=0&max=10", null),
                new Endpoint("GET", n + "/link", null),
                new Endpoint("PUT", n + "/link", "{\"peerNicId\":\"" + peer + "\"}"),
                new Endpoint("GET", n + "/statistics", null),
                new Endpoint("POST", "/v1/nics/" + nic620 + "/oids/tcp-task-ipsec-offload-v2-add-sa",
                        "{\"securityAssociations\":[" + rig.addSaEx(0x7001, true) + "]}"),
                new Endpoint("POST", n + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", rig.addSaEx(0x7002, true)),
                new Endpoint("POST", n + "/oids/tcp-task-ipsec-offload-v2-delete-sa",
                        "{\"offloadHandles\":[\"" + handle + "\"]}"),
                new Endpoint("POST", n + "/oids/tcp-task-ipsec-offload-v2-update-sa",
                        "{\"updates\":[{\"offloadHandle\":\"" + handle + "\",\"operation\":\"IPsecOffloadV2Esp\","
                                + "\"spi\":4096,\"sequenceNumberHighOrder\":1}]}"),
                new Endpoint("GET", n + "/security-associations", null),
                new Endpoint("POST", n + "/send", RigFixture.sendBody(handle, 0x1000, 1, 2, 20)),
                new Endpoint("GET", n + "/capture", null),
                new Endpoint("GET", n + "/capture.pcap", null),
                new Endpoint("PUT", n + "/capture", "{\"capacity\":64}"),
                new Endpoint("DELETE", n + "/capture", null),
                new Endpoint("POST", v1 + "/oids/tcp-task-ipsec-add-sa", "{\"srcAddr\":\"192.0.2.1\",\"srcMask\":\"255.255.255.255\",\"destAddr\":\"198.51.100.0\",\"destMask\":\"255.255.255.0\",\"protocol\":6,\"srcPort\":0,\"destPort\":443,\"flags\":\"OFFLOAD_OUTBOUND_SA\",\"secAssoc\":[{\"operation\":\"ENCRYPT\",\"spi\":4660,\"confAlgo\":{\"algoIdentifier\":\"OFFLOAD_IPSEC_CONF_3_DES\",\"algoKeylen\":24},\"integrityAlgo\":{\"algoIdentifier\":\"OFFLOAD_IPSEC_INTEGRITY_SHA\",\"algoKeylen\":20}}],\"keyMat\":\"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKyw=\"}"),
                new Endpoint("POST", v1 + "/oids/tcp-task-ipsec-add-udpesp-sa", "{\"destTunnelAddr\":\"203.0.113.2\",\"srcTunnelAddr\":\"203.0.113.1\",\"flags\":\"OFFLOAD_INBOUND_SA\",\"secAssoc\":[{\"operation\":\"ENCRYPT\",\"spi\":4661,\"confAlgo\":{\"algoIdentifier\":\"OFFLOAD_IPSEC_CONF_DES\",\"algoKeylen\":8},\"integrityAlgo\":{\"algoIdentifier\":\"OFFLOAD_IPSEC_INTEGRITY_MD5\",\"algoKeylen\":16}}],\"keyMat\":\"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY\",\"encapTypeEntry\":{\"udpEncapType\":\"IPSEC_UDPESP_ENCAPTYPE_OTHER\",\"dstEncapPort\":4500},\"encapTypeEntryOffldHandle\":\"0\"}"),
                new Endpoint("POST", v1 + "/oids/tcp-task-ipsec-delete-sa", "{\"offloadHandle\":\"12345\"}"),
                new Endpoint("POST", v1 + "/oids/tcp-task-ipsec-delete-udpesp-sa",
                        "{\"offloadHandle\":\"12345\",\"encapTypeEntryOffldHandle\":\"3\"}"),
                new Endpoint("GET", v1 + "/v1-security-associations", null),
                // faults on the peer: an accepted mutant changes its plan, never the swept NIC's traffic
                new Endpoint("GET", "/v1/nics/" + peer + "/emulation/faults", null),
                new Endpoint("PUT", "/v1/nics/" + peer + "/emulation/faults", "{\"seed\":7,\"corruptTransmitIcv\":{\"next\":1}}"),
                new Endpoint("DELETE", n + "/link", null),
                new Endpoint("DELETE", n, null));
    }

    /** Every operation of the published contract is swept, so a new endpoint cannot skip the sweep. */
    @Test
    void sweep_coversEveryOperationOfTheContract() throws IOException {
        nic = "{nicId}";
        nic620 = "{nicId}";
        nic60 = "{nicId}";
        peer = "{nicId}";
        handle = "1";
        Set<String> contract = new TreeSet<>();
        String path = null;
        for (String line : Files.readAllLines(Path.of("openapi.yaml"))) {
            Matcher p = Pattern.compile("^  (/v1/[^:]*):\\s*$").matcher(line);
            Matcher m = Pattern.compile("^    (get|put|post|delete|patch):\\s*$").matcher(line);
            if (p.matches()) {
                path = p.group(1);
            } else if (line.matches("^  \\S.*")) {
                path = null;
            } else if (path != null && m.matches()) {
                contract.add(m.group(1).toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        Set<String> swept = new TreeSet<>();
        List<Endpoint> all = new ArrayList<>(endpoints());
        all.addAll(adminEndpoints("{tenantId}"));
        all.add(new Endpoint("POST", "/v1/nics/{nicId}/receive/pcap", null)); // pcapAttacks()
        for (Endpoint e : all) {
            swept.add(e.method() + " " + e.path().replaceFirst("\\?.*$", ""));
        }
        assertThat(contract).isNotEmpty();
        assertThat(swept).as("operations of openapi.yaml").containsAll(contract);
    }

    @Test
    void sweep_everyEndpoint_answersDocumented4xxProblems_leavesStateUnchanged_andStaysHealthy() throws Exception {
        tenant = newTenant("{\"requestsPerSecond\":1000000,\"maxNics\":40,\"maxRequestBodyBytes\":" + BODY_QUOTA + "}")
                .raw();
        stranger = newTenant("{\"requestsPerSecond\":1000000}");
        nic = createNic(tenant, "6.30", "");
        nic620 = createNic(tenant, "6.20", "");
        nic60 = createNic(tenant, "6.0", "");
        peer = createNic(tenant, "6.30", "");
        handle = RigFixture.addSa(tenant, nic, rig.addSaEx(0x1000, false));
        otherNicHandle = RigFixture.addSa(tenant, peer, rig.addSaEx(0x2000, false));
        strangerNic = createNic(stranger, "6.30", "");
        strangerHandle = RigFixture.addSa(stranger, strangerNic, new RigFixture().addSaEx(0x3000, false));
        String strangerBefore = snapshot(stranger, strangerNic);

        for (Endpoint e : endpoints()) {
            if (e.body() != null) {
                JsonNode valid = ContractClient.JSON.readTree(e.body());
                for (String mutant : mutants(valid)) {
                    exchange(e, e.path(), "application/json", mutant);
                }
                for (String attack : wholeBodyAttacks()) {
                    exchange(e, e.path(), "application/json", attack);
                }
                exchange(e, e.path(), "text/plain", e.body());
                exchange(e, e.path(), null, null);
            }
            for (String path : hostilePaths(e.path())) {
                exchange(e, path, e.body() == null ? null : "application/json", e.body() == null ? null : e.body());
            }
        }
        pcapAttacks();
        adminSweep();

        assertThat(snapshot(stranger, strangerNic)).as("the other tenant's NIC is untouched").isEqualTo(strangerBefore);
        var health = anonymous().unchecked().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        String freshHandle = RigFixture.addSa(tenant, nic, rig.addSaEx(0x1100, false));
        var send = tenant.post("/v1/nics/" + nic + "/send", RigFixture.sendBody(freshHandle, 0x1100, 1, 1, 20));
        assertThat(send.status()).as(send.body()).isEqualTo(200);
        assertThat(send.json().path("completions").get(0).path("status").asString()).isEqualTo("NDIS_STATUS_SUCCESS");
        report();
    }

    @Test
    void deleteNic_whileSendingAndInjecting_answers200Or404Only_andNothingLeaks() throws Exception {
        ContractClient t = newTenant("{\"requestsPerSecond\":1000000}");
        for (int round = 0; round < 5; round++) {
            String victim = createNic(t, "6.30", "");
            String h = RigFixture.addSa(t, victim, rig.addSaEx(0x4000 + round, false));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<List<Integer>>> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int kind = w;
                workers.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    while (!stop.get() && statuses.size() < 400) {
                        var r = switch (kind) {
                            case 0 -> t.post("/v1/nics/" + victim + "/send", RigFixture.sendBody(h, 0x4000, 1, 4, 64));
                            case 1 -> t.post("/v1/nics/" + victim + "/receive", RigFixture.injectBody(4));
                            default -> t.get("/v1/nics/" + victim + "/receive-indications?cursor=0&timeoutMs=50");
                        };
                        statuses.add(r.status());
                        if (r.status() == 404) {
                            assertThat(r.contentType()).startsWith("application/problem+json");
                            break;
                        }
                    }
                    return statuses;
                }));
            }
            Thread.sleep(20L * (round + 1)); // lets some requests in before the delete; correctness does not depend on it
            var del = t.delete("/v1/nics/" + victim);
            assertThat(del.status()).isEqualTo(204);
            stop.set(true);
            for (Future<List<Integer>> f : workers) {
                assertThat(f.get()).as("every answer is a success or 'no such NIC'").allMatch(s -> s == 200 || s == 202
                        || s == 404);
            }
            pool.shutdown();
            assertThat(t.get("/v1/nics/" + victim).status()).isEqualTo(404);
        }
        assertThat(anonymous().unchecked().get("/actuator/health").status()).isEqualTo(200);
    }

    // ---- requests ----

    private void exchange(Endpoint e, String path, String contentType, String body) {
        exchange(tenant, e, path, contentType, body);
    }

    private void exchange(ContractClient client, Endpoint e, String path, String contentType, String body) {
        String target = client == tenant ? targetNic(path) : null;
        String before = target == null ? null : snapshot(tenant, target);
        // A URI the HTTP server itself rejects (a NUL byte, an encoded "../") never reaches an operation of the
        // contract: its answer is checked as a problem document below, not against the operation it does not reach.
        boolean malformedUri = path.contains("%00") || path.contains("%2e%2e");
        ContractClient.Reply r = (malformedUri ? client.unchecked() : client).send(e.method(), path, contentType, body);
        requests++;
        byStatus.merge(Integer.toString(r.status()), 1, Integer::sum);
        byEndpoint.merge(e.method() + " " + e.path().replace(nic, "{nicId}").replace(nic620, "{nicId}")
                .replace(nic60, "{nicId}").replace(peer, "{nicId}").replaceAll("\\?.*", ""), 1, Integer::sum);
        String what = e.method() + " " + abbreviate(path) + " <- " + abbreviate(body);
        assertThat(r.status()).as(what + " -> " + abbreviate(r.body())).isLessThan(500);
        if (r.status() >= 400) {
            assertThat(r.contentType()).as(what).startsWith("application/problem+json");
            JsonNode p = r.json();
            assertThat(p.path("status").asInt()).as(what).isEqualTo(r.status());
            assertThat(p.path("type").asString()).as(what).isNotBlank();
            assertThat(p.path("detail").asString()).as(what).isNotBlank();
            if (before != null) {
                assertThat(snapshot(tenant, target)).as("state after " + what).isEqualTo(before);
            }
        }
    }

    private String targetNic(String path) {
        for (String id : new String[] {nic, nic620, nic60}) {
            if (path.startsWith("/v1/nics/" + id)) {
                return id;
            }
        }
        return null;
    }

    /** What a rejected request must not change: the NIC, its SAs, counters, capture, link and configuration. */
    private static String snapshot(ContractClient t, String nicId) {
        String n = "/v1/nics/" + nicId;
        // frames an earlier accepted inject is still decrypting are not state a later request changed
        for (int i = 0; i < 1000 && t.get(n + "/statistics").json().path("rxInFlight").asLong() > 0; i++) {
            Thread.onSpinWait();
        }
        StringBuilder s = new StringBuilder();
        for (String path : new String[] {"/v1/nics", n, n + "/security-associations", n + "/statistics",
                n + "/capture", n + "/link", n + "/oids/tcp-offload-current-config"}) {
            var r = t.get(path);
            s.append(path).append(' ').append(r.status()).append(' ').append(r.body()).append('\n');
        }
        return s.toString();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(no body)";
        }
        return s.length() <= 160 ? s : s.substring(0, 160) + "...(" + s.length() + " chars)";
    }

    // ---- the attacks ----

    /** The valid body with one leaf replaced, for every leaf and every hostile value that fits its place. */
    private List<String> mutants(JsonNode valid) {
        List<String> out = new ArrayList<>();
        List<List<Object>> paths = new ArrayList<>();
        leaves(valid, new ArrayList<>(), paths);
        for (List<Object> path : paths) {
            JsonNode leaf = at(valid, path);
            String name = path.isEmpty() ? "" : String.valueOf(path.getLast());
            List<JsonNode> values = new ArrayList<>(List.of(NODES.stringNode("!!not base64, not a number!!"),
                    NODES.numberNode(-1), NODES.numberNode(new java.math.BigInteger("99999999999999999999999")),
                    NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.numberNode(2.5), NODES.booleanNode(true),
                    NODES.nullNode(), NODES.arrayNode(), NODES.objectNode()));
            if (leaf.isString()) {
                values.add(NODES.stringNode(""));
                values.add(NODES.stringNode("NOT_A_KNOWN_CONSTANT"));
                values.add(NODES.stringNode("A".repeat(100_000)));
                values.add(NODES.stringNode("-1"));
                values.add(NODES.stringNode("18446744073709551616"));
            }
            if (leaf.isNumber()) {
                values.add(NODES.numberNode(Long.MIN_VALUE));
                values.add(NODES.numberNode(4294967296L));
                values.add(NODES.stringNode("12"));
            }
            if (name.toLowerCase(java.util.Locale.ROOT).contains("handle")) {
                values.add(NODES.stringNode(otherNicHandle));
                values.add(NODES.stringNode(strangerHandle));
                values.add(NODES.stringNode("0"));
            }
            if (name.equals("peerNicId")) {
                values.add(NODES.stringNode(strangerNic));
                values.add(NODES.stringNode(nic));
            }
            for (JsonNode v : values) {
                JsonNode copy = valid.deepCopy();
                replace(copy, path, v);
                out.add(copy.toString());
            }
        }
        ObjectNode extra = valid.isObject() ? ((ObjectNode) valid.deepCopy()).put("notAField", 1) : null;
        if (extra != null) {
            out.add(extra.toString());
        }
        return out;
    }

    private static void leaves(JsonNode node, List<Object> path, List<List<Object>> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                List<Object> p = new ArrayList<>(path);
                p.add(e.getKey());
                leaves(e.getValue(), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> p = new ArrayList<>(path);
                p.add(i);
                leaves(node.get(i), p, out);
            }
        } else {
            out.add(path);
        }
    }

    private static JsonNode at(JsonNode node, List<Object> path) {
        JsonNode n = node;
        for (Object step : path) {
            n = step instanceof Integer i ? n.get(i) : n.get((String) step);
        }
        return n;
    }

    private static void replace(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.getLast();
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    private static List<String> wholeBodyAttacks() {
        return List.of("{\"a\":", "[]", "\"text\"", "42", "null", "true", "{}", "",
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000),
                "{\"x\":\"" + "A".repeat(10 << 20) + "\"}",
                "{\"x\":\"" + "A".repeat(BODY_QUOTA) + "\"}",
                "{\"a\":1,\"a\":2}", "{\"a\":1} trailing", "\uFEFF{}", "{\"a\":\"\\ud800\"}");
    }

    private List<String> hostilePaths(String path) {
        List<String> out = new ArrayList<>();
        for (String id : new String[] {nic, nic620}) {
            if (path.contains(id)) {
                for (String bad : new String[] {strangerNic, "00000000-0000-0000-0000-000000000000", "..", "%00",
                        "x".repeat(5000), "%2e%2e%2fadmin", "%27%20OR%201%3D1%20--"}) {
                    out.add(path.replace(id, bad));
                }
            }
        }
        if (path.contains("?")) {
            String base = path.substring(0, path.indexOf('?'));
            for (String q : new String[] {"cursor=-1", "cursor=abc", "cursor=99999999999999999999999", "timeoutMs=-5",
                    "timeoutMs=1e9", "timeoutMs=9999999999", "max=0", "max=-3", "max=2147483648",
                    "maxIndications=5&max=6", "cursor=1&cursor=2"}) {
                out.add(base + "?" + q);
            }
        }
        return out;
    }

    private void adminSweep() {
        String name = "victim-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var victim = admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\",\"quotas\":{}}");
        String victimId = victim.json().path("tenantId").asString();
        ContractClient root = admin().raw();
        String before = root.get("/v1/admin/tenants/" + victimId).body();
        for (Endpoint e : adminEndpoints(victimId)) {
            exchange(tenant, e, e.path(), e.body() == null ? null : "application/json", e.body());
            if (e.body() != null) {
                JsonNode valid = ContractClient.JSON.readTree(e.body());
                for (String mutant : mutants(valid)) {
                    exchange(root, e, e.path(), "application/json", mutant);
                }
                for (String attack : wholeBodyAttacks()) {
                    exchange(root, e, e.path(), "application/json", attack);
                }
            }
            for (String bad : new String[] {"00000000-0000-0000-0000-000000000000", "x".repeat(5000), "%2e%2e"}) {
                if (e.path().contains(victimId)) {
                    exchange(root, e, e.path().replace(victimId, bad), e.body() == null ? null : "application/json",
                            e.body());
                }
            }
        }
        String after = root.get("/v1/admin/tenants/" + victimId).body();
        assertThat(after.replaceAll("\"quotas\":\\{[^}]*}", "")).as("the swept tenant still exists")
                .isEqualTo(before.replaceAll("\"quotas\":\\{[^}]*}", ""));
    }

    private void pcapAttacks() {
        Endpoint e = new Endpoint("POST", "/v1/nics/" + nic + "/receive/pcap", null);
        byte[] header = {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xFF, (byte) 0xFF, 0, 0, 1, 0, 0, 0};
        List<String> bodies = List.of("", "garbage", new String(header, java.nio.charset.StandardCharsets.ISO_8859_1)
                + "\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u00ff\u00ff\u00ff\u007f\u00ff\u00ff\u00ff\u007f",
                "x".repeat(10 << 20));
        for (String body : bodies) {
            exchange(e, e.path(), "application/vnd.tcpdump.pcap", body);
        }
    }

    private void report() throws IOException {
        StringBuilder s = new StringBuilder("Hostile-request sweep: ").append(requests).append(" requests, answers by status:");
        byStatus.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        s.append(System.lineSeparator()).append("requests by endpoint:").append(System.lineSeparator());
        byEndpoint.forEach((k, v) -> s.append("  ").append(k).append(": ").append(v).append(System.lineSeparator()));
        System.out.println(s);
        Path out = Path.of("target/reliability/hostile-sweep.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, s);
    }
}
