package com.offloadnic.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * HTTP client for tests that checks every exchange against the published contract, the repository's root
 * openapi.yaml: an undocumented path, method, status, header or field fails the test. Requests that are
 * deliberately malformed skip the request check ({@link #raw()}), never the response check.
 */
final class ContractClient {

    static final Path CONTRACT = Path.of("openapi.yaml");
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForSpecificationUrl(CONTRACT.toAbsolutePath().toUri().toString()).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;
    private final boolean validateRequest;
    private final boolean validate;
    private final Map<String, String> headers;

    private ContractClient(String base, String token, boolean validateRequest, boolean validate,
                           Map<String, String> headers) {
        this.base = base;
        this.token = token;
        this.validateRequest = validateRequest;
        this.validate = validate;
        this.headers = headers;
    }

    static ContractClient on(int port) {
        return new ContractClient("http://localhost:" + port, null, true, true, Map.of());
    }

    String token() {
        return token;
    }

    /** The same client with {@code Authorization: Bearer token}. */
    ContractClient as(String bearerToken) {
        return new ContractClient(base, bearerToken, validateRequest, validate, headers);
    }

    /** Sends requests as they are (possibly violating the contract); responses are still checked. */
    ContractClient raw() {
        return new ContractClient(base, token, false, validate, headers);
    }

    /** No contract check at all: for paths and methods the contract deliberately leaves out (404, 405 tests). */
    ContractClient unchecked() {
        return new ContractClient(base, token, false, false, headers);
    }

    ContractClient header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ContractClient(base, token, validateRequest, validate, h);
    }

    record Reply(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null);
    }

    Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    Reply post(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    Reply put(String path, String json) {
        return send("PUT", path, "application/json", json);
    }

    Reply send(String method, String pathAndQuery, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Reply reply = new Reply(r.statusCode(), r.headers().map(), r.body());
        if (validate) {
            check(method, pathAndQuery, contentType, body, reply);
        }
        return reply;
    }

    private void check(String method, String pathAndQuery, String contentType, String body, Reply reply) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        SimpleResponse.Builder rb = SimpleResponse.Builder.status(reply.status());
        reply.headers().forEach((k, v) -> {
            if (k != null && !k.startsWith(":")) {
                rb.withHeader(k, v);
            }
        });
        if (reply.body() != null && !reply.body().isEmpty()) {
            rb.withBody(reply.body());
        }
        ValidationReport report;
        Request.Method m = Request.Method.valueOf(method);
        if (validateRequest) {
            SimpleRequest.Builder qb = new SimpleRequest.Builder(m, path);
            if (pathAndQuery.contains("?")) {
                for (String kv : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
                    String[] p = kv.split("=", 2);
                    qb.withQueryParam(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                            p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
                }
            }
            if (contentType != null) {
                qb.withContentType(contentType);
            }
            if (token != null) {
                qb.withAuthorization("Bearer " + token);
            }
            headers.forEach(qb::withHeader);
            if (body != null) {
                qb.withBody(body);
            }
            report = VALIDATOR.validate(qb.build(), rb.build());
        } else {
            report = VALIDATOR.validateResponse(path, m, rb.build());
        }
        if (report.hasErrors()) {
            fail("%s %s -> %d violates openapi.yaml:%n%s%nbody: %s", method, pathAndQuery, reply.status(),
                    report.getMessages(), reply.body());
        }
    }

    /** Validates an invented response, to show the check rejects what the contract does not document. */
    static ValidationReport validateResponse(String method, String path, int status, String contentType, String body) {
        return VALIDATOR.validateResponse(path, Request.Method.valueOf(method),
                SimpleResponse.Builder.status(status).withContentType(contentType).withBody(body).build());
    }
}
