package com.offloadnic.ipsec;

/**
 * Why a received frame was indicated without IPsec processing ({@code cryptoDone = 0}); counted per NIC.
 * The order of the constants is the order in which {@link ReceivePipeline} checks them.
 */
public enum NotOffloadedReason {
    /** Not an Ethernet II frame, or too short for one. */
    NOT_ETHERNET("notEthernet"),
    /** An EtherType other than IPv4/IPv6, or an IP header that does not parse. */
    NOT_IP("notIp"),
    /** No ESP, AH or UDP-encapsulated ESP header where the NIC looks for one. */
    NOT_IPSEC("notIpsec"),
    /** UDP port 4500 carrying IKE (the 4-byte non-ESP marker) or a NAT keep-alive (RFC 3948 section 2.2). */
    IKE("ike"),
    /** IPsec offload (or offload of the packet's protocol, AH or ESP) is disabled in the current configuration. */
    OFFLOAD_DISABLED("offloadDisabled"),
    /** An IPv6 packet on a NIC without {@code ipv6Supported}. */
    IPV6_UNSUPPORTED("ipv6Unsupported"),
    /** An IP fragment: the NIC never offloads packets that need reassembly. */
    FRAGMENT("fragment"),
    /** IPv4 options on a NIC without the {@code ipv4Options} capability. */
    IPV4_OPTIONS("ipv4Options"),
    /** Non-IPsec IPv6 extension headers on a NIC without {@code ipv6NonIpsecExtensionHeaders}. */
    IPV6_EXTENSION_HEADERS("ipv6ExtensionHeaders"),
    /**
     * UDP-encapsulated ESP the NIC's {@code udpEsp} capability does not parse, or for an SA offloaded without UDP
     * encapsulation (no parser entry matches).
     */
    UDP_ESP_UNSUPPORTED("udpEspUnsupported"),
    /** No inbound SA for the packet's SPI, destination address and protocol. */
    NO_SA("noSa");

    private final String statisticName;

    NotOffloadedReason(String statisticName) {
        this.statisticName = statisticName;
    }

    /** The lowerCamelCase name used in statistics and metrics. */
    public String statisticName() {
        return statisticName;
    }
}
