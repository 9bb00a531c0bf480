package com.offloadnic.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of every packet parser. Under {@code mvn test} each target replays its committed corpus
 * ({@code src/test/resources/com/offloadnic/packet/PacketParsersFuzzTestInputs/<target>/}); with
 * {@code JAZZER_FUZZ=1} it fuzzes (README, "Fuzzing"). The contract checked: malformed input raises the codec's
 * own {@link PacketFormatException} and nothing else, and what a parse returns lies inside the window it was given
 * (the input sits at a non-zero offset of a larger buffer whose bytes around it must never be claimed).
 */
class PacketParsersFuzzTest {

    /** Bytes before and after the window, so an offset computed from the buffer's edges instead of the window's shows. */
    private static final int GUARD = 7;

    private static byte[] framed(byte[] data) {
        byte[] buf = new byte[GUARD + data.length + GUARD];
        Arrays.fill(buf, (byte) 0xA5);
        System.arraycopy(data, 0, buf, GUARD, data.length);
        return buf;
    }

    private static void assertInside(int offset, int from, int to, String what) {
        assertThat(offset).as(what).isBetween(from, to);
    }

    /** Ethernet II with 802.1Q/802.1ad tags, then the whole IP header chain and the upper-layer header. */
    @FuzzTest
    void ethernetFrameAndHeaderChain(byte[] data) {
        byte[] buf = framed(data);
        int end = GUARD + data.length;
        EthernetFrame eth;
        try {
            eth = EthernetFrame.parse(buf, GUARD, data.length);
        } catch (PacketFormatException malformed) {
            return;
        }
        assertInside(eth.l3Offset(), GUARD + EthernetFrame.HEADER_LENGTH, end, "l3Offset");
        assertThat(eth.vlanTags()).hasSizeLessThanOrEqualTo(EthernetFrame.MAX_VLAN_TAGS);
        if (eth.etherType() == EthernetFrame.ETHERTYPE_IPV4 || eth.etherType() == EthernetFrame.ETHERTYPE_IPV6) {
            ipPacketAndUpperLayer(buf, eth.l3Offset(), eth.l3Length(), end);
        }
    }

    /** IPv4 with options and IPv6 with extension headers, alone (the LSOv2 zero-length convention too). */
    @FuzzTest
    void ipPacket(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean zeroLengthMeansBuffer = (data[0] & 1) != 0;
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        byte[] buf = framed(body);
        int end = GUARD + body.length;
        try {
            IpPacket ip = IpPacket.parse(buf, GUARD, body.length, zeroLengthMeansBuffer);
            checkIp(buf, ip, end);
        } catch (PacketFormatException malformed) {
            // the codec's own exception: the only one allowed
        }
    }

    private static void ipPacketAndUpperLayer(byte[] buf, int offset, int length, int end) {
        IpPacket ip;
        try {
            ip = IpPacket.parse(buf, offset, length);
        } catch (PacketFormatException malformed) {
            return;
        }
        checkIp(buf, ip, end);
    }

    private static void checkIp(byte[] buf, IpPacket ip, int end) {
        assertInside(ip.end(), ip.offset(), end, "IP end");
        assertInside(ip.protocolOffset(), ip.offset() + ip.headerLength(), ip.end(), "upper-layer offset");
        assertInside(ip.sourceOffset(), ip.offset(), ip.end() - ip.addressLength(), "source address");
        assertInside(ip.pseudoHeaderDestinationOffset(buf), ip.offset(), ip.end() - ip.addressLength(),
                "pseudo-header destination");
        for (ExtensionHeader h : ip.chain().headers()) {
            assertInside(h.offset(), ip.offset(), ip.end(), "extension header");
            assertInside(h.offset() + h.length(), h.offset(), ip.end(), "extension header end");
        }
        int upper = ip.protocolOffset();
        int upperLength = ip.end() - upper;
        try {
            switch (ip.protocol()) {
                case 6 -> {
                    TcpHeader tcp = TcpHeader.parse(buf, upper, upperLength);
                    assertInside(tcp.payloadOffset(), upper, ip.end(), "TCP payload");
                }
                case 17 -> {
                    UdpHeader udp = UdpHeader.parse(buf, upper, upperLength);
                    assertThat(udp.offset()).isEqualTo(upper);
                }
                case 50 -> EspHeader.parse(buf, upper, upperLength, 8, 16);
                default -> {
                }
            }
            if (ip.firstIpsecProtocol() == 51) {
                int ah = ip.firstIpsecHeaderOffset();
                AhHeader header = AhHeader.parse(buf, ah, ip.end() - ah);
                assertInside(header.payloadOffset(), ah, ip.end(), "AH payload");
                byte[] normalized = AhMutableFields.normalizedCopy(buf, ip.offset(), ah);
                assertThat(normalized).hasSize(ah - ip.offset());
            }
        } catch (PacketFormatException malformed) {
            // the codec's own exception
        }
    }

    /** TCP header with options: data offset, options and payload bounds. */
    @FuzzTest
    void tcpHeader(byte[] data) {
        byte[] buf = framed(data);
        try {
            TcpHeader tcp = TcpHeader.parse(buf, GUARD, data.length);
            assertInside(tcp.headerLength(), TcpHeader.MIN_LENGTH, data.length, "TCP header length");
            assertInside(tcp.optionsOffset() + tcp.optionsLength(), GUARD, GUARD + data.length, "TCP options");
        } catch (PacketFormatException malformed) {
            // the codec's own exception
        }
    }

    /** UDP header. */
    @FuzzTest
    void udpHeader(byte[] data) {
        byte[] buf = framed(data);
        try {
            UdpHeader udp = UdpHeader.parse(buf, GUARD, data.length);
            assertThat(data.length).isGreaterThanOrEqualTo(UdpHeader.LENGTH);
            udp.sourcePort();
        } catch (PacketFormatException malformed) {
            // the codec's own exception
        }
    }

    /** ESP packet with IV and ICV lengths taken from the input (0..255 each). */
    @FuzzTest
    void espPacket(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int ivLength = data[0] & 0xFF;
        int icvLength = data[1] & 0xFF;
        byte[] body = Arrays.copyOfRange(data, 2, data.length);
        byte[] buf = framed(body);
        try {
            EspHeader esp = EspHeader.parse(buf, GUARD, body.length, ivLength, icvLength);
            assertThat(body.length).isGreaterThanOrEqualTo(EspHeader.LENGTH + ivLength + 2 + icvLength);
            esp.spi();
        } catch (PacketFormatException malformed) {
            // the codec's own exception
        }
    }

    /** AH header: its payload-length field against the window. */
    @FuzzTest
    void ahHeader(byte[] data) {
        byte[] buf = framed(data);
        try {
            AhHeader ah = AhHeader.parse(buf, GUARD, data.length);
            assertInside(ah.payloadOffset(), GUARD + AhHeader.MIN_LENGTH, GUARD + data.length, "AH payload");
            assertThat(ah.icvLength()).isNotNegative();
        } catch (PacketFormatException malformed) {
            // the codec's own exception
        }
    }

    /** A whole pcap file: global header, then records until a clean end or the codec's exception. */
    @FuzzTest
    void pcapFile(byte[] data) throws IOException {
        try {
            PcapReader reader = new PcapReader(new ByteArrayInputStream(data));
            for (PcapRecord r = reader.next(); r != null; r = reader.next()) {
                assertThat(r.data().length).isLessThanOrEqualTo(reader.snaplen());
                assertThat(r.originalLength()).isGreaterThanOrEqualTo(r.data().length);
            }
        } catch (PacketFormatException malformed) {
            // the codec's own exception
        }
    }
}
