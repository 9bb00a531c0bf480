package com.offloadnic.api;

import com.offloadnic.nic.NicException;
import com.offloadnic.tenant.DuplicateTenantException;
import com.offloadnic.tenant.InvalidQuotaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Turns every failure into an RFC 9457 problem document with a stable {@code type} (see {@link ProblemTypes})
 * and, where one field is at fault, its JSON {@code pointer}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(NicException.class)
    ResponseEntity<Object> handleNic(NicException e, WebRequest request) {
        if (e.kind() == NicException.Kind.QUOTA_EXCEEDED) {
            return handle(ApiException.quotaExceeded("maxNics", e.getMessage(), Duration.ofSeconds(60)), request);
        }
        HttpStatus status = e.kind() == NicException.Kind.INVALID_FIELD ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT;
        URI type = switch (e.kind()) {
            case INVALID_FIELD -> ProblemTypes.INVALID_FIELD;
            case UNSUPPORTED_BY_HARDWARE -> ProblemTypes.UNSUPPORTED_BY_HARDWARE;
            case WRONG_PROFILE -> ProblemTypes.WRONG_PROFILE;
            case OFFLOAD_CONFLICT -> ProblemTypes.OFFLOAD_CONFLICT;
            case QUOTA_EXCEEDED -> ProblemTypes.QUOTA_EXCEEDED;
        };
        String title = switch (e.kind()) {
            case INVALID_FIELD -> "Invalid field";
            case UNSUPPORTED_BY_HARDWARE -> "Not supported by the adapter's hardware";
            case WRONG_PROFILE -> "Not part of the adapter's NDIS profile";
            case OFFLOAD_CONFLICT -> "Offloads cannot be combined";
            case QUOTA_EXCEEDED -> "Quota exceeded";
        };
        ProblemDetail pd = problem(status, type, title, e.getMessage());
        if (e.pointer() != null) {
            pd.setProperty("pointer", e.pointer());
        }
        return respond(e, pd, new HttpHeaders(), status, request);
    }

    @ExceptionHandler(InvalidQuotaException.class)
    ResponseEntity<Object> handleQuota(InvalidQuotaException e, WebRequest request) {
        return handle(ApiException.invalidField("/" + e.field(), e.getMessage()), request);
    }

    @ExceptionHandler(DuplicateTenantException.class)
    ResponseEntity<Object> handleDuplicate(DuplicateTenantException e, WebRequest request) {
        return handle(ApiException.conflict("/name", e.getMessage()), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, WebRequest request) {
        log.error("Unexpected failure handling {}", request.getDescription(false), e);
        ProblemDetail pd = problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
                "Internal error", "the service failed to handle the request; the failure is logged");
        return respond(e, pd, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    private ResponseEntity<Object> handle(ApiException e, WebRequest request) {
        return respond(e, e.getBody(), e.getHeaders(), e.getStatusCode(), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        RequestBodyLimit.BodyTooLargeException tooLarge = findCause(ex, RequestBodyLimit.BodyTooLargeException.class);
        if (tooLarge != null) {
            return handle(ApiException.payloadTooLarge(tooLarge.limit()), request);
        }
        ProblemDetail pd;
        UnrecognizedPropertyException unknown = findCause(ex, UnrecognizedPropertyException.class);
        InvalidFormatException invalid = findCause(ex, InvalidFormatException.class);
        MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
        StreamReadException syntax = findCause(ex, StreamReadException.class);
        InputCoercionException coercion = findCause(ex, InputCoercionException.class);
        if (unknown != null) {
            pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.UNKNOWN_FIELD, "Unknown field",
                    "unknown field '" + unknown.getPropertyName() + "' at " + pointer(unknown.getPath()));
            pd.setProperty("pointer", pointer(unknown.getPath()));
        } else if (coercion != null) {
            pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_FIELD, "Invalid field",
                    pointer(coercion.getPath()) + ": " + coercion.getOriginalMessage());
            pd.setProperty("pointer", pointer(coercion.getPath()));
        } else if (mismatch != null && mismatch.getOriginalMessage() != null
                && mismatch.getOriginalMessage().startsWith("Trailing token")) {
            pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_JSON, "Malformed JSON",
                    "the request body has content after the JSON value");
        } else if (invalid != null) {
            String allowed = invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                    ? " (expected one of " + List.of(invalid.getTargetType().getEnumConstants()) + ")" : "";
            pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_FIELD, "Invalid field",
                    pointer(invalid.getPath()) + ": '" + invalid.getValue() + "' is not a valid value" + allowed);
            pd.setProperty("pointer", pointer(invalid.getPath()));
        } else if (mismatch != null) {
            String target = mismatch.getTargetType() == null ? "value" : typeName(mismatch.getTargetType());
            pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_FIELD, "Invalid field",
                    pointer(mismatch.getPath()) + ": wrong type (expected " + target + ")");
            pd.setProperty("pointer", pointer(mismatch.getPath()));
        } else if (syntax != null) {
            pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_JSON, "Malformed JSON",
                    "the request body is not valid JSON: " + syntax.getOriginalMessage());
        } else if (findCause(ex, JacksonException.class) != null) {
            JacksonException je = findCause(ex, JacksonException.class);
            pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_FIELD, "Invalid field",
                    pointer(je.getPath()) + ": " + je.getOriginalMessage());
            pd.setProperty("pointer", pointer(je.getPath()));
        } else {
            pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_JSON, "Malformed JSON",
                    "the request body is missing or unreadable");
        }
        return respond(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        FieldError fe = ex.getBindingResult().getFieldError();
        String pointer = fe == null ? "" : "/" + fe.getField().replace('.', '/').replaceAll("\\[(\\d+)]", "/$1");
        String message = fe == null ? "invalid request body" : pointer + ": " + fe.getDefaultMessage();
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_FIELD, "Invalid field", message);
        pd.setProperty("pointer", pointer);
        return respond(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        var result = ex.getParameterValidationResults().isEmpty() ? null : ex.getParameterValidationResults().getFirst();
        String name = result == null ? "request" : result.getMethodParameter().getParameterName();
        String message = result == null || result.getResolvableErrors().isEmpty() ? "invalid"
                : result.getResolvableErrors().getFirst().getDefaultMessage();
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_PARAMETER, "Invalid parameter",
                name + ": " + message);
        pd.setProperty("parameter", name);
        return respond(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "value" : typeName(ex.getRequiredType());
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_PARAMETER, "Invalid parameter",
                name + ": '" + ex.getValue() + "' is not a valid " + expected);
        pd.setProperty("parameter", name);
        return respond(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_PARAMETER, "Invalid parameter",
                ex.getParameterName() + ": required");
        pd.setProperty("parameter", ex.getParameterName());
        return respond(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Gives the framework's generic problems (404, 405, 406, 415 …) a stable type and title. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail pd
                && (pd.getType() == null || "about:blank".equals(pd.getType().toString()))) {
            pd.setType(ProblemTypes.forStatus(statusCode.value()));
        }
        return response;
    }

    private ResponseEntity<Object> respond(Exception cause, ProblemDetail pd, HttpHeaders headers,
                                           HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(cause, pd, headers, status, request);
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(type);
        pd.setTitle(title);
        return pd;
    }

    /** JSON pointer (RFC 6901) of a Jackson path. */
    static String pointer(List<JacksonException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : path) {
            sb.append('/');
            if (r.getPropertyName() != null) {
                sb.append(r.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else if (r.getIndex() >= 0) {
                sb.append(r.getIndex());
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return "object";
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
