package com.offloadnic.config;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat rejects some requests (a malformed or encoded-slash URI, for instance) before any servlet sees them and
 * renders an HTML error page. This valve renders those as RFC 9457 problem documents instead, so every error the
 * service returns is {@code application/problem+json}.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String title = status == 404 ? "Not Found" : status >= 500 ? "Internal Server Error" : "Bad Request";
        String type = status == 404 ? "/problems/not-found" : status >= 500 ? "/problems/internal-error"
                : "/problems/bad-request";
        String detail = status >= 500 ? "the service failed to handle the request"
                : "the request was rejected by the HTTP server (malformed request line, URI or headers)";
        String json = "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client has gone or the response cannot take a body; nothing more can be said to it.
        }
    }
}
