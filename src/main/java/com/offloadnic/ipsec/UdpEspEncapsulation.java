package com.offloadnic.ipsec;

/**
 * An SA's UDP-ESP encapsulation (RFC 3948): the NDIS type plus the UDP ports the NIC matches.
 *
 * <p>NDIS v2 carries only the type; the ports mirror the v1 parser entry ({@code DstEncapPort}, "should
 * always specify port 4500"). {@code destinationPort} is what inbound packets must carry; {@code sourcePort}
 * 0 means any (a NAT may rewrite the peer's port). Both are 0 for {@link UdpEspEncapsulationType#NONE}.
 *
 * @param type            the encapsulation type
 * @param sourcePort      UDP source port to match, 0 = any
 * @param destinationPort UDP destination port to match (non-zero unless the type is NONE)
 */
public record UdpEspEncapsulation(UdpEspEncapsulationType type, int sourcePort, int destinationPort) {

    /** No UDP encapsulation. */
    public static final UdpEspEncapsulation NONE = new UdpEspEncapsulation(UdpEspEncapsulationType.NONE, 0, 0);

    public UdpEspEncapsulation {
        if (type == null) {
            throw new IllegalArgumentException("udpEspEncapsulation type is required");
        }
        checkPort("sourcePort", sourcePort);
        checkPort("destinationPort", destinationPort);
        if (type == UdpEspEncapsulationType.NONE && (sourcePort != 0 || destinationPort != 0)) {
            throw new IllegalArgumentException("UDP ports given with UDP-ESP encapsulation NONE: "
                    + sourcePort + " -> " + destinationPort + " (expected 0 and 0)");
        }
        if (type != UdpEspEncapsulationType.NONE && destinationPort == 0) {
            throw new IllegalArgumentException("UDP-ESP encapsulation " + type.ndisName()
                    + " needs a destination port (expected 1-65535, normally 4500)");
        }
    }

    /** The type on the ports of RFC 3948: any source port, destination port 4500. */
    public static UdpEspEncapsulation of(UdpEspEncapsulationType type) {
        return type == UdpEspEncapsulationType.NONE
                ? NONE
                : new UdpEspEncapsulation(type, 0, UdpEspEncapsulationType.IPSEC_NAT_T_PORT);
    }

    public boolean isNone() {
        return type == UdpEspEncapsulationType.NONE;
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("UDP " + name + " out of range: " + port + " (expected 0-65535)");
        }
    }
}
