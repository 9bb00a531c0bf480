package com.offloadnic.packet;

import static com.offloadnic.packet.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpPacketTest {

    /** Built by scapy: Ether/Dot1AD/Dot1Q/IPv6/HopByHop/Routing/Fragment/DestOpt/TCP/"x". */
    static final byte[] V6_CHAIN = hex("""
            ffffffffffff        // destination MAC
            000000000000        // source MAC
            88a8 000a           // 802.1ad tag, VLAN 10
            8100 0014           // 802.1Q tag, VLAN 20
            86dd                // EtherType IPv6 (l3 at 22)
            60000000            // version 6, traffic class 0, flow label 0
            0045                // payload length 69
            00                  // next header: hop-by-hop (field at 28)
            40                  // hop limit 64
            00000000000000000000000000000001 // source ::1
            00000000000000000000000000000001 // destination ::1
            2b 00               // HBH (62): next routing, length 8
            0502 0000 0100      // router alert 0, PadN 0
            2c 02 00 01         // routing (70): next fragment, 24 bytes, type 0, segments left 1
            00000000            // reserved
            20010db8000000000000000000000005 // address
            3c 00 0000 00000007 // fragment (94): next dest opts, offset 0, M 0, id 7
            06 00 0104 00000000 // dest opts (102): next TCP, PadN 4
            0014 0050 00000000 00000000 5002 2000 e9be 0000 // TCP (110) 20 -> 80 SYN
            78                  // payload "x"
            """);

    @Test
    void ipv6_extensionHeaderChain_isWalkedToTcp() {
        EthernetFrame eth = EthernetFrame.parse(V6_CHAIN, 0, V6_CHAIN.length);
        assertThat(eth.vlanTags()).extracting(EthernetFrame.VlanTag::tpid).containsExactly(0x88A8, 0x8100);
        assertThat(eth.vlanTags()).extracting(EthernetFrame.VlanTag::vlanId).containsExactly(10, 20);
        assertThat(eth.etherType()).isEqualTo(EthernetFrame.ETHERTYPE_IPV6);
        assertThat(eth.l3Offset()).isEqualTo(22);

        IpPacket ip = IpPacket.parse(V6_CHAIN, 22, eth.l3Length());
        assertThat(ip.version()).isEqualTo(6);
        assertThat(ip.end()).isEqualTo(V6_CHAIN.length);
        assertThat(ip.chain().headers()).containsExactly(
                new ExtensionHeader(0, 62, 8, 28),
                new ExtensionHeader(43, 70, 24, 62),
                new ExtensionHeader(44, 94, 8, 70),
                new ExtensionHeader(60, 102, 8, 94));
        assertThat(ip.protocol()).isEqualTo(IpProtocol.TCP.value());
        assertThat(ip.protocolOffset()).isEqualTo(110);
        assertThat(ip.protocolFieldOffset()).isEqualTo(102);
        assertThat(ip.chain().nextHeaderFieldOffsetOf(94)).isEqualTo(70);
        assertThat(ip.chain().nextHeaderFieldOffsetOf(110)).isEqualTo(102);
        assertThat(ip.fragment()).isTrue();
        assertThat(ip.chain().hasFragmentHeader()).isTrue();
        assertThat(ip.hasExtensionHeaders()).isTrue();
        assertThat(ip.hasOptions()).isFalse();
        assertThat(ip.payloadLength()).isEqualTo(69);
        assertThat(ip.upperLayerLength()).isEqualTo(21);
        assertThat(ip.firstIpsecHeaderOffset()).isEqualTo(-1);
        assertThat(ip.sourceAddress(V6_CHAIN)).hasSize(16).endsWith(1);
    }

    /** IPv4 + AH + ESP: the walk passes AH and stops at ESP. */
    static final byte[] V4_AH_ESP = hex("""
            45 00 003e 0001 0000 40 33 0000 0a000001 0a000002 // IPv4, protocol 51 (AH), total 62
            32 04 0000 00000100 00000001                       // AH: next ESP, 24 bytes, SPI 256, seq 1
            000000000000000000000000                           // AH ICV 12
            00000200 00000001                                  // ESP SPI 512, seq 1
            0102030405060708 0000                              // encrypted, trailer
            """);

    @Test
    void ipv4_ahThenEsp_firstIpsecHeaderIsAhAndWalkStopsAtEsp() {
        IpPacket ip = IpPacket.parse(V4_AH_ESP, 0, V4_AH_ESP.length);
        assertThat(ip.version()).isEqualTo(4);
        assertThat(ip.chain().headers()).containsExactly(new ExtensionHeader(51, 20, 24, 9));
        assertThat(ip.protocol()).isEqualTo(IpProtocol.ESP.value());
        assertThat(ip.protocolOffset()).isEqualTo(44);
        assertThat(ip.protocolFieldOffset()).isEqualTo(20);
        assertThat(ip.firstIpsecProtocol()).isEqualTo(51);
        assertThat(ip.firstIpsecHeaderOffset()).isEqualTo(20);
        assertThat(ip.firstIpsecFieldOffset()).isEqualTo(9);
        assertThat(ip.hasExtensionHeaders()).isFalse();
    }

    @Test
    void ipv6_espDirectly_isTheFirstIpsecHeader() {
        byte[] pkt = hex("""
                60000000 0010 32 40 // payload 16, next header ESP
                00000000000000000000000000000001 00000000000000000000000000000002
                00001111 00000007 0000000000000000 // ESP
                """);
        IpPacket ip = IpPacket.parse(pkt, 0, pkt.length);
        assertThat(ip.chain().isEmpty()).isTrue();
        assertThat(ip.firstIpsecProtocol()).isEqualTo(50);
        assertThat(ip.firstIpsecHeaderOffset()).isEqualTo(40);
        assertThat(ip.firstIpsecFieldOffset()).isEqualTo(6);
        assertThat(ip.fragment()).isFalse();
    }

    @Test
    void ipv6_laterFragment_stopsTheWalk() {
        byte[] pkt = hex("""
                60000000 0010 2c 40
                00000000000000000000000000000001 00000000000000000000000000000002
                06 00 0008 00000001 // fragment, next TCP, offset 1 (8 bytes)
                0102030405060708
                """);
        IpPacket ip = IpPacket.parse(pkt, 0, pkt.length);
        assertThat(ip.chain().laterFragment()).isTrue();
        assertThat(ip.protocol()).isEqualTo(6);
        assertThat(ip.protocolOffset()).isEqualTo(48);
        assertThat(ip.fragment()).isTrue();
    }

    @Test
    void lsoTemplate_zeroLength_runsToTheEndOfTheBuffer() {
        byte[] pkt = V4_AH_ESP.clone();
        Ipv4Header.wrap(pkt, 0).totalLength(0);
        assertThatThrownBy(() -> IpPacket.parse(pkt, 0, pkt.length)).isInstanceOf(PacketFormatException.class)
                .hasMessage("IPv4 total length 0 is shorter than its 20-byte header");
        assertThat(IpPacket.parse(pkt, 0, pkt.length, true).end()).isEqualTo(pkt.length);
    }

    @Test
    void ipv4_trailingEthernetPadding_isIgnored() {
        byte[] pkt = Bytes.embed(V4_AH_ESP, 0, 6);
        IpPacket ip = IpPacket.parse(pkt, 0, pkt.length);
        assertThat(ip.end()).isEqualTo(V4_AH_ESP.length);
    }

    @Test
    void ipv4_totalLengthBeyondBuffer_namesBothNumbers() {
        assertThatThrownBy(() -> IpPacket.parse(V4_AH_ESP, 0, 40)).isInstanceOf(PacketFormatException.class)
                .hasMessage("IPv4 total length 62 exceeds the 40 bytes available");
    }

    @Test
    void ethernet_8023LengthField_isRejected() {
        byte[] frame = hex("ffffffffffff 000000000001 05dc 0000");
        assertThatThrownBy(() -> EthernetFrame.parse(frame, 0, frame.length))
                .isInstanceOf(PacketFormatException.class).hasMessageContaining("802.3 length field 0x05dc");
    }

    @Test
    void ethernet_vlanTagFields_areDecoded() {
        byte[] frame = hex("ffffffffffff 000000000001 8100 b064 0800 45");
        EthernetFrame eth = EthernetFrame.parse(frame, 0, frame.length);
        EthernetFrame.VlanTag tag = eth.vlanTags().get(0);
        assertThat(tag.priority()).isEqualTo(5);
        assertThat(tag.dropEligible()).isTrue();
        assertThat(tag.vlanId()).isEqualTo(100);
        assertThat(tag.offset()).isEqualTo(12);
        assertThat(eth.etherTypeOffset()).isEqualTo(16);
        assertThat(eth.l3Offset()).isEqualTo(18);
        assertThat(eth.headerLength()).isEqualTo(18);
    }

    /** Every layer a receive path would parse, bounded by {@code len}. */
    static void parseAll(byte[] buf, int off, int len) {
        EthernetFrame eth = EthernetFrame.parse(buf, off, len);
        IpPacket ip = IpPacket.parse(buf, eth.l3Offset(), eth.l3Length());
        int p = ip.protocolOffset();
        int n = ip.end() - p;
        switch (ip.protocol()) {
            case 6 -> TcpHeader.parse(buf, p, n);
            case 17 -> UdpHeader.parse(buf, p, n);
            case 50 -> EspHeader.parse(buf, p, n, 0, 0);
            default -> {
            }
        }
    }

    static final List<byte[]> FRAMES = List.of(V6_CHAIN,
            Bytes.concat(hex("ffffffffffff 000000000001 0800"), V4_AH_ESP),
            Bytes.concat(hex("ffffffffffff 000000000001 8100 0064 0800"), HeaderViewsTest.IPV4,
                    hex("0035 0035 005f 0000"), new byte[115 - 28]));

    @Test
    void truncationAtEveryOffset_throwsPacketFormatExceptionOnly() {
        for (byte[] frame : FRAMES) {
            parseAll(frame, 0, frame.length);
            for (int len = 0; len < frame.length; len++) {
                byte[] exact = java.util.Arrays.copyOf(frame, len);
                int n = len;
                assertThatThrownBy(() -> parseAll(exact, 0, n)).as("truncated to %d", len)
                        .isInstanceOf(PacketFormatException.class);
                byte[] embedded = Bytes.embed(frame, 5, 0);
                assertThatThrownBy(() -> parseAll(embedded, 5, n)).as("bounded to %d", len)
                        .isInstanceOf(PacketFormatException.class);
            }
        }
    }

    @Test
    void randomCorruption_neverThrowsAnythingButPacketFormatException() {
        Random random = new Random(42);
        for (byte[] frame : FRAMES) {
            for (int round = 0; round < 5000; round++) {
                byte[] b = frame.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                int len = random.nextInt(b.length + 1);
                try {
                    parseAll(b, 0, len);
                } catch (PacketFormatException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }

    @Test
    void badRanges_areReportedAsPacketFormatException() {
        assertThatThrownBy(() -> EthernetFrame.parse(new byte[20], 10, 20)).isInstanceOf(PacketFormatException.class)
                .hasMessage("range [10, 30) lies outside the 20-byte buffer");
        assertThatThrownBy(() -> IpPacket.parse(new byte[20], -1, 5)).isInstanceOf(PacketFormatException.class);
        assertThatThrownBy(() -> TcpHeader.wrap(new byte[10], 0)).isInstanceOf(PacketFormatException.class)
                .hasMessage("TCP header too short: 10 bytes (expected at least 20)");
    }
}
