package com.offloadnic.api;

import com.offloadnic.api.NdisOffloadJson.Checksum;
import com.offloadnic.api.NdisOffloadJson.ChecksumIpv4;
import com.offloadnic.api.NdisOffloadJson.ChecksumIpv6;
import com.offloadnic.api.NdisOffloadJson.Emulation;
import com.offloadnic.api.NdisOffloadJson.IpsecV1;
import com.offloadnic.api.NdisOffloadJson.IpsecV1Ah;
import com.offloadnic.api.NdisOffloadJson.IpsecV1Esp;
import com.offloadnic.api.NdisOffloadJson.IpsecV1Supported;
import com.offloadnic.api.NdisOffloadJson.IpsecV2;
import com.offloadnic.api.NdisOffloadJson.LsoV1Ipv4;
import com.offloadnic.api.NdisOffloadJson.LsoV2Ipv4;
import com.offloadnic.api.NdisOffloadJson.LsoV2Ipv6;
import com.offloadnic.api.NdisOffloadJson.Offload;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.nic.ChecksumOffload;
import com.offloadnic.nic.Encapsulation;
import com.offloadnic.nic.IpsecOffloadV1;
import com.offloadnic.nic.IpsecOffloadV2;
import com.offloadnic.nic.LsoV1;
import com.offloadnic.nic.LsoV2;
import com.offloadnic.nic.NdisOffload;
import com.offloadnic.nic.OffloadFlag;
import com.offloadnic.nic.UdpEspEncapsulationType;
import com.offloadnic.nic.UdpEspV1Flag;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** NDIS_OFFLOAD between its JSON shape and the domain records. */
final class NdisOffloadMapper {

    private NdisOffloadMapper() {
    }

    static Offload toJson(NdisOffload o) {
        IpsecOffloadV2 v2 = o.ipsecOffloadV2();
        return new Offload(checksum(o.checksum()), lsoV1(o.lsoV1()), lsoV2(o.lsoV2()),
                o.ipsecOffloadV1() == null ? null : ipsecV1(o.ipsecOffloadV1()),
                v2 == null ? null : ipsecV2(v2),
                List.copyOf(o.flags()),
                v2 == null ? null : new Emulation(List.copyOf(v2.gcmIcvLengths())));
    }

    private static Checksum checksum(ChecksumOffload c) {
        return new Checksum(v4(c.ipv4Transmit()), v4(c.ipv4Receive()), v6(c.ipv6Transmit()), v6(c.ipv6Receive()));
    }

    private static ChecksumIpv4 v4(ChecksumOffload.Ipv4 c) {
        return new ChecksumIpv4(List.copyOf(c.encapsulation()), c.ipOptionsSupported(), c.tcpOptionsSupported(),
                c.tcpChecksum(), c.udpChecksum(), c.ipChecksum());
    }

    private static ChecksumIpv6 v6(ChecksumOffload.Ipv6 c) {
        return new ChecksumIpv6(List.copyOf(c.encapsulation()), c.ipExtensionHeadersSupported(),
                c.tcpOptionsSupported(), c.tcpChecksum(), c.udpChecksum());
    }

    private static NdisOffloadJson.LsoV1 lsoV1(LsoV1 l) {
        LsoV1.Ipv4 i = l.ipv4();
        return new NdisOffloadJson.LsoV1(new LsoV1Ipv4(List.copyOf(i.encapsulation()), i.maxOffLoadSize(),
                i.minSegmentCount(), i.tcpOptions(), i.ipOptions()));
    }

    private static NdisOffloadJson.LsoV2 lsoV2(LsoV2 l) {
        return new NdisOffloadJson.LsoV2(
                new LsoV2Ipv4(List.copyOf(l.ipv4().encapsulation()), l.ipv4().maxOffLoadSize(),
                        l.ipv4().minSegmentCount()),
                new LsoV2Ipv6(List.copyOf(l.ipv6().encapsulation()), l.ipv6().maxOffLoadSize(),
                        l.ipv6().minSegmentCount(), l.ipv6().ipExtensionHeadersSupported(),
                        l.ipv6().tcpOptionsSupported()));
    }

    private static IpsecV1 ipsecV1(IpsecOffloadV1 v) {
        IpsecOffloadV1.Supported s = v.supported();
        IpsecOffloadV1.Ipv4Ah a = v.ipv4Ah();
        IpsecOffloadV1.Ipv4Esp e = v.ipv4Esp();
        return new IpsecV1(
                new IpsecV1Supported(List.copyOf(s.encapsulation()), s.ahEspCombined(), s.transportTunnelCombined(),
                        s.ipv4Options(), List.copyOf(s.flags())),
                new IpsecV1Ah(a.md5(), a.sha1(), a.transport(), a.tunnel(), a.send(), a.receive()),
                new IpsecV1Esp(e.des(), e.tripleDes(), e.nullEsp(), e.transport(), e.tunnel(), e.send(), e.receive()));
    }

    private static IpsecV2 ipsecV2(IpsecOffloadV2 v) {
        return new IpsecV2(List.copyOf(v.encapsulation()), v.ipv6Supported(), v.ipv4Options(),
                v.ipv6NonIpsecExtensionHeaders(), v.ah(), v.esp(), v.ahEspCombined(), v.transport(), v.tunnel(),
                v.transportTunnelCombined(), v.lsoSupported(), v.extendedSequenceNumbers(), List.copyOf(v.udpEsp()),
                v.authenticationAlgorithms().stream().map(IntegrityAlgorithm::ndisName).toList(),
                v.encryptionAlgorithms().stream().map(EncryptionAlgorithm::ndisName).toList(),
                v.saOffloadCapacity());
    }

    /**
     * The capabilities a creation request asks for: each member given replaces the default's, each member left
     * out keeps it. Whether the result stays within the default is the domain's check.
     */
    static NdisOffload merge(Offload req, NdisOffload def) {
        if (req == null) {
            return def;
        }
        String p = "/capabilities";
        if (req.ipsecOffloadV1() != null && def.ipsecOffloadV1() == null) {
            throw ApiException.invalidField(p + "/ipsecOffloadV1",
                    p + "/ipsecOffloadV1: only NDIS 6.0 adapters have IPsec offload v1; use ipsecOffloadV2");
        }
        if (req.ipsecOffloadV2() != null && def.ipsecOffloadV2() == null) {
            throw ApiException.invalidField(p + "/ipsecOffloadV2",
                    p + "/ipsecOffloadV2: NDIS 6.0 adapters have IPsec offload v1; use ipsecOffloadV1");
        }
        if (req.emulation() != null && def.ipsecOffloadV2() == null) {
            throw ApiException.invalidField(p + "/emulation",
                    p + "/emulation: gcmIcvLengths applies to IPsec offload v2 adapters only");
        }
        ChecksumOffload checksum = mergeChecksum(req.checksum(), def.checksum(), p + "/checksum");
        LsoV1 lsoV1 = mergeLsoV1(req.lsoV1(), def.lsoV1(), p + "/lsoV1");
        LsoV2 lsoV2 = mergeLsoV2(req.lsoV2(), def.lsoV2(), p + "/lsoV2");
        IpsecOffloadV1 v1 = def.ipsecOffloadV1() == null ? null
                : mergeIpsecV1(req.ipsecOffloadV1(), def.ipsecOffloadV1(), p + "/ipsecOffloadV1");
        IpsecOffloadV2 v2 = def.ipsecOffloadV2() == null ? null
                : mergeIpsecV2(req.ipsecOffloadV2(), req.emulation(), def.ipsecOffloadV2(), p);
        Set<OffloadFlag> flags = req.flags() == null ? def.flags()
                : enumSet(req.flags(), p + "/flags", OffloadFlag.class);
        return new NdisOffload(checksum, lsoV1, v1, lsoV2, v2, flags);
    }

    private static ChecksumOffload mergeChecksum(Checksum r, ChecksumOffload d, String p) {
        if (r == null) {
            return d;
        }
        return new ChecksumOffload(v4(r.ipv4Transmit(), d.ipv4Transmit(), p + "/ipv4Transmit"),
                v4(r.ipv4Receive(), d.ipv4Receive(), p + "/ipv4Receive"),
                v6(r.ipv6Transmit(), d.ipv6Transmit(), p + "/ipv6Transmit"),
                v6(r.ipv6Receive(), d.ipv6Receive(), p + "/ipv6Receive"));
    }

    private static ChecksumOffload.Ipv4 v4(ChecksumIpv4 r, ChecksumOffload.Ipv4 d, String p) {
        if (r == null) {
            return d;
        }
        return new ChecksumOffload.Ipv4(encaps(r.encapsulation(), d.encapsulation(), p),
                or(r.ipOptionsSupported(), d.ipOptionsSupported()), or(r.tcpOptionsSupported(), d.tcpOptionsSupported()),
                or(r.tcpChecksum(), d.tcpChecksum()), or(r.udpChecksum(), d.udpChecksum()),
                or(r.ipChecksum(), d.ipChecksum()));
    }

    private static ChecksumOffload.Ipv6 v6(ChecksumIpv6 r, ChecksumOffload.Ipv6 d, String p) {
        if (r == null) {
            return d;
        }
        return new ChecksumOffload.Ipv6(encaps(r.encapsulation(), d.encapsulation(), p),
                or(r.ipExtensionHeadersSupported(), d.ipExtensionHeadersSupported()),
                or(r.tcpOptionsSupported(), d.tcpOptionsSupported()), or(r.tcpChecksum(), d.tcpChecksum()),
                or(r.udpChecksum(), d.udpChecksum()));
    }

    private static LsoV1 mergeLsoV1(NdisOffloadJson.LsoV1 r, LsoV1 d, String p) {
        if (r == null || r.ipv4() == null) {
            return d;
        }
        LsoV1Ipv4 i = r.ipv4();
        LsoV1.Ipv4 di = d.ipv4();
        Set<Encapsulation> enc = encaps(i.encapsulation(), di.encapsulation(), p + "/ipv4");
        if (enc.isEmpty()) {
            return LsoV1.NONE;
        }
        return new LsoV1(new LsoV1.Ipv4(enc, or(i.maxOffLoadSize(), di.maxOffLoadSize()),
                or(i.minSegmentCount(), di.minSegmentCount()), or(i.tcpOptions(), di.tcpOptions()),
                or(i.ipOptions(), di.ipOptions())));
    }

    private static LsoV2 mergeLsoV2(NdisOffloadJson.LsoV2 r, LsoV2 d, String p) {
        if (r == null) {
            return d;
        }
        LsoV2.Ipv4 v4 = d.ipv4();
        if (r.ipv4() != null) {
            Set<Encapsulation> enc = encaps(r.ipv4().encapsulation(), v4.encapsulation(), p + "/ipv4");
            v4 = enc.isEmpty() ? new LsoV2.Ipv4(Set.of(), 0, 0) : new LsoV2.Ipv4(enc,
                    or(r.ipv4().maxOffLoadSize(), v4.maxOffLoadSize()), or(r.ipv4().minSegmentCount(), v4.minSegmentCount()));
        }
        LsoV2.Ipv6 v6 = d.ipv6();
        if (r.ipv6() != null) {
            LsoV2Ipv6 q = r.ipv6();
            Set<Encapsulation> enc = encaps(q.encapsulation(), v6.encapsulation(), p + "/ipv6");
            v6 = enc.isEmpty() ? new LsoV2.Ipv6(Set.of(), 0, 0, false, false) : new LsoV2.Ipv6(enc,
                    or(q.maxOffLoadSize(), v6.maxOffLoadSize()), or(q.minSegmentCount(), v6.minSegmentCount()),
                    or(q.ipExtensionHeadersSupported(), v6.ipExtensionHeadersSupported()),
                    or(q.tcpOptionsSupported(), v6.tcpOptionsSupported()));
        }
        return new LsoV2(v4, v6);
    }

    private static IpsecOffloadV1 mergeIpsecV1(IpsecV1 r, IpsecOffloadV1 d, String p) {
        if (r == null) {
            return d;
        }
        IpsecOffloadV1.Supported s = d.supported();
        if (r.supported() != null) {
            IpsecV1Supported q = r.supported();
            s = new IpsecOffloadV1.Supported(encaps(q.encapsulation(), s.encapsulation(), p + "/supported"),
                    or(q.ahEspCombined(), s.ahEspCombined()), or(q.transportTunnelCombined(), s.transportTunnelCombined()),
                    or(q.ipv4Options(), s.ipv4Options()),
                    q.flags() == null ? s.flags() : enumSet(q.flags(), p + "/supported/flags",
                            UdpEspV1Flag.class));
        }
        IpsecOffloadV1.Ipv4Ah a = d.ipv4Ah();
        if (r.ipv4Ah() != null) {
            IpsecV1Ah q = r.ipv4Ah();
            a = new IpsecOffloadV1.Ipv4Ah(or(q.md5(), a.md5()), or(q.sha1(), a.sha1()), or(q.transport(), a.transport()),
                    or(q.tunnel(), a.tunnel()), or(q.send(), a.send()), or(q.receive(), a.receive()));
        }
        IpsecOffloadV1.Ipv4Esp e = d.ipv4Esp();
        if (r.ipv4Esp() != null) {
            IpsecV1Esp q = r.ipv4Esp();
            e = new IpsecOffloadV1.Ipv4Esp(or(q.des(), e.des()), or(q.tripleDes(), e.tripleDes()),
                    or(q.nullEsp(), e.nullEsp()), or(q.transport(), e.transport()), or(q.tunnel(), e.tunnel()),
                    or(q.send(), e.send()), or(q.receive(), e.receive()));
        }
        return new IpsecOffloadV1(s, a, e);
    }

    private static IpsecOffloadV2 mergeIpsecV2(IpsecV2 r, Emulation em, IpsecOffloadV2 d, String base) {
        TreeSet<Integer> icv = new TreeSet<>(d.gcmIcvLengths());
        if (em != null && em.gcmIcvLengths() != null) {
            icv = new TreeSet<>(noNulls(em.gcmIcvLengths(), base + "/emulation/gcmIcvLengths"));
        }
        if (r == null) {
            return new IpsecOffloadV2(d.encapsulation(), d.ipv6Supported(), d.ipv4Options(),
                    d.ipv6NonIpsecExtensionHeaders(), d.ah(), d.esp(), d.ahEspCombined(), d.transport(), d.tunnel(),
                    d.transportTunnelCombined(), d.lsoSupported(), d.extendedSequenceNumbers(), d.udpEsp(),
                    d.authenticationAlgorithms(), d.encryptionAlgorithms(), icv, d.saOffloadCapacity());
        }
        String p = base + "/ipsecOffloadV2";
        return new IpsecOffloadV2(encaps(r.encapsulation(), d.encapsulation(), p),
                or(r.ipv6Supported(), d.ipv6Supported()), or(r.ipv4Options(), d.ipv4Options()),
                or(r.ipv6NonIpsecExtensionHeaders(), d.ipv6NonIpsecExtensionHeaders()), or(r.ah(), d.ah()),
                or(r.esp(), d.esp()), or(r.ahEspCombined(), d.ahEspCombined()), or(r.transport(), d.transport()),
                or(r.tunnel(), d.tunnel()), or(r.transportTunnelCombined(), d.transportTunnelCombined()),
                or(r.lsoSupported(), d.lsoSupported()), or(r.extendedSequenceNumbers(), d.extendedSequenceNumbers()),
                r.udpEsp() == null ? d.udpEsp()
                        : enumSet(r.udpEsp(), p + "/udpEsp", UdpEspEncapsulationType.class),
                r.authenticationAlgorithms() == null ? d.authenticationAlgorithms()
                        : algorithms(r.authenticationAlgorithms(), p + "/authenticationAlgorithms",
                        IntegrityAlgorithm.class, n -> IntegrityAlgorithm.fromNdisName(n).orElse(null)),
                r.encryptionAlgorithms() == null ? d.encryptionAlgorithms()
                        : algorithms(r.encryptionAlgorithms(), p + "/encryptionAlgorithms",
                        EncryptionAlgorithm.class, n -> EncryptionAlgorithm.fromNdisName(n).orElse(null)),
                icv,
                or(r.saOffloadCapacity(), d.saOffloadCapacity()));
    }

    private static <E extends Enum<E>> Set<E> algorithms(List<String> names, String p, Class<E> type,
                                                         Function<String, E> lookup) {
        EnumSet<E> set = EnumSet.noneOf(type);
        for (int i = 0; i < names.size(); i++) {
            E e = names.get(i) == null ? null : lookup.apply(names.get(i));
            if (e == null) {
                throw ApiException.invalidField(p + "/" + i, p + "/" + i + ": '" + names.get(i)
                        + "' is not an NDIS algorithm identifier of this kind");
            }
            set.add(e);
        }
        return set;
    }

    private static Set<Encapsulation> encaps(List<Encapsulation> requested, Set<Encapsulation> def, String p) {
        return requested == null ? def : enumSet(requested, p + "/encapsulation", Encapsulation.class);
    }

    private static <E extends Enum<E>> Set<E> enumSet(List<E> values, String p, Class<E> type) {
        EnumSet<E> set = EnumSet.noneOf(type);
        set.addAll(noNulls(values, p));
        return set;
    }

    private static <T> List<T> noNulls(List<T> values, String p) {
        List<T> out = new ArrayList<>(values.size());
        Set<T> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw ApiException.invalidField(p + "/" + i, p + "/" + i + ": must not be null");
            }
            if (!seen.add(values.get(i))) {
                throw ApiException.invalidField(p + "/" + i, p + "/" + i + ": duplicate " + values.get(i));
            }
            out.add(values.get(i));
        }
        return out;
    }

    private static boolean or(Boolean requested, boolean def) {
        return requested != null ? requested : def;
    }

    private static int or(Integer requested, int def) {
        return requested != null ? requested : def;
    }
}
