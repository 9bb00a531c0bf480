package com.offloadnic.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.testing.ExternalTools;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** scapy builds packets (computing lengths and checksums); our views must read every field the same. */
class ScapyPacketOracleTest {

    private static final String SCRIPT = """
            import random
            from scapy.all import *
            from scapy.layers.ipsec import zero_mutable_fields
            random.seed(5)
            def out(name, p, **fields):
                raw = bytes(p)
                print(name, raw.hex(), " ".join("%s=%s" % (k, v) for k, v in fields.items()))
            payload = bytes(range(37))
            p = Ether(raw(Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")/Dot1Q(vlan=100, prio=5)
                  /IP(src="192.0.2.1", dst="198.51.100.7", id=0x1234, flags="DF", ttl=33, tos=0xb9,
                      options=[IPOption_Router_Alert(), IPOption_NOP(), IPOption_NOP(), IPOption_NOP(), IPOption_NOP()])
                  /TCP(sport=49152, dport=443, seq=0xdeadbeef, ack=0x01020304, flags="PAEC", window=1234, urgptr=0,
                       options=[("MSS", 1460), ("NOP", None), ("WScale", 7), ("SAckOK", b""), ("Timestamp", (1, 2))])
                  /payload))
            out("v4tcp", p, vlan=p[Dot1Q].vlan, prio=p[Dot1Q].prio, ihl=p[IP].ihl, tos=p[IP].tos, len=p[IP].len,
                id=p[IP].id, df=int(bool(p[IP].flags.DF)), ttl=p[IP].ttl, ipsum=p[IP].chksum,
                sport=p[TCP].sport, dport=p[TCP].dport, seq=p[TCP].seq, ack=p[TCP].ack, dataofs=p[TCP].dataofs,
                flags=int(p[TCP].flags), window=p[TCP].window, tcpsum=p[TCP].chksum)
            p = Ether(raw(Ether()/IPv6(src="2001:db8::1", dst="2001:db8::2", tc=0x28, fl=0x12345, hlim=7)
                  /IPv6ExtHdrHopByHop(options=[RouterAlert()])/IPv6ExtHdrRouting(addresses=["2001:db8::9"])
                  /IPv6ExtHdrFragment(id=99)/IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\\0\\0\\0\\0")])
                  /TCP(sport=1, dport=2, seq=5, flags="A", options=[("NOP", None), ("NOP", None), ("Timestamp", (7, 8))])
                  /payload))
            out("v6ext", p, tc=p[IPv6].tc, fl=p[IPv6].fl, hlim=p[IPv6].hlim, plen=p[IPv6].plen,
                tcpoff=len(raw(Ether())) + len(raw(p[IPv6])) - len(raw(p[TCP])), tcpsum=p[TCP].chksum,
                seq=p[TCP].seq, dataofs=p[TCP].dataofs)
            for n in range(6):
                data = bytes(random.getrandbits(8) for _ in range(random.randint(0, 60)))
                p = Ether(raw(Ether()/IP(src="10.1.2.3", dst="10.9.8.7")/UDP(sport=1000 + n, dport=53)/data))
                out("v4udp", p, udpsum=p[UDP].chksum, ipsum=p[IP].chksum)
                p = Ether(raw(Ether()/IPv6(src="fe80::1", dst="ff02::1")/UDP(sport=1000 + n, dport=53)/data))
                out("v6udp", p, udpsum=p[UDP].chksum)
                p = Ether(raw(Ether()/IPv6(src="fe80::1", dst="fe80::2")/TCP(sport=n, dport=80, flags="S")/data))
                out("v6tcp", p, tcpsum=p[TCP].chksum)
            p = Ether(raw(Ether()/IP(src="10.0.0.1", dst="10.0.0.2")/ESP(spi=0x1001, seq=77)/Raw(b"\\xaa" * 20)))
            out("v4esp", p, spi=p[ESP].spi, seq=p[ESP].seq)
            ah = IP(src="10.0.0.1", dst="10.0.0.2", tos=0x10, ttl=9, flags="DF",
                    options=[IPOption_Router_Alert(), IPOption_NOP(), IPOption_RR(routers=["1.2.3.4"]), IPOption_EOL()]) \\
                 /AH(spi=0x2002, seq=3, icv=b"\\x11" * 12, nh=6, payloadlen=4)/TCP(sport=7, dport=8)/b"hi"
            ah = IP(raw(ah))
            norm = zero_mutable_fields(ah.copy(), sending=True)
            iplen = ah.ihl * 4
            out("v4ah", Ether()/ah, spi=ah[AH].spi, seq=ah[AH].seq, ahlen=ah[AH].payloadlen, nh=ah[AH].nh,
                norm=raw(norm)[:iplen].hex())
            ah6 = IPv6(src="2001:db8::1", dst="2001:db8::2", tc=3, fl=4, hlim=5) \\
                  /IPv6ExtHdrHopByHop(options=[RouterAlert(), PadN(otype=0x3e, optdata=b"\\x01\\x02")]) \\
                  /AH(spi=0x3003, seq=4, icv=b"\\x22" * 12, nh=6, payloadlen=4)/TCP()
            ah6 = IPv6(raw(ah6))
            norm = zero_mutable_fields(ah6.copy(), sending=True)
            hdrs = len(raw(ah6)) - len(raw(ah6[AH]))
            out("v6ah", Ether()/ah6, spi=ah6[AH].spi, ahoff=hdrs, norm=raw(norm)[:hdrs].hex())
            """;

    private static final Map<String, java.util.List<Row>> ROWS = new HashMap<>();

    record Row(byte[] frame, Map<String, String> fields) {
        long num(String key) {
            return Long.parseLong(fields.get(key));
        }
    }

    @BeforeAll
    static void runScapy() {
        String output = ExternalTools.runPython(SCRIPT, "");
        for (String line : output.strip().split("\n")) {
            String[] parts = line.split(" ");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 2; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            ROWS.computeIfAbsent(parts[0], k -> new java.util.ArrayList<>())
                    .add(new Row(HexFormat.of().parseHex(parts[1]), fields));
        }
    }

    @Test
    void ipv4WithOptionsVlanAndTcpOptions_readsAsScapyBuiltIt() {
        Row row = ROWS.get("v4tcp").get(0);
        byte[] f = row.frame();
        EthernetFrame eth = EthernetFrame.parse(f, 0, f.length);
        assertThat(eth.vlanTags()).hasSize(1);
        assertThat(eth.vlanTags().get(0).vlanId()).isEqualTo(row.num("vlan"));
        assertThat(eth.vlanTags().get(0).priority()).isEqualTo(row.num("prio"));
        IpPacket pkt = IpPacket.parse(f, eth.l3Offset(), eth.l3Length());
        Ipv4Header ip = Ipv4Header.parse(f, eth.l3Offset(), eth.l3Length());
        assertThat(ip.ihl()).isEqualTo(row.num("ihl"));
        assertThat(pkt.hasOptions()).isTrue();
        assertThat(ip.tos()).isEqualTo(row.num("tos"));
        assertThat(ip.dscp()).isEqualTo(row.num("tos") >> 2);
        assertThat(ip.ecn()).isEqualTo(1);
        assertThat(ip.totalLength()).isEqualTo(row.num("len"));
        assertThat(ip.identification()).isEqualTo(row.num("id"));
        assertThat(ip.dontFragment()).isEqualTo(row.num("df") == 1);
        assertThat(ip.ttl()).isEqualTo(row.num("ttl"));
        assertThat(ip.headerChecksum()).isEqualTo(row.num("ipsum"));
        assertThat(ip.computeHeaderChecksum()).isEqualTo(row.num("ipsum"));
        TcpHeader tcp = TcpHeader.parse(f, pkt.protocolOffset(), pkt.upperLayerLength());
        assertThat(tcp.sourcePort()).isEqualTo(row.num("sport"));
        assertThat(tcp.destinationPort()).isEqualTo(row.num("dport"));
        assertThat(tcp.sequenceNumber()).isEqualTo(row.num("seq"));
        assertThat(tcp.acknowledgmentNumber()).isEqualTo(row.num("ack"));
        assertThat(tcp.dataOffset()).isEqualTo(row.num("dataofs"));
        assertThat(tcp.flags()).isEqualTo(row.num("flags"));
        assertThat(tcp.psh() && tcp.ack() && tcp.ece() && tcp.cwr()).isTrue();
        assertThat(tcp.window()).isEqualTo(row.num("window"));
        assertThat(tcp.checksum()).isEqualTo(row.num("tcpsum"));
        assertThat(transportChecksum(f, pkt, TcpHeader.CHECKSUM)).isEqualTo(row.num("tcpsum"));
    }

    @Test
    void ipv6WithExtensionHeaders_readsAsScapyBuiltIt() {
        Row row = ROWS.get("v6ext").get(0);
        byte[] f = row.frame();
        EthernetFrame eth = EthernetFrame.parse(f, 0, f.length);
        IpPacket pkt = IpPacket.parse(f, eth.l3Offset(), eth.l3Length());
        Ipv6Header ip = Ipv6Header.parse(f, eth.l3Offset(), eth.l3Length());
        assertThat(ip.trafficClass()).isEqualTo(row.num("tc"));
        assertThat(ip.flowLabel()).isEqualTo(row.num("fl"));
        assertThat(ip.hopLimit()).isEqualTo(row.num("hlim"));
        assertThat(ip.payloadLength()).isEqualTo(row.num("plen"));
        assertThat(pkt.chain().headers()).extracting(ExtensionHeader::type).containsExactly(0, 43, 44, 60);
        assertThat(pkt.fragment()).isTrue();
        assertThat(pkt.protocol()).isEqualTo(6);
        assertThat(pkt.protocolOffset()).isEqualTo(row.num("tcpoff"));
        TcpHeader tcp = TcpHeader.parse(f, pkt.protocolOffset(), pkt.upperLayerLength());
        assertThat(tcp.sequenceNumber()).isEqualTo(row.num("seq"));
        assertThat(tcp.dataOffset()).isEqualTo(row.num("dataofs"));
        assertThat(tcp.checksum()).isEqualTo(row.num("tcpsum"));
        // the pseudo-header destination is the routing header's final address (RFC 8200 section 8.1)
        assertThat(pkt.pseudoHeaderDestinationOffset(f)).isNotEqualTo(pkt.destinationOffset());
        assertThat(transportChecksum(f, pkt, TcpHeader.CHECKSUM)).isEqualTo(row.num("tcpsum"));
    }

    @Test
    void udpAndTcpChecksums_agreeWithScapy() {
        for (String kind : new String[] {"v4udp", "v6udp", "v6tcp"}) {
            for (Row row : ROWS.get(kind)) {
                byte[] f = row.frame();
                EthernetFrame eth = EthernetFrame.parse(f, 0, f.length);
                IpPacket pkt = IpPacket.parse(f, eth.l3Offset(), eth.l3Length());
                String key = kind.endsWith("udp") ? "udpsum" : "tcpsum";
                int field = kind.endsWith("udp") ? UdpHeader.CHECKSUM : TcpHeader.CHECKSUM;
                assertThat(transportChecksum(f, pkt, field)).as(kind + " " + Bytes.toHex(f)).isEqualTo(row.num(key));
                if (kind.equals("v4udp")) {
                    assertThat(Ipv4Header.wrap(f, eth.l3Offset()).computeHeaderChecksum()).isEqualTo(row.num("ipsum"));
                }
            }
        }
    }

    @Test
    void espAndAhHeaders_readAsScapyBuiltThem() {
        Row esp = ROWS.get("v4esp").get(0);
        IpPacket pkt = IpPacket.parse(esp.frame(), 14, esp.frame().length - 14);
        EspHeader h = EspHeader.wrap(esp.frame(), pkt.protocolOffset());
        assertThat(h.spi()).isEqualTo(esp.num("spi"));
        assertThat(h.sequenceNumber()).isEqualTo(esp.num("seq"));

        Row ah = ROWS.get("v4ah").get(0);
        IpPacket ahPkt = IpPacket.parse(ah.frame(), 14, ah.frame().length - 14);
        int ahOffset = ahPkt.firstIpsecHeaderOffset();
        AhHeader a = AhHeader.parse(ah.frame(), ahOffset, ahPkt.end() - ahOffset);
        assertThat(a.spi()).isEqualTo(ah.num("spi"));
        assertThat(a.sequenceNumber()).isEqualTo(ah.num("seq"));
        assertThat(a.payloadLength()).isEqualTo(ah.num("ahlen"));
        assertThat(a.nextHeader()).isEqualTo(ah.num("nh"));
        assertThat(a.icvLength()).isEqualTo(12);
        assertThat(ahPkt.protocol()).isEqualTo(6);
    }

    @Test
    void ahNormalization_matchesScapyZeroMutableFields() {
        Row ah = ROWS.get("v4ah").get(0);
        IpPacket pkt = IpPacket.parse(ah.frame(), 14, ah.frame().length - 14);
        byte[] ours = AhMutableFields.normalizedCopy(ah.frame(), 14, pkt.firstIpsecHeaderOffset());
        assertThat(Bytes.toHex(ours)).isEqualTo(ah.fields().get("norm"));

        Row ah6 = ROWS.get("v6ah").get(0);
        int ahOffset = 14 + (int) ah6.num("ahoff");
        IpPacket pkt6 = IpPacket.parse(ah6.frame(), 14, ah6.frame().length - 14);
        assertThat(pkt6.firstIpsecHeaderOffset()).isEqualTo(ahOffset);
        byte[] ours6 = AhMutableFields.normalizedCopy(ah6.frame(), 14, ahOffset);
        assertThat(Bytes.toHex(ours6)).isEqualTo(ah6.fields().get("norm"));
    }

    private static int transportChecksum(byte[] f, IpPacket pkt, int field) {
        int offset = pkt.protocolOffset();
        int length = pkt.upperLayerLength();
        int sum = pkt.version() == 4
                ? Checksums.ipv4PseudoHeaderSum(f, pkt.sourceOffset(), pkt.destinationOffset(), pkt.protocol(), length)
                : Checksums.ipv6PseudoHeaderSum(f, pkt.sourceOffset(), pkt.pseudoHeaderDestinationOffset(f),
                        pkt.protocol(), length);
        sum = Checksums.sum(f, offset, field, sum);
        sum = Checksums.sum(f, offset + field + 2, length - field - 2, sum);
        int value = Checksums.finish(sum);
        return pkt.protocol() == 17 && value == 0 ? 0xFFFF : value;
    }
}
