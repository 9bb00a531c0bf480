package com.offloadnic.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The benchmark's load client: one blocking HTTP/1.1 connection over a plain {@link Socket}, for one thread. It costs
 * the shared machine as little CPU as possible so the service gets the cores: request heads are encoded once per
 * {@link Request} and the body is written straight from the caller's array (patched in place between requests), the
 * response is parsed from a reusable buffer (status line; Content-Length, {@code Transfer-Encoding: chunked} and
 * {@code Connection: close}, after which the next request opens a new connection) and its body lands in a reusable
 * buffer. Not thread-safe; not a general HTTP client (no redirects, no TLS, no pipelining).
 */
final class BenchHttpClient implements Closeable {

    /** Bodies up to this size are copied behind the head and written with it in one call. */
    private static final int COALESCE_LIMIT = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int SOCKET_BUFFER = 1 << 20;

    /** A request encoded once: head (request line and headers, Content-Length fixed) plus the body array. */
    record Request(byte[] head, byte[] body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean reused;
    /** Bytes read from the socket and not consumed yet: {@code buf[start, end)}. */
    private byte[] buf = new byte[16 * 1024];
    private int start;
    private int end;
    private byte[] body = new byte[16 * 1024];
    private int bodyLength;
    private byte[] coalesced = new byte[0];
    private int connects;

    /** A client of {@code http://host:port}; connects on the first request. */
    BenchHttpClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A client of the host and port of {@code base} (an {@code http://} URL). */
    static BenchHttpClient of(String base) {
        URI u = URI.create(base);
        return new BenchHttpClient(u.getHost(), u.getPort() < 0 ? 80 : u.getPort());
    }

    /** Encodes a request's head once; {@code body} is sent as it is at each {@link #send}, its length fixed now. */
    Request request(String method, String path, String bearer, String contentType, String accept, byte[] body) {
        var h = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        if (bearer != null) {
            h.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (accept != null) {
            h.append("Accept: ").append(accept).append("\r\n");
        }
        if (body.length > 0 || !method.equals("GET")) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        h.append("\r\n");
        return new Request(h.toString().getBytes(StandardCharsets.US_ASCII), body);
    }

    /**
     * Sends {@code r} and reads the whole response; returns its status code, the body is in {@link #body()} up to
     * {@link #bodyLength()}. A request on a kept-alive connection that the server had closed before answering is
     * sent once more on a new connection.
     */
    int send(Request r) throws IOException {
        if (socket != null && reused) {
            int bufferedBefore = end - start;
            try {
                write(r);
                return readResponse();
            } catch (IOException stale) {
                if (bufferedBefore != 0 || end - start != 0 || bodyLength != 0 || !connectionLost(stale)) {
                    close();
                    throw stale;
                }
                close();
            }
        }
        if (socket == null) {
            connect();
        }
        try {
            write(r);
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Sends a one-off request (set-up calls); the answer's body as UTF-8 text is in {@link #bodyText()}. */
    int send(String method, String path, String bearer, String contentType, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return send(request(method, path, bearer, contentType, null, b));
    }

    /** The last response's body; valid up to {@link #bodyLength()} until the next request. */
    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    /** Whether the last response's body contains {@code needle}. */
    boolean bodyContains(byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= bodyLength; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Connections opened so far (1 plus one per reconnect). */
    int connects() {
        return connects;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with; nothing to recover
            }
        }
        socket = null;
        in = null;
        out = null;
        start = 0;
        end = 0;
    }

    private void connect() throws IOException {
        var s = new Socket();
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        s.setSendBufferSize(SOCKET_BUFFER);
        s.setReceiveBufferSize(SOCKET_BUFFER);
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        reused = false;
        start = 0;
        end = 0;
        connects++;
    }

    private void write(Request r) throws IOException {
        byte[] head = r.head();
        byte[] b = r.body();
        bodyLength = 0;
        if (b.length <= COALESCE_LIMIT) {
            int n = head.length + b.length;
            if (coalesced.length < n) {
                coalesced = new byte[Math.max(n, 2 * coalesced.length)];
            }
            System.arraycopy(head, 0, coalesced, 0, head.length);
            System.arraycopy(b, 0, coalesced, head.length, b.length);
            out.write(coalesced, 0, n);
        } else {
            out.write(head);
            out.write(b);
        }
    }

    private static boolean connectionLost(IOException e) {
        return e instanceof EOFException || e instanceof java.net.SocketException;
    }

    // --- response ---

    private int readResponse() throws IOException {
        int headEnd = findHeadEnd();
        int p = start;
        // status line: HTTP/1.x SP 3DIGIT SP reason
        int sp = indexOf(buf, p, headEnd, (byte) ' ');
        if (sp < 0 || sp + 4 > headEnd || !startsWith(buf, p, "HTTP/1.")) {
            throw new IOException("malformed status line: " + text(p, Math.min(headEnd, p + 80)));
        }
        int status = (buf[sp + 1] - '0') * 100 + (buf[sp + 2] - '0') * 10 + (buf[sp + 3] - '0');
        boolean http10 = buf[p + 7] == '0';
        long contentLength = -1;
        boolean chunked = false;
        boolean close = http10;
        p = lineEnd(p, headEnd) + 2;
        while (p < headEnd) {
            int le = lineEnd(p, headEnd);
            int colon = indexOf(buf, p, le, (byte) ':');
            if (colon > p) {
                int v = colon + 1;
                while (v < le && (buf[v] == ' ' || buf[v] == '\t')) {
                    v++;
                }
                int ve = le;
                while (ve > v && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                    ve--;
                }
                if (nameIs(p, colon, "content-length")) {
                    contentLength = parseDecimal(v, ve);
                } else if (nameIs(p, colon, "transfer-encoding")) {
                    chunked = containsIgnoreCase(v, ve, "chunked");
                } else if (nameIs(p, colon, "connection")) {
                    if (containsIgnoreCase(v, ve, "close")) {
                        close = true;
                    } else if (containsIgnoreCase(v, ve, "keep-alive")) {
                        close = false;
                    }
                }
            }
            p = le + 2;
        }
        start = headEnd + 4;
        bodyLength = 0;
        if (status / 100 == 1) {
            // an interim answer (100 Continue): the real one follows
            return readResponse();
        }
        if (status == 204 || status == 304) {
            // no body
        } else if (chunked) {
            readChunked();
        } else if (contentLength >= 0) {
            readFixed(contentLength);
        } else {
            readToEof();
            close = true;
        }
        if (close) {
            close();
        } else {
            reused = true;
        }
        return status;
    }

    /** Reads until the buffered bytes hold a complete head; returns the offset of its {@code \r\n\r\n}. */
    private int findHeadEnd() throws IOException {
        int scanned = 0; // bytes past start already searched (fill() may move start)
        while (true) {
            for (int i = start + Math.max(0, scanned - 3); i + 3 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    return i;
                }
            }
            scanned = end - start;
            if (fill() < 0) {
                throw new EOFException(end == start ? "connection closed before a response"
                        : "connection closed inside the response head");
            }
        }
    }

    /** Reads more bytes behind {@code end}, compacting or growing the buffer; -1 at end of stream. */
    private int fill() throws IOException {
        if (start > 0 && start == end) {
            start = 0;
            end = 0;
        }
        if (end == buf.length) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            } else {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }
        int n = in.read(buf, end, buf.length - end);
        if (n > 0) {
            end += n;
        }
        return n;
    }

    private void readFixed(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("response body too large: " + length + " bytes");
        }
        int n = (int) length;
        ensureBody(n);
        int buffered = Math.min(n, end - start);
        System.arraycopy(buf, start, body, 0, buffered);
        start += buffered;
        bodyLength = buffered;
        while (bodyLength < n) {
            int r = in.read(body, bodyLength, n - bodyLength);
            if (r < 0) {
                throw new EOFException("connection closed after " + bodyLength + " of " + n + " body bytes");
            }
            bodyLength += r;
        }
    }

    private void readChunked() throws IOException {
        while (true) {
            int le = requireLine();
            int semi = indexOf(buf, start, le, (byte) ';');
            int size = parseHex(start, semi < 0 ? le : semi);
            start = le + 2;
            if (size == 0) {
                // trailer fields, then the empty line
                while (true) {
                    int tl = requireLine();
                    boolean empty = tl == start;
                    start = tl + 2;
                    if (empty) {
                        return;
                    }
                }
            }
            ensureBody(bodyLength + size);
            int left = size;
            while (left > 0) {
                if (start == end && fill() < 0) {
                    throw new EOFException("connection closed inside a chunk");
                }
                int k = Math.min(left, end - start);
                System.arraycopy(buf, start, body, bodyLength, k);
                start += k;
                bodyLength += k;
                left -= k;
            }
            int crlf = requireLine();
            if (crlf != start) {
                throw new IOException("chunk not followed by CRLF");
            }
            start = crlf + 2;
        }
    }

    private void readToEof() throws IOException {
        while (true) {
            if (start == end && fill() < 0) {
                return;
            }
            int k = end - start;
            ensureBody(bodyLength + k);
            System.arraycopy(buf, start, body, bodyLength, k);
            bodyLength += k;
            start = end;
        }
    }

    /** Reads until a CRLF follows {@code start}; returns the offset of its CR. */
    private int requireLine() throws IOException {
        while (true) {
            for (int i = start; i + 1 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    return i;
                }
            }
            if (fill() < 0) {
                throw new EOFException("connection closed inside a chunked body");
            }
        }
    }

    private void ensureBody(int n) {
        if (body.length < n) {
            body = Arrays.copyOf(body, Math.max(n, body.length * 2));
        }
    }

    private int lineEnd(int p, int headEnd) {
        for (int i = p; i + 1 < headEnd + 2; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return headEnd;
    }

    private boolean nameIs(int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            if ((Character.toLowerCase((char) buf[from + i])) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean containsIgnoreCase(int from, int to, String lower) {
        outer:
        for (int i = from; i + lower.length() <= to; i++) {
            for (int j = 0; j < lower.length(); j++) {
                if (Character.toLowerCase((char) buf[i + j]) != lower.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private long parseDecimal(int from, int to) throws IOException {
        if (from == to || to - from > 18) {
            throw new IOException("bad Content-Length: " + text(from, to));
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                throw new IOException("bad Content-Length: " + text(from, to));
            }
            v = v * 10 + d;
        }
        return v;
    }

    private int parseHex(int from, int to) throws IOException {
        while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
            to--;
        }
        if (from == to || to - from > 7) {
            throw new IOException("bad chunk size: " + text(from, to));
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(buf[i], 16);
            if (d < 0) {
                throw new IOException("bad chunk size: " + text(from, to));
            }
            v = v * 16 + d;
        }
        return v;
    }

    private String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] b, int at, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (b[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte v) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
