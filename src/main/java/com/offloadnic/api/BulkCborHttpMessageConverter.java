package com.offloadnic.api;

import com.offloadnic.api.ReceiveJson.ReceiveIndicationPoll;
import com.offloadnic.api.ReceiveJson.ReceiveRequest;
import com.offloadnic.api.ReceiveJson.ReceiveResponse;
import com.offloadnic.api.SendJson.SendRequest;
import com.offloadnic.api.SendJson.SendResponse;
import com.offloadnic.cbor.CborFormatException;
import com.offloadnic.cbor.CborWriter;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.cbor.JacksonCborHttpMessageConverter;

/**
 * {@code application/cbor} for the bulk records only — send and inject requests, send, inject and poll responses —
 * through {@link BulkCbor} instead of Jackson's data binding, ahead of Jackson's converter, which keeps every other
 * type.
 *
 * <p>A request the lean reader does not fully understand, valid or not, goes to Jackson's converter as the same
 * bytes, so every lenient acceptance and every problem document (status, type, pointer, detail) stays Jackson's. The
 * body is decoded where {@link BulkBodyDecoding} buffered it (no second copy); otherwise it is read here, and a body
 * over the {@link RequestBodyLimit} fails that read with the same I/O error Jackson's read would, answered 413.
 */
final class BulkCborHttpMessageConverter extends AbstractHttpMessageConverter<Object> {

    private static final Logger log = LoggerFactory.getLogger(BulkCborHttpMessageConverter.class);
    private static final Set<Class<?>> READ = Set.of(SendRequest.class, ReceiveRequest.class);
    private static final Set<Class<?>> WRITE = Set.of(SendResponse.class, ReceiveResponse.class,
            ReceiveIndicationPoll.class);

    private final JacksonCborHttpMessageConverter jackson;

    BulkCborHttpMessageConverter(JacksonCborHttpMessageConverter jackson) {
        super(MediaType.APPLICATION_CBOR);
        this.jackson = jackson;
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return READ.contains(clazz) || WRITE.contains(clazz);
    }

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return READ.contains(clazz) && canRead(mediaType);
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
        return WRITE.contains(clazz) && canWrite(mediaType);
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage input) throws IOException {
        BulkBodyDecoding.BufferedBody body = input instanceof BulkBodyDecoding.BufferedBody buffered ? buffered
                : new BulkBodyDecoding.BufferedBody(input.getBody().readAllBytes(), input.getHeaders());
        byte[] bytes = body.bytes();
        try {
            return clazz == SendRequest.class ? BulkCbor.readSendRequest(bytes, 0, bytes.length)
                    : BulkCbor.readReceiveRequest(bytes, 0, bytes.length);
        } catch (CborFormatException notLean) {
            log.debug("{} left to Jackson: {}", clazz.getSimpleName(), notLean.getMessage());
            return jackson.read(clazz, body);
        }
    }

    @Override
    protected void writeInternal(Object value, HttpOutputMessage output) throws IOException {
        CborWriter w = switch (value) {
            case SendResponse r -> BulkCbor.write(r, new CborWriter(sizeHint(r)));
            case ReceiveIndicationPoll p -> BulkCbor.write(p, new CborWriter(sizeHint(p)));
            case ReceiveResponse r -> BulkCbor.write(r, new CborWriter(64));
            default -> throw new IllegalArgumentException("not a bulk record: " + value.getClass());
        };
        // The length is known before the first byte goes out: Tomcat then sends one Content-Length response in one
        // write instead of a chunked one (head, chunk, last chunk).
        output.getHeaders().setContentLength(w.size());
        w.writeTo(output.getBody());
    }

    /**
     * About the response's size, so the buffer is seldom regrown and not much larger than the response: a success
     * completion of one frame is about 75 bytes (status, a tag-2 sequence number, the IV); failures carry a detail
     * text and may regrow it once.
     */
    static int sizeHint(SendResponse r) {
        long n = 32;
        if (r.completions() != null) {
            for (SendJson.Completion c : r.completions()) {
                n += 32;
                if (c != null && c.transmitted() != null) {
                    for (SendJson.Transmitted t : c.transmitted()) {
                        n += 64 + (t == null || t.data() == null ? 0 : t.data().length);
                    }
                }
            }
        }
        return (int) Math.min(n, 1 << 26);
    }

    private static int sizeHint(ReceiveIndicationPoll p) {
        long n = 64;
        if (p.indications() != null) {
            for (ReceiveJson.IndicationJson i : p.indications()) {
                n += 256 + (i == null || i.data() == null ? 0 : i.data().length);
            }
        }
        return (int) Math.min(n, 1 << 26);
    }
}
