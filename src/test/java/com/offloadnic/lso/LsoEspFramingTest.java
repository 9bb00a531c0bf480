package com.offloadnic.lso;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.Bytes;
import com.offloadnic.packet.Checksums;
import com.offloadnic.packet.EspHeader;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.Ipv6Header;
import com.offloadnic.packet.TcpHeader;
import com.offloadnic.packet.UdpHeader;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LsoEspFramingTest {

    static final long SPI = 0x00C0FFEEL;
    static final long FIRST_SEQ = 41;
    static final LsoLimits LIMITS = new LsoLimits(64_000, 2, 1500, true, true, true);

    static LsoFrames.Spec spec(int ipVersion, int ivLength, int padLength, boolean udp) {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.ipVersion = ipVersion;
        byte[] esp = new byte[EspHeader.LENGTH + ivLength];
        EspHeader.wrap(esp, 0).spi(SPI).sequenceNumber(FIRST_SEQ);
        for (int i = 0; i < ivLength; i++) {
            esp[8 + i] = 0x5A;
        }
        if (udp) {
            byte[] u = new byte[8];
            UdpHeader.wrap(u, 0).sourcePort(4500).destinationPort(4500).length(8).checksum(0);
            s.between = Bytes.concat(u, esp);
            s.ipProtocol = 17;
        } else {
            s.between = esp;
            s.ipProtocol = 50;
        }
        s.trailingPad = padLength;
        s.payloadLength = 3500;
        return s;
    }

    static EspFraming framing(LsoFrames.Spec s, int ivLength, int blockSize, int icvLength) {
        int ipHeader = s.ipVersion == 4 ? 20 + s.ipOptions.length : 40 + s.ipv6ExtensionHeaders.length;
        int espOffset = ipHeader + (s.ipProtocol == 17 ? 8 : 0);
        return new EspFraming(espOffset, ivLength, blockSize, icvLength, 6, s.trailingPad);
    }

    static LsoResult<EspSegment> run(LsoFrames.Spec s, int mss, EspFraming esp, LsoLimits limits) {
        byte[] frame = LsoFrames.build(s);
        LsoRequest req = new LsoRequest(LsoType.V2, mss, s.tcpHeaderOffset(), s.ipVersion);
        return LargeSendSegmenter.segmentEsp(frame, 0, frame.length, req, limits, esp);
    }

    /** Trailer, offsets, lengths, IV room and ICV room of one segment, checked byte by byte. */
    static void assertFraming(LsoFrames.Spec s, EspFraming esp, EspSegment seg, int index) {
        byte[] f = seg.frame();
        int l3 = s.l3Offset();
        int ipHeader = esp.espHeaderOffset() - (s.ipProtocol == 17 ? 8 : 0);
        assertThat(seg.espOffset()).isEqualTo(l3 + esp.espHeaderOffset());
        assertThat(seg.sequenceNumberOffset()).isEqualTo(seg.espOffset() + 4);
        assertThat(seg.ivOffset()).isEqualTo(seg.espOffset() + 8);
        assertThat(seg.payloadOffset()).isEqualTo(seg.ivOffset() + esp.ivLength());
        assertThat(EspHeader.wrap(f, seg.espOffset()).spi()).isEqualTo(SPI);
        assertThat(EspHeader.wrap(f, seg.espOffset()).sequenceNumber()).isEqualTo(FIRST_SEQ);
        for (int i = 0; i < esp.ivLength(); i++) {
            assertThat(f[seg.ivOffset() + i]).isEqualTo((byte) 0x5A);
        }
        int tcpLength = seg.payloadEnd() - seg.payloadOffset();
        assertThat(tcpLength).isEqualTo(20 + seg.tcpPayloadLength());
        int align = esp.blockSize() % 4 == 0 ? esp.blockSize() : 4;
        assertThat((tcpLength + seg.padLength() + 2) % align).as("ciphertext alignment").isZero();
        assertThat(seg.padLength()).isLessThan(align);
        for (int i = 0; i < seg.padLength(); i++) {
            assertThat(f[seg.payloadEnd() + i]).as("pad byte %d", i).isEqualTo((byte) (i + 1));
        }
        assertThat(f[seg.nextHeaderOffset() - 1] & 0xFF).isEqualTo(seg.padLength());
        assertThat(f[seg.nextHeaderOffset()] & 0xFF).isEqualTo(6);
        assertThat(seg.icvOffset()).isEqualTo(seg.nextHeaderOffset() + 1);
        assertThat(f.length).isEqualTo(seg.icvOffset() + esp.icvLength());
        for (int i = seg.icvOffset(); i < f.length; i++) {
            assertThat(f[i]).isZero();
        }
        if (s.ipVersion == 4) {
            Ipv4Header ip = Ipv4Header.wrap(f, l3);
            assertThat(ip.totalLength()).isEqualTo(f.length - l3);
            assertThat(ip.protocol()).isEqualTo(s.ipProtocol);
            assertThat(ip.identification()).isEqualTo((s.identification + index) & 0x7FFF);
            assertThat(ip.isHeaderChecksumValid()).isTrue();
        } else {
            assertThat(Ipv6Header.wrap(f, l3).payloadLength()).isEqualTo(f.length - l3 - 40);
        }
        if (s.ipProtocol == 17) {
            UdpHeader udp = UdpHeader.wrap(f, l3 + ipHeader);
            assertThat(udp.length()).isEqualTo(f.length - l3 - ipHeader);
            assertThat(udp.checksum()).isZero();
        }
    }

    /** scapy decrypts (NULL cipher, no ICV) every segment and checks it as a plain TCP segment. */
    static void assertScapyDecrypts(LsoFrames.Spec s, int mss, List<EspSegment> segs) {
        List<Map<String, String>> rows =
                ScapySegments.describe(segs.stream().map(EspSegment::frame).toList(), true);
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            assertThat(r.get("outerok")).as("outer IP length/checksum of segment %d", i).isEqualTo("1");
            assertThat(r.get("tcpok")).as("TCP checksum of decrypted segment %d", i).isEqualTo("1");
            assertThat(r.get("espseq")).isEqualTo(String.valueOf(FIRST_SEQ));
            assertThat(Long.parseLong(r.get("seq"))).isEqualTo((LsoFrames.SEQ + (long) i * mss) & 0xFFFF_FFFFL);
            int expected = s.tcpFlags;
            if (i != rows.size() - 1) {
                expected &= ~(TcpHeader.FIN | TcpHeader.PSH);
            }
            if (i != 0) {
                expected &= ~TcpHeader.CWR;
            }
            assertThat(Integer.parseInt(r.get("flags"))).isEqualTo(expected);
            if (s.ipProtocol == 17) {
                assertThat(r.get("udpsum")).isEqualTo("0");
                assertThat(Integer.parseInt(r.get("udplen"))).isEqualTo(segs.get(i).frame().length - s.l3Offset()
                        - (s.ipVersion == 4 ? 20 : 40));
            }
            payload.append(r.get("payload"));
        }
        assertThat(payload.toString()).isEqualTo(HexFormat.of().formatHex(LsoFrames.payload(s.payloadLength)));
    }

    @Test
    void segmentEsp_nullCipherPadLengthZero_scapyDecryptsEverySegment() {
        LsoFrames.Spec s = spec(4, 0, 0, false);
        EspFraming esp = framing(s, 0, 1, 0);
        LsoResult.Segments<EspSegment> r = run(s, 1000, esp, LIMITS).orThrow();
        assertThat(r.segments()).hasSize(4);
        assertThat(r.tcpPayload()).isEqualTo(3500);
        for (int i = 0; i < 4; i++) {
            assertFraming(s, esp, r.segments().get(i), i);
        }
        assertScapyDecrypts(s, 1000, r.segments());
    }

    @Test
    void segmentEsp_nonZeroPadLength_discardsTheLargePacketsPadding() {
        LsoFrames.Spec s = spec(4, 0, 7, false);
        EspFraming esp = framing(s, 0, 1, 0);
        LsoResult.Segments<EspSegment> r = run(s, 1000, esp, LIMITS).orThrow();
        assertThat(r.tcpPayload()).isEqualTo(3500);
        for (int i = 0; i < r.segments().size(); i++) {
            assertFraming(s, esp, r.segments().get(i), i);
        }
        // the last segment: 20 + 500 TCP bytes -> 2 pad bytes (1, 2), pad length 2, next header 6
        EspSegment last = r.segments().get(3);
        assertThat(last.padLength()).isEqualTo(2);
        assertThat(Bytes.toHex(last.frame(), last.payloadEnd() - 2, 6)).isEqualTo(
                Bytes.toHex(LsoFrames.payload(3500), 3498, 2) + "01020206");
        assertScapyDecrypts(s, 1000, r.segments());
    }

    @Test
    void segmentEspSink_receivesTheRecordOverloadsSegmentsInOrder_andNothingOnRefusal() {
        LsoFrames.Spec s = spec(4, 16, 9, false);
        EspFraming esp = framing(s, 16, 16, 12);
        LsoResult.Segments<EspSegment> records = run(s, 1000, esp, LIMITS).orThrow();
        byte[] frame = LsoFrames.build(s);
        LsoRequest req = new LsoRequest(LsoType.V2, 1000, s.tcpHeaderOffset(), s.ipVersion);
        java.util.List<EspSegment> seen = new java.util.ArrayList<>();
        OffloadFailure failure = LargeSendSegmenter.segmentEsp(frame, 0, frame.length, req, LIMITS, esp,
                (index, count, seg, espOffset, padLength, tcpPayloadLength) -> {
                    assertThat(index).isEqualTo(seen.size());
                    assertThat(count).isEqualTo(records.segments().size());
                    EspSegment expected = records.segments().get(index);
                    assertThat(seg).isEqualTo(expected.frame());
                    assertThat(espOffset).isEqualTo(expected.espOffset());
                    assertThat(padLength).isEqualTo(expected.padLength());
                    assertThat(tcpPayloadLength).isEqualTo(expected.tcpPayloadLength());
                    seen.add(expected);
                });
        assertThat(failure).isNull();
        assertThat(seen).hasSize(records.segments().size());

        // an MTU that only the last (shorter, more padded) segment would fit: refused before any segment is built
        LsoLimits small = new LsoLimits(LIMITS.maxOffLoadSize(), LIMITS.minSegmentCount(), 1000,
                LIMITS.ipOptionsSupported(), LIMITS.ipv6ExtensionHeadersSupported(), LIMITS.tcpOptionsSupported());
        OffloadFailure refused = LargeSendSegmenter.segmentEsp(frame, 0, frame.length, req, small, esp,
                (index, count, seg, espOffset, padLength, tcpPayloadLength) -> {
                    throw new AssertionError("segment " + index + " built although the large send is refused");
                });
        assertThat(refused).isNotNull();
        assertThat(refused.reason()).isEqualTo(OffloadFailureReason.SEGMENT_EXCEEDS_MTU);
        assertThat(refused.message()).startsWith("segment 0 with 1000 TCP payload bytes needs an ESP packet of ")
                .endsWith(", above the MTU 1000");
    }

    @Test
    void segmentEsp_cbcLayout_padsToSixteenAndComputesPlaintextTcpChecksum() {
        LsoFrames.Spec s = spec(4, 16, 9, false);
        EspFraming esp = framing(s, 16, 16, 12);
        LsoResult.Segments<EspSegment> r = run(s, 1200, esp, LIMITS).orThrow();
        assertThat(r.segments()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            EspSegment seg = r.segments().get(i);
            assertFraming(s, esp, seg, i);
            byte[] f = seg.frame();
            int sum = Checksums.ipv4PseudoHeaderSum(f, s.l3Offset() + 12, s.l3Offset() + 16, 6,
                    seg.payloadEnd() - seg.payloadOffset());
            sum = Checksums.sum(f, seg.payloadOffset(), seg.payloadEnd() - seg.payloadOffset(), sum);
            assertThat(Checksums.verifies(sum)).as("TCP checksum of segment %d", i).isTrue();
        }
        // 20 + 1200 = 1220 -> 1220 + 2 = 1222 -> 10 pad bytes to reach 1232 = 77 * 16
        assertThat(r.segments().get(0).padLength()).isEqualTo(10);
        assertThat(r.segments().get(0).frame().length).isEqualTo(18 + 20 + 8 + 16 + 1232 + 12);
    }

    @Test
    void segmentEsp_udpEncapsulated_fixesUdpLengthAndZeroChecksum() {
        LsoFrames.Spec s = spec(4, 0, 3, true);
        EspFraming esp = framing(s, 0, 4, 0);
        LsoResult.Segments<EspSegment> r = run(s, 1000, esp, LIMITS).orThrow();
        for (int i = 0; i < r.segments().size(); i++) {
            assertFraming(s, esp, r.segments().get(i), i);
        }
        assertScapyDecrypts(s, 1000, r.segments());
    }

    @Test
    void segmentEsp_ipv6_scapyDecryptsEverySegment() {
        LsoFrames.Spec s = spec(6, 0, 4, false);
        EspFraming esp = framing(s, 0, 1, 0);
        LsoResult.Segments<EspSegment> r = run(s, 1100, esp, LIMITS).orThrow();
        for (int i = 0; i < r.segments().size(); i++) {
            assertFraming(s, esp, r.segments().get(i), i);
        }
        assertScapyDecrypts(s, 1100, r.segments());
    }

    @Test
    void segmentEsp_espOverheadPushingPastMtu_isRefused() {
        LsoFrames.Spec s = spec(4, 16, 0, false);
        // 20 IP + 8 ESP + 16 IV + (20 TCP + 1400 + 2 pad + 2 trailer = 1424) + 12 ICV = 1480 > 1460
        EspFraming esp = framing(s, 16, 16, 12);
        LsoLimits limits = new LsoLimits(64_000, 2, 1460, true, true, true);
        LsoResult<EspSegment> r = run(s, 1400, esp, limits);
        assertThat(LargeSendSegmenterTest.reason(r)).isEqualTo(OffloadFailureReason.SEGMENT_EXCEEDS_MTU);
        assertThat(((LsoResult.Failed<EspSegment>) r).failure().message())
                .contains("needs an ESP packet of 1480 bytes, above the MTU 1460");
        assertThat(run(s, 1360, esp, limits).isSuccess()).isTrue();
    }

    @Test
    void segmentEsp_parametersDisagreeingWithPacket_areRefused() {
        LsoFrames.Spec s = spec(4, 8, 4, false);
        EspFraming good = framing(s, 8, 1, 16);
        assertThat(run(s, 1000, good, LIMITS).isSuccess()).isTrue();
        assertThat(reasonFor(s, new EspFraming(24, 8, 1, 16, 6, 4)))
                .isEqualTo(OffloadFailureReason.ESP_HEADER_OFFSET_MISMATCH);
        assertThat(reasonFor(s, new EspFraming(20, 8, 1, 16, 17, 4)))
                .isEqualTo(OffloadFailureReason.ESP_NEXT_HEADER_NOT_TCP);
        assertThat(reasonFor(s, new EspFraming(20, 8, 1, 16, 6, 256)))
                .isEqualTo(OffloadFailureReason.ESP_PAD_LENGTH_INVALID);
        assertThat(reasonFor(s, new EspFraming(20, 16, 1, 16, 6, 4)))
                .isEqualTo(OffloadFailureReason.TCP_HEADER_OFFSET_MISMATCH);
        assertThat(reasonFor(s, new EspFraming(20, 8, 1, 13, 6, 4)))
                .isEqualTo(OffloadFailureReason.ESP_PARAMETERS_INVALID);
        LsoFrames.Spec plain = new LsoFrames.Spec();
        assertThat(reasonFor(plain, new EspFraming(20, 8, 1, 16, 6, 0)))
                .isEqualTo(OffloadFailureReason.ESP_HEADER_OFFSET_MISMATCH);
        byte[] frame = LsoFrames.build(s);
        assertThat(LargeSendSegmenterTest.reason(LargeSendSegmenter.segment(frame, 0, frame.length,
                new LsoRequest(LsoType.V2, 1000, s.tcpHeaderOffset(), 4), LIMITS)))
                .isEqualTo(OffloadFailureReason.IPSEC_HEADERS_UNSUPPORTED);
    }

    static OffloadFailureReason reasonFor(LsoFrames.Spec s, EspFraming esp) {
        return LargeSendSegmenterTest.reason(run(s, 1000, esp, LIMITS));
    }

    @Test
    void segmentEsp_nonEspMarkerInUdp_isRefused() {
        LsoFrames.Spec s = spec(4, 0, 0, true);
        byte[] frame = LsoFrames.build(s);
        BigEndian.putInt(frame, s.l3Offset() + 28, 0);
        EspFraming esp = framing(s, 0, 4, 0);
        LsoResult<EspSegment> r = LargeSendSegmenter.segmentEsp(frame, 0, frame.length,
                new LsoRequest(LsoType.V2, 1000, s.tcpHeaderOffset(), 4), LIMITS, esp);
        assertThat(LargeSendSegmenterTest.reason(r)).isEqualTo(OffloadFailureReason.UDP_ENCAPSULATION_INVALID);
    }
}
