package com.offloadnic.lso;

import com.offloadnic.testing.ExternalTools;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scapy's view of segment frames: it parses each, recomputes the IP and TCP checksums from scratch and says
 * whether ours match, and reports the fields the LSO rules govern. ESP frames (NULL encryption, no ICV) are
 * decrypted with scapy's SecurityAssociation first, UDP encapsulation stripped.
 */
final class ScapySegments {

    private static final String SCRIPT = """
            import sys
            from scapy.all import *
            from scapy.layers.ipsec import SecurityAssociation, ESP
            def check(p):
                ip = p[IP] if IP in p else p[IPv6]
                t = p[TCP]
                q = p.copy()
                if IP in q:
                    del q[IP].chksum
                    del q[IP].len
                else:
                    del q[IPv6].plen
                del q[TCP].chksum
                q = q.__class__(raw(q))
                r = {}
                if IP in p:
                    r["id"] = ip.id
                    r["len"] = ip.len
                    r["ipok"] = int(ip.chksum == q[IP].chksum and ip.len == q[IP].len)
                    r["ipopts"] = b"".join(raw(o) for o in ip.options).hex() or "-"
                else:
                    r["len"] = ip.plen
                    r["ipok"] = int(ip.plen == q[IPv6].plen)
                r["tcpok"] = int(t.chksum == q[TCP].chksum)
                r["seq"] = t.seq
                r["flags"] = int(t.flags)
                r["tcpopts"] = raw(t)[20:t.dataofs * 4].hex() or "-"
                r["payload"] = bytes(t.payload).hex() or "-"
                return r
            for line in sys.stdin:
                kind, h = line.split()
                b = bytes.fromhex(h)
                if kind == "plain":
                    r = check(Ether(b))
                else:
                    e = Ether(b)
                    ip = e[IP] if IP in e else e[IPv6]
                    o = ip.__class__(raw(ip))
                    if IP in e:
                        del o.chksum
                        del o.len
                        o = IP(raw(o))
                        outerok = int(o.chksum == ip.chksum and o.len == ip.len)
                    else:
                        del o.plen
                        o = IPv6(raw(o))
                        outerok = int(o.plen == ip.plen)
                    if UDP in e and e[UDP].dport == 4500:
                        r0 = {"udplen": e[UDP].len, "udpsum": e[UDP].chksum}
                        inner = raw(e[UDP].payload)
                        if IP in e:
                            ip2 = IP(raw(ip)[:ip.ihl * 4]); ip2.proto = 50; del ip2.len; del ip2.chksum
                            ip = IP(raw(ip2 / Raw(inner)))
                        else:
                            ip2 = IPv6(raw(ip)[:40]); ip2.nh = 50; del ip2.plen
                            ip = IPv6(raw(ip2 / Raw(inner)))
                    else:
                        r0 = {}
                        ip = ip.__class__(raw(ip))
                    spi = ip[ESP].spi
                    espseq = ip[ESP].seq
                    sa = SecurityAssociation(ESP, spi=spi, crypt_algo="NULL", crypt_key=None, auth_algo="NULL",
                                             auth_key=None)
                    r = check(Ether() / sa.decrypt(ip))
                    r.update(r0)
                    r["outerok"] = outerok
                    if IP in e:
                        r["outerid"] = e[IP].id
                    r["espseq"] = espseq
                print(" ".join("%s=%s" % kv for kv in r.items()))
            """;

    static List<Map<String, String>> describe(List<byte[]> frames, boolean esp) {
        StringBuilder in = new StringBuilder();
        for (byte[] f : frames) {
            in.append(esp ? "esp " : "plain ").append(HexFormat.of().formatHex(f)).append('\n');
        }
        String out = ExternalTools.runPython(SCRIPT, in.toString());
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String kv : line.split(" ")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            rows.add(m);
        }
        return rows;
    }

    private ScapySegments() {
    }
}
