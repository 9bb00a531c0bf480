# Encrypts receive test cases with scapy's SecurityAssociation (the independent oracle) and prints, per case,
# the wire frame and the frame a NIC must indicate after verifying and decrypting in place.
#
# stdin: {"cases":[{...}]}; each case describes one packet:
#   ipVersion 4|6, payload "tcp"|"udp"|"icmp", payloadLen, layers: [outermost ... innermost], each layer
#   {"proto":"ESP"|"AH", "mode":"transport"|"tunnel", "spi", "seq", "esnHigh" (or null), "crypt", "cryptKeyHex",
#    "auth", "authKeyHex", "icvLen", "udpEncap": bool}
# stdout: {"results":[{"frameHex","expectedHex","nextHeader","padLength"}]} in the same order.
import json
import socket
import struct
import sys

from scapy.all import Ether, IP, IPv6, TCP, UDP, ICMP, Raw, raw
from scapy.layers.inet import IPOption_Router_Alert, IPOption_RR
from scapy.layers.inet6 import IPv6ExtHdrHopByHop, RouterAlert, HBHOptUnknown
from scapy.layers.ipsec import SecurityAssociation, ESP, AH

SRC4, DST4 = "192.0.2.1", "198.51.100.2"
TSRC4, TDST4 = "203.0.113.1", "203.0.113.2"
SRC6, DST6 = "2001:db8::1", "2001:db8::2"
TSRC6, TDST6 = "2001:db8:1::1", "2001:db8:1::2"


def lcm(a, b):
    import math
    return a * b // math.gcd(a, b)


def inner_packet(case):
    body = bytes((i * 7 + 3) & 0xFF for i in range(case["payloadLen"]))
    ip = IP(src=SRC4, dst=DST4, id=0x1234) if case["ipVersion"] == 4 else IPv6(src=SRC6, dst=DST6)
    kind = case["payload"]
    if kind == "tcp":
        l4 = TCP(sport=40000, dport=443, seq=1000, flags="PA")
    elif kind == "udp":
        l4 = UDP(sport=40000, dport=53)
    else:
        l4 = ICMP(type=8) if case["ipVersion"] == 4 else UDP(sport=7, dport=7)
    if case.get("ipOptions"):
        # IPv4: router alert (immutable for AH) and a record route (mutable, zeroed for AH's ICV);
        # IPv6: a hop-by-hop header with router alert and a mutable option, ESP/AH inserted after it
        if case["ipVersion"] == 4:
            ip.options = [IPOption_Router_Alert(), IPOption_RR(routers=["10.0.0.1"])]
        else:
            ip = ip / IPv6ExtHdrHopByHop(options=[RouterAlert(), HBHOptUnknown(otype=0x3E, optdata=b"\x01\x02")])
    pkt = ip / l4 / Raw(body)
    return pkt.__class__(raw(pkt))


def make_sa(layer, ip_version):
    kwargs = {"spi": layer["spi"], "seq_num": layer["seq"]}
    if layer["proto"] == "ESP":
        kwargs["crypt_algo"] = layer["crypt"]
        kwargs["crypt_key"] = bytes.fromhex(layer["cryptKeyHex"])
        if layer["crypt"] in ("AES-GCM",):
            kwargs["crypt_icv_size"] = layer["icvLen"]
        if layer["auth"] != "NULL":
            kwargs["auth_algo"] = layer["auth"]
            kwargs["auth_key"] = bytes.fromhex(layer["authKeyHex"])
    else:
        kwargs["auth_algo"] = layer["auth"]
        kwargs["auth_key"] = bytes.fromhex(layer["authKeyHex"])
    if layer["mode"] == "tunnel":
        kwargs["tunnel_header"] = IP(src=TSRC4, dst=TDST4) if ip_version == 4 else IPv6(src=TSRC6, dst=TDST6)
    if layer.get("esnHigh") is not None:
        kwargs["esn_en"] = True
        kwargs["esn"] = layer["esnHigh"]
    proto = ESP if layer["proto"] == "ESP" else AH
    return SecurityAssociation(proto, **kwargs)


def ip_header_len(b):
    """Bytes before the ESP/AH header (or the upper layer): IPv4 with options, IPv6 with hop-by-hop."""
    if b[0] >> 4 == 4:
        return (b[0] & 0x0F) * 4
    n = 40
    if b[6] == 0:  # hop-by-hop
        n += (b[41] + 1) * 8
    return n


def insert_udp_encap(packet_bytes):
    """RFC 3948: put a UDP header (4500 -> 4500, checksum 0) between the IP header and ESP."""
    b = bytearray(packet_bytes)
    hl = ip_header_len(b)
    esp = bytes(b[hl:])
    udp = struct.pack("!HHHH", 4500, 4500, 8 + len(esp), 0)
    out = bytearray(b[:hl]) + udp + esp
    if out[0] >> 4 == 4:
        out[9] = socket.IPPROTO_UDP
        struct.pack_into("!H", out, 2, len(out))
        struct.pack_into("!H", out, 10, 0)
        out[10:12] = struct.pack("!H", checksum(bytes(out[:hl])))
    else:
        out[6] = socket.IPPROTO_UDP
        struct.pack_into("!H", out, 4, len(out) - 40)
    return bytes(out)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def protect(packet_bytes, expected_bytes, layer, ip_version, info):
    """Applies one layer; returns (wire bytes, bytes the NIC must indicate)."""
    sa = make_sa(layer, ip_version)
    pkt = IP(packet_bytes) if ip_version == 4 else IPv6(packet_bytes)
    seq = layer["seq"]
    out = raw(sa.encrypt(pkt, seq_num=seq if seq else None))
    if layer["proto"] == "AH":
        # AH neither encrypts nor changes the payload: the indicated frame is the wire frame, except that the
        # protected payload is what the NIC indicates for the layers inside it.
        hl = ip_header_len(out)
        ah_len = (out[hl + 1] + 2) * 4
        if layer["mode"] == "tunnel":
            expected = out[:hl + ah_len] + expected_bytes
        else:
            expected = out[:hl + ah_len] + expected_bytes[ip_header_len(expected_bytes):]
        return out, expected
    hl = ip_header_len(out)
    crypt = sa.crypt_algo
    iv_len = crypt.iv_size
    icv_len = len(out) - hl  # filled below
    icv_len = (sa.crypt_icv_size if crypt.name == "AES-GCM" else 0) + (sa.auth_algo.icv_size or 0)
    if layer["mode"] == "tunnel":
        plain = expected_bytes
        nh = 4 if ip_version == 4 else 41
    else:
        ehl = ip_header_len(expected_bytes)
        plain = expected_bytes[ehl:]
        if ip_version == 4:
            nh = packet_bytes[9]
        else:
            nh = packet_bytes[40] if packet_bytes[6] == 0 else packet_bytes[6]  # after a hop-by-hop header
    align = lcm(crypt.block_size, 4)
    pad_len = -(len(plain) + 2) % align
    trailer = bytes(range(1, pad_len + 1)) + bytes([pad_len, nh])
    start = hl + 8 + iv_len
    assert len(out) == start + len(plain) + len(trailer) + icv_len, (len(out), start, len(plain), len(trailer), icv_len)
    expected = out[:start] + plain + trailer + out[len(out) - icv_len:]
    info.setdefault("nextHeader", nh)
    info.setdefault("padLength", pad_len)
    if layer.get("udpEncap"):
        out = insert_udp_encap(out)
        expected = insert_udp_encap(expected)
    return out, expected


def ether(b, ip_version):
    eth = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02", type=0x0800 if ip_version == 4 else 0x86DD)
    return raw(eth) + b


results = []
for case in json.load(sys.stdin)["cases"]:
    v = case["ipVersion"]
    wire = raw(inner_packet(case))
    expected = wire
    info = {}
    # innermost first, so that the outermost layer wraps everything
    for layer in reversed(case["layers"]):
        wire, expected = protect(wire, expected, layer, v, info)
    results.append({"frameHex": ether(wire, v).hex(), "expectedHex": ether(expected, v).hex(),
                    "nextHeader": info.get("nextHeader"), "padLength": info.get("padLength")})
json.dump({"results": results}, sys.stdout)
