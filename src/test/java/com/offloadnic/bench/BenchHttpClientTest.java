package com.offloadnic.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BenchHttpClient} against the JDK's own HTTP server and against a scripted raw socket server. */
class BenchHttpClientTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fixed", ex -> answer(ex, 200, -1, false));
        server.createContext("/chunked", ex -> answer(ex, 200, 0, false));
        server.createContext("/close", ex -> answer(ex, 200, -1, true));
        server.createContext("/busy", ex -> answer(ex, 429, -1, false));
        server.createContext("/empty", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Echoes the request body after a line naming what the server saw; {@code length} 0 makes it chunked. */
    private void answer(HttpExchange ex, int status, int length, boolean close) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth=" + ex.getRequestHeaders()
                .getFirst("Authorization") + " type=" + ex.getRequestHeaders().getFirst("Content-Type") + " accept="
                + ex.getRequestHeaders().getFirst("Accept") + " length=" + in.length);
        if (close) {
            ex.getResponseHeaders().set("Connection", "close");
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(status, length < 0 ? in.length : 0);
        try (OutputStream out = ex.getResponseBody()) {
            // several writes so a chunked answer has several chunks
            for (int i = 0; i < in.length; i += 1000) {
                out.write(in, i, Math.min(1000, in.length - i));
            }
        }
    }

    private BenchHttpClient client() {
        return new BenchHttpClient("127.0.0.1", server.getAddress().getPort());
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static byte[] received(BenchHttpClient c) {
        return Arrays.copyOf(c.body(), c.bodyLength());
    }

    @Test
    void send_fixedLengthAnswer_readsBodyAndKeepsTheConnection() throws IOException {
        try (var c = client()) {
            byte[] body = pattern(3000);
            var req = c.request("POST", "/fixed/x", "tok", "application/cbor", "application/cbor, application/"
                    + "problem+json", body);
            for (int i = 0; i < 5; i++) {
                body[0] = (byte) i;
                assertThat(c.send(req)).isEqualTo(200);
                assertThat(received(c)).isEqualTo(body);
            }
            assertThat(c.connects()).isEqualTo(1);
        }
        assertThat(seen).hasSize(5).allMatch(s -> s.equals("POST /fixed/x auth=Bearer tok type=application/cbor "
                + "accept=application/cbor, application/problem+json length=3000"));
    }

    @Test
    void send_largeBody_isWrittenApartFromTheHeadAndArrivesWhole() throws IOException {
        try (var c = client()) {
            byte[] body = pattern(200_000);
            var req = c.request("POST", "/fixed", null, "application/json", null, body);
            assertThat(c.send(req)).isEqualTo(200);
            assertThat(received(c)).isEqualTo(body);
            body[199_999] ^= 1;
            assertThat(c.send(req)).isEqualTo(200);
            assertThat(received(c)).isEqualTo(body);
        }
    }

    @Test
    void send_chunkedAnswer_isReassembled() throws IOException {
        try (var c = client()) {
            byte[] body = pattern(70_000);
            var req = c.request("POST", "/chunked", "t", "application/json", null, body);
            for (int i = 0; i < 3; i++) {
                assertThat(c.send(req)).isEqualTo(200);
                assertThat(received(c)).isEqualTo(body);
            }
            assertThat(c.connects()).isEqualTo(1);
        }
    }

    @Test
    void send_connectionCloseAnswer_reconnectsForTheNextRequest() throws IOException {
        try (var c = client()) {
            byte[] body = pattern(100);
            var close = c.request("POST", "/close", "t", "application/json", null, body);
            var fixed = c.request("POST", "/fixed", "t", "application/json", null, body);
            assertThat(c.send(close)).isEqualTo(200);
            assertThat(received(c)).isEqualTo(body);
            assertThat(c.send(fixed)).isEqualTo(200);
            assertThat(c.send(close)).isEqualTo(200);
            assertThat(c.send(fixed)).isEqualTo(200);
            assertThat(received(c)).isEqualTo(body);
            assertThat(c.connects()).isEqualTo(3);
        }
    }

    @Test
    void send_refusalAndNoContent_reportStatusAndLeaveTheConnectionUsable() throws IOException {
        try (var c = client()) {
            assertThat(c.send(c.request("POST", "/busy", "t", "application/json", null, pattern(10)))).isEqualTo(429);
            assertThat(c.bodyLength()).isEqualTo(10);
            assertThat(c.send("POST", "/empty", "t", "application/json", "{}")).isEqualTo(204);
            assertThat(c.bodyLength()).isZero();
            assertThat(c.send("GET", "/fixed", "t", null, null)).isEqualTo(200);
            assertThat(c.bodyText()).isEmpty();
            assertThat(c.connects()).isEqualTo(1);
        }
    }

    @Test
    void bodyContains_findsTheFailureMarkerOnlyWhenPresent() throws IOException {
        try (var c = client()) {
            byte[] ok = "{\"completions\":[{\"status\":\"SUCCESS\"}]}".getBytes(StandardCharsets.UTF_8);
            byte[] bad = "{\"completions\":[{\"status\":\"FAILURE\"}]}".getBytes(StandardCharsets.UTF_8);
            byte[] marker = "FAILURE".getBytes(StandardCharsets.US_ASCII);
            c.send(c.request("POST", "/chunked", "t", "application/json", null, ok));
            assertThat(c.bodyContains(marker)).isFalse();
            c.send(c.request("POST", "/chunked", "t", "application/json", null, bad));
            assertThat(c.bodyContains(marker)).isTrue();
        }
    }

    /** A server that plays {@code answers} in turn, one per request, each on whatever connection asks. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> requests = new CopyOnWriteArrayList<>();
        final Thread thread;

        ScriptedServer(List<byte[][]> answersPerConnection) throws IOException {
            thread = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (byte[][] answers : answersPerConnection) {
                        try (Socket s = listener.accept()) {
                            InputStream in = s.getInputStream();
                            for (byte[] answer : answers) {
                                requests.add(readRequest(in));
                                // answer in small pieces so the client has to reassemble
                                for (int i = 0; i < answer.length; i += 7) {
                                    s.getOutputStream().write(answer, i, Math.min(7, answer.length - i));
                                    s.getOutputStream().flush();
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    requests.add("server: " + e);
                }
            });
        }

        private static String readRequest(InputStream in) throws IOException {
            var head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("client went away");
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return head.toString().split("\r\n")[0] + " " + new String(body, StandardCharsets.UTF_8);
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void send_chunkExtensionsTrailersAndHeaderCase_areHandled() throws Exception {
        byte[] answer = ascii("HTTP/1.1 200 OK\r\ntransfer-encoding:  Chunked \r\nX-Other: a\r\n\r\n"
                + "3;name=value\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: t\r\n\r\n");
        byte[] second = ascii("HTTP/1.1 201 Created\r\nCONTENT-LENGTH: 2\r\n\r\nok");
        try (var server = new ScriptedServer(List.<byte[][]>of(new byte[][] {answer, second}));
                var c = new BenchHttpClient("127.0.0.1", server.port())) {
            assertThat(c.send("POST", "/a", "t", "text/plain", "one")).isEqualTo(200);
            assertThat(c.bodyText()).isEqualTo("abc0123456789abcdef");
            assertThat(c.send("POST", "/b", "t", "text/plain", "two")).isEqualTo(201);
            assertThat(c.bodyText()).isEqualTo("ok");
            assertThat(c.connects()).isEqualTo(1);
            assertThat(server.requests).containsExactly("POST /a HTTP/1.1 one", "POST /b HTTP/1.1 two");
        }
    }

    @Test
    void send_keptAliveConnectionClosedByTheServer_isRetriedOnceOnANewConnection() throws Exception {
        byte[] ok = ascii("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1");
        byte[] ok2 = ascii("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2");
        // first connection: one answer, then the server closes without saying so
        List<byte[][]> script = new ArrayList<>();
        script.add(new byte[][] {ok});
        script.add(new byte[][] {ok2});
        try (var server = new ScriptedServer(script);
                var c = new BenchHttpClient("127.0.0.1", server.port())) {
            assertThat(c.send("POST", "/a", null, "text/plain", "x")).isEqualTo(200);
            // whether the close has reached the client yet or not, the next request must still succeed
            Thread.sleep(50);
            assertThat(c.send("POST", "/b", null, "text/plain", "y")).isEqualTo(200);
            assertThat(c.bodyText()).isEqualTo("2");
            assertThat(c.connects()).isEqualTo(2);
        }
    }

    @Test
    void send_answerCutInsideTheBody_failsAndDoesNotRetry() throws Exception {
        byte[] cut = ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345");
        try (var server = new ScriptedServer(List.<byte[][]>of(new byte[][] {cut}));
                var c = new BenchHttpClient("127.0.0.1", server.port())) {
            assertThatThrownBy(() -> c.send("POST", "/a", null, "text/plain", "x"))
                    .isInstanceOf(IOException.class).hasMessageContaining("5 of 10 body bytes");
        }
    }

    @Test
    void send_answerWithoutLength_readsToTheEndOfTheConnection() throws Exception {
        byte[] http10 = ascii("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
        try (var server = new ScriptedServer(List.<byte[][]>of(new byte[][] {http10}));
                var c = new BenchHttpClient("127.0.0.1", server.port())) {
            assertThat(c.send("GET", "/", null, null, null)).isEqualTo(200);
            assertThat(c.bodyText()).isEqualTo("until the end");
        }
    }
}
