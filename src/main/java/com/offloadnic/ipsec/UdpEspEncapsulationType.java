package com.offloadnic.ipsec;

import java.util.Arrays;
import java.util.Optional;

/**
 * The UDP-ESP encapsulation types of {@code IPSEC_OFFLOAD_V2_ADD_SA.UdpEspEncapsulation} and
 * {@code NDIS_IPSEC_OFFLOAD_V2.UdpEsp} (see udp-esp-encapsulation-types.md; framing is RFC 3948).
 *
 * <p>{@link #flag()} is the bit the NDIS header gives each type; a NIC's capability is a set of them.
 */
public enum UdpEspEncapsulationType {
    /** No UDP encapsulation. */
    NONE("IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_NONE", 0x0, false, false),
    /** UDP-encapsulated transport: the transport-mode ESP packet is carried in UDP. */
    TRANSPORT("IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_TRANSPORT", 0x1, true, false),
    /** UDP-encapsulated tunnel: the tunnel-mode portion is carried in UDP; no transport-mode ESP. */
    TUNNEL("IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_TUNNEL", 0x2, false, true),
    /** Transport over UDP-encapsulated tunnel: tunnel portion in UDP, transport portion ESP-protected, not in UDP. */
    TRANSPORT_OVER_UDP_TUNNEL("IPSEC_OFFLOAD_V2_TRANSPORT_OVER_UDP_ESP_ENCAPSULATION_TUNNEL", 0x4, false, true),
    /** UDP-encapsulated transport over tunnel: tunnel portion not in UDP, transport portion ESP in UDP. */
    TRANSPORT_OVER_TUNNEL("IPSEC_OFFLOAD_V2_UDP_ESP_ENCAPSULATION_TRANSPORT_OVER_TUNNEL", 0x8, true, false);

    /** The UDP port of RFC 3948 (and the only one NDIS supports for UDP-ESP parser entries). */
    public static final int IPSEC_NAT_T_PORT = 4500;

    private final String ndisName;
    private final int flag;
    private final boolean transportPortionInUdp;
    private final boolean tunnelPortionInUdp;

    UdpEspEncapsulationType(String ndisName, int flag, boolean transportPortionInUdp, boolean tunnelPortionInUdp) {
        this.ndisName = ndisName;
        this.flag = flag;
        this.transportPortionInUdp = transportPortionInUdp;
        this.tunnelPortionInUdp = tunnelPortionInUdp;
    }

    public String ndisName() {
        return ndisName;
    }

    /** The NDIS flag value (0 for {@link #NONE}). */
    public int flag() {
        return flag;
    }

    /** Whether the transport-mode ESP portion of a packet is UDP-encapsulated. */
    public boolean transportPortionInUdp() {
        return transportPortionInUdp;
    }

    /** Whether the tunnel-mode ESP portion of a packet is UDP-encapsulated. */
    public boolean tunnelPortionInUdp() {
        return tunnelPortionInUdp;
    }

    /**
     * The SA mode this type names on its own: {@link #TRANSPORT} names transport mode and {@link #TUNNEL}
     * tunnel mode; the others describe a packet with both portions and leave the SA's own mode open.
     */
    public Optional<SaMode> impliedMode() {
        return switch (this) {
            case TRANSPORT -> Optional.of(SaMode.TRANSPORT);
            case TUNNEL -> Optional.of(SaMode.TUNNEL);
            default -> Optional.empty();
        };
    }

    public static Optional<UdpEspEncapsulationType> fromNdisName(String name) {
        return Arrays.stream(values()).filter(t -> t.ndisName.equals(name)).findFirst();
    }
}
