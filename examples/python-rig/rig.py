#!/usr/bin/python3
"""A small OffloadNIC rig: two linked NICs, real ESP both ways, checked with scapy.

    OFFLOADNIC_URL=http://localhost:8080 OFFLOADNIC_TOKEN=<tenant token> /usr/bin/python3 rig.py

What it does, in order (each step is one function below):
  1. creates NIC A and NIC B (NDIS 6.30) and links their wires;
  2. offloads an AES-GCM-128 SA: outbound on A, inbound on B (same SPI and key), plus a second inbound SA on B
     for frames scapy encrypts itself;
  3. sends one large TCP packet through A as an LSO + ESP NET_BUFFER_LIST (or, with --plain-esp, one ESP
     packet) and checks every transmitted segment with scapy: decrypts, TCP payload, checksums, sequence numbers;
  4. polls B's receive indications: every segment arrived decrypted in place with CRYPTO_SUCCESS;
  5. injects a scapy-encrypted frame (and a tampered copy) into B and asserts the NDIS receive flags;
  6. asks A to corrupt the ICV of its next transmitted frame (fault injection) and sees
     CRYPTO_TRANSPORT_ESP_AUTH_FAILED on B;
  7. downloads A's transmit capture as pcap, with the ESP SA for Wireshark (see the README).

Needs Debian's python3-requests and python3-scapy. Exits non-zero on the first failed check.
"""

import argparse
import base64
import os
import struct
import sys

import requests
from scapy.layers.inet import IP, TCP
from scapy.layers.ipsec import ESP, SecurityAssociation
from scapy.layers.l2 import Ether
from scapy.packet import Raw

A_IP, B_IP = "10.0.0.1", "10.0.0.2"
A_MAC, B_MAC = "02:00:00:00:00:0a", "02:00:00:00:00:0b"
SPI_A_TO_B = 0x1001  # A sends over it, B receives over it
SPI_SCAPY_TO_B = 0x2002  # frames scapy encrypts and the rig injects into B
GCM = "IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_128"
ICV = 16  # AES-GCM ICV length in bytes
IV = 8  # AES-GCM IV length in bytes (RFC 4106)
MSS = 1000


class Check(Exception):
    """A rig assertion that failed."""


def check(condition, message):
    if not condition:
        raise Check(message)


class OffloadNic:
    """The HTTP calls the rig makes, one method per endpoint. Problems (4xx/5xx) raise with their detail."""

    def __init__(self, base_url, token):
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        self.http.headers["Authorization"] = "Bearer " + token

    def _call(self, method, path, expect, **kwargs):
        r = self.http.request(method, self.base + path, timeout=60, **kwargs)
        if r.status_code != expect:
            raise Check(f"{method} {path} answered {r.status_code} (expected {expect}): {r.text}")
        return r

    def create_nic(self, name, mac):
        body = {"name": name, "ndisVersion": "6.30", "macAddress": mac}
        return self._call("POST", "/v1/nics", 201, json=body).json()["nicId"]

    def delete_nic(self, nic):
        self._call("DELETE", f"/v1/nics/{nic}", 204)

    def enable_lso_v2(self, nic):
        """OID_TCP_OFFLOAD_PARAMETERS: LSOv2 for IPv4 on (a NIC starts with LSO off)."""
        self._call("POST", f"/v1/nics/{nic}/oids/tcp-offload-parameters", 200,
                   json={"lsoV2Ipv4": "NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED"})

    def link(self, nic, peer):
        self._call("PUT", f"/v1/nics/{nic}/link", 200, json={"peerNicId": peer})

    def add_sa_ex(self, nic, bundle):
        """OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA_EX: returns the offload handle."""
        r = self._call("POST", f"/v1/nics/{nic}/oids/tcp-task-ipsec-offload-v2-add-sa-ex", 200, json=bundle).json()
        check(r["status"] == "NDIS_STATUS_SUCCESS", f"ADD_SA_EX failed: {r}")
        return r["offloadHandle"]

    def send(self, nic, nbls):
        body = {"netBufferLists": nbls, "returnFrames": True}
        return self._call("POST", f"/v1/nics/{nic}/send", 200, json=body).json()["completions"]

    def receive(self, nic, frames):
        body = {"frames": [{"data": b64(f)} for f in frames]}
        return self._call("POST", f"/v1/nics/{nic}/receive", 202, json=body).json()

    def poll(self, nic, cursor, count):
        """Long-polls until `count` indications after `cursor` arrived; returns them and the next cursor."""
        seen = []
        while len(seen) < count:
            r = self._call("GET", f"/v1/nics/{nic}/receive-indications", 200,
                           params={"cursor": cursor, "timeoutMs": 10000}).json()
            check(r["indications"], f"no indication within 10 s (have {len(seen)} of {count})")
            check(r["dropped"] == 0, f"the receive ring dropped {r['dropped']} frames")
            seen += r["indications"]
            cursor = r["nextCursor"]
        return seen, cursor

    def set_faults(self, nic, plan):
        return self._call("PUT", f"/v1/nics/{nic}/emulation/faults", 200, json=plan).json()

    def statistics(self, nic):
        return self._call("GET", f"/v1/nics/{nic}/statistics", 200).json()

    def capture_pcap(self, nic):
        return self._call("GET", f"/v1/nics/{nic}/capture.pcap", 200).content


def b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def gcm_bundle(spi, key, inbound):
    """An IPSEC_OFFLOAD_V2_ADD_SA_EX bundle: one ESP entry, AES-GCM-128 (16-byte key + 4-byte salt)."""
    return {
        "inbound": inbound,
        "ipVersion": 4,
        "sourceAddress": A_IP,
        "destinationAddress": B_IP,
        "secAssoc": [{
            "operation": "IPsecOffloadV2Esp",
            "spi": spi,
            "encryptionAlgorithm": {"identifier": GCM, "keyLength": len(key), "additionalInfo": ICV},
        }],
        "keyData": b64(key),
    }


def scapy_sa(spi, key):
    """The same SA in scapy: AES-GCM takes the key with its salt, as RFC 4106 keying material."""
    return SecurityAssociation(ESP, spi=spi, crypt_algo="AES-GCM", crypt_key=key, auth_algo="NULL")


def tcp_segment(payload, seq):
    """TCP header + payload with the checksum over the plaintext pseudo-header, as the transport computes it."""
    pkt = IP(src=A_IP, dst=B_IP) / TCP(sport=40000, dport=5001, seq=seq, flags="PA") / Raw(payload)
    return bytes(pkt)[20:]


def pseudo_header_sum(src, dst):
    """The length-less IPv4 pseudo-header sum a transport puts in the TCP checksum field for LSO (not inverted)."""
    words = struct.unpack("!4H", bytes(map(int, src.split("."))) + bytes(map(int, dst.split("."))))
    s = sum(words) + 6
    while s > 0xFFFF:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def ethernet(ip_bytes):
    return bytes(Ether(src=A_MAC, dst=B_MAC, type=0x0800)) + ip_bytes


def ipv4(payload_len, total=None):
    ip = IP(src=A_IP, dst=B_IP, proto=50, ttl=64, id=0x100, flags="DF",
            len=total if total is not None else 20 + payload_len)
    return bytes(ip)


def plain_esp_nbl(handle, payload, esp_seq):
    """One ESP packet framed for offload: ESP header, IV room, TCP, padding, pad length, next header, ICV room."""
    tcp = tcp_segment(payload, 1)
    pad = (-(len(tcp) + 2)) % 4
    esp = struct.pack("!II", SPI_A_TO_B, esp_seq) + bytes(IV) + tcp + bytes(range(1, pad + 1)) \
        + bytes([pad, 6]) + bytes(ICV)
    frame = ethernet(ipv4(len(esp)) + esp)
    nbl = {
        "netBuffers": [{"data": b64(frame)}],
        "ipsecOffloadV2": {"offloadHandle": handle},
        "ipsecOffloadV2Header": {"nextHeader": 6, "padLength": pad, "ahHeaderOffset": 0, "espHeaderOffset": 5},
    }
    return nbl, [payload]


def lso_esp_nbl(handle, payload, esp_seq):
    """A large TCP packet for LSOv2 + ESP: ESP header and IV room, no ESP trailer, the pseudo-header sum in the
    TCP checksum; the NIC cuts it into MSS-sized segments, each with its own ESP header, IV, trailer and ICV."""
    tcp = bytes(TCP(sport=40000, dport=5001, seq=1, flags="PA", chksum=pseudo_header_sum(A_IP, B_IP))) + payload
    esp = struct.pack("!II", SPI_A_TO_B, esp_seq) + bytes(IV) + tcp
    frame = ethernet(ipv4(len(esp), total=0) + esp)  # LSOv2: total length 0 in the template
    nbl = {
        "netBuffers": [{"data": b64(frame)}],
        "ipsecOffloadV2": {"offloadHandle": handle},
        "ipsecOffloadV2Header": {"nextHeader": 6, "padLength": 0, "ahHeaderOffset": 0, "espHeaderOffset": 5},
        "tcpLargeSendOffload": {"type": "NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE", "mss": MSS,
                                "tcpHeaderOffset": 14 + 20 + 8 + IV, "ipVersion": 4},
    }
    segments = [payload[i:i + MSS] for i in range(0, len(payload), MSS)]
    return nbl, segments


def indicated_payload(indication, length):
    """TCP payload of an indicated frame. The NIC decrypts in place: the frame keeps its Ethernet, IP and ESP
    headers and IV, with the plaintext TCP segment where the ciphertext was (and the trailer and ICV after it)."""
    data = base64.b64decode(indication["data"])
    tcp = 14 + 20 + 8 + IV
    tcp_header = (data[tcp + 12] >> 4) * 4
    return data[tcp + tcp_header:tcp + tcp_header + length]


def verify_segments(transmitted, segments, sa, first_seq):
    """scapy decrypts every transmitted frame; payload, checksums and ESP sequence numbers must be exact."""
    check(len(transmitted) == len(segments), f"{len(transmitted)} frames transmitted, expected {len(segments)}")
    tcp_seq = 1
    for i, (t, expected) in enumerate(zip(transmitted, segments)):
        frame = Ether(base64.b64decode(t["data"]))
        esp = frame[IP][ESP]
        check(esp.spi == SPI_A_TO_B, f"segment {i}: SPI {esp.spi:#x}")
        check(esp.seq == first_seq + i, f"segment {i}: ESP sequence number {esp.seq}, expected {first_seq + i}")
        check(int(t["espSequenceNumber"]) == esp.seq, f"segment {i}: completion reports {t['espSequenceNumber']}")
        ip_checksum = frame[IP].chksum
        del frame[IP].chksum
        check(Ether(bytes(frame))[IP].chksum == ip_checksum, f"segment {i}: bad IPv4 header checksum")
        plain = sa.decrypt(frame[IP])  # raises if the ICV does not verify
        tcp = plain[TCP]
        check(bytes(tcp.payload) == expected, f"segment {i}: TCP payload differs after decryption")
        check(tcp.seq == tcp_seq, f"segment {i}: TCP sequence number {tcp.seq}, expected {tcp_seq}")
        last = i == len(segments) - 1
        check(("P" in str(tcp.flags)) == last, f"segment {i}: PSH is {tcp.flags} (only the last segment has it)")
        tcp_checksum = tcp.chksum
        del plain[TCP].chksum
        check(IP(bytes(plain))[TCP].chksum == tcp_checksum, f"segment {i}: bad TCP checksum")
        tcp_seq += len(expected)
    print(f"  scapy decrypted {len(segments)} frame(s): payload, checksums and ESP sequence numbers exact")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=os.environ.get("OFFLOADNIC_URL", "http://localhost:8080"))
    parser.add_argument("--token", default=os.environ.get("OFFLOADNIC_TOKEN"))
    parser.add_argument("--out", default=".", help="where capture-a.pcap and esp_sa go")
    parser.add_argument("--plain-esp", action="store_true", help="send one ESP packet instead of LSO + ESP")
    args = parser.parse_args()
    if not args.token:
        parser.error("a tenant token is needed: --token or OFFLOADNIC_TOKEN")
    api = OffloadNic(args.url, args.token)

    # 1. two NICs, wire to wire
    a = api.create_nic("rig-a", A_MAC)
    b = api.create_nic("rig-b", B_MAC)
    try:
        api.link(a, b)
        if not args.plain_esp:
            api.enable_lso_v2(a)
        print(f"1. NIC A {a} linked to NIC B {b}")

        # 2. SAs: A -> B over SPI 0x1001; scapy -> B over SPI 0x2002
        key_ab, key_scapy = os.urandom(20), os.urandom(20)
        out_a = api.add_sa_ex(a, gcm_bundle(SPI_A_TO_B, key_ab, inbound=False))
        api.add_sa_ex(b, gcm_bundle(SPI_A_TO_B, key_ab, inbound=True))
        api.add_sa_ex(b, gcm_bundle(SPI_SCAPY_TO_B, key_scapy, inbound=True))
        print(f"2. SAs offloaded (A outbound handle {out_a})")

        # 3. send through A, check each frame on A's wire with scapy
        payload = bytes((i * 7) & 0xFF for i in range(2500))
        build = plain_esp_nbl if args.plain_esp else lso_esp_nbl
        nbl, segments = build(out_a, payload[:300] if args.plain_esp else payload, 1)
        completion = api.send(a, [nbl])[0]
        check(completion["status"] == "NDIS_STATUS_SUCCESS", f"send failed: {completion}")
        print(f"3. {'ESP' if args.plain_esp else 'LSO + ESP'} send: NDIS_STATUS_SUCCESS, "
              f"{len(completion['transmitted'])} frame(s) on the wire")
        verify_segments(completion["transmitted"], segments, scapy_sa(SPI_A_TO_B, key_ab), 1)

        # 4. B indicated them, decrypted in place
        indications, cursor = api.poll(b, 0, len(segments))
        for i, ind in enumerate(indications):
            info = ind["ipsecOffloadV2"]
            check(info["cryptoDone"] == 1 and info["cryptoStatus"] == "CRYPTO_SUCCESS", f"B indication {i}: {info}")
            check(indicated_payload(ind, len(segments[i])) == segments[i], f"B indication {i}: plaintext differs")
        print(f"4. B indicated {len(indications)} frame(s): cryptoDone=1, CRYPTO_SUCCESS, plaintext exact")

        # 5. a frame scapy encrypted, and a tampered copy, injected into B
        inner = IP(src=A_IP, dst=B_IP) / TCP(sport=40001, dport=5001, flags="PA") / Raw(b"hello from scapy")
        encrypted = scapy_sa(SPI_SCAPY_TO_B, key_scapy).encrypt(inner, seq_num=1)
        frame = bytes(Ether(src=A_MAC, dst=B_MAC) / encrypted)
        tampered = frame[:-1] + bytes([frame[-1] ^ 1])
        api.receive(b, [frame, tampered])
        (good, bad), cursor = api.poll(b, cursor, 2)
        check(good["ipsecOffloadV2"] == {"cryptoDone": 1, "nextCryptoDone": 0, "cryptoStatus": "CRYPTO_SUCCESS",
                                          "saDeleteReq": 0}, f"scapy frame: {good['ipsecOffloadV2']}")
        header = good["ipsecOffloadV2Header"]
        check(header["headerInfoSet"] == 1 and header["nextHeader"] == 6, f"scapy frame header info: {header}")
        check(indicated_payload(good, 16) == b"hello from scapy", "scapy frame: plaintext differs")
        check(bad["ipsecOffloadV2"]["cryptoStatus"] == "CRYPTO_TRANSPORT_ESP_AUTH_FAILED",
              f"tampered frame: {bad['ipsecOffloadV2']}")
        print("5. scapy frame: CRYPTO_SUCCESS, headerInfoSet=1, nextHeader=6; tampered copy: "
              "CRYPTO_TRANSPORT_ESP_AUTH_FAILED")

        # 6. fault injection: A corrupts the ICV of its next transmitted frame
        api.set_faults(a, {"corruptTransmitIcv": {"next": 1}})
        next_seq = 1 + len(segments)
        nbl, one = plain_esp_nbl(out_a, b"after the fault", next_seq)
        check(api.send(a, [nbl])[0]["status"] == "NDIS_STATUS_SUCCESS", "send after the fault plan")
        (spoiled,), cursor = api.poll(b, cursor, 1)
        check(spoiled["ipsecOffloadV2"]["cryptoStatus"] == "CRYPTO_TRANSPORT_ESP_AUTH_FAILED",
              f"after corruptTransmitIcv: {spoiled['ipsecOffloadV2']}")
        injected = api.statistics(a)["emulation"]["faultsInjected"]
        check(injected["txIcvCorrupted"] == 1, f"faults counted: {injected}")
        print("6. corruptTransmitIcv: B saw CRYPTO_TRANSPORT_ESP_AUTH_FAILED; A counts txIcvCorrupted=1")

        # 7. A's wire as pcap, with what Wireshark needs to decrypt it
        os.makedirs(args.out, exist_ok=True)
        pcap = os.path.join(args.out, "capture-a.pcap")
        with open(pcap, "wb") as f:
            f.write(api.capture_pcap(a))
        esp_sa = os.path.join(args.out, "esp_sa")
        with open(esp_sa, "w") as f:  # Wireshark's ESP SA table (UAT) file, one SA per line
            f.write(f'"IPv4","{A_IP}","{B_IP}","{SPI_A_TO_B:#x}","AES-GCM with 16 octet ICV [RFC4106]",'
                    f'"0x{key_ab.hex()}","NULL",""\n')
        print(f"7. capture: {pcap}; Wireshark ESP SA: {esp_sa}")
        print("rig passed")
    finally:
        for nic in (a, b):
            api.delete_nic(nic)


if __name__ == "__main__":
    try:
        main()
    except Check as failure:
        print(f"rig FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
