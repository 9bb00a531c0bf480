package com.offloadnic.lso;

import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.Checksums;
import com.offloadnic.packet.EthernetFrame;
import com.offloadnic.packet.EspHeader;
import com.offloadnic.packet.IpPacket;
import com.offloadnic.packet.IpProtocol;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.Ipv6Header;
import com.offloadnic.packet.PacketFormatException;
import com.offloadnic.packet.TcpHeader;
import com.offloadnic.packet.UdpHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Large send offload (LSOv1 and LSOv2) as pure functions, following "Offloading the Segmentation of Large TCP
 * Packets" (NDIS) and the product spec section 6:
 * <ul>
 * <li>every segment but the last carries exactly {@code mss} TCP payload bytes;</li>
 * <li>the large packet's IP length: LSOv1 from the IPv4 total length; LSOv2 from the buffer, the template
 * carrying 0 (IPv4 total length or IPv6 payload length; the buffer's own length is accepted too);</li>
 * <li>IPv4 identification: LSOv1 template + i (mod 2^16); LSOv2 template + i within 0x0000-0x7FFF (wraps
 * 0x7FFF → 0x0000), the template value itself required to lie in that range;</li>
 * <li>IPv4 header checksum recomputed; TCP checksum = complement of (template checksum field, which holds the
 * transport's pseudo-header sum over addresses and protocol, + this segment's TCP length + TCP header and
 * payload);</li>
 * <li>sequence numbers advance by the bytes sent; FIN and PSH only on the last segment, CWR only on the
 * first;</li>
 * <li>IPv4 options, IPv6 extension headers and TCP options copied unchanged; Ethernet header (VLAN tags
 * included) copied;</li>
 * <li>refused: URG/RST/SYN or an urgent pointer in the large packet, MF or a fragment offset, more user data
 * than maxOffLoadSize, fewer segments than minSegmentCount, a segment above the MTU, options or extension
 * headers the limits exclude.</li>
 * </ul>
 * One byte[] per output segment; the input frame is never modified.
 */
public final class LargeSendSegmenter {

    private LargeSendSegmenter() {
    }

    /** Layout of a validated large packet. */
    private record Template(int l3Offset, IpPacket ip, int tcpOffset, int tcpHeaderLength, int payloadOffset,
            int payloadEnd, int templateFlags, long sequenceNumber, int pseudoSum, int identification) {

        int payloadLength() {
            return payloadEnd - payloadOffset;
        }
    }

    /**
     * Segments the large TCP frame {@code frame[offset, offset+length)} (Ethernet + IP + TCP + payload).
     *
     * @return the segment frames, or the reason none can be sent
     */
    public static LsoResult<byte[]> segment(byte[] frame, int offset, int length, LsoRequest request,
            LsoLimits limits) {
        try {
            Template t = parseTemplate(frame, offset, length, request, limits, null);
            int count = segmentCount(t.payloadLength(), request.mss());
            checkCounts(t, count, request, limits);
            int headersBeforeTcp = t.tcpOffset() - t.l3Offset();
            int fullIpLength = headersBeforeTcp + t.tcpHeaderLength() + Math.min(request.mss(), t.payloadLength());
            if (exceedsMtu(fullIpLength, limits)) {
                throw mtuRefusal(limits, "a " + Math.min(request.mss(), t.payloadLength())
                        + "-byte segment needs an IP packet of " + fullIpLength + " bytes");
            }
            List<byte[]> out = new ArrayList<>(count);
            int headerBytes = t.payloadOffset() - offset;
            for (int i = 0; i < count; i++) {
                int start = t.payloadOffset() + i * request.mss();
                int chunk = Math.min(request.mss(), t.payloadEnd() - start);
                byte[] seg = new byte[headerBytes + chunk];
                System.arraycopy(frame, offset, seg, 0, headerBytes);
                System.arraycopy(frame, start, seg, headerBytes, chunk);
                int l3 = t.l3Offset() - offset;
                int tcp = t.tcpOffset() - offset;
                writeIpHeader(seg, l3, t, request, i, seg.length - l3);
                writeTcpHeader(seg, tcp, t.tcpHeaderLength() + chunk, t, i, count, (long) i * request.mss());
                out.add(seg);
            }
            return new LsoResult.Segments<>(out, t.payloadLength());
        } catch (Refusal r) {
            return new LsoResult.Failed<>(r.failure());
        }
    }

    /**
     * Combined LSO + ESP transport framing. The large frame holds Ethernet + IP (+ optional RFC 3948 UDP
     * header) + ESP header (SPI, first sequence number) + IV room + TCP header + payload + {@code padLength}
     * bytes of padding to discard, and no ESP trailer. Each output is framed exactly as a transport frames a
     * non-LSO ESP transport packet: IP header (lengths, identification, checksum; protocol unchanged), UDP
     * length fixed and checksum 0 when encapsulated, ESP header with the large packet's SPI and sequence number
     * (for the caller to renumber), IV room as in the large packet, TCP header + payload with the TCP checksum
     * over the plaintext segment, padding 1, 2, 3, ... to the cipher block size and 4-byte alignment, pad
     * length, next header, and zeroed ICV room. Every frame, ESP overhead included, must fit the MTU.
     */
    public static LsoResult<EspSegment> segmentEsp(byte[] frame, int offset, int length, LsoRequest request,
            LsoLimits limits, EspFraming esp) {
        List<EspSegment> out = new ArrayList<>();
        OffloadFailure failure = segmentEsp(frame, offset, length, request, limits, esp,
                (index, count, seg, espOffset, padLength, tcpPayloadLength) -> {
                    int payloadOffset = espOffset + EspHeader.LENGTH + esp.ivLength();
                    int icvOffset = seg.length - esp.icvLength();
                    int nextHeaderOffset = icvOffset - 1;
                    out.add(new EspSegment(seg, espOffset, espOffset + EspHeader.SEQUENCE_NUMBER,
                            espOffset + EspHeader.LENGTH, payloadOffset, nextHeaderOffset - 1 - padLength, padLength,
                            nextHeaderOffset, icvOffset, esp.icvLength(), tcpPayloadLength));
                });
        if (failure != null) {
            return new LsoResult.Failed<>(failure);
        }
        long tcpPayload = 0;
        for (EspSegment e : out) {
            tcpPayload += e.tcpPayloadLength();
        }
        return new LsoResult.Segments<>(out, tcpPayload);
    }

    /**
     * Receives the segments of {@link #segmentEsp(byte[], int, int, LsoRequest, LsoLimits, EspFraming, EspSink)}
     * one by one in transmit order, each framed as {@link EspSegment} describes (ICV room at the end of the frame,
     * next header before it, pad length before that).
     */
    @FunctionalInterface
    public interface EspSink {
        /**
         * @param index            segment number, from 0
         * @param count            how many segments the large send makes
         * @param frame            the segment's Ethernet frame (the output; the sink may keep it)
         * @param espOffset        its ESP header; the sequence number field follows the SPI and holds the large
         *                         packet's value
         * @param padLength        ESP padding bytes (1, 2, 3, ...)
         * @param tcpPayloadLength TCP user-data bytes in this segment
         */
        void segment(int index, int count, byte[] frame, int espOffset, int padLength, int tcpPayloadLength);
    }

    /**
     * {@link #segmentEsp(byte[], int, int, LsoRequest, LsoLimits, EspFraming)} without a record per segment: every
     * check runs before the first segment is built, so on success {@code sink} receives all segments and on a
     * refusal none.
     *
     * @return null on success, or why no segment can be sent
     */
    public static OffloadFailure segmentEsp(byte[] frame, int offset, int length, LsoRequest request,
            LsoLimits limits, EspFraming esp, EspSink sink) {
        try {
            checkEsp(esp);
            Template t = parseTemplate(frame, offset, length, request, limits, esp);
            int count = segmentCount(t.payloadLength(), request.mss());
            checkCounts(t, count, request, limits);
            int align = alignment(esp.blockSize());
            int beforeTcp = t.tcpOffset() - offset;
            int l3 = t.l3Offset() - offset;
            int espOffset = t.l3Offset() + esp.espHeaderOffset() - offset;
            int udpOffset = t.ip().protocol() == IpProtocol.UDP.value() ? t.ip().protocolOffset() - offset : -1;
            for (int i = 0; i < count; i++) {
                int chunk = Math.min(request.mss(), t.payloadLength() - i * request.mss());
                int plain = t.tcpHeaderLength() + chunk;
                int ipLength = beforeTcp - l3 + plain + padFor(plain, align) + EspHeader.TRAILER_LENGTH
                        + esp.icvLength();
                if (exceedsMtu(ipLength, limits)) {
                    throw mtuRefusal(limits, "segment " + i + " with " + chunk
                            + " TCP payload bytes needs an ESP packet of " + ipLength + " bytes");
                }
            }
            for (int i = 0; i < count; i++) {
                int start = t.payloadOffset() + i * request.mss();
                int chunk = Math.min(request.mss(), t.payloadEnd() - start);
                int plain = t.tcpHeaderLength() + chunk;
                int pad = padFor(plain, align);
                int payloadOffset = beforeTcp;
                int payloadEnd = payloadOffset + plain;
                int nextHeaderOffset = payloadEnd + pad + 1;
                int icvOffset = nextHeaderOffset + 1;
                byte[] seg = new byte[icvOffset + esp.icvLength()];
                System.arraycopy(frame, offset, seg, 0, beforeTcp + t.tcpHeaderLength());
                System.arraycopy(frame, start, seg, beforeTcp + t.tcpHeaderLength(), chunk);
                for (int p = 0; p < pad; p++) {
                    seg[payloadEnd + p] = (byte) (p + 1);
                }
                seg[payloadEnd + pad] = (byte) pad;
                seg[nextHeaderOffset] = (byte) esp.nextHeader();
                writeIpHeader(seg, l3, t, request, i, seg.length - l3);
                if (udpOffset >= 0) {
                    UdpHeader.wrap(seg, udpOffset).length(seg.length - udpOffset).checksum(0);
                }
                writeTcpHeader(seg, payloadOffset, plain, t, i, count, (long) i * request.mss());
                sink.segment(i, count, seg, espOffset, pad, chunk);
            }
            return null;
        } catch (Refusal r) {
            return r.failure();
        }
    }

    /** Number of segments: payload / mss rounded up, and one header-only segment for an empty payload. */
    static int segmentCount(int payloadLength, int mss) {
        return payloadLength == 0 ? 1 : (int) ((payloadLength + (long) mss - 1) / mss);
    }

    /** Smallest multiple of 4 that is also a multiple of the block size (RFC 4303 section 2.4). */
    static int alignment(int blockSize) {
        int a = Math.max(1, blockSize);
        return a % 4 == 0 ? a : (a % 2 == 0 ? a * 2 : a * 4);
    }

    /** Padding so that plaintext + padding + 2 is a multiple of {@code align}. */
    static int padFor(int plaintextLength, int align) {
        return (align - (plaintextLength + EspHeader.TRAILER_LENGTH) % align) % align;
    }

    private static void checkEsp(EspFraming esp) throws Refusal {
        if (esp == null) {
            throw new Refusal(OffloadFailureReason.ESP_PARAMETERS_INVALID, "ESP framing parameters are required");
        }
        if (esp.ivLength() < 0 || esp.ivLength() > 64 || esp.ivLength() % 4 != 0) {
            throw new Refusal(OffloadFailureReason.ESP_PARAMETERS_INVALID,
                    "ESP IV length " + esp.ivLength() + " (expected a multiple of 4 in 0..64)");
        }
        if (esp.blockSize() < 1 || esp.blockSize() > 255) {
            throw new Refusal(OffloadFailureReason.ESP_PARAMETERS_INVALID,
                    "cipher block size " + esp.blockSize() + " (expected 1..255)");
        }
        if (esp.icvLength() < 0 || esp.icvLength() > 64 || esp.icvLength() % 4 != 0) {
            throw new Refusal(OffloadFailureReason.ESP_PARAMETERS_INVALID,
                    "ESP ICV length " + esp.icvLength() + " (expected a multiple of 4 in 0..64)");
        }
        if (esp.padLength() < 0 || esp.padLength() > 255) {
            throw new Refusal(OffloadFailureReason.ESP_PAD_LENGTH_INVALID,
                    "padLength " + esp.padLength() + " (expected 0..255)");
        }
        if (esp.nextHeader() != IpProtocol.TCP.value()) {
            throw new Refusal(OffloadFailureReason.ESP_NEXT_HEADER_NOT_TCP,
                    "ESP next header " + esp.nextHeader() + " (LSO carries TCP, 6)");
        }
        if (esp.espHeaderOffset() < 0 || esp.espHeaderOffset() % 4 != 0) {
            throw new Refusal(OffloadFailureReason.ESP_HEADER_OFFSET_MISMATCH,
                    "espHeaderOffset " + esp.espHeaderOffset() + " (expected a non-negative multiple of 4)");
        }
    }

    private static Template parseTemplate(byte[] frame, int offset, int length, LsoRequest request,
            LsoLimits limits, EspFraming esp) throws Refusal {
        if (request.mss() <= 0 || request.mss() > 0xFFFF) {
            throw new Refusal(OffloadFailureReason.MSS_INVALID, "MSS " + request.mss() + " (expected 1..65535)");
        }
        boolean v2 = request.type() == LsoType.V2;
        try {
            EthernetFrame eth = EthernetFrame.parse(frame, offset, length);
            int l3 = eth.l3Offset();
            int l3Length = eth.l3Length();
            int version = eth.etherType() == EthernetFrame.ETHERTYPE_IPV4 ? 4
                    : eth.etherType() == EthernetFrame.ETHERTYPE_IPV6 ? 6 : 0;
            if (version == 0) {
                throw new Refusal(OffloadFailureReason.NOT_IP,
                        String.format("EtherType 0x%04x is neither IPv4 nor IPv6", eth.etherType()));
            }
            if (l3Length < 1 || (frame[l3] & 0xFF) >>> 4 != version) {
                throw new Refusal(OffloadFailureReason.MALFORMED_FRAME, "IP version nibble "
                        + (l3Length < 1 ? "missing" : (frame[l3] & 0xFF) >>> 4) + " under EtherType for IPv"
                        + version);
            }
            if (!v2 && version != 4) {
                throw new Refusal(OffloadFailureReason.LSOV1_REQUIRES_IPV4, "LSOv1 offloads IPv4 only; packet is IPv6");
            }
            int expectedVersion = request.ipVersion();
            if ((v2 || expectedVersion != 0) && expectedVersion != version) {
                throw new Refusal(OffloadFailureReason.IP_VERSION_MISMATCH,
                        "LSO ipVersion " + expectedVersion + " but the packet is IPv" + version);
            }
            checkLengthField(frame, l3, l3Length, version, v2);
            IpPacket ip = IpPacket.parse(frame, l3, l3Length, v2);
            if (ip.fragment()) {
                throw new Refusal(OffloadFailureReason.FRAGMENTED_PACKET, "the large packet is an IP fragment");
            }
            if (ip.hasOptions() && !limits.ipOptionsSupported()) {
                throw new Refusal(OffloadFailureReason.UNSUPPORTED_IP_OPTIONS,
                        "IPv4 options present (" + (ip.headerLength() - Ipv4Header.MIN_LENGTH)
                                + " bytes) but the LSO configuration excludes them");
            }
            if (ip.hasExtensionHeaders() && !limits.ipv6ExtensionHeadersSupported()) {
                throw new Refusal(OffloadFailureReason.UNSUPPORTED_IPV6_EXTENSION_HEADERS,
                        "IPv6 extension headers present but the LSO configuration excludes them");
            }
            if (ip.chain().find(IpProtocol.AH.value()) != null) {
                throw new Refusal(OffloadFailureReason.IPSEC_HEADERS_UNSUPPORTED,
                        "AH header at offset " + (ip.firstIpsecHeaderOffset() - offset)
                                + ": large send offload does not segment AH packets");
            }
            int tcpOffset;
            int end = ip.end();
            if (esp == null) {
                if (ip.protocol() == IpProtocol.ESP.value()) {
                    throw new Refusal(OffloadFailureReason.IPSEC_HEADERS_UNSUPPORTED,
                            "ESP header at offset " + (ip.protocolOffset() - offset)
                                    + " in a plain LSO packet (LSO + ESP needs the ESP framing parameters)");
                }
                if (ip.protocol() != IpProtocol.TCP.value()) {
                    throw new Refusal(OffloadFailureReason.NOT_TCP,
                            "IP protocol " + IpProtocol.valueOf(ip.protocol()) + " (LSO segments TCP only)");
                }
                tcpOffset = ip.protocolOffset();
            } else {
                int espOffset = locateEsp(frame, offset, ip, esp);
                tcpOffset = espOffset + EspHeader.LENGTH + esp.ivLength();
                if (end - esp.padLength() < tcpOffset) {
                    throw new Refusal(OffloadFailureReason.ESP_PAD_LENGTH_INVALID, "padLength " + esp.padLength()
                            + " exceeds the " + Math.max(0, end - tcpOffset) + " bytes after the ESP IV");
                }
                end -= esp.padLength();
            }
            if (request.tcpHeaderOffset() != tcpOffset - offset) {
                throw new Refusal(OffloadFailureReason.TCP_HEADER_OFFSET_MISMATCH, "tcpHeaderOffset "
                        + request.tcpHeaderOffset() + " but the TCP header starts at " + (tcpOffset - offset));
            }
            TcpHeader tcp = TcpHeader.parse(frame, tcpOffset, end - tcpOffset);
            int forbidden = tcp.flags() & (TcpHeader.URG | TcpHeader.RST | TcpHeader.SYN);
            if (forbidden != 0 || tcp.urgentPointer() != 0) {
                throw new Refusal(OffloadFailureReason.TCP_FLAGS_INVALID, String.format(
                        "large TCP packet has flags 0x%02x and urgent pointer %d (URG, RST, SYN and the urgent"
                                + " pointer must be clear)", tcp.flags(), tcp.urgentPointer()));
            }
            if (tcp.hasOptions() && !limits.tcpOptionsSupported()) {
                throw new Refusal(OffloadFailureReason.UNSUPPORTED_TCP_OPTIONS, "TCP options present ("
                        + tcp.optionsLength() + " bytes) but the LSO configuration excludes them");
            }
            int identification = 0;
            if (version == 4) {
                identification = Ipv4Header.wrap(frame, l3).identification();
                if (v2 && identification > 0x7FFF) {
                    throw new Refusal(OffloadFailureReason.IPV4_IDENTIFICATION_OUT_OF_RANGE, String.format(
                            "LSOv2 template IPv4 identification 0x%04x (expected 0x0000..0x7FFF)", identification));
                }
            }
            int pseudo = version == 4
                    ? Checksums.ipv4PseudoHeaderSum(frame, ip.sourceOffset(), ip.destinationOffset(),
                            IpProtocol.TCP.value(), 0)
                    : Checksums.ipv6PseudoHeaderSum(frame, ip.sourceOffset(),
                            ip.pseudoHeaderDestinationOffset(frame), IpProtocol.TCP.value(), 0);
            int seed = tcp.checksum();
            if (seed != pseudo && !(Checksums.isZero(seed) && Checksums.isZero(pseudo))) {
                throw new Refusal(OffloadFailureReason.TCP_PSEUDO_HEADER_CHECKSUM_MISMATCH, String.format(
                        "template TCP checksum 0x%04x is not the pseudo-header sum 0x%04x over addresses and"
                                + " protocol", seed, pseudo));
            }
            return new Template(l3, ip, tcpOffset, tcp.headerLength(), tcp.payloadOffset(), end, tcp.flags(),
                    tcp.sequenceNumber(), seed, identification);
        } catch (PacketFormatException e) {
            throw new Refusal(OffloadFailureReason.MALFORMED_FRAME, e.getMessage());
        }
    }

    private static void checkLengthField(byte[] frame, int l3, int l3Length, int version, boolean v2)
            throws Refusal {
        if (version == 4) {
            if (l3Length < Ipv4Header.MIN_LENGTH) {
                return;
            }
            int total = Ipv4Header.wrap(frame, l3).totalLength();
            if (v2 ? total != 0 && total != l3Length : total == 0 || total > l3Length) {
                throw new Refusal(OffloadFailureReason.IP_LENGTH_MISMATCH, "LSO" + (v2 ? "v2" : "v1")
                        + " IPv4 total length " + total + " but the frame holds " + l3Length + " IP bytes"
                        + (v2 ? " (expected 0 or " + l3Length + ")" : ""));
            }
        } else {
            if (l3Length < Ipv6Header.LENGTH) {
                return;
            }
            int payload = Ipv6Header.wrap(frame, l3).payloadLength();
            if (payload != 0 && payload != l3Length - Ipv6Header.LENGTH) {
                throw new Refusal(OffloadFailureReason.IP_LENGTH_MISMATCH, "LSOv2 IPv6 payload length " + payload
                        + " (expected 0 or " + (l3Length - Ipv6Header.LENGTH) + ")");
            }
        }
    }

    private static int locateEsp(byte[] frame, int offset, IpPacket ip, EspFraming esp) throws Refusal {
        int espOffset = ip.offset() + esp.espHeaderOffset();
        int found;
        if (ip.protocol() == IpProtocol.ESP.value()) {
            found = ip.protocolOffset();
        } else if (ip.protocol() == IpProtocol.UDP.value()) {
            int udp = ip.protocolOffset();
            if (ip.end() - udp < UdpHeader.LENGTH + EspHeader.LENGTH) {
                throw new Refusal(OffloadFailureReason.UDP_ENCAPSULATION_INVALID, "UDP-encapsulated ESP packet too"
                        + " short: " + (ip.end() - udp) + " bytes (expected at least 16)");
            }
            found = udp + UdpHeader.LENGTH;
            if (BigEndian.getInt(frame, found) == 0) {
                throw new Refusal(OffloadFailureReason.UDP_ENCAPSULATION_INVALID,
                        "UDP payload starts with the non-ESP marker (SPI 0): not an ESP packet");
            }
        } else {
            throw new Refusal(OffloadFailureReason.ESP_HEADER_OFFSET_MISMATCH, "IP protocol "
                    + IpProtocol.valueOf(ip.protocol()) + " at offset " + (ip.protocolOffset() - offset)
                    + " where ESP (or UDP-encapsulated ESP) was expected");
        }
        if (found != espOffset) {
            throw new Refusal(OffloadFailureReason.ESP_HEADER_OFFSET_MISMATCH, "espHeaderOffset "
                    + esp.espHeaderOffset() + " but the ESP header is " + (found - ip.offset())
                    + " bytes after the IP header");
        }
        if (ip.end() - found < EspHeader.LENGTH + esp.ivLength()) {
            throw new Refusal(OffloadFailureReason.MALFORMED_FRAME, "ESP packet too short: " + (ip.end() - found)
                    + " bytes (expected at least " + (EspHeader.LENGTH + esp.ivLength()) + ")");
        }
        return found;
    }

    private static void checkCounts(Template t, int count, LsoRequest request, LsoLimits limits)
            throws Refusal {
        if (t.payloadLength() > limits.maxOffLoadSize()) {
            throw new Refusal(OffloadFailureReason.EXCEEDS_MAX_OFFLOAD_SIZE, "TCP user data " + t.payloadLength()
                    + " bytes exceeds maxOffLoadSize " + limits.maxOffLoadSize());
        }
        if (count < limits.minSegmentCount()) {
            throw new Refusal(OffloadFailureReason.BELOW_MIN_SEGMENT_COUNT, t.payloadLength() + " bytes at MSS "
                    + request.mss() + " make " + count + " segment(s), below minSegmentCount "
                    + limits.minSegmentCount());
        }
    }

    private static boolean exceedsMtu(int ipLength, LsoLimits limits) {
        return ipLength > limits.mtu() || ipLength > 0xFFFF;
    }

    /** Built only on refusal: the message names the segment, so it is not assembled for every segment sent. */
    private static Refusal mtuRefusal(LsoLimits limits, String what) {
        return new Refusal(OffloadFailureReason.SEGMENT_EXCEEDS_MTU, what + ", above the MTU " + limits.mtu());
    }

    private static void writeIpHeader(byte[] seg, int l3, Template t, LsoRequest request, int index,
            int ipLength) {
        if (t.ip().version() == 4) {
            int id = request.type() == LsoType.V2
                    ? (t.identification() + index) & 0x7FFF
                    : (t.identification() + index) & 0xFFFF;
            Ipv4Header.wrap(seg, l3).totalLength(ipLength).identification(id).updateHeaderChecksum();
        } else {
            Ipv6Header.wrap(seg, l3).payloadLength(ipLength - Ipv6Header.LENGTH);
        }
    }

    private static void writeTcpHeader(byte[] seg, int tcpOffset, int tcpLength, Template t, int index, int count,
            long sequenceAdvance) {
        int flags = t.templateFlags();
        if (index != count - 1) {
            flags &= ~(TcpHeader.FIN | TcpHeader.PSH);
        }
        if (index != 0) {
            flags &= ~TcpHeader.CWR;
        }
        TcpHeader tcp = TcpHeader.wrap(seg, tcpOffset)
                .sequenceNumber((t.sequenceNumber() + sequenceAdvance) & 0xFFFF_FFFFL)
                .flags(flags)
                .checksum(0);
        int sum = Checksums.add(t.pseudoSum(), tcpLength);
        sum = Checksums.sum(seg, tcpOffset, tcpLength, sum);
        tcp.checksum(Checksums.finish(sum));
    }
}
