package com.offloadnic.ipsec;

import com.offloadnic.crypto.EspTransform;
import com.offloadnic.lso.EspFraming;
import com.offloadnic.lso.LargeSendSegmenter;
import com.offloadnic.lso.LsoLimits;
import com.offloadnic.lso.LsoRequest;
import com.offloadnic.lso.LsoResult;
import com.offloadnic.lso.LsoType;
import com.offloadnic.lso.OffloadFailure;
import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.EspHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Large send offload in front of the IPsec v2 send path (SPEC sections 5 step 1 and 6): turns an LSO NBL into the
 * NBL of its segments, which {@link IpsecV2Sender} then checks and protects like any other.
 *
 * <ul>
 *   <li>LSO alone: {@link LargeSendSegmenter#segment}; the segments go out without IPsec.</li>
 *   <li>LSO + ESP transport: {@link LargeSendSegmenter#segmentEsp} frames each segment as the transport would
 *       frame a non-LSO ESP packet; here segment {@code i} gets sequence number (large packet's) + i in its ESP
 *       header and its own header information (pad length), so the ordinary checks, ESN handling (a low half
 *       that wraps within a large send moves to the next high-order epoch), IV generation and sealing apply.</li>
 * </ul>
 */
public final class LargeSendIpsec {

    private LargeSendIpsec() {
    }

    /** The NBL of the segments, the LSO type, and the TCP user-data bytes sent (LSOv1 TcpPayload). */
    public record Expanded(IpsecV2Sender.Nbl nbl, LsoType type, long tcpPayload) {
    }

    /**
     * @param limits       the current LSO configuration for the request's type and IP version; null = disabled
     * @param ipsecEnabled IPsec offload v2 is on
     * @param lsoWithIpsec the current configuration combines LSO with IPsec ({@code lsoSupported})
     * @return {@link Expanded}, or the {@link IpsecV2Sender.Failure} of the NBL
     */
    public static Object expand(IpsecV2Sender.Nbl nbl, LsoRequest lso, LsoLimits limits, boolean ipsecEnabled,
            boolean lsoWithIpsec, LongFunction<OutboundSa> sas) {
        if (limits == null) {
            return new IpsecV2Sender.Failure(SendFailureReason.LSO_NOT_ENABLED, "tcpLargeSendOffload is present but "
                    + "large send offload " + lso.type() + (lso.ipVersion() == 0 ? "" : " for IPv" + lso.ipVersion())
                    + " is disabled in the current configuration");
        }
        if (nbl.frames().size() != 1) {
            return new IpsecV2Sender.Failure(SendFailureReason.LSO_MULTIPLE_NET_BUFFERS, "a large send carries exactly"
                    + " one NET_BUFFER; this NBL has " + nbl.frames().size());
        }
        byte[] frame = nbl.frames().get(0);
        boolean ipsec = ipsecEnabled && (nbl.offloadHandle() != 0 || nbl.tunnelHandle() != 0);
        if (!ipsec) {
            LsoResult<byte[]> r = LargeSendSegmenter.segment(frame, 0, frame.length, lso, limits);
            if (r instanceof LsoResult.Failed<byte[]> f) {
                return refused(f);
            }
            var segments = (LsoResult.Segments<byte[]>) r;
            return new Expanded(new IpsecV2Sender.Nbl(segments.segments(), 0, 0, SendHeaderInfo.NONE,
                    nbl.computeIpv4HeaderChecksum()), lso.type(), segments.tcpPayload());
        }
        if (nbl.tunnelHandle() != 0) {
            return new IpsecV2Sender.Failure(SendFailureReason.LSO_WITH_TUNNEL, "tunnelHandle "
                    + Long.toUnsignedString(nbl.tunnelHandle()) + " is set on a large send: tunnel packets never use LSO");
        }
        if (!lsoWithIpsec) {
            return new IpsecV2Sender.Failure(SendFailureReason.LSO_WITH_IPSEC_NOT_SUPPORTED, "the current"
                    + " configuration does not combine LSO with IPsec offload (lsoSupported is off)");
        }
        OutboundSa sa = sas.apply(nbl.offloadHandle());
        if (sa == null) {
            return new IpsecV2Sender.Failure(SendFailureReason.UNKNOWN_OFFLOAD_HANDLE, "offloadHandle "
                    + Long.toUnsignedString(nbl.offloadHandle()) + " names no SA of this NIC");
        }
        if (sa.esp() == null || sa.ah() != null) {
            return new IpsecV2Sender.Failure(SendFailureReason.LSO_WITH_IPSEC_NOT_SUPPORTED, "SA "
                    + Long.toUnsignedString(sa.handle()) + " has AH: large sends combine with ESP transport only");
        }
        SendHeaderInfo info = nbl.headerInfo();
        EspTransform esp = sa.transforms().esp();
        EspFraming framing = new EspFraming(info.espHeaderOffset() * 4, esp.ivLength(), esp.blockSize(),
                esp.icvLength(), info.nextHeader(), info.padLength());
        ArrayList<byte[]> frames = new ArrayList<>();
        ArrayList<SendHeaderInfo> infos = new ArrayList<>();
        long[] tcpPayload = new long[1];
        OffloadFailure failure = LargeSendSegmenter.segmentEsp(frame, 0, frame.length, lso, limits, framing,
                (index, count, segment, espOffset, padLength, tcpPayloadLength) -> {
                    if (index == 0) {
                        frames.ensureCapacity(count);
                        infos.ensureCapacity(count);
                    }
                    int sequenceNumberOffset = espOffset + EspHeader.SEQUENCE_NUMBER;
                    // every segment's header is a copy of the large packet's: its field holds the first number
                    long first = BigEndian.getU32(segment, sequenceNumberOffset);
                    BigEndian.putU32(segment, sequenceNumberOffset, (first + index) & 0xFFFF_FFFFL);
                    frames.add(segment);
                    // full-size segments share one pad length: share their header information too
                    SendHeaderInfo last = infos.isEmpty() ? null : infos.get(infos.size() - 1);
                    infos.add(last != null && last.padLength() == padLength ? last
                            : new SendHeaderInfo(info.nextHeader(), padLength, 0, info.espHeaderOffset()));
                    tcpPayload[0] += tcpPayloadLength;
                });
        if (failure != null) {
            return refused(failure);
        }
        return new Expanded(new IpsecV2Sender.Nbl(frames, nbl.offloadHandle(), 0, infos.get(0),
                nbl.computeIpv4HeaderChecksum(), infos), lso.type(), tcpPayload[0]);
    }

    private static IpsecV2Sender.Failure refused(LsoResult.Failed<?> f) {
        return refused(f.failure());
    }

    private static IpsecV2Sender.Failure refused(OffloadFailure f) {
        return new IpsecV2Sender.Failure(SendFailureReason.LSO_REFUSED, f.reason() + ": " + f.message());
    }
}
