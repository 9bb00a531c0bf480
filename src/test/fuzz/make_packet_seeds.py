#!/usr/bin/python3
"""Writes the seed corpus of PacketParsersFuzzTest: well-formed frames scapy builds (so the fuzzer starts deep in
every parser), plus the inputs the fuzzer found interesting, which are added beside them by hand.
Run from the repository root with Debian's python3 (scapy from python3-scapy)."""
import io, os, struct
from scapy.all import (Ether, Dot1Q, Dot1AD, IP, IPv6, TCP, UDP, ESP, AH, IPOption_RR, IPOption_NOP,
                       IPOption_LSRR, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, IPv6ExtHdrFragment,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrSegmentRouting, Raw, wrpcap, PcapWriter)

ROOT = "src/test/resources/com/offloadnic/packet/PacketParsersFuzzTestInputs"

def write(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(data))

esp = ESP(spi=0x1001, seq=1) / Raw(b"\x00" * 8 + b"payload!" + b"\x01\x02\x02\x04" + b"\x00" * 16)
frames = {
    "ipv4_tcp": Ether() / IP(src="192.0.2.1", dst="198.51.100.2") / TCP(sport=1, dport=2, options=[("MSS", 1460)]) / b"data",
    "vlan_ipv4_udp": Ether() / Dot1Q(vlan=5) / IP() / UDP(sport=3, dport=4) / (b"x" * 12),
    "qinq_ipv6_tcp": Ether() / Dot1AD(vlan=7) / Dot1Q(vlan=9) / IPv6() / TCP() / b"y",
    "ipv4_options_esp": Ether() / IP(options=[IPOption_RR(routers=["192.0.2.9"]), IPOption_NOP()], proto=50) / esp,
    "ipv4_lsrr_ah_tcp": Ether() / IP(options=[IPOption_LSRR(routers=["192.0.2.7", "192.0.2.8"])])
                        / AH(spi=0x2002, seq=3, icv=b"\x00" * 12) / TCP() / b"z",
    "ipv4_udp_esp_4500": Ether() / IP() / UDP(sport=4500, dport=4500) / esp,
    "ipv6_hbh_routing_frag_esp": Ether() / IPv6() / IPv6ExtHdrHopByHop() / IPv6ExtHdrRouting(addresses=["2001:db8::9"])
                                 / IPv6ExtHdrFragment() / IPv6ExtHdrDestOpt() / esp,
    "ipv6_srh_ah_udp": Ether() / IPv6() / IPv6ExtHdrSegmentRouting(addresses=["2001:db8::1", "2001:db8::2"])
                       / AH(spi=0x3003, seq=1, icv=b"\x00" * 16) / UDP() / (b"w" * 5),
    "ipv6_ah_esp": Ether() / IPv6() / AH(spi=0x4004, seq=2, icv=b"\x00" * 12, nh=50) / esp,
}
for name, pkt in frames.items():
    raw = bytes(pkt)
    write("ethernetFrameAndHeaderChain", name, raw)
    l3 = bytes(pkt.payload) if not pkt.haslayer(Dot1Q) and not pkt.haslayer(Dot1AD) else None
    ip_layer = pkt[IP] if pkt.haslayer(IP) else pkt[IPv6]
    write("ipPacket", name, b"\x00" + bytes(ip_layer))
    if pkt.haslayer(TCP):
        write("tcpHeader", name, bytes(pkt[TCP]))
    if pkt.haslayer(UDP):
        write("udpHeader", name, bytes(pkt[UDP]))
    if pkt.haslayer(AH):
        write("ahHeader", name, bytes(pkt[AH]))
write("ipPacket", "lso_v2_zero_length", b"\x01" + bytes(IP(len=0) / TCP() / (b"a" * 100)))
write("espPacket", "gcm_16", b"\x08\x10" + bytes(esp))
write("espPacket", "cbc_sha1", b"\x10\x0c" + bytes(ESP(spi=5, seq=9) / Raw(b"\x00" * 16 + b"p" * 14 + b"\x00\x04" + b"\x00" * 12)))

for endian, name in (("<", "le"), (">", "be")):
    for magic, unit in ((0xA1B2C3D4, "us"), (0xA1B23C4D, "ns")):
        out = io.BytesIO()
        out.write(struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 65535, 1))
        for i, pkt in enumerate(list(frames.values())[:3]):
            raw = bytes(pkt)
            out.write(struct.pack(endian + "IIII", 1700000000 + i, 5, len(raw), len(raw)))
            out.write(raw)
        write("pcapFile", f"{name}_{unit}", out.getvalue())
