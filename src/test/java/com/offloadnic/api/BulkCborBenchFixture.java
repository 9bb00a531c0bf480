package com.offloadnic.api;

import com.offloadnic.bench.BenchFrames;
import com.offloadnic.cbor.CborWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * The bulk CBOR records for {@code bench/BulkCborBenchmark}, which lives apart from this package: a 64 × 1400 B send
 * request and a 64-completion response, read and written by Jackson (with the service's settings) and by
 * {@link BulkCbor}.
 */
public final class BulkCborBenchFixture {

    private final CBORMapper jackson = CBORMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();
    private final byte[] request;
    private final SendJson.SendResponse response;

    public BulkCborBenchFixture(int nbls, boolean returnFrames) {
        List<Object> lists = new ArrayList<>();
        List<SendJson.Completion> completions = new ArrayList<>();
        for (int i = 0; i < nbls; i++) {
            byte[] frame = BenchFrames.espFrame(i + 1);
            Map<String, Object> nbl = new LinkedHashMap<>();
            nbl.put("netBuffers", List.of(Map.of("data", frame)));
            nbl.put("ipsecOffloadV2", Map.of("offloadHandle", "1"));
            lists.add(nbl);
            BigInteger seq = BigInteger.valueOf(i + 1);
            completions.add(new SendJson.Completion("NDIS_STATUS_SUCCESS", null, null, List.of(new SendJson.Transmitted(
                    seq, null, seq.toByteArray(), null, null, null, returnFrames ? frame : null)), null));
        }
        request = jackson.writeValueAsBytes(Map.of("netBufferLists", lists));
        response = new SendJson.SendResponse(completions);
    }

    public int requestBytes() {
        return request.length;
    }

    public Object jacksonRead() {
        return jackson.readValue(request, SendJson.SendRequest.class);
    }

    public Object leanRead() {
        return BulkCbor.readSendRequest(request, 0, request.length);
    }

    public byte[] jacksonWrite() {
        return jackson.writeValueAsBytes(response);
    }

    /** As the converter writes it: into a buffer of the converter's size hint, then straight to the response. */
    public CborWriter leanWrite() {
        return BulkCbor.write(response, new CborWriter(BulkCborHttpMessageConverter.sizeHint(response)));
    }
}
