package com.offloadnic.ipsec;

/**
 * The filter of an IPsec offload v1 SA: the first seven members of {@code OFFLOAD_IPSEC_ADD_SA} (which packets the
 * SA applies to) and its tunnel endpoints. A zero member is not used to filter (NDIS: all zeros select every
 * packet); a zero mask likewise leaves its address unused. All addresses are IPv4 (IPsec offload v1 is IPv4 only).
 *
 * <p>The addresses, protocol and ports are matched against the protected packet — for a tunnel SA the inner IP
 * packet, for a transport SA the packet itself — and its upper-layer header; the tunnel endpoints against the
 * outer IP header.
 *
 * @param srcAddr        {@code SrcAddr}
 * @param srcMask        {@code SrcMask}; must be a contiguous subnet mask
 * @param destAddr       {@code DestAddr}
 * @param destMask       {@code DestMask}
 * @param protocol       {@code Protocol} (IP protocol number), 0 = any
 * @param srcPort        {@code SrcPort} (TCP/UDP), 0 = any
 * @param destPort       {@code DestPort} (TCP/UDP), 0 = any
 * @param srcTunnelAddr  {@code SrcTunnelAddr}: source of the tunnel IP header; 0 for a transport SA
 * @param destTunnelAddr {@code DestTunnelAddr}: destination of the tunnel IP header; 0 for a transport SA
 */
public record TrafficSelector(IpAddress srcAddr, IpAddress srcMask, IpAddress destAddr, IpAddress destMask,
        int protocol, int srcPort, int destPort, IpAddress srcTunnelAddr, IpAddress destTunnelAddr) {

    /** Selects every packet; transport mode. */
    public static final TrafficSelector ANY = new TrafficSelector(null, null, null, null, 0, 0, 0, null, null);

    public TrafficSelector {
        srcAddr = ipv4("srcAddr", srcAddr);
        srcMask = mask("srcMask", srcMask);
        destAddr = ipv4("destAddr", destAddr);
        destMask = mask("destMask", destMask);
        srcTunnelAddr = ipv4("srcTunnelAddr", srcTunnelAddr);
        destTunnelAddr = ipv4("destTunnelAddr", destTunnelAddr);
        if (protocol < 0 || protocol > 0xFF) {
            throw new IllegalArgumentException("protocol " + protocol + " is not an IP protocol number (0-255)");
        }
        if (srcPort < 0 || srcPort > 0xFFFF) {
            throw new IllegalArgumentException("srcPort " + srcPort + " is not a port (0-65535)");
        }
        if (destPort < 0 || destPort > 0xFFFF) {
            throw new IllegalArgumentException("destPort " + destPort + " is not a port (0-65535)");
        }
    }

    private static IpAddress ipv4(String name, IpAddress a) {
        if (a == null) {
            return IpAddress.IPV4_UNSPECIFIED;
        }
        if (a.version() != IpVersion.IPV4) {
            throw new IllegalArgumentException(name + " " + a + " is not IPv4 (IPsec offload v1 is IPv4 only)");
        }
        return a;
    }

    private static IpAddress mask(String name, IpAddress m) {
        IpAddress a = ipv4(name, m);
        long bits = a.low();
        long inverted = ~bits & 0xFFFF_FFFFL;
        if ((inverted & (inverted + 1)) != 0) {
            throw new IllegalArgumentException(name + " " + a + " is not a contiguous subnet mask");
        }
        return a;
    }

    /** An SA for the tunnel portion: it names a tunnel endpoint. */
    public boolean isTunnel() {
        return !srcTunnelAddr.isUnspecified() || !destTunnelAddr.isUnspecified();
    }

    /**
     * Why {@code traffic} is not selected, or null when it is.
     *
     * @return a sentence naming the member that does not match
     */
    public String mismatch(ProtectedTraffic traffic) {
        if (!admits(srcAddr, srcMask, traffic.innerSrc())) {
            return "source " + ipv4Text(traffic.innerSrc()) + " is outside srcAddr " + srcAddr + "/" + srcMask;
        }
        if (!admits(destAddr, destMask, traffic.innerDest())) {
            return "destination " + ipv4Text(traffic.innerDest()) + " is outside destAddr " + destAddr + "/"
                    + destMask;
        }
        if (protocol != 0 && traffic.protocol() != protocol) {
            return "protocol " + traffic.protocol() + " is not the SA's protocol " + protocol;
        }
        if (srcPort != 0 && traffic.srcPort() != srcPort) {
            return traffic.srcPort() < 0 ? "the packet has no TCP/UDP source port and srcPort is " + srcPort
                    : "source port " + traffic.srcPort() + " is not srcPort " + srcPort;
        }
        if (destPort != 0 && traffic.destPort() != destPort) {
            return traffic.destPort() < 0 ? "the packet has no TCP/UDP destination port and destPort is " + destPort
                    : "destination port " + traffic.destPort() + " is not destPort " + destPort;
        }
        if (!srcTunnelAddr.isUnspecified() && srcTunnelAddr.low() != traffic.outerSrc()) {
            return "tunnel source " + ipv4Text(traffic.outerSrc()) + " is not srcTunnelAddr " + srcTunnelAddr;
        }
        if (!destTunnelAddr.isUnspecified() && destTunnelAddr.low() != traffic.outerDest()) {
            return "tunnel destination " + ipv4Text(traffic.outerDest()) + " is not destTunnelAddr " + destTunnelAddr;
        }
        return null;
    }

    private static boolean admits(IpAddress address, IpAddress mask, long packet) {
        long m = mask.low();
        if (address.isUnspecified() || m == 0) {
            return true;
        }
        return (packet & m) == (address.low() & m);
    }

    private static String ipv4Text(long a) {
        return IpAddress.read(IpVersion.IPV4, new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
                (byte) a}, 0).toString();
    }
}
