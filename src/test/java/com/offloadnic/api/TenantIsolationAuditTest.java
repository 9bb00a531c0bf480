package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation, endpoint by endpoint: a tenant probing another tenant's NIC ids, SA handles, links and captures
 * gets exactly what it gets for a NIC that never existed (404, same problem document apart from the id it sent
 * itself) and changes nothing. Timing is not compared.
 */
class TenantIsolationAuditTest extends ApiTestSupport {

    private record Probe(String method, String path, String contentType, String body) {
    }

    private static List<Probe> probes(String nicId, String peerId, String handle) {
        String n = "/v1/nics/" + nicId;
        String json = "application/json";
        return List.of(
                new Probe("GET", n, null, null),
                new Probe("DELETE", n, null, null),
                new Probe("GET", n + "/capabilities", null, null),
                new Probe("POST", n + "/oids/tcp-offload-parameters", json,
                        "{\"ipsecV2\":\"NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED\"}"),
                new Probe("GET", n + "/oids/tcp-offload-current-config", null, null),
                new Probe("GET", n + "/status-indications?cursor=0&timeoutMs=0", null, null),
                new Probe("POST", n + "/receive", json, RigFixture.injectBody(1)),
                new Probe("POST", n + "/receive/pcap", "application/vnd.tcpdump.pcap", "not a pcap"),
                new Probe("GET", n + "/receive-indications?cursor=0&timeoutMs=0", null, null),
                new Probe("GET", n + "/link", null, null),
                new Probe("PUT", n + "/link", json, "{\"peerNicId\":\"" + peerId + "\"}"),
                new Probe("DELETE", n + "/link", null, null),
                new Probe("GET", n + "/statistics", null, null),
                new Probe("POST", n + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", json,
                        new RigFixture().addSaEx(0x9999, true)),
                new Probe("POST", n + "/oids/tcp-task-ipsec-offload-v2-add-sa", json,
                        "{\"securityAssociations\":[" + new RigFixture().addSaEx(0x9998, true) + "]}"),
                new Probe("POST", n + "/oids/tcp-task-ipsec-offload-v2-delete-sa", json,
                        "{\"offloadHandles\":[\"" + handle + "\"]}"),
                new Probe("POST", n + "/oids/tcp-task-ipsec-offload-v2-update-sa", json,
                        "{\"updates\":[{\"offloadHandle\":\"" + handle + "\",\"operation\":\"IPsecOffloadV2Esp\","
                                + "\"spi\":4096,\"sequenceNumberHighOrder\":1}]}"),
                new Probe("GET", n + "/security-associations", null, null),
                new Probe("POST", n + "/send", json, RigFixture.sendBody(handle, 0x1000, 1, 1, 20)),
                new Probe("GET", n + "/capture", null, null),
                new Probe("GET", n + "/capture.pcap", null, null),
                new Probe("PUT", n + "/capture", json, "{\"capacity\":8}"),
                new Probe("DELETE", n + "/capture", null, null),
                new Probe("POST", n + "/oids/tcp-task-ipsec-add-sa", json,
                        "{\"srcAddr\":\"192.0.2.1\",\"srcMask\":\"255.255.255.255\",\"destAddr\":\"198.51.100.0\",\"destMask\":\"255.255.255.0\",\"protocol\":6,\"srcPort\":0,\"destPort\":443,\"flags\":\"OFFLOAD_OUTBOUND_SA\",\"secAssoc\":[{\"operation\":\"ENCRYPT\",\"spi\":4660,\"confAlgo\":{\"algoIdentifier\":\"OFFLOAD_IPSEC_CONF_3_DES\",\"algoKeylen\":24},\"integrityAlgo\":{\"algoIdentifier\":\"OFFLOAD_IPSEC_INTEGRITY_SHA\",\"algoKeylen\":20}}],\"keyMat\":\"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKyw=\"}"),
                new Probe("POST", n + "/oids/tcp-task-ipsec-delete-sa", json, "{\"offloadHandle\":\"" + handle + "\"}"),
                new Probe("POST", n + "/oids/tcp-task-ipsec-add-udpesp-sa", json,
                        "{\"destTunnelAddr\":\"203.0.113.2\",\"srcTunnelAddr\":\"203.0.113.1\",\"flags\":\"OFFLOAD_INBOUND_SA\",\"secAssoc\":[{\"operation\":\"ENCRYPT\",\"spi\":4661,\"confAlgo\":{\"algoIdentifier\":\"OFFLOAD_IPSEC_CONF_DES\",\"algoKeylen\":8},\"integrityAlgo\":{\"algoIdentifier\":\"OFFLOAD_IPSEC_INTEGRITY_MD5\",\"algoKeylen\":16}}],\"keyMat\":\"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY\",\"encapTypeEntry\":{\"udpEncapType\":\"IPSEC_UDPESP_ENCAPTYPE_OTHER\",\"dstEncapPort\":4500},\"encapTypeEntryOffldHandle\":\"0\"}"),
                new Probe("POST", n + "/oids/tcp-task-ipsec-delete-udpesp-sa", json,
                        "{\"offloadHandle\":\"" + handle + "\",\"encapTypeEntryOffldHandle\":\"3\"}"),
                new Probe("GET", n + "/v1-security-associations", null, null),
                new Probe("GET", n + "/emulation/faults", null, null),
                new Probe("PUT", n + "/emulation/faults", json, "{\"seed\":7,\"corruptTransmitIcv\":{\"next\":1}}"));
    }

    /** Every operation of the published contract that takes a nicId is probed, so a new endpoint cannot skip the audit. */
    @Test
    void probes_coverEveryNicOperationOfTheContract() throws Exception {
        Set<String> contract = new TreeSet<>();
        String path = null;
        for (String line : Files.readAllLines(Path.of("openapi.yaml"))) {
            Matcher p = Pattern.compile("^  (/v1/nics/\\{nicId}[^:]*):\\s*$").matcher(line);
            Matcher m = Pattern.compile("^    (get|put|post|delete|patch):\\s*$").matcher(line);
            if (p.matches()) {
                path = p.group(1);
            } else if (line.matches("^  \\S.*")) {
                path = null;
            } else if (path != null && m.matches()) {
                contract.add(m.group(1).toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        Set<String> probed = new TreeSet<>();
        for (Probe p : probes("{nicId}", "peer", "1")) {
            probed.add(p.method() + " " + p.path().replaceFirst("\\?.*$", ""));
        }
        assertThat(contract).isNotEmpty();
        assertThat(probed).as("operations taking a nicId in openapi.yaml").containsAll(contract);
    }

    @Test
    void everyEndpoint_anotherTenantsNic_isIndistinguishableFromANicThatNeverExisted_andUntouched() {
        ContractClient owner = newTenant("{\"requestsPerSecond\":100000}");
        ContractClient prober = newTenant("{\"requestsPerSecond\":100000}");
        RigFixture rig = new RigFixture();
        String nic = createNic(owner, "6.30", "");
        String peer = createNic(owner, "6.30", "");
        String handle = RigFixture.addSa(owner, nic, rig.addSaEx(0x1000, false));
        RigFixture.addSa(owner, peer, rig.addSaEx(0x1000, true));
        RigFixture.link(owner, nic, peer);
        assertThat(owner.post("/v1/nics/" + nic + "/send", RigFixture.sendBody(handle, 0x1000, 1, 3, 20)).status())
                .isEqualTo(200);
        String ownerBefore = snapshot(owner, nic) + snapshot(owner, peer);
        String proberNic = createNic(prober, "6.30", "");

        List<Probe> onOwners = probes(nic, peer, handle);
        String never = UUID.randomUUID().toString();
        List<Probe> onNothing = probes(never, peer, handle);
        for (int i = 0; i < onOwners.size(); i++) {
            Probe p = onOwners.get(i);
            var theirs = prober.send(p.method(), p.path(), p.contentType(), p.body());
            var nobodys = prober.send(onNothing.get(i).method(), onNothing.get(i).path(), p.contentType(), p.body());
            String what = "another tenant's NIC: " + p.method() + " " + p.path();
            assertProblem(theirs, 404, ProblemTypes.NOT_FOUND.toString());
            assertThat(theirs.body().replace(nic, "<id>")).as(what).isEqualTo(nobodys.body().replace(never, "<id>"));
            assertThat(theirs.headers().keySet()).as(what).isEqualTo(nobodys.headers().keySet());
        }

        // the prober's own NIC, pointed at the owner's NIC, SA handle and link
        var link = prober.put("/v1/nics/" + proberNic + "/link", "{\"peerNicId\":\"" + nic + "\"}");
        var linkNothing = prober.put("/v1/nics/" + proberNic + "/link", "{\"peerNicId\":\"" + never + "\"}");
        assertProblem(link, 404, ProblemTypes.NOT_FOUND.toString());
        assertThat(link.body().replace(nic, "<id>")).isEqualTo(linkNothing.body().replace(never, "<id>"));
        var send = prober.post("/v1/nics/" + proberNic + "/send", RigFixture.sendBody(handle, 0x1000, 1, 1, 20));
        assertThat(send.status()).isEqualTo(200);
        assertThat(send.json().path("completions").get(0).path("reason").asString()).isEqualTo("UNKNOWN_OFFLOAD_HANDLE");
        var delete = prober.post("/v1/nics/" + proberNic + "/oids/tcp-task-ipsec-offload-v2-delete-sa",
                "{\"offloadHandles\":[\"" + handle + "\"]}");
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.json().path("status").asString()).isNotEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(prober.get("/v1/nics").body()).doesNotContain(nic).doesNotContain(peer);
        assertThat(prober.get("/v1/nics/" + proberNic + "/security-associations").body()).doesNotContain(handle);
        assertProblem(prober.raw().get("/v1/admin/tenants"), 401, ProblemTypes.UNAUTHORIZED.toString());

        assertThat(snapshot(owner, nic) + snapshot(owner, peer)).as("the owner's NICs are untouched")
                .isEqualTo(ownerBefore);
    }

    private static String snapshot(ContractClient t, String nicId) {
        String n = "/v1/nics/" + nicId;
        StringBuilder s = new StringBuilder();
        for (String path : new String[] {n, n + "/security-associations", n + "/statistics", n + "/capture",
                n + "/link", n + "/oids/tcp-offload-current-config", n + "/receive-indications?cursor=0&timeoutMs=0",
                n + "/status-indications?cursor=0&timeoutMs=0"}) {
            var r = t.get(path);
            s.append(path).append(' ').append(r.status()).append(' ').append(r.body()).append('\n');
        }
        return s.toString();
    }
}
