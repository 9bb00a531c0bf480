#!/usr/bin/python3
"""The peers a rig would use without OffloadNIC, on the same packets as the service benchmark.

1. scapy's SecurityAssociation: ESP transport, AES-GCM-256 (RFC 4106, 36-byte key with salt), sealing a
   1400-byte IPv4 packet (TCP, 1326 bytes of payload) per call, as a rig would build frames.
2. A bare python3-cryptography AES-GCM-256 loop: the same 1348 encrypted bytes and 8-byte AAD per call, a fresh
   nonce each time, no framing at all.

Each runs single-threaded for the given seconds and prints one JSON object {name: frames_per_second}.
Usage: bench/peers.py [seconds]
"""
import json
import struct
import sys
import time

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from scapy.layers.inet import IP, TCP
from scapy.layers.ipsec import ESP, SecurityAssociation
from scapy.packet import Raw

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
KEY = bytes(range(0x40, 0x40 + 36))  # same key material as BenchFrames.keyMaterial()
MSS = 1326


def timed(fn):
    fn()  # warm-up
    n = 0
    start = time.perf_counter()
    end = start + SECONDS
    while time.perf_counter() < end:
        for _ in range(16):
            fn()
        n += 16
    return n / (time.perf_counter() - start)


def scapy_rate():
    sa = SecurityAssociation(ESP, spi=0x1000, crypt_algo='AES-GCM', crypt_key=KEY)
    pkt = IP(src='192.168.1.10', dst='192.168.1.20') / TCP(sport=12345, dport=80, flags='PA') / Raw(bytes(MSS))
    out = sa.encrypt(pkt)
    if len(out) != 1400:
        raise SystemExit('scapy built %d bytes, expected 1400' % len(out))
    return timed(lambda: sa.encrypt(pkt))


def bare_rate():
    aead = AESGCM(KEY[:32])
    salt = KEY[32:]
    plaintext = bytes(1348)
    seq = [1]

    def one():
        seq[0] += 1
        iv = struct.pack('>Q', seq[0])
        aead.encrypt(salt + iv, plaintext, struct.pack('>II', 0x1000, seq[0] & 0xFFFFFFFF))
    return timed(one)


print(json.dumps({
    'scapy SecurityAssociation (ESP AES-GCM-256)': round(scapy_rate()),
    'bare python3-cryptography AES-GCM-256 loop': round(bare_rate()),
}))
