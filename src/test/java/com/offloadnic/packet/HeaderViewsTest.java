package com.offloadnic.packet;

import static com.offloadnic.packet.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeaderViewsTest {

    /** The classic example IPv4 header (UDP, 192.168.0.1 → 192.168.0.199), checksum 0xb861. */
    static final byte[] IPV4 = hex("""
            45          // version 4, IHL 5
            00          // DSCP 0, ECN 0
            0073        // total length 115
            0000        // identification 0
            4000        // flags DF, fragment offset 0
            40          // TTL 64
            11          // protocol 17 (UDP)
            b861        // header checksum
            c0a80001    // source 192.168.0.1
            c0a800c7    // destination 192.168.0.199
            """);

    @Test
    void ipv4_goldenHeader_readsEveryField() {
        byte[] buf = Bytes.embed(IPV4, 7, 3);
        Ipv4Header ip = Ipv4Header.parse(buf, 7, IPV4.length);
        assertThat(ip.version()).isEqualTo(4);
        assertThat(ip.ihl()).isEqualTo(5);
        assertThat(ip.headerLength()).isEqualTo(20);
        assertThat(ip.dscp()).isZero();
        assertThat(ip.ecn()).isZero();
        assertThat(ip.totalLength()).isEqualTo(115);
        assertThat(ip.identification()).isZero();
        assertThat(ip.dontFragment()).isTrue();
        assertThat(ip.moreFragments()).isFalse();
        assertThat(ip.fragmentOffset()).isZero();
        assertThat(ip.isFragment()).isFalse();
        assertThat(ip.ttl()).isEqualTo(64);
        assertThat(ip.protocol()).isEqualTo(17);
        assertThat(ip.headerChecksum()).isEqualTo(0xb861);
        assertThat(ip.computeHeaderChecksum()).isEqualTo(0xb861);
        assertThat(ip.isHeaderChecksumValid()).isTrue();
        assertThat(ip.source()).containsExactly(192, 168, 0, 1);
        assertThat(ip.destination()).containsExactly(192, 168, 0, 199);
        assertThat(ip.sourceOffset()).isEqualTo(7 + 12);
        assertThat(ip.destinationOffset()).isEqualTo(7 + 16);
        assertThat(ip.hasOptions()).isFalse();
        assertThat(ip.payloadOffset()).isEqualTo(27);
    }

    @Test
    void ipv4_setters_writeExactWireBytes() {
        byte[] buf = new byte[20];
        Ipv4Header.wrap(buf, 0).versionAndIhl(4, 5).tos(0).totalLength(115).identification(0)
                .flagsAndFragmentOffset(Ipv4Header.FLAG_DF).ttl(64).protocol(17)
                .source(new byte[] {(byte) 192, (byte) 168, 0, 1})
                .destination(new byte[] {(byte) 192, (byte) 168, 0, (byte) 199})
                .updateHeaderChecksum();
        assertThat(buf).isEqualTo(IPV4);
    }

    @Test
    void ipv4_fragmentFlags_areReported() {
        byte[] buf = IPV4.clone();
        Ipv4Header ip = Ipv4Header.wrap(buf, 0);
        ip.flagsAndFragmentOffset(Ipv4Header.FLAG_MF);
        assertThat(ip.isFragment()).isTrue();
        ip.flagsAndFragmentOffset(0x00B9);
        assertThat(ip.moreFragments()).isFalse();
        assertThat(ip.fragmentOffset()).isEqualTo(0xB9);
        assertThat(ip.isFragment()).isTrue();
    }

    @Test
    void ipv4_badVersionOrIhl_isRejectedWithPreciseMessage() {
        byte[] buf = IPV4.clone();
        buf[0] = 0x65;
        assertThatThrownBy(() -> Ipv4Header.parse(buf, 0, 20)).isInstanceOf(PacketFormatException.class)
                .hasMessage("IPv4 header has version 6 (expected 4)");
        buf[0] = 0x44;
        assertThatThrownBy(() -> Ipv4Header.parse(buf, 0, 20)).isInstanceOf(PacketFormatException.class)
                .hasMessage("IPv4 header length (IHL) 4 is below the minimum 5");
        buf[0] = 0x46;
        assertThatThrownBy(() -> Ipv4Header.parse(buf, 0, 20)).isInstanceOf(PacketFormatException.class)
                .hasMessage("IPv4 header with options (IHL 6) too short: 20 bytes (expected at least 24)");
    }

    static final byte[] TCP = hex("""
            1f90        // source port 8080
            0050        // destination port 80
            01020304    // sequence number
            0a0b0c0d    // acknowledgment number
            90          // data offset 9 (36 bytes), reserved 0
            d9          // flags CWR ECE ACK PSH FIN (1101 1001)
            7210        // window 29200
            beef        // checksum
            0007        // urgent pointer 7
            020405b4    // option MSS 1460
            0101        // NOP NOP
            080a0000000100000002 // timestamp 1, echo 2
            """);

    @Test
    void tcp_goldenHeader_readsEveryField() {
        byte[] buf = Bytes.embed(TCP, 3, 0);
        TcpHeader tcp = TcpHeader.parse(buf, 3, TCP.length);
        assertThat(tcp.sourcePort()).isEqualTo(8080);
        assertThat(tcp.destinationPort()).isEqualTo(80);
        assertThat(tcp.sequenceNumber()).isEqualTo(0x01020304L);
        assertThat(tcp.acknowledgmentNumber()).isEqualTo(0x0a0b0c0dL);
        assertThat(tcp.dataOffset()).isEqualTo(9);
        assertThat(tcp.headerLength()).isEqualTo(36);
        assertThat(tcp.cwr()).isTrue();
        assertThat(tcp.ece()).isTrue();
        assertThat(tcp.urg()).isFalse();
        assertThat(tcp.ack()).isTrue();
        assertThat(tcp.psh()).isTrue();
        assertThat(tcp.rst()).isFalse();
        assertThat(tcp.syn()).isFalse();
        assertThat(tcp.fin()).isTrue();
        assertThat(tcp.window()).isEqualTo(29200);
        assertThat(tcp.checksum()).isEqualTo(0xbeef);
        assertThat(tcp.urgentPointer()).isEqualTo(7);
        assertThat(tcp.hasOptions()).isTrue();
        assertThat(tcp.optionsOffset()).isEqualTo(3 + 20);
        assertThat(tcp.optionsLength()).isEqualTo(16);
        assertThat(tcp.payloadOffset()).isEqualTo(3 + 36);
    }

    @Test
    void tcp_setters_roundTripToGoldenBytes() {
        byte[] buf = new byte[36];
        System.arraycopy(TCP, 20, buf, 20, 16);
        TcpHeader.wrap(buf, 0).sourcePort(8080).destinationPort(80).sequenceNumber(0x01020304L)
                .acknowledgmentNumber(0x0a0b0c0dL).dataOffset(9)
                .flags(TcpHeader.CWR | TcpHeader.ECE | TcpHeader.ACK | TcpHeader.PSH | TcpHeader.FIN)
                .window(29200).checksum(0xbeef).urgentPointer(7);
        assertThat(buf).isEqualTo(TCP);
    }

    @Test
    void tcp_sequenceNumber_keepsFullUnsignedRange() {
        byte[] buf = TCP.clone();
        TcpHeader tcp = TcpHeader.wrap(buf, 0).sequenceNumber(0xFFFF_FFFEL);
        assertThat(tcp.sequenceNumber()).isEqualTo(0xFFFF_FFFEL);
    }

    @Test
    void tcp_dataOffsetBelowFive_isRejected() {
        byte[] buf = TCP.clone();
        buf[12] = 0x40;
        assertThatThrownBy(() -> TcpHeader.parse(buf, 0, buf.length)).isInstanceOf(PacketFormatException.class)
                .hasMessage("TCP data offset 4 is below the minimum 5");
    }

    static final byte[] UDP = hex("""
            1194        // source port 4500
            1194        // destination port 4500
            0010        // length 16
            0000        // checksum 0 (none)
            0000000102030405 // payload
            """);

    @Test
    void udp_goldenHeader_readsAndWrites() {
        UdpHeader udp = UdpHeader.parse(UDP, 0, UDP.length);
        assertThat(udp.sourcePort()).isEqualTo(UdpHeader.PORT_NAT_T);
        assertThat(udp.destinationPort()).isEqualTo(4500);
        assertThat(udp.length()).isEqualTo(16);
        assertThat(udp.checksum()).isZero();
        assertThat(udp.payloadOffset()).isEqualTo(8);
        byte[] built = new byte[16];
        System.arraycopy(UDP, 8, built, 8, 8);
        UdpHeader.wrap(built, 0).sourcePort(4500).destinationPort(4500).length(16).checksum(0);
        assertThat(built).isEqualTo(UDP);
    }

    @Test
    void udp_lengthBeyondAvailable_isRejected() {
        assertThatThrownBy(() -> UdpHeader.parse(UDP, 0, 12)).isInstanceOf(PacketFormatException.class)
                .hasMessage("UDP length 16 exceeds the 12 bytes available");
    }

    static final byte[] ESP = hex("""
            00001234    // SPI 0x1234
            00000005    // sequence number 5
            0001020304050607 // IV (8 bytes)
            a1a2a3a4    // ciphertext
            a5a6        // (pad length, next header when decrypted)
            c0c1c2c3c4c5c6c7c8c9cacbcccdcecf // ICV 16
            """);

    @Test
    void esp_goldenHeader_readsAndWrites() {
        EspHeader esp = EspHeader.parse(ESP, 0, ESP.length, 8, 16);
        assertThat(esp.spi()).isEqualTo(0x1234L);
        assertThat(esp.sequenceNumber()).isEqualTo(5L);
        assertThat(esp.ivOffset()).isEqualTo(8);
        esp.spi(0xFFFF_FFFFL).sequenceNumber(0x8000_0000L);
        assertThat(esp.spi()).isEqualTo(0xFFFF_FFFFL);
        assertThat(esp.sequenceNumber()).isEqualTo(0x8000_0000L);
    }

    @Test
    void esp_tooShortForIvTrailerAndIcv_namesBothNumbers() {
        assertThatThrownBy(() -> EspHeader.parse(ESP, 0, 22, 8, 16)).isInstanceOf(PacketFormatException.class)
                .hasMessage("ESP packet too short: 22 bytes (expected at least 34)");
    }

    static final byte[] AH = hex("""
            06          // next header TCP
            04          // payload length 4: (4 + 2) * 4 = 24 bytes
            0000        // reserved
            00000100    // SPI 256
            00000009    // sequence number 9
            000102030405060708090a0b // ICV, 12 bytes (HMAC-SHA1-96)
            """);

    @Test
    void ah_goldenHeader_readsEveryField() {
        AhHeader ah = AhHeader.parse(AH, 0, AH.length);
        assertThat(ah.nextHeader()).isEqualTo(6);
        assertThat(ah.payloadLength()).isEqualTo(4);
        assertThat(ah.reserved()).isZero();
        assertThat(ah.spi()).isEqualTo(256L);
        assertThat(ah.sequenceNumber()).isEqualTo(9L);
        assertThat(ah.headerLength()).isEqualTo(24);
        assertThat(ah.icvOffset()).isEqualTo(12);
        assertThat(ah.icvLength()).isEqualTo(12);
        assertThat(ah.payloadOffset()).isEqualTo(24);
    }

    @Test
    void ah_setters_buildGoldenHeader() {
        byte[] buf = new byte[24];
        System.arraycopy(AH, 12, buf, 12, 12);
        AhHeader.wrap(buf, 0).nextHeader(6).icvLength(12).reserved(0).spi(256).sequenceNumber(9);
        assertThat(buf).isEqualTo(AH);
    }

    @Test
    void ah_lengthFieldBeyondBuffer_isRejected() {
        byte[] buf = AH.clone();
        buf[1] = 7;
        assertThatThrownBy(() -> AhHeader.parse(buf, 0, buf.length)).isInstanceOf(PacketFormatException.class)
                .hasMessage("AH header (payload length 7) too short: 24 bytes (expected at least 36)");
    }

    @Test
    void ipv6_setters_writeVersionClassFlowLabel() {
        byte[] buf = new byte[40];
        Ipv6Header ip = Ipv6Header.wrap(buf, 0).versionClassFlow(6, 0xB8, 0xABCDE).payloadLength(1000)
                .nextHeader(6).hopLimit(64);
        assertThat(Bytes.toHex(buf, 0, 8)).isEqualTo("6b8abcde03e80640");
        assertThat(ip.trafficClass()).isEqualTo(0xB8);
        assertThat(ip.flowLabel()).isEqualTo(0xABCDE);
        ip.trafficClass(0x01).flowLabel(0x12345);
        assertThat(Bytes.toHex(buf, 0, 4)).isEqualTo("60112345");
    }

    @Test
    void ipProtocol_isAnOpenEnumKeepingUnknownValues() {
        assertThat(IpProtocol.valueOf(6)).isSameAs(IpProtocol.TCP);
        assertThat(IpProtocol.valueOf(50).name()).isEqualTo("ESP");
        IpProtocol unknown = IpProtocol.valueOf(253);
        assertThat(unknown.value()).isEqualTo(253);
        assertThat(unknown.isKnown()).isFalse();
        assertThat(unknown.toString()).isEqualTo("UNKNOWN(253)");
        assertThat(IpProtocol.valueOf(44).isIpv6ExtensionHeader()).isTrue();
        assertThat(IpProtocol.valueOf(50).isIpv6ExtensionHeader()).isFalse();
        assertThat(IpProtocol.IPV6_NONXT.value()).isEqualTo(59);
    }
}
