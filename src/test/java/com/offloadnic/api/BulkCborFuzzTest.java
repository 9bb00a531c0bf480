package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.offloadnic.cbor.CborFormatException;
import com.offloadnic.cbor.CborReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Coverage-guided fuzzing of the lean CBOR reader (README, "Fuzzing"; corpus in
 * {@code src/test/resources/com/offloadnic/api/BulkCborFuzzTestInputs/<target>/}). Whatever the bytes: the reader
 * raises {@link CborFormatException} and nothing else, and never loops; and a send or inject body the lean reader
 * takes is one Jackson reads to the same record — so falling back to Jackson on everything else keeps every answer.
 */
class BulkCborFuzzTest {

    private static final CBORMapper JACKSON = CBORMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @FuzzTest
    void leanReader(byte[] data) {
        try {
            new CborReader(data, 0, data.length).skip();
        } catch (CborFormatException malformed) {
            // the codec's own exception: the only one allowed
        }
        check(data, true);
        check(data, false);
    }

    private static void check(byte[] data, boolean send) {
        Object lean;
        try {
            lean = send ? BulkCbor.readSendRequest(data, 0, data.length) : BulkCbor.readReceiveRequest(data, 0, data.length);
        } catch (CborFormatException leftToJackson) {
            return;
        }
        Object jackson;
        try {
            Class<?> type = send ? SendJson.SendRequest.class : ReceiveJson.ReceiveRequest.class;
            jackson = JACKSON.readValue(data, type);
        } catch (JacksonException e) {
            throw new AssertionError("the lean reader took a body Jackson refuses: " + e.getOriginalMessage(), e);
        }
        assertThat(JSON.writeValueAsString(lean)).isEqualTo(JSON.writeValueAsString(jackson));
    }
}
