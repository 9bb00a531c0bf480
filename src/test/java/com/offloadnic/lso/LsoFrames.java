package com.offloadnic.lso;

import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.Checksums;
import com.offloadnic.packet.IpPacket;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.Ipv6Header;
import com.offloadnic.packet.TcpHeader;
import java.io.ByteArrayOutputStream;

/** Builds large-send template frames the way a TCP/IP transport hands them to the NIC. */
final class LsoFrames {

    static final byte[] V4_SRC = {(byte) 192, 0, 2, 1};
    static final byte[] V4_DST = {(byte) 198, 51, 100, 2};
    static final byte[] V6_SRC = bytes16(0x20, 0x01, 0x0d, 0xb8, 1);
    static final byte[] V6_DST = bytes16(0x20, 0x01, 0x0d, 0xb8, 2);
    static final long SEQ = 0xFFFF_F000L;

    /** Mutable description of a template; defaults give plain IPv4/TCP. */
    static final class Spec {
        int ipVersion = 4;
        LsoType type = LsoType.V2;
        int payloadLength = 4000;
        byte[] ipOptions = new byte[0];
        byte[] ipv6ExtensionHeaders = new byte[0];
        int firstExtensionType = 6;
        byte[] tcpOptions = new byte[0];
        int identification = 0x1000;
        int tcpFlags = TcpHeader.ACK | TcpHeader.PSH | TcpHeader.FIN | TcpHeader.CWR;
        boolean vlan = true;
        /** LSO + ESP: bytes between IP and TCP (UDP encapsulation, ESP header, IV room); protocol for IP. */
        byte[] between = new byte[0];
        int ipProtocol = 6;
        int trailingPad = 0;
        Integer explicitIpLength;

        int l3Offset() {
            return vlan ? 18 : 14;
        }

        int tcpHeaderOffset() {
            return l3Offset() + (ipVersion == 4 ? 20 + ipOptions.length : 40 + ipv6ExtensionHeaders.length)
                    + between.length;
        }
    }

    static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 7 + i / 256);
        }
        return p;
    }

    static byte[] build(Spec s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        if (s.vlan) {
            out.writeBytes(new byte[] {(byte) 0x81, 0, 0x20, 0x64});
        }
        out.writeBytes(s.ipVersion == 4 ? new byte[] {8, 0} : new byte[] {(byte) 0x86, (byte) 0xdd});
        int l3 = out.size();
        int ipHeader = s.ipVersion == 4 ? 20 + s.ipOptions.length : 40 + s.ipv6ExtensionHeaders.length;
        out.writeBytes(new byte[ipHeader]);
        out.writeBytes(s.between);
        int tcp = out.size();
        out.writeBytes(new byte[20 + s.tcpOptions.length]);
        out.writeBytes(payload(s.payloadLength));
        for (int i = 0; i < s.trailingPad; i++) {
            out.write(0xA0 + i);
        }
        byte[] f = out.toByteArray();
        int ipLength = f.length - l3;
        int pseudo;
        if (s.ipVersion == 4) {
            Ipv4Header ip = Ipv4Header.wrap(f, l3).versionAndIhl(4, 5 + s.ipOptions.length / 4).tos(0x10)
                    .totalLength(s.explicitIpLength != null ? s.explicitIpLength : s.type == LsoType.V1 ? ipLength : 0)
                    .identification(s.identification).flagsAndFragmentOffset(Ipv4Header.FLAG_DF).ttl(64)
                    .protocol(s.ipProtocol).source(V4_SRC).destination(V4_DST);
            System.arraycopy(s.ipOptions, 0, f, l3 + 20, s.ipOptions.length);
            ip.updateHeaderChecksum();
            pseudo = Checksums.ipv4PseudoHeaderSum(f, ip.sourceOffset(), ip.destinationOffset(), 6, 0);
        } else {
            Ipv6Header ip = Ipv6Header.wrap(f, l3).versionClassFlow(6, 0, 0x12345)
                    .payloadLength(s.explicitIpLength != null ? s.explicitIpLength : 0)
                    .nextHeader(s.ipv6ExtensionHeaders.length > 0 ? s.firstExtensionType : s.ipProtocol)
                    .hopLimit(64).source(V6_SRC).destination(V6_DST);
            System.arraycopy(s.ipv6ExtensionHeaders, 0, f, l3 + 40, s.ipv6ExtensionHeaders.length);
            // RFC 8200 section 8.1: with a routing header the pseudo-header names the final destination
            int destination = IpPacket.parse(f, l3, f.length - l3, true).pseudoHeaderDestinationOffset(f);
            pseudo = Checksums.ipv6PseudoHeaderSum(f, ip.sourceOffset(), destination, 6, 0);
        }
        TcpHeader.wrap(f, tcp).sourcePort(49152).destinationPort(443).sequenceNumber(SEQ)
                .acknowledgmentNumber(0x11223344L).dataOffset(5 + s.tcpOptions.length / 4).flags(s.tcpFlags)
                .window(65000).checksum(pseudo).urgentPointer(0);
        System.arraycopy(s.tcpOptions, 0, f, tcp + 20, s.tcpOptions.length);
        return f;
    }

    static int u16(byte[] b, int off) {
        return BigEndian.getU16(b, off);
    }

    private static byte[] bytes16(int a, int b, int c, int d, int last) {
        byte[] x = new byte[16];
        x[0] = (byte) a;
        x[1] = (byte) b;
        x[2] = (byte) c;
        x[3] = (byte) d;
        x[15] = (byte) last;
        return x;
    }

    private LsoFrames() {
    }
}
