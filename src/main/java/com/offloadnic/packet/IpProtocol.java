package com.offloadnic.packet;

/**
 * IP protocol / IPv6 next-header numbers (IANA "Assigned Internet Protocol Numbers") as an open enum: values
 * without a constant are kept, so a parse followed by a build reproduces the byte.
 */
public record IpProtocol(int value, String name) {

    public static final IpProtocol HOPOPT = new IpProtocol(0, "HOPOPT");
    public static final IpProtocol ICMP = new IpProtocol(1, "ICMP");
    public static final IpProtocol IPV4 = new IpProtocol(4, "IPv4");
    public static final IpProtocol TCP = new IpProtocol(6, "TCP");
    public static final IpProtocol UDP = new IpProtocol(17, "UDP");
    public static final IpProtocol IPV6 = new IpProtocol(41, "IPv6");
    public static final IpProtocol IPV6_ROUTE = new IpProtocol(43, "IPv6-Route");
    public static final IpProtocol IPV6_FRAG = new IpProtocol(44, "IPv6-Frag");
    public static final IpProtocol ESP = new IpProtocol(50, "ESP");
    public static final IpProtocol AH = new IpProtocol(51, "AH");
    public static final IpProtocol ICMPV6 = new IpProtocol(58, "IPv6-ICMP");
    public static final IpProtocol IPV6_NONXT = new IpProtocol(59, "IPv6-NoNxt");
    public static final IpProtocol IPV6_OPTS = new IpProtocol(60, "IPv6-Opts");

    private static final IpProtocol[] KNOWN = new IpProtocol[256];

    static {
        for (IpProtocol p : new IpProtocol[] {HOPOPT, ICMP, IPV4, TCP, UDP, IPV6, IPV6_ROUTE, IPV6_FRAG, ESP, AH,
                ICMPV6, IPV6_NONXT, IPV6_OPTS}) {
            KNOWN[p.value] = p;
        }
    }

    public IpProtocol {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("IP protocol number out of range: " + value);
        }
    }

    /** The constant for {@code value}, or a new instance named {@code "UNKNOWN(n)"}. */
    public static IpProtocol valueOf(int value) {
        if (value >= 0 && value < 256 && KNOWN[value] != null) {
            return KNOWN[value];
        }
        return new IpProtocol(value, "UNKNOWN(" + value + ")");
    }

    public boolean isKnown() {
        return KNOWN[value] != null;
    }

    /** Whether this number names an IPv6 extension header this package walks past (RFC 8200 section 4, AH). */
    public boolean isIpv6ExtensionHeader() {
        return isIpv6ExtensionHeader(value);
    }

    static boolean isIpv6ExtensionHeader(int value) {
        return value == 0 || value == 43 || value == 44 || value == 60 || value == 51;
    }

    @Override
    public String toString() {
        return name;
    }
}
