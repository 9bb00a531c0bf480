package com.offloadnic.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice;

/**
 * The decode stage of {@link BulkRequestAdmission}: reads an admitted bulk request's body in full (network time,
 * no permit held), then decodes it under a fair decode permit, given back once the body is decoded. Other requests
 * pass untouched.
 */
@ControllerAdvice
final class BulkBodyDecoding implements RequestBodyAdvice {

    private final BulkRequestAdmission admission;

    BulkBodyDecoding(BulkRequestAdmission admission) {
        this.admission = admission;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        HttpServletRequest request = currentRequest();
        return request != null && admission.admitted(request);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body;
        try (InputStream in = input.getBody()) {
            body = in.readAllBytes();
        } catch (RequestBodyLimit.BodyTooLargeException e) {
            // as the converters report it when they read the body themselves: the handler answers 413
            throw new HttpMessageNotReadableException("I/O error while reading input message", e, input);
        }
        HttpServletRequest request = currentRequest();
        if (request != null) {
            admission.beforeDecode(request);
        }
        return new BufferedBody(body, input.getHeaders());
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        release();
        return body;
    }

    @Override
    public Object handleEmptyBody(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        release();
        return body;
    }

    private void release() {
        HttpServletRequest request = currentRequest();
        if (request != null) {
            admission.afterDecode(request);
        }
    }

    /**
     * A body read in full. {@link BulkCborHttpMessageConverter} decodes {@link #bytes()} in place instead of copying
     * them again; every {@link #getBody()} is a new stream over the same bytes.
     */
    record BufferedBody(byte[] bytes, HttpHeaders headers) implements HttpInputMessage {
        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
                ? attrs.getRequest() : null;
    }
}
