package com.offloadnic.lso;

import static com.offloadnic.packet.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.Bytes;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.TcpHeader;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LargeSendSegmenterTest {

    static final LsoLimits LIMITS = new LsoLimits(64_000, 2, 1500, true, true, true);

    /** Record route (mutable, 7 bytes) + NOP: 8 bytes of IPv4 options. */
    static final byte[] IP_OPTIONS = hex("07 07 04 00000000 01");
    /** NOP NOP timestamp(1, 2): 12 bytes of TCP options. */
    static final byte[] TCP_OPTIONS = hex("01 01 080a 00000001 00000002");
    /** Hop-by-hop (PadN 4) then destination options (PadN 4), then TCP. */
    static final byte[] V6_EXT = hex("3c00 0104 00000000  0600 0104 00000000");

    static LsoRequest request(LsoFrames.Spec s, int mss) {
        return new LsoRequest(s.type, mss, s.tcpHeaderOffset(), s.type == LsoType.V1 ? 0 : s.ipVersion);
    }

    static LsoResult<byte[]> run(LsoFrames.Spec s, int mss, LsoLimits limits) {
        byte[] frame = LsoFrames.build(s);
        return LargeSendSegmenter.segment(frame, 0, frame.length, request(s, mss), limits);
    }

    /** Checks every segment with scapy against the NDIS rules and returns scapy's rows. */
    static List<Map<String, String>> assertSegmentsValid(LsoFrames.Spec s, int mss, List<byte[]> segments) {
        List<Map<String, String>> rows = ScapySegments.describe(segments, false);
        assertThat(rows).hasSize(segments.size());
        StringBuilder payload = new StringBuilder();
        int n = rows.size();
        for (int i = 0; i < n; i++) {
            Map<String, String> r = rows.get(i);
            assertThat(r.get("ipok")).as("IP checksum/length of segment %d per scapy", i).isEqualTo("1");
            assertThat(r.get("tcpok")).as("TCP checksum of segment %d per scapy", i).isEqualTo("1");
            assertThat(Long.parseLong(r.get("seq"))).as("seq %d", i)
                    .isEqualTo((LsoFrames.SEQ + (long) i * mss) & 0xFFFF_FFFFL);
            int flags = Integer.parseInt(r.get("flags"));
            int expected = s.tcpFlags;
            if (i != n - 1) {
                expected &= ~(TcpHeader.FIN | TcpHeader.PSH);
            }
            if (i != 0) {
                expected &= ~TcpHeader.CWR;
            }
            assertThat(flags).as("flags of segment %d", i).isEqualTo(expected);
            if (s.ipVersion == 4) {
                int id = Integer.parseInt(r.get("id"));
                int expectedId = s.type == LsoType.V2 ? (s.identification + i) & 0x7FFF
                        : (s.identification + i) & 0xFFFF;
                assertThat(id).as("IP ID of segment %d", i).isEqualTo(expectedId);
                assertThat(r.get("ipopts")).isEqualTo(s.ipOptions.length == 0 ? "-" : Bytes.toHex(s.ipOptions));
            }
            assertThat(r.get("tcpopts")).isEqualTo(s.tcpOptions.length == 0 ? "-" : Bytes.toHex(s.tcpOptions));
            String p = r.get("payload");
            int chunk = p.equals("-") ? 0 : p.length() / 2;
            if (i < n - 1) {
                assertThat(chunk).as("segment %d carries exactly MSS", i).isEqualTo(mss);
            } else {
                assertThat(chunk).isBetween(s.payloadLength == 0 ? 0 : 1, mss);
            }
            payload.append(p.equals("-") ? "" : p);
        }
        assertThat(payload.toString()).isEqualTo(HexFormat.of().formatHex(LsoFrames.payload(s.payloadLength)));
        return rows;
    }

    @Test
    void segment_lsoV2Ipv4_everySegmentValidPerScapy() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 4321;
        LsoResult<byte[]> result = run(s, 1000, LIMITS);
        LsoResult.Segments<byte[]> segs = result.orThrow();
        assertThat(segs.segments()).hasSize(5);
        assertThat(segs.tcpPayload()).isEqualTo(4321);
        assertSegmentsValid(s, 1000, segs.segments());
    }

    @Test
    void segment_payloadExactMultipleOfMss_allSegmentsFull() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 3 * 1448;
        List<byte[]> segs = run(s, 1448, LIMITS).orThrow().segments();
        assertThat(segs).hasSize(3);
        for (byte[] seg : segs) {
            assertThat(seg.length).isEqualTo(18 + 20 + 20 + 1448);
        }
        assertSegmentsValid(s, 1448, segs);
    }

    @Test
    void segment_remainderOfOneByte_lastSegmentCarriesOneByte() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 2 * 1000 + 1;
        List<byte[]> segs = run(s, 1000, LIMITS).orThrow().segments();
        assertThat(segs).hasSize(3);
        assertThat(segs.get(2).length).isEqualTo(18 + 40 + 1);
        assertSegmentsValid(s, 1000, segs);
    }

    @Test
    void segment_lastSegmentCarriesFinAndPsh_firstCarriesCwr() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 3000;
        s.tcpFlags = TcpHeader.ACK | TcpHeader.PSH | TcpHeader.FIN | TcpHeader.CWR | TcpHeader.ECE;
        List<byte[]> segs = run(s, 1000, LIMITS).orThrow().segments();
        int tcp = s.tcpHeaderOffset() + TcpHeader.FLAGS;
        assertThat(segs.get(0)[tcp] & 0xFF).isEqualTo(TcpHeader.ACK | TcpHeader.CWR | TcpHeader.ECE);
        assertThat(segs.get(1)[tcp] & 0xFF).isEqualTo(TcpHeader.ACK | TcpHeader.ECE);
        assertThat(segs.get(2)[tcp] & 0xFF).isEqualTo(TcpHeader.ACK | TcpHeader.PSH | TcpHeader.FIN | TcpHeader.ECE);
    }

    @Test
    void segment_oneSegment_refusedBelowMinSegmentCountButSentWhenOneIsEnough() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 800;
        LsoResult<byte[]> refused = run(s, 1000, LIMITS);
        assertThat(refused).isInstanceOfSatisfying(LsoResult.Failed.class,
                f -> assertThat(f.reason()).isEqualTo(OffloadFailureReason.BELOW_MIN_SEGMENT_COUNT));
        List<byte[]> one = run(s, 1000, new LsoLimits(64_000, 1, 1500, true, true, true)).orThrow().segments();
        assertThat(one).hasSize(1);
        assertThat(one.get(0)[s.tcpHeaderOffset() + TcpHeader.FLAGS] & 0xFF).isEqualTo(s.tcpFlags);
        assertSegmentsValid(s, 1000, one);
    }

    @Test
    void segment_emptyPayload_isOneHeaderOnlySegmentKeepingAllFlags() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 0;
        LsoResult.Segments<byte[]> r = run(s, 1000, new LsoLimits(64_000, 1, 1500, true, true, true)).orThrow();
        assertThat(r.segments()).hasSize(1);
        assertThat(r.tcpPayload()).isZero();
        byte[] seg = r.segments().get(0);
        assertThat(seg.length).isEqualTo(18 + 40);
        assertThat(Ipv4Header.wrap(seg, 18).totalLength()).isEqualTo(40);
        assertThat(seg[s.tcpHeaderOffset() + TcpHeader.FLAGS] & 0xFF).isEqualTo(s.tcpFlags);
        assertThat(reason(run(s, 1000, LIMITS))).isEqualTo(OffloadFailureReason.BELOW_MIN_SEGMENT_COUNT);
    }

    @Test
    void segment_lsoV1WithIpAndTcpOptions_copiesOptionsUnchanged() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.type = LsoType.V1;
        s.ipOptions = IP_OPTIONS;
        s.tcpOptions = TCP_OPTIONS;
        s.payloadLength = 5000;
        s.identification = 0xFFFE;
        List<byte[]> segs = run(s, 1400, LIMITS).orThrow().segments();
        assertThat(segs).hasSize(4);
        assertSegmentsValid(s, 1400, segs);
        for (byte[] seg : segs) {
            assertThat(java.util.Arrays.copyOfRange(seg, 18 + 20, 18 + 28)).isEqualTo(IP_OPTIONS);
        }
    }

    @Test
    void segment_optionsTheConfigurationExcludes_areRefused() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.ipOptions = IP_OPTIONS;
        assertThat(reason(run(s, 1000, new LsoLimits(64_000, 2, 1500, false, true, true))))
                .isEqualTo(OffloadFailureReason.UNSUPPORTED_IP_OPTIONS);
        s.ipOptions = new byte[0];
        s.tcpOptions = TCP_OPTIONS;
        assertThat(reason(run(s, 1000, new LsoLimits(64_000, 2, 1500, true, false, true))))
                .isEqualTo(OffloadFailureReason.UNSUPPORTED_TCP_OPTIONS);
    }

    @Test
    void segment_ipv6WithExtensionHeaders_replicatesThemAndScapyAgrees() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.ipVersion = 6;
        s.ipv6ExtensionHeaders = V6_EXT;
        s.firstExtensionType = 0;
        s.tcpOptions = TCP_OPTIONS;
        s.payloadLength = 3500;
        List<byte[]> segs = run(s, 1200, LIMITS).orThrow().segments();
        assertThat(segs).hasSize(3);
        List<Map<String, String>> rows = assertSegmentsValid(s, 1200, segs);
        assertThat(rows.get(0).get("len")).isEqualTo(String.valueOf(16 + 32 + 1200));
        for (byte[] seg : segs) {
            assertThat(java.util.Arrays.copyOfRange(seg, 18 + 40, 18 + 56)).isEqualTo(V6_EXT);
        }
        assertThat(reason(run(s, 1200, new LsoLimits(64_000, 2, 1500, true, true, false))))
                .isEqualTo(OffloadFailureReason.UNSUPPORTED_IPV6_EXTENSION_HEADERS);
    }

    @Test
    void segment_ipv6WithRoutingHeader_checksumsUseTheFinalDestination() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.ipVersion = 6;
        // routing header type 0, one address left (2001:db8::99), next header TCP
        s.ipv6ExtensionHeaders = hex("0602 0001 00000000 20010db8000000000000000000000099");
        s.firstExtensionType = 43;
        s.payloadLength = 2000;
        List<byte[]> segs = run(s, 1000, LIMITS).orThrow().segments();
        assertSegmentsValid(s, 1000, segs);
    }

    @Test
    void segment_moreUserDataThanMaxOffLoadSize_isRefused() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 16_001;
        LsoResult<byte[]> r = run(s, 1000, new LsoLimits(16_000, 2, 1500, true, true, true));
        assertThat(reason(r)).isEqualTo(OffloadFailureReason.EXCEEDS_MAX_OFFLOAD_SIZE);
        assertThat(((LsoResult.Failed<byte[]>) r).failure().message())
                .isEqualTo("TCP user data 16001 bytes exceeds maxOffLoadSize 16000");
        s.payloadLength = 16_000;
        assertThat(run(s, 1000, new LsoLimits(16_000, 2, 1500, true, true, true)).isSuccess()).isTrue();
    }

    @Test
    void segment_segmentAboveMtu_isRefused() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 5000;
        assertThat(reason(run(s, 1461, LIMITS))).isEqualTo(OffloadFailureReason.SEGMENT_EXCEEDS_MTU);
        assertThat(run(s, 1460, LIMITS).isSuccess()).isTrue();
    }

    @Test
    void segment_lsoV2TotalLengthZero_takesLengthFromBuffer() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 2500;
        byte[] frame = LsoFrames.build(s);
        assertThat(Ipv4Header.wrap(frame, 18).totalLength()).isZero();
        List<byte[]> segs = LargeSendSegmenter.segment(frame, 0, frame.length, request(s, 1000), LIMITS)
                .orThrow().segments();
        assertThat(segs).extracting(seg -> Ipv4Header.wrap(seg, 18).totalLength()).containsExactly(1040, 1040, 540);
        s.explicitIpLength = 20 + 20 + 2500;
        assertThat(run(s, 1000, LIMITS).isSuccess()).isTrue();
        s.explicitIpLength = 1234;
        assertThat(reason(run(s, 1000, LIMITS))).isEqualTo(OffloadFailureReason.IP_LENGTH_MISMATCH);
    }

    @Test
    void segment_lsoV1_takesLengthFromHeaderAndRefusesZero() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.type = LsoType.V1;
        s.payloadLength = 2500;
        byte[] frame = LsoFrames.build(s);
        byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 7);
        List<byte[]> segs = LargeSendSegmenter.segment(longer, 0, longer.length, request(s, 1000), LIMITS)
                .orThrow().segments();
        assertThat(segs).hasSize(3);
        assertThat(segs.get(2).length).isEqualTo(18 + 40 + 500);
        s.explicitIpLength = 0;
        assertThat(reason(run(s, 1000, LIMITS))).isEqualTo(OffloadFailureReason.IP_LENGTH_MISMATCH);
    }

    @Test
    void segment_lsoV2IdentificationWrapsAt7fff() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.identification = 0x7FFE;
        s.payloadLength = 4000;
        List<byte[]> segs = run(s, 1000, LIMITS).orThrow().segments();
        assertThat(segs).extracting(seg -> Ipv4Header.wrap(seg, 18).identification())
                .containsExactly(0x7FFE, 0x7FFF, 0x0000, 0x0001);
        assertSegmentsValid(s, 1000, segs);
        s.identification = 0x8000;
        assertThat(reason(run(s, 1000, LIMITS))).isEqualTo(OffloadFailureReason.IPV4_IDENTIFICATION_OUT_OF_RANGE);
    }

    @Test
    void segment_lsoV1IdentificationCountsUpThroughFfff() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.type = LsoType.V1;
        s.identification = 0xFFFF;
        s.payloadLength = 3000;
        List<byte[]> segs = run(s, 1000, LIMITS).orThrow().segments();
        assertThat(segs).extracting(seg -> Ipv4Header.wrap(seg, 18).identification())
                .containsExactly(0xFFFF, 0x0000, 0x0001);
    }

    @Test
    void segment_requestDisagreeingWithPacket_isRefusedWithReason() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        byte[] frame = LsoFrames.build(s);
        int tcp = s.tcpHeaderOffset();
        assertThat(reason(LargeSendSegmenter.segment(frame, 0, frame.length,
                new LsoRequest(LsoType.V2, 1000, tcp + 4, 4), LIMITS)))
                .isEqualTo(OffloadFailureReason.TCP_HEADER_OFFSET_MISMATCH);
        assertThat(reason(LargeSendSegmenter.segment(frame, 0, frame.length,
                new LsoRequest(LsoType.V2, 0, tcp, 4), LIMITS))).isEqualTo(OffloadFailureReason.MSS_INVALID);
        assertThat(reason(LargeSendSegmenter.segment(frame, 0, frame.length,
                new LsoRequest(LsoType.V2, 1000, tcp, 6), LIMITS))).isEqualTo(OffloadFailureReason.IP_VERSION_MISMATCH);
        LsoFrames.Spec v6 = new LsoFrames.Spec();
        v6.ipVersion = 6;
        v6.type = LsoType.V1;
        assertThat(reason(run(v6, 1000, LIMITS))).isEqualTo(OffloadFailureReason.LSOV1_REQUIRES_IPV4);
    }

    @Test
    void segment_synUrgOrRstInTemplate_isRefused() {
        for (int bad : new int[] {TcpHeader.SYN, TcpHeader.URG, TcpHeader.RST}) {
            LsoFrames.Spec s = new LsoFrames.Spec();
            s.tcpFlags = TcpHeader.ACK | bad;
            assertThat(reason(run(s, 1000, LIMITS))).isEqualTo(OffloadFailureReason.TCP_FLAGS_INVALID);
        }
    }

    @Test
    void segment_templateChecksumNotPseudoHeaderSum_isRefused() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        byte[] frame = LsoFrames.build(s);
        TcpHeader.wrap(frame, s.tcpHeaderOffset()).checksum(0x1234);
        assertThat(reason(LargeSendSegmenter.segment(frame, 0, frame.length, request(s, 1000), LIMITS)))
                .isEqualTo(OffloadFailureReason.TCP_PSEUDO_HEADER_CHECKSUM_MISMATCH);
    }

    @Test
    void segment_fragmentTemplate_isRefused() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        byte[] frame = LsoFrames.build(s);
        Ipv4Header.wrap(frame, 18).flagsAndFragmentOffset(Ipv4Header.FLAG_MF).updateHeaderChecksum();
        assertThat(reason(LargeSendSegmenter.segment(frame, 0, frame.length, request(s, 1000), LIMITS)))
                .isEqualTo(OffloadFailureReason.FRAGMENTED_PACKET);
    }

    @Test
    void segment_truncatedFrameAtEveryOffset_failsWithReasonNeverThrows() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.type = LsoType.V1;
        s.ipOptions = IP_OPTIONS;
        s.tcpOptions = TCP_OPTIONS;
        s.payloadLength = 100;
        byte[] frame = LsoFrames.build(s);
        LsoLimits one = new LsoLimits(64_000, 1, 1500, true, true, true);
        for (int len = 0; len < frame.length; len++) {
            LsoResult<byte[]> r = LargeSendSegmenter.segment(frame, 0, len, request(s, 50), one);
            assertThat(r.isSuccess()).as("truncated to %d", len).isFalse();
        }
        assertThat(LargeSendSegmenter.segment(frame, 0, frame.length, request(s, 50), one).isSuccess()).isTrue();
    }

    @Test
    void segment_leavesInputFrameUntouchedAndWorksAtAnOffset() {
        LsoFrames.Spec s = new LsoFrames.Spec();
        s.payloadLength = 2100;
        byte[] frame = LsoFrames.build(s);
        byte[] embedded = Bytes.embed(frame, 9, 4);
        byte[] copy = embedded.clone();
        LsoRequest req = request(s, 1000);
        List<byte[]> segs = LargeSendSegmenter.segment(embedded, 9, frame.length, req, LIMITS).orThrow().segments();
        assertThat(embedded).isEqualTo(copy);
        assertThat(segs).hasSize(3);
        assertThat(BigEndian.getU32(segs.get(1), s.tcpHeaderOffset() + TcpHeader.SEQUENCE_NUMBER))
                .isEqualTo((LsoFrames.SEQ + 1000) & 0xFFFF_FFFFL);
        assertSegmentsValid(s, 1000, segs);
    }

    static OffloadFailureReason reason(LsoResult<?> r) {
        assertThat(r).isInstanceOf(LsoResult.Failed.class);
        return ((LsoResult.Failed<?>) r).reason();
    }
}
