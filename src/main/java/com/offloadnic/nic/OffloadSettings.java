package com.offloadnic.nic;

import com.offloadnic.nic.NicException.Kind;
import com.offloadnic.nic.OffloadParameterValues.ChecksumParameter;
import com.offloadnic.nic.OffloadParameterValues.IpsecV1Parameter;
import com.offloadnic.nic.OffloadParameterValues.IpsecV2Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV1Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV2Parameter;

import java.util.Set;

/**
 * Which offloads the protocol stack has switched on with OID_TCP_OFFLOAD_PARAMETERS. The current configuration
 * is the hardware capabilities intersected with these settings ({@link #currentConfig(NdisOffload)}).
 */
public record OffloadSettings(ChecksumParameter ipv4Checksum, ChecksumParameter tcpIpv4Checksum, ChecksumParameter udpIpv4Checksum,
                              ChecksumParameter tcpIpv6Checksum, ChecksumParameter udpIpv6Checksum, boolean lsoV1,
                              boolean lsoV2Ipv4, boolean lsoV2Ipv6, boolean ipsecAh, boolean ipsecEsp) {

    /**
     * What a miniport enables at initialization: everything its hardware has ("miniport drivers should
     * automatically enable all of the task offload capabilities"), except that an NDIS 6.0 adapter, which
     * cannot combine LSO and IPsec offload, starts with IPsec on and LSO off.
     */
    public static OffloadSettings initial(NdisVersion version) {
        boolean lso = !version.isIpsecV1();
        ChecksumParameter on = ChecksumParameter.NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED;
        return new OffloadSettings(on, on, on, on, on, lso, lso, lso, true, true);
    }

    /**
     * Applies a set request.
     *
     * @throws NicException WRONG_PROFILE for a member of the other IPsec offload version, UNSUPPORTED_BY_HARDWARE
     *                      for an offload the hardware lacks, OFFLOAD_CONFLICT for LSO with IPsec in NDIS 6.0
     */
    public OffloadSettings apply(OffloadParameters p, NdisVersion version, NdisOffload hw) {
        IpsecV2Parameter v2Setting = governingIpsecV2(p, hw);
        String v2Field = hw.ipsecOffloadV2() != null && !hw.ipsecOffloadV2().ipv6Supported()
                && p.ipsecV2Ipv4() != IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE ? "/ipsecV2Ipv4" : "/ipsecV2";
        if (version.isIpsecV1()) {
            if (p.ipsecV2() != IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE) {
                throw wrongProfile("/ipsecV2", version);
            }
            if (p.ipsecV2Ipv4() != IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE) {
                throw wrongProfile("/ipsecV2Ipv4", version);
            }
        } else if (p.ipsecV1() != IpsecV1Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE) {
            throw wrongProfile("/ipsecV1", version);
        }

        ChecksumOffload c = hw.checksum();
        ChecksumParameter ipv4 = checksum("/ipv4Checksum", p.ipv4Checksum(), ipv4Checksum,
                c.ipv4Transmit().ipChecksum(), c.ipv4Receive().ipChecksum(), "IPv4 header");
        ChecksumParameter tcp4 = checksum("/tcpIpv4Checksum", p.tcpIpv4Checksum(), tcpIpv4Checksum,
                c.ipv4Transmit().tcpChecksum(), c.ipv4Receive().tcpChecksum(), "TCP/IPv4");
        ChecksumParameter udp4 = checksum("/udpIpv4Checksum", p.udpIpv4Checksum(), udpIpv4Checksum,
                c.ipv4Transmit().udpChecksum(), c.ipv4Receive().udpChecksum(), "UDP/IPv4");
        ChecksumParameter tcp6 = checksum("/tcpIpv6Checksum", p.tcpIpv6Checksum(), tcpIpv6Checksum,
                c.ipv6Transmit().tcpChecksum(), c.ipv6Receive().tcpChecksum(), "TCP/IPv6");
        ChecksumParameter udp6 = checksum("/udpIpv6Checksum", p.udpIpv6Checksum(), udpIpv6Checksum,
                c.ipv6Transmit().udpChecksum(), c.ipv6Receive().udpChecksum(), "UDP/IPv6");

        boolean lso1 = switch (p.lsoV1()) {
            case NDIS_OFFLOAD_PARAMETERS_NO_CHANGE -> lsoV1;
            case NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED -> false;
            case NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED -> requireHw("/lsoV1", hw.lsoV1().supported(), "LSOv1");
        };
        boolean lso2v4 = lsoV2("/lsoV2Ipv4", p.lsoV2Ipv4(), lsoV2Ipv4, hw.lsoV2().ipv4().supported(), "LSOv2 for IPv4");
        boolean lso2v6 = lsoV2("/lsoV2Ipv6", p.lsoV2Ipv6(), lsoV2Ipv6, hw.lsoV2().ipv6().supported(), "LSOv2 for IPv6");

        boolean ah = ipsecAh;
        boolean esp = ipsecEsp;
        if (version.isIpsecV1() && p.ipsecV1() != IpsecV1Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE) {
            ah = p.ipsecV1().ah() && requireHw("/ipsecV1", hw.ipsecOffloadV1().ahUsable(), "IPsec offload of AH");
            esp = p.ipsecV1().esp() && requireHw("/ipsecV1", hw.ipsecOffloadV1().espUsable(), "IPsec offload of ESP");
        } else if (!version.isIpsecV1() && v2Setting != IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE) {
            ah = v2Setting.ah() && requireHw(v2Field, hw.ipsecOffloadV2().ah(), "IPsec offload of AH");
            esp = v2Setting.esp() && requireHw(v2Field, hw.ipsecOffloadV2().esp(), "IPsec offload of ESP");
        }

        if (version.isIpsecV1() && (ah || esp) && (lso1 || lso2v4 || lso2v6)) {
            String field = p.ipsecV1() != IpsecV1Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE ? "/ipsecV1"
                    : lso1 && !lsoV1 ? "/lsoV1" : lso2v4 && !lsoV2Ipv4 ? "/lsoV2Ipv4" : "/lsoV2Ipv6";
            throw new NicException(Kind.OFFLOAD_CONFLICT, field,
                    "In the NDIS 6.0 profile LSO and IPsec offload are mutually exclusive: they cannot both be enabled."
                            + " Disable IPsec offload (ipsecV1) to enable LSO, or disable LSO to enable IPsec offload.");
        }
        return new OffloadSettings(ipv4, tcp4, udp4, tcp6, udp6, lso1, lso2v4, lso2v6, ah, esp);
    }

    /** The current configuration: hardware capabilities, with what is switched off removed. */
    public NdisOffload currentConfig(NdisOffload hw) {
        ChecksumOffload c = hw.checksum();
        ChecksumOffload checksum = new ChecksumOffload(
                c.ipv4Transmit().enable(ipv4Checksum.tx(), tcpIpv4Checksum.tx(), udpIpv4Checksum.tx()),
                c.ipv4Receive().enable(ipv4Checksum.rx(), tcpIpv4Checksum.rx(), udpIpv4Checksum.rx()),
                c.ipv6Transmit().enable(tcpIpv6Checksum.tx(), udpIpv6Checksum.tx()),
                c.ipv6Receive().enable(tcpIpv6Checksum.rx(), udpIpv6Checksum.rx()));
        LsoV1 lso1 = lsoV1 ? hw.lsoV1() : LsoV1.NONE;
        LsoV2 lso2 = new LsoV2(
                lsoV2Ipv4 ? hw.lsoV2().ipv4() : LsoV2.Ipv4.NONE,
                lsoV2Ipv6 ? hw.lsoV2().ipv6() : LsoV2.Ipv6.NONE);
        boolean anyLso = lso1.supported() || lso2.ipv4().supported() || lso2.ipv6().supported();
        IpsecOffloadV1 v1 = hw.ipsecOffloadV1() == null ? null : hw.ipsecOffloadV1().enable(ipsecAh, ipsecEsp);
        IpsecOffloadV2 v2 = hw.ipsecOffloadV2() == null ? null : hw.ipsecOffloadV2().enable(ipsecAh, ipsecEsp, anyLso);
        Set<OffloadFlag> flags = v2 != null && v2.enabled() ? hw.flags() : Set.of();
        return new NdisOffload(checksum, lso1, v1, lso2, v2, flags);
    }

    /**
     * NDIS: IPsecV2 sets IPv4 and IPv6 alike; IPsecV2IPv4 is for adapters without IPv6 and is not used when the
     * adapter supports IPv6. On an IPv4-only adapter IPsecV2IPv4 wins when both are given.
     */
    private static IpsecV2Parameter governingIpsecV2(OffloadParameters p, NdisOffload hw) {
        if (hw.ipsecOffloadV2() == null || hw.ipsecOffloadV2().ipv6Supported()
                || p.ipsecV2Ipv4() == IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE) {
            return p.ipsecV2();
        }
        return p.ipsecV2Ipv4();
    }

    private static ChecksumParameter checksum(String field, ChecksumParameter requested, ChecksumParameter current,
                                              boolean hwTx, boolean hwRx,
                                     String what) {
        if (requested == ChecksumParameter.NDIS_OFFLOAD_PARAMETERS_NO_CHANGE) {
            return current;
        }
        if (requested.tx()) {
            requireHw(field, hwTx, what + " transmit checksum offload");
        }
        if (requested.rx()) {
            requireHw(field, hwRx, what + " receive checksum offload");
        }
        return requested;
    }

    private static boolean lsoV2(String field, LsoV2Parameter requested, boolean current, boolean hw, String what) {
        return switch (requested) {
            case NDIS_OFFLOAD_PARAMETERS_NO_CHANGE -> current;
            case NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED -> false;
            case NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED -> requireHw(field, hw, what);
        };
    }

    private static boolean requireHw(String field, boolean available, String what) {
        if (!available) {
            throw new NicException(Kind.UNSUPPORTED_BY_HARDWARE, field,
                    "cannot enable " + what + ": the adapter's hardware capabilities do not include it");
        }
        return true;
    }

    private static NicException wrongProfile(String field, NdisVersion version) {
        return new NicException(Kind.WRONG_PROFILE, field, field.substring(1) + " does not exist in the NDIS "
                + version.label() + " profile, which uses IPsec offload version " + version.ipsecOffloadVersion());
    }
}
