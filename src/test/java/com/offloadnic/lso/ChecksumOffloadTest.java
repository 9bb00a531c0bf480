package com.offloadnic.lso;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.TcpHeader;
import com.offloadnic.packet.UdpHeader;
import com.offloadnic.testing.ExternalTools;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChecksumOffloadTest {

    /** scapy builds frames with garbage checksums; we fix them; scapy recomputes and compares. */
    @Test
    void apply_ipTcpAndUdpChecksums_agreeWithScapy() {
        String frames = ExternalTools.runPython("""
                from scapy.all import *
                data = bytes(range(77))
                for p in [Ether()/IP(src="10.0.0.1", dst="10.0.0.2", chksum=0xdead, options=[IPOption_NOP()] * 4)
                              /TCP(sport=1, dport=2, chksum=0xbeef, options=[("MSS", 1400)])/data,
                          Ether()/Dot1Q(vlan=5)/IP(src="10.0.0.1", dst="10.0.0.2", chksum=1)/UDP(sport=3, dport=4, chksum=7)/data,
                          Ether()/IPv6(src="2001:db8::1", dst="2001:db8::2")/TCP(chksum=5)/data[:10],
                          Ether()/IPv6(src="2001:db8::1", dst="2001:db8::2")/IPv6ExtHdrDestOpt()/UDP(chksum=9)/data[:3]]:
                    print(raw(p).hex())
                """, "");
        StringBuilder fixed = new StringBuilder();
        String[] lines = frames.strip().split("\n");
        ChecksumRequest[] requests = {
            new ChecksumRequest(true, false, true, true, false, 14 + 24),
            new ChecksumRequest(true, false, true, false, true, 18 + 20),
            new ChecksumRequest(false, true, false, true, false, 14 + 40),
            new ChecksumRequest(false, true, false, false, true, 0),
        };
        for (int i = 0; i < lines.length; i++) {
            byte[] f = HexFormat.of().parseHex(lines[i]);
            assertThat(ChecksumOffload.apply(f, 0, f.length, requests[i])).as("frame %d", i).isEmpty();
            fixed.append(HexFormat.of().formatHex(f)).append('\n');
        }
        String verdict = ExternalTools.runPython("""
                import sys
                from scapy.all import *
                for line in sys.stdin:
                    p = Ether(bytes.fromhex(line.strip()))
                    q = p.copy()
                    ok = []
                    if IP in q:
                        del q[IP].chksum
                    for l in (TCP, UDP):
                        if l in q:
                            del q[l].chksum
                    q = Ether(raw(q))
                    if IP in p:
                        ok.append(p[IP].chksum == q[IP].chksum)
                    for l in (TCP, UDP):
                        if l in p:
                            ok.append(p[l].chksum == q[l].chksum)
                    print(int(all(ok)))
                """, fixed.toString());
        assertThat(verdict.strip().split("\n")).containsExactly("1", "1", "1", "1");
    }

    static byte[] v4Udp() {
        byte[] f = new byte[14 + 20 + 8 + 4];
        f[12] = 0x08;
        Ipv4Header.wrap(f, 14).versionAndIhl(4, 5).totalLength(32).ttl(1).protocol(17)
                .source(new byte[] {10, 0, 0, 1}).destination(new byte[] {10, 0, 0, 2});
        UdpHeader.wrap(f, 34).sourcePort(1).destinationPort(2).length(12);
        return f;
    }

    @Test
    void apply_udpSumOfZero_isSentAsFfff() {
        byte[] f = v4Udp();
        // choose payload so the checksum comes out as 0: compute once, then put its value in the payload
        ChecksumRequest udp = new ChecksumRequest(true, false, false, false, true, 34);
        ChecksumOffload.apply(f, 0, f.length, udp);
        int c = UdpHeader.wrap(f, 34).checksum();
        f[42] = (byte) (c >>> 8);
        f[43] = (byte) c;
        assertThat(ChecksumOffload.apply(f, 0, f.length, udp)).isEmpty();
        assertThat(UdpHeader.wrap(f, 34).checksum()).isEqualTo(0xFFFF);
    }

    @Test
    void apply_requestDisagreeingWithPacket_failsWithReasonAndWritesNothing() {
        byte[] f = v4Udp();
        byte[] before = f.clone();
        record Case(ChecksumRequest request, OffloadFailureReason reason) {
        }
        for (Case c : List.of(
                new Case(new ChecksumRequest(false, true, false, false, true, 0),
                        OffloadFailureReason.IP_VERSION_MISMATCH),
                new Case(new ChecksumRequest(true, true, false, false, true, 0),
                        OffloadFailureReason.CHECKSUM_REQUEST_INVALID),
                new Case(new ChecksumRequest(true, false, true, true, false, 0), OffloadFailureReason.NOT_TCP),
                new Case(new ChecksumRequest(true, false, true, false, true, 30),
                        OffloadFailureReason.TCP_HEADER_OFFSET_MISMATCH))) {
            Optional<OffloadFailure> r = ChecksumOffload.apply(f, 0, f.length, c.request());
            assertThat(r).get().extracting(OffloadFailure::reason).isEqualTo(c.reason());
            assertThat(f).isEqualTo(before);
        }
        Optional<OffloadFailure> truncated = ChecksumOffload.apply(f, 0, 40,
                new ChecksumRequest(true, false, true, false, true, 0));
        assertThat(truncated).get().extracting(OffloadFailure::reason).isEqualTo(OffloadFailureReason.MALFORMED_FRAME);
    }

    @Test
    void transportChecksum_ignoresTheCurrentFieldValue() {
        byte[] f = v4Udp();
        int a = ChecksumOffload.transportChecksum(f, 4, 26, 30, 17, 34, 12, 34 + UdpHeader.CHECKSUM);
        UdpHeader.wrap(f, 34).checksum(0x1234);
        int b = ChecksumOffload.transportChecksum(f, 4, 26, 30, 17, 34, 12, 34 + UdpHeader.CHECKSUM);
        assertThat(a).isEqualTo(b);
        assertThat(TcpHeader.CHECKSUM).isEqualTo(16);
    }
}
