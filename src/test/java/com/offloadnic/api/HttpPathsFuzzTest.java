package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coverage-guided fuzzing of the send and inject paths through HTTP, against the running service: JSON send and
 * inject requests whose structure, numbers, handles and frame bytes come from the fuzzer, and raw pcap uploads.
 * Whatever arrives, the answer is never a 5xx, and a 4xx is an {@code application/problem+json} document; the
 * service keeps answering. Corpus: {@code src/test/resources/com/offloadnic/api/HttpPathsFuzzTestInputs/<target>/}
 * (README, "Fuzzing").
 */
class HttpPathsFuzzTest extends ApiTestSupport {

    /** One rig per server (the port), made on first use: a NIC with an outbound SA, linked to one with the inbound SA. */
    private record Rig(String token, String nic, String peer, String handle) {
    }

    private static final Map<Integer, Rig> RIGS = new ConcurrentHashMap<>();

    /**
     * Jazzer's SSRF detector flags every outgoing connection; the harness's own, to the service on loopback, is the
     * point of these targets. Any other host is still a finding. The policy belongs to the calling thread, so every
     * target sets it first (fuzzing runs on a thread of Jazzer's own).
     */
    private static void allowLoopbackOnly() {
        BugDetectors.allowNetworkConnections((host, port) -> "localhost".equals(host) || "127.0.0.1".equals(host));
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Rig rig() {
        return RIGS.computeIfAbsent(port, p -> {
            ContractClient t = newTenant("{\"requestsPerSecond\":1000000,\"maxFramesPerRequest\":64}");
            RigFixture keys = new RigFixture();
            String nic = createNic(t, "6.30", "");
            String peer = createNic(t, "6.30", "");
            String handle = RigFixture.addSa(t, nic, keys.addSaEx(0x1000, false));
            RigFixture.addSa(t, peer, keys.addSaEx(0x1000, true));
            RigFixture.link(t, nic, peer);
            return new Rig(t.token(), nic, peer, handle);
        });
    }

    private void post(String path, String contentType, byte[] body) {
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + rig().token()).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the service stopped answering", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
        if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
        }
    }

    /** A JSON value the fuzzer picks: mostly plausible, sometimes of the wrong type or out of range. */
    private static String number(FuzzedDataProvider d, int plausibleMax) {
        return switch (d.consumeInt(0, 7)) {
            case 0 -> Long.toString(d.consumeLong());
            case 1 -> "\"" + d.consumeInt(0, plausibleMax) + "\"";
            case 2 -> "null";
            case 3 -> "1e" + d.consumeInt(0, 400);
            default -> Integer.toString(d.consumeInt(-1, plausibleMax + 1));
        };
    }

    private static String frame(FuzzedDataProvider d, long spi) {
        return switch (d.consumeInt(0, 5)) {
            case 0 -> "\"" + d.consumeString(40) + "\"";
            case 1 -> "null";
            case 2 -> "\"" + Base64.getEncoder().encodeToString(RigFixture.espFrame(spi, d.consumeInt(0, 100),
                    d.consumeInt(0, 300))) + "\"";
            default -> {
                byte[] frame = RigFixture.espFrame(spi, 1 + d.consumeInt(0, 1000), d.consumeInt(0, 200));
                int flips = d.consumeInt(0, 4);
                for (int i = 0; i < flips; i++) {
                    frame[d.consumeInt(0, frame.length - 1)] = d.consumeByte();
                }
                int cut = d.consumeInt(0, frame.length);
                yield "\"" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(frame, cut)) + "\"";
            }
        };
    }

    @FuzzTest
    void sendJson(FuzzedDataProvider d) {
        allowLoopbackOnly();
        Rig rig = rig();
        StringBuilder s = new StringBuilder("{\"netBufferLists\":[");
        int nbls = d.consumeInt(0, 4);
        for (int i = 0; i < nbls; i++) {
            if (i > 0) {
                s.append(',');
            }
            String handle = switch (d.consumeInt(0, 4)) {
                case 0 -> "\"0\"";
                case 1 -> "\"" + d.consumeLong() + "\"";
                case 2 -> number(d, 10);
                default -> "\"" + rig.handle() + "\"";
            };
            s.append("{\"netBuffers\":[");
            int frames = d.consumeInt(0, 3);
            for (int f = 0; f < frames; f++) {
                s.append(f > 0 ? "," : "").append("{\"data\":").append(frame(d, 0x1000)).append('}');
            }
            s.append("],\"ipsecOffloadV2\":{\"offloadHandle\":").append(handle).append('}');
            if (d.consumeBoolean()) {
                s.append(",\"ipsecOffloadV2Tunnel\":{\"tunnelHandle\":\"").append(d.consumeBoolean() ? rig.handle() : "0")
                        .append("\"}");
            }
            s.append(",\"ipsecOffloadV2Header\":{\"nextHeader\":").append(number(d, 255)).append(",\"padLength\":")
                    .append(number(d, 255)).append(",\"ahHeaderOffset\":").append(number(d, 255))
                    .append(",\"espHeaderOffset\":").append(number(d, 255)).append('}');
            if (d.consumeBoolean()) {
                s.append(",\"tcpIpChecksum\":{\"ipHeaderChecksum\":").append(d.consumeBoolean()).append('}');
            }
            s.append('}');
        }
        s.append("],\"returnFrames\":").append(d.consumeBoolean()).append('}');
        String body = d.consumeBoolean() ? s.toString() : s.substring(0, d.consumeInt(0, s.length()));
        post("/v1/nics/" + rig.nic() + "/send", "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @FuzzTest
    void injectJson(FuzzedDataProvider d) {
        allowLoopbackOnly();
        Rig rig = rig();
        StringBuilder s = new StringBuilder("{\"frames\":[");
        int frames = d.consumeInt(0, 5);
        for (int i = 0; i < frames; i++) {
            s.append(i > 0 ? "," : "").append("{\"data\":").append(frame(d, 0x1000)).append('}');
        }
        s.append("]}");
        String body = d.consumeBoolean() ? s.toString() : s.substring(0, d.consumeInt(0, s.length()));
        post("/v1/nics/" + rig.peer() + "/receive", "application/json",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @FuzzTest
    void injectPcap(byte[] pcap) {
        allowLoopbackOnly();
        post("/v1/nics/" + rig().peer() + "/receive/pcap", "application/vnd.tcpdump.pcap", pcap);
    }
}
