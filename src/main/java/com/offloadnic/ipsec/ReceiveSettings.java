package com.offloadnic.ipsec;

/**
 * The parts of a NIC's current offload configuration (hardware capabilities ∩ offload parameters) that decide
 * whether and how it processes received IPsec packets.
 *
 * @param ipsecEnabled                 IPsec offload is on for receive in the current configuration
 * @param headerInfo                   the profile has {@code IPsecOffloadV2HeaderNetBufferListInfo} (v2)
 * @param ipv6Supported                {@code IPv6Supported}
 * @param ipv4Options                  {@code IPv4Options}: packets with IPv4 options are offloaded
 * @param ipv6NonIpsecExtensionHeaders {@code IPv6NonIPsecExtensionHeaders}
 * @param ah                           {@code Ah}
 * @param esp                          {@code Esp}
 * @param ahEspCombined                {@code AhEspCombined}
 * @param transport                    {@code Transport}
 * @param tunnel                       {@code Tunnel}
 * @param transportTunnelCombined      {@code TransportTunnelCombined}
 * @param udpEsp                       {@code UdpEsp} names at least one UDP-ESP encapsulation type
 */
public record ReceiveSettings(boolean ipsecEnabled, boolean headerInfo, boolean ipv6Supported, boolean ipv4Options,
        boolean ipv6NonIpsecExtensionHeaders, boolean ah, boolean esp, boolean ahEspCombined, boolean transport,
        boolean tunnel, boolean transportTunnelCombined, boolean udpEsp) {

    /** A full-featured v2 adapter with IPsec offload on. */
    public static ReceiveSettings fullV2() {
        return new ReceiveSettings(true, true, true, true, true, true, true, true, true, true, true, true);
    }

    public ReceiveSettings withIpsecEnabled(boolean enabled) {
        return new ReceiveSettings(enabled, headerInfo, ipv6Supported, ipv4Options, ipv6NonIpsecExtensionHeaders, ah,
                esp, ahEspCombined, transport, tunnel, transportTunnelCombined, udpEsp);
    }
}
