package com.offloadnic.nic;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;

import java.util.EnumSet;
import java.util.Set;

/** NDIS_IPSEC_OFFLOAD_V1 (NDIS 6.0), as hardware capabilities or current configuration. ULONG flags are booleans. */
public record IpsecOffloadV1(Supported supported, Ipv4Ah ipv4Ah, Ipv4Esp ipv4Esp) {

    /** Supported. */
    public record Supported(Set<Encapsulation> encapsulation, boolean ahEspCombined, boolean transportTunnelCombined,
                            boolean ipv4Options, Set<UdpEspV1Flag> flags) {
        public Supported {
            encapsulation = Capabilities.immutable(encapsulation, Encapsulation.class);
            flags = Capabilities.immutable(flags, UdpEspV1Flag.class);
        }

        static final Supported NONE = new Supported(Set.of(), false, false, false, Set.of());
    }

    /** IPv4AH: the HMACs also authenticate ESP. */
    public record Ipv4Ah(boolean md5, boolean sha1, boolean transport, boolean tunnel, boolean send, boolean receive) {
        static final Ipv4Ah NONE = new Ipv4Ah(false, false, false, false, false, false);

        boolean usable() {
            return (md5 || sha1) && (transport || tunnel) && (send || receive);
        }
    }

    /** IPv4ESP. */
    public record Ipv4Esp(boolean des, boolean tripleDes, boolean nullEsp, boolean transport, boolean tunnel,
                          boolean send, boolean receive) {
        static final Ipv4Esp NONE = new Ipv4Esp(false, false, false, false, false, false, false);

        boolean usable() {
            return (des || tripleDes || nullEsp) && (transport || tunnel) && (send || receive);
        }
    }

    public static final IpsecOffloadV1 NONE = new IpsecOffloadV1(Supported.NONE, Ipv4Ah.NONE, Ipv4Esp.NONE);

    public static IpsecOffloadV1 fullFeatured() {
        return new IpsecOffloadV1(
                new Supported(EnumSet.of(Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3,
                        Encapsulation.NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q), true, true, true,
                        EnumSet.allOf(UdpEspV1Flag.class)),
                new Ipv4Ah(true, true, true, true, true, true),
                new Ipv4Esp(true, true, true, true, true, true, true));
    }

    /** AH offload is possible with these capabilities. */
    public boolean ahUsable() {
        return !supported.encapsulation().isEmpty() && ipv4Ah.usable();
    }

    /** ESP offload is possible with these capabilities. */
    public boolean espUsable() {
        return !supported.encapsulation().isEmpty() && ipv4Esp.usable();
    }

    public boolean enabled() {
        return ahUsable() || espUsable();
    }

    /** The v1 confidentiality algorithms offered. */
    public Set<EncryptionAlgorithm> encryptionAlgorithms() {
        EnumSet<EncryptionAlgorithm> set = EnumSet.noneOf(EncryptionAlgorithm.class);
        if (ipv4Esp.des()) {
            set.add(EncryptionAlgorithm.DES_CBC);
        }
        if (ipv4Esp.tripleDes()) {
            set.add(EncryptionAlgorithm.TRIPLE_DES_CBC);
        }
        if (ipv4Esp.nullEsp()) {
            set.add(EncryptionAlgorithm.NONE);
        }
        return set;
    }

    /** The v1 integrity algorithms offered (for AH and for ESP). */
    public Set<IntegrityAlgorithm> integrityAlgorithms() {
        EnumSet<IntegrityAlgorithm> set = EnumSet.noneOf(IntegrityAlgorithm.class);
        if (ipv4Ah.md5()) {
            set.add(IntegrityAlgorithm.MD5);
        }
        if (ipv4Ah.sha1()) {
            set.add(IntegrityAlgorithm.SHA_1);
        }
        return set;
    }

    IpsecOffloadV1 enable(boolean ahOn, boolean espOn) {
        boolean a = ahOn && ahUsable();
        boolean e = espOn && espUsable();
        if (!a && !e) {
            return NONE;
        }
        Supported s = new Supported(supported.encapsulation(), a && e && supported.ahEspCombined(),
                supported.transportTunnelCombined(), supported.ipv4Options(), e ? supported.flags() : Set.of());
        // The HMAC flags stay when only ESP is on: they authenticate ESP as well.
        Ipv4Ah ahPart = a ? ipv4Ah : new Ipv4Ah(ipv4Ah.md5(), ipv4Ah.sha1(), false, false, false, false);
        return new IpsecOffloadV1(s, ahPart, e ? ipv4Esp : Ipv4Esp.NONE);
    }

    void requireWithin(IpsecOffloadV1 hw, String p) {
        String s = p + "/supported";
        Narrowing.encapsulation(s + "/encapsulation", supported.encapsulation(), hw.supported.encapsulation());
        Narrowing.bool(s + "/ahEspCombined", supported.ahEspCombined(), hw.supported.ahEspCombined());
        Narrowing.bool(s + "/transportTunnelCombined", supported.transportTunnelCombined(),
                hw.supported.transportTunnelCombined());
        Narrowing.bool(s + "/ipv4Options", supported.ipv4Options(), hw.supported.ipv4Options());
        Narrowing.subset(s + "/flags", supported.flags(), hw.supported.flags());
        String a = p + "/ipv4Ah";
        Narrowing.bool(a + "/md5", ipv4Ah.md5(), hw.ipv4Ah.md5());
        Narrowing.bool(a + "/sha1", ipv4Ah.sha1(), hw.ipv4Ah.sha1());
        Narrowing.bool(a + "/transport", ipv4Ah.transport(), hw.ipv4Ah.transport());
        Narrowing.bool(a + "/tunnel", ipv4Ah.tunnel(), hw.ipv4Ah.tunnel());
        Narrowing.bool(a + "/send", ipv4Ah.send(), hw.ipv4Ah.send());
        Narrowing.bool(a + "/receive", ipv4Ah.receive(), hw.ipv4Ah.receive());
        String e = p + "/ipv4Esp";
        Narrowing.bool(e + "/des", ipv4Esp.des(), hw.ipv4Esp.des());
        Narrowing.bool(e + "/tripleDes", ipv4Esp.tripleDes(), hw.ipv4Esp.tripleDes());
        Narrowing.bool(e + "/nullEsp", ipv4Esp.nullEsp(), hw.ipv4Esp.nullEsp());
        Narrowing.bool(e + "/transport", ipv4Esp.transport(), hw.ipv4Esp.transport());
        Narrowing.bool(e + "/tunnel", ipv4Esp.tunnel(), hw.ipv4Esp.tunnel());
        Narrowing.bool(e + "/send", ipv4Esp.send(), hw.ipv4Esp.send());
        Narrowing.bool(e + "/receive", ipv4Esp.receive(), hw.ipv4Esp.receive());
    }
}
