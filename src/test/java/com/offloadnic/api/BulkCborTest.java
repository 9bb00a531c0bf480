package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.bench.BenchFrames;
import com.offloadnic.cbor.CborWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * {@link BulkCbor} against the service's own Jackson {@link CBORMapper} (the bean, with the service's settings): the
 * lean writer's bytes equal Jackson's for the same record, and what the lean reader takes it reads as Jackson does.
 */
class BulkCborTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    @Autowired
    CBORMapper cbor;

    private void assertSameBytes(Object record, CborWriter lean) {
        assertThat(HexFormat.of().formatHex(lean.toByteArray())).as(record.toString())
                .isEqualTo(HexFormat.of().formatHex(cbor.writeValueAsBytes(record)));
    }

    private static SendJson.Transmitted transmitted(BigInteger seq, byte[] data) {
        return new SendJson.Transmitted(seq, null, new byte[] {0, 0, 0, 0, 0, 0, 0, 1}, null, null, null, data);
    }

    @Test
    void sendResponse_sameBytesAsJackson() {
        List<BigInteger> seqs = List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(23), BigInteger.valueOf(24),
                BigInteger.valueOf(255), BigInteger.valueOf(256), BigInteger.valueOf(Integer.MAX_VALUE),
                TWO_32.subtract(BigInteger.TWO), TWO_32.subtract(BigInteger.ONE), TWO_32, TWO_32.add(BigInteger.ONE),
                BigInteger.valueOf(Long.MAX_VALUE), TWO_64.shiftRight(1), TWO_64.subtract(BigInteger.ONE), TWO_64,
                BigInteger.valueOf(-1));
        for (BigInteger seq : seqs) {
            var r = new SendJson.SendResponse(List.of(new SendJson.Completion("NDIS_STATUS_SUCCESS", null, null,
                    List.of(new SendJson.Transmitted(seq, seq.add(BigInteger.ONE), new byte[8], seq, seq, new byte[8],
                            null)), null)));
            assertSameBytes(r, BulkCbor.write(r, new CborWriter(16)));
        }
        List<SendJson.Completion> completions = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            completions.add(new SendJson.Completion("NDIS_STATUS_SUCCESS", null, null,
                    List.of(transmitted(TWO_32.add(BigInteger.valueOf(i - 32)), BenchFrames.espFrame(i))), null));
        }
        completions.add(new SendJson.Completion("NDIS_STATUS_FAILURE", "SEQUENCE_NUMBER_REPEATED",
                "d\u00e9tail with non-ASCII \u6c34 and " + "x".repeat(300), List.of(), null));
        completions.add(new SendJson.Completion("NDIS_STATUS_SUCCESS", null, null, null,
                new SendJson.LsoCompletion("NDIS_TCP_LARGE_SEND_OFFLOAD_V1_TYPE", 65_000L)));
        completions.add(new SendJson.Completion("NDIS_STATUS_SUCCESS", null, "", null, new SendJson.LsoCompletion(null, null)));
        completions.add(new SendJson.Completion(null, null, null, Arrays.asList(null,
                new SendJson.Transmitted(null, null, null, null, null, null, new byte[0])), null));
        completions.add(null);
        for (var r : List.of(new SendJson.SendResponse(completions), new SendJson.SendResponse(List.of()),
                new SendJson.SendResponse(null))) {
            assertSameBytes(r, BulkCbor.write(r, new CborWriter(16)));
        }
    }

    @Test
    void receiveResponses_sameBytesAsJackson() {
        for (var r : List.of(new ReceiveJson.ReceiveResponse(0, 0, null), new ReceiveJson.ReceiveResponse(64, 3, 7),
                new ReceiveJson.ReceiveResponse(Integer.MAX_VALUE, -1, Integer.MIN_VALUE))) {
            assertSameBytes(r, BulkCbor.write(r, new CborWriter(16)));
        }
        List<ReceiveJson.IndicationJson> indications = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            indications.add(new ReceiveJson.IndicationJson((1L << 32) - 5 + i, BenchFrames.espFrame(i),
                    new ReceiveJson.IpsecOffloadV2(1, i % 2, "IPSEC_OFFLOAD_V2_RECEIVE_SUCCESS", 0),
                    new ReceiveJson.IpsecOffloadV2Header(50, i, 1),
                    i % 3 == 0 ? null : new ReceiveJson.IndicationEmulation(null, Long.toUnsignedString(-1L - i)), null));
        }
        indications.add(new ReceiveJson.IndicationJson(Long.MAX_VALUE, new byte[0], null, null,
                new ReceiveJson.IndicationEmulation("ipsecRxNotOffloaded", null),
                new ReceiveJson.IpsecOffloadV1(1, 1, 0, "IPSEC_OFFLOAD_V1_RECEIVE_FAILED")));
        indications.add(new ReceiveJson.IndicationJson(0, null, null, null, null, null));
        indications.add(null);
        for (var p : List.of(new ReceiveJson.ReceiveIndicationPoll(indications, Long.MAX_VALUE, 1L << 40),
                new ReceiveJson.ReceiveIndicationPoll(List.of(), 0, 0),
                new ReceiveJson.ReceiveIndicationPoll(null, -1, Long.MIN_VALUE))) {
            assertSameBytes(p, BulkCbor.write(p, new CborWriter(16)));
        }
    }

    @Test
    void read_whatTheLeanReaderTakes_isWhatJacksonReads() {
        List<byte[]> bodies = new ArrayList<>();
        CBORMapper plain = CBORMapper.builder().build();
        var nbl = new SendJson.NetBufferList(List.of(new SendJson.NetBuffer(BenchFrames.espFrame(3)),
                new SendJson.NetBuffer(new byte[0])), new SendJson.IpsecOffloadV2("17"),
                new SendJson.IpsecOffloadV2Tunnel("18"), new SendJson.IpsecOffloadV2Header(6L, 2L, 0L, 5L),
                new SendJson.TcpLargeSendOffload("NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE", 1400L, Long.MIN_VALUE,
                        Long.MAX_VALUE), new SendJson.TcpIpChecksum(true, false, null, true, false, -7),
                new SendJson.IpsecOffloadV1("1", "h\u00e9\ud83d\ude00"));
        bodies.add(plain.writeValueAsBytes(new SendJson.SendRequest(List.of(nbl, nbl), true)));
        bodies.add(cbor.writeValueAsBytes(new SendJson.SendRequest(List.of(nbl), false)));
        bodies.add(plain.writeValueAsBytes(new SendJson.SendRequest(Arrays.asList(null, new SendJson.NetBufferList(
                Arrays.asList(null, new SendJson.NetBuffer(null)), null, null, null, null, null, null)), null)));
        for (byte[] body : bodies) {
            var lean = BulkCbor.readSendRequest(body, 0, body.length);
            var jackson = cbor.readValue(body, SendJson.SendRequest.class);
            assertThat(JSON.writeValueAsString(lean)).isEqualTo(JSON.writeValueAsString(jackson));
        }
        byte[] frames = plain.writeValueAsBytes(new ReceiveJson.ReceiveRequest(Arrays.asList(
                new ReceiveJson.Frame(BenchFrames.espFrame(1)), null, new ReceiveJson.Frame(null))));
        assertThat(JSON.writeValueAsString(BulkCbor.readReceiveRequest(frames, 0, frames.length)))
                .isEqualTo(JSON.writeValueAsString(cbor.readValue(frames, ReceiveJson.ReceiveRequest.class)));
    }
}
