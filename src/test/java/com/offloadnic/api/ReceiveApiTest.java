package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.testing.ExternalTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The receive endpoints over HTTP, every exchange checked against openapi.yaml. */
class ReceiveApiTest extends ApiTestSupport {

    /** An Ethernet II / IPv4 / UDP frame: not IPsec, so indicated unchanged. */
    static byte[] udpFrame(int n) {
        byte[] f = new byte[14 + 20 + 8 + 4];
        byte[] head = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0, 0x45, 0, 0, 32, 0, 1, 0, 0, 64, 17, 0, 0,
                (byte) 192, 0, 2, 1, (byte) 192, 0, 2, 2, 0, 7, 0, 7, 0, 12, 0, 0};
        System.arraycopy(head, 0, f, 0, head.length);
        f[f.length - 2] = (byte) (n >>> 8);
        f[f.length - 1] = (byte) n;
        return f;
    }

    static String framesJson(List<byte[]> frames) {
        StringJoiner j = new StringJoiner(",", "{\"frames\":[", "]}");
        frames.forEach(f -> j.add("{\"data\":\"" + Base64.getEncoder().encodeToString(f) + "\"}"));
        return j.toString();
    }

    /** Polls until {@code count} indications after {@code cursor} arrived; returns them (not yet released). */
    static List<JsonNode> pollAll(ContractClient t, String nicId, long cursor, int count) {
        List<JsonNode> seen = new ArrayList<>();
        long c = cursor;
        while (seen.size() < count) {
            var r = t.get("/v1/nics/" + nicId + "/receive-indications?cursor=" + c + "&timeoutMs=20000&max="
                    + Math.min(1000, count - seen.size()));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.path("indications").size()).as("poll timed out after %d of %d", seen.size(), count)
                    .isPositive();
            body.path("indications").forEach(seen::add);
            c = body.path("nextCursor").asLong();
        }
        return seen;
    }

    /** Polls with cursor 0 (releasing nothing) until {@code count} indications are there. */
    static List<JsonNode> visible(ContractClient t, String nicId, int count) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            var r = t.get("/v1/nics/" + nicId + "/receive-indications?cursor=0&timeoutMs=20000&max=" + count);
            List<JsonNode> seen = new ArrayList<>();
            r.json().path("indications").forEach(seen::add);
            if (seen.size() == count) {
                return seen;
            }
        }
        throw new AssertionError("indications never became visible");
    }

    @Test
    void receive_injectedFrames_areIndicatedInOrderAndUnchanged() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        List<byte[]> frames = List.of(udpFrame(1), udpFrame(2), udpFrame(3));
        var r = t.post("/v1/nics/" + nic + "/receive", framesJson(frames));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().path("accepted").asInt()).isEqualTo(3);
        assertThat(r.json().path("dropped").asInt()).isZero();
        List<JsonNode> seen = visible(t, nic, 3);
        for (int i = 0; i < 3; i++) {
            JsonNode ind = seen.get(i);
            assertThat(ind.path("sequence").asLong()).isEqualTo(i + 1);
            assertThat(Base64.getDecoder().decode(ind.path("data").asString())).isEqualTo(frames.get(i));
            assertThat(ind.path("ipsecOffloadV2").path("cryptoDone").asInt()).isZero();
            assertThat(ind.path("ipsecOffloadV2").path("nextCryptoDone").asInt()).isZero();
            assertThat(ind.path("ipsecOffloadV2").path("cryptoStatus").asString()).isEqualTo("CRYPTO_SUCCESS");
            assertThat(ind.path("ipsecOffloadV2Header").path("headerInfoSet").asInt()).isZero();
            assertThat(ind.path("emulation").path("notOffloadedReason").asString()).isEqualTo("notIpsec");
        }
        // a lost response loses nothing: the old cursor returns the same indications
        assertThat(visible(t, nic, 3)).extracting(j -> j.path("sequence").asLong()).containsExactly(1L, 2L, 3L);
        var released = t.get("/v1/nics/" + nic + "/receive-indications?cursor=3&timeoutMs=0");
        assertThat(released.json().path("indications").size()).isZero();
        assertThat(released.json().path("nextCursor").asLong()).isEqualTo(3);
        var stats = t.get("/v1/nics/" + nic + "/statistics").json();
        assertThat(stats.path("rxFrames").asLong()).isEqualTo(3);
        assertThat(stats.path("rxIndications").asLong()).isEqualTo(3);
        assertThat(stats.path("rxNotOffloaded").path("notIpsec").asLong()).isEqualTo(3);
        assertThat(stats.path("rxIndicationsByCryptoStatus").path("CRYPTO_SUCCESS").asLong()).isEqualTo(3);
        assertThat(stats.path("txFrames").asLong()).isZero();
        assertThat(stats.path("saInUse").asInt()).isZero();
    }

    @Test
    void receive_ringFull_dropsAndReportsTheCountInEveryPoll() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            frames.add(udpFrame(i));
        }
        assertThat(t.post("/v1/nics/" + nic + "/receive", framesJson(frames)).json().path("accepted").asInt())
                .isEqualTo(1000);
        var second = t.post("/v1/nics/" + nic + "/receive", framesJson(frames.subList(0, 30)));
        assertThat(second.json().path("accepted").asInt()).isEqualTo(24);
        assertThat(second.json().path("dropped").asInt()).isEqualTo(6);
        var poll = t.get("/v1/nics/" + nic + "/receive-indications?cursor=0&timeoutMs=0&max=1");
        assertThat(poll.json().path("dropped").asLong()).isEqualTo(6);
        List<JsonNode> all = pollAll(t, nic, 0, 1024);
        assertThat(all.get(1023).path("sequence").asLong()).isEqualTo(1024);
        var stats = t.get("/v1/nics/" + nic + "/statistics").json();
        assertThat(stats.path("rxFrames").asLong()).isEqualTo(1030);
        assertThat(stats.path("rxRingDrops").asLong()).isEqualTo(6);
        assertThat(stats.path("rxFrames").asLong()).isEqualTo(stats.path("rxIndications").asLong()
                + stats.path("rxRingDrops").asLong() + stats.path("rxInFlight").asLong());
    }

    @Test
    void receive_hostileFrames_areIndicatedAndCountersStayConsistent() {
        var t = newTenant();
        String nic = createNic(t, "6.20", "");
        byte[] frame = udpFrame(9);
        List<byte[]> frames = new ArrayList<>();
        for (int len = 0; len <= frame.length; len++) {
            frames.add(java.util.Arrays.copyOf(frame, len));
        }
        byte[] lying = frame.clone();
        lying[14 + 3] = (byte) 0xFF; // IPv4 total length far beyond the frame
        frames.add(lying);
        assertThat(t.post("/v1/nics/" + nic + "/receive", framesJson(frames)).json().path("accepted").asInt())
                .isEqualTo(frames.size());
        List<JsonNode> seen = pollAll(t, nic, 0, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(Base64.getDecoder().decode(seen.get(i).path("data").asString())).isEqualTo(frames.get(i));
            assertThat(seen.get(i).path("ipsecOffloadV2").path("cryptoDone").asInt()).isZero();
        }
        var stats = t.get("/v1/nics/" + nic + "/statistics").json();
        assertThat(stats.path("rxIndications").asLong()).isEqualTo(frames.size());
        assertThat(stats.path("rxNotOffloaded").path("notEthernet").asLong()).isEqualTo(14);
    }

    @Test
    void receive_malformedRequests_areRefusedWith400AndChangeNothing() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        assertProblem(t.raw().post("/v1/nics/" + nic + "/receive", "{\"frames\":[{\"data\":\"***\"}]}"), 400,
                "/problems/invalid-field", "/frames/0/data");
        assertProblem(t.raw().post("/v1/nics/" + nic + "/receive", "{\"frames\":[{}]}"), 400,
                "/problems/invalid-field", "/frames/0/data");
        assertProblem(t.raw().post("/v1/nics/" + nic + "/receive", "{}"), 400, "/problems/invalid-field",
                "/frames");
        assertProblem(t.get("/v1/nics/" + nic + "/receive-indications?cursor=5"), 400,
                "/problems/invalid-parameter");
        assertProblem(t.raw().get("/v1/nics/" + nic + "/receive-indications?max=0"), 400, "/problems/invalid-parameter");
        var stats = t.get("/v1/nics/" + nic + "/statistics").json();
        assertThat(stats.path("rxFrames").asLong()).isZero();
    }

    @Test
    void receive_moreFramesThanTheTenantsQuota_answers429AndTakesNothing() {
        var t = newTenant("{\"maxFramesPerRequest\":2}");
        String nic = createNic(t, "6.30", "");
        var r = t.post("/v1/nics/" + nic + "/receive", framesJson(List.of(udpFrame(1), udpFrame(2), udpFrame(3))));
        assertProblem(r, 429, "/problems/quota-exceeded");
        assertThat(r.header("Retry-After")).isNotNull();
        assertThat(t.get("/v1/nics/" + nic + "/statistics").json().path("rxFrames").asLong()).isZero();
        assertThat(t.post("/v1/nics/" + nic + "/receive", framesJson(List.of(udpFrame(1), udpFrame(2))))
                .status()).isEqualTo(202);
    }

    @Test
    void receiveEndpoints_otherTenantsNic_answer404AsIfAbsent() {
        var owner = newTenant();
        var other = newTenant();
        String nic = createNic(owner, "6.30", "");
        String otherNic = createNic(other, "6.30", "");
        String body = framesJson(List.of(udpFrame(1)));
        assertProblem(other.post("/v1/nics/" + nic + "/receive", body), 404, "/problems/not-found");
        assertProblem(other.get("/v1/nics/" + nic + "/receive-indications"), 404, "/problems/not-found");
        assertProblem(other.get("/v1/nics/" + nic + "/statistics"), 404, "/problems/not-found");
        assertProblem(other.get("/v1/nics/" + nic + "/link"), 404, "/problems/not-found");
        assertProblem(other.delete("/v1/nics/" + nic + "/link"), 404, "/problems/not-found");
        assertProblem(other.put("/v1/nics/" + otherNic + "/link", "{\"peerNicId\":\"" + nic + "\"}"), 404,
                "/problems/not-found");
        assertProblem(owner.put("/v1/nics/" + nic + "/link", "{\"peerNicId\":\"" + otherNic + "\"}"), 404,
                "/problems/not-found");
        assertThat(owner.get("/v1/nics/" + nic + "/statistics").json().path("rxFrames").asLong()).isZero();
    }

    @Test
    void link_isSymmetricAndDeliversWhatOneTransmitsToTheOther() {
        var t = newTenant();
        String a = createNic(t, "6.30", "");
        String b = createNic(t, "6.30", "");
        var r = t.put("/v1/nics/" + a + "/link", "{\"peerNicId\":\"" + b + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(t.get("/v1/nics/" + b + "/link").json().path("peerNicId").asString()).isEqualTo(a);
        assertProblem(t.put("/v1/nics/" + a + "/link", "{\"peerNicId\":\"" + a + "\"}"), 400,
                "/problems/invalid-field", "/peerNicId");
        assertThat(t.delete("/v1/nics/" + b + "/link").status()).isEqualTo(204);
        assertThat(t.get("/v1/nics/" + a + "/link").json().has("peerNicId")).isFalse();
    }

    @Test
    void receivePcap_scapyCapture_replaysInFileOrder() throws Exception {
        ExternalTools.require(ExternalTools.Tool.SCAPY);
        String script = """
                import sys, tempfile, os
                from scapy.all import Ether, IP, UDP, Raw, wrpcap
                pkts = [Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/IP(src="192.0.2.1", dst="192.0.2.2")
                        /UDP(sport=1000 + i, dport=53)/Raw(bytes([i]) * 10) for i in range(5)]
                path = tempfile.mktemp(suffix=".pcap")
                wrpcap(path, pkts)
                sys.stdout.write(open(path, "rb").read().hex())
                os.remove(path)
                """;
        byte[] pcap = java.util.HexFormat.of().parseHex(ExternalTools.runPython(script, "").trim());
        String token = newTenantToken();
        var t = anonymous().as(token);
        String nic = createNic(t, "6.30", "");
        HttpResponse<String> r = postPcap(token, nic, pcap);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(ContractClient.validateResponse("POST", "/v1/nics/" + nic + "/receive/pcap", 202,
                "application/json", r.body()).hasErrors()).isFalse();
        List<JsonNode> seen = pollAll(t, nic, 0, 5);
        for (int i = 0; i < 5; i++) {
            byte[] data = Base64.getDecoder().decode(seen.get(i).path("data").asString());
            assertThat(data).hasSize(14 + 20 + 8 + 10);
            assertThat(data[data.length - 1]).isEqualTo((byte) i);
        }
    }

    @Test
    void receivePcap_notAPcap_answers400NamingTheProblem() throws Exception {
        String token = newTenantToken();
        var t = anonymous().as(token);
        String nic = createNic(t, "6.30", "");
        HttpResponse<String> r = postPcap(token, nic, "this is not a capture file".getBytes());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("pcap");
        assertThat(ContractClient.validateResponse("POST", "/v1/nics/" + nic + "/receive/pcap", 400,
                "application/problem+json", r.body()).hasErrors()).isFalse();
        assertThat(t.get("/v1/nics/" + nic + "/statistics").json().path("rxFrames").asLong()).isZero();
        HttpResponse<String> foreign = postPcap(newTenantToken(), nic, new byte[0]);
        assertThat(foreign.statusCode()).isEqualTo(404);
    }

    /** A fresh tenant's token (the pcap upload is sent as bytes, beside the string-bodied contract client). */
    private String newTenantToken() {
        String name = "t-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        var r = admin().post("/v1/admin/tenants", "{\"name\":\"" + name + "\",\"quotas\":{}}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().path("token").asString();
    }

    private HttpResponse<String> postPcap(String token, String nic, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/nics/" + nic
                        + "/receive/pcap"))
                .header("Content-Type", "application/vnd.tcpdump.pcap")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metrics_perNicReceiveCountersAreExportedForPrometheus() {
        var t = newTenant();
        String nic = createNic(t, "6.30", "");
        t.post("/v1/nics/" + nic + "/receive", framesJson(List.of(udpFrame(1), udpFrame(2))));
        pollAll(t, nic, 0, 2);
        var r = anonymous().unchecked().get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).containsPattern("offloadnic_rx_frames_total\\{[^}]*nic=\"" + nic + "\"[^}]*\\} 2\\.0");
        assertThat(r.body()).containsPattern(
                "offloadnic_rx_not_offloaded_total\\{[^}]*nic=\"" + nic + "\"[^}]*reason=\"notIpsec\"[^}]*\\} 2\\.0");
        assertThat(t.delete("/v1/nics/" + nic).status()).isEqualTo(204);
        assertThat(anonymous().unchecked().get("/actuator/prometheus").body()).doesNotContain(nic);
    }
}
