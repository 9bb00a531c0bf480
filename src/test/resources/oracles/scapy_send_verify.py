# Independent check of frames an OffloadNIC transmitted: scapy's SecurityAssociation verifies every ICV and
# decrypts every ESP/AH layer, outermost first, then the upper-layer payload must be what the transport framed.
# stdin: JSON list of cases; stdout: JSON list of {"id", "ok", "error"}.
import json, sys, traceback
from scapy.all import Ether, IP, IPv6, UDP, Raw, raw
from scapy.layers.ipsec import SecurityAssociation, ESP, AH

def strip_udp(ip):
    """RFC 3948 framing check, then the same packet without the UDP header (scapy mis-frames UDP-ESP in IPv6)."""
    udp = ip[UDP]
    udp_bytes = raw(udp)
    if udp.len != len(udp_bytes):
        raise AssertionError("UDP length %d, datagram is %d bytes" % (udp.len, len(udp_bytes)))
    if ip.version == 4:
        if udp.chksum != 0:
            raise AssertionError("UDP checksum %#x, RFC 3948 wants 0 over IPv4" % udp.chksum)
    else:
        check = ip.copy()
        check[UDP].chksum = None
        expected = IPv6(raw(check))[UDP].chksum
        if udp.chksum != expected:
            raise AssertionError("UDP checksum %#x, expected %#x" % (udp.chksum, expected))
    esp = bytes(udp.payload)
    if ip.version == 4:
        outer = IP(raw(ip))
        under = outer[UDP].underlayer
        under.remove_payload()
        if isinstance(under, IP):
            under.proto = 50
        else:
            under.nh = 50
        outer.len = None
        outer.chksum = None
        return IP(raw(outer / Raw(esp)))
    outer = IPv6(raw(ip))
    under = outer[UDP].underlayer
    under.remove_payload()
    under.nh = 50
    outer.plen = None
    return IPv6(raw(outer / Raw(esp)))

def run(case):
    frame = Ether(bytes.fromhex(case["frame"]))
    pkt = frame.payload
    pkt = pkt.__class__(raw(pkt))
    for layer in case["layers"]:
        sas = layer["sas"]
        for i, s in enumerate(sas):
            last = i == len(sas) - 1
            kw = {}
            if layer["role"] == "tunnel" and last:
                kw["tunnel_header"] = IP() if pkt.version == 4 else IPv6()
            if s["esn"]:
                kw["esn_en"] = True
                kw["esn"] = s["high"]
            if s["proto"] == "ESP":
                if layer["udp"]:
                    pkt = strip_udp(pkt)
                sa = SecurityAssociation(ESP, spi=s["spi"], crypt_algo=s["crypt"],
                                         crypt_key=bytes.fromhex(s["ckey"]),
                                         auth_algo=s["auth"], auth_key=bytes.fromhex(s["akey"]) if s["akey"] else None,
                                         **kw)
            else:
                sa = SecurityAssociation(AH, spi=s["spi"], auth_algo=s["auth"], auth_key=bytes.fromhex(s["akey"]),
                                         **kw)
            pkt = sa.decrypt(pkt)
            # scapy does not bind AH next header 4 to IP: re-dissect by the version nibble
            b = raw(pkt)
            pkt = IP(b) if b[0] >> 4 == 4 else IPv6(b)
    upper = bytes(pkt.payload)
    if upper != bytes.fromhex(case["upper"]):
        raise AssertionError("payload differs: %s" % upper.hex())
    if (pkt.proto if pkt.version == 4 else pkt.nh) != 17:
        raise AssertionError("next header %s, expected 17" % (pkt.proto if pkt.version == 4 else pkt.nh))

results = []
for case in json.load(sys.stdin):
    try:
        run(case)
        results.append({"id": case["id"], "ok": True, "error": None})
    except Exception as e:
        results.append({"id": case["id"], "ok": False, "error": "%s: %s" % (type(e).__name__, e)})
json.dump(results, sys.stdout)
