package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import java.util.Set;

/**
 * What an IPsec offload v1 SA is validated against: the NIC's current {@code NDIS_IPSEC_OFFLOAD_V1} configuration.
 *
 * @param encryption              ESP confidentiality algorithms ({@code IPv4ESP.DES}, {@code TripleDES}, {@code NullEsp})
 * @param integrity               HMACs ({@code IPv4AH.Md5}, {@code Sha_1}), for AH and ESP
 * @param ah                      {@code IPv4AH}: modes and directions; all false when AH is off
 * @param esp                     {@code IPv4ESP}: modes and directions; all false when ESP is off
 * @param ahEspCombined           {@code Supported.AhEspCombined}
 * @param transportTunnelCombined {@code Supported.TransportTunnelCombined}
 * @param udpEspTransport         {@code IPSEC_TPT_UDPESP_ENCAPTYPE_OTHER}
 * @param udpEspTunnel            {@code IPSEC_TUN_UDPESP_ENCAPTYPE_OTHER}
 * @param capacity                SAs the NIC holds at most
 */
public record SaV1Capabilities(Set<EncryptionAlgorithm> encryption, Set<IntegrityAlgorithm> integrity, Protocol ah,
        Protocol esp, boolean ahEspCombined, boolean transportTunnelCombined, boolean udpEspTransport,
        boolean udpEspTunnel, int capacity) {

    /** SAs an NDIS 6.0 NIC offloads at most (v1 reports no capacity of its own). */
    public static final int DEFAULT_CAPACITY = 1024;

    /** The per-protocol flags of {@code IPv4AH} / {@code IPv4ESP}. */
    public record Protocol(boolean transport, boolean tunnel, boolean send, boolean receive) {
        public static final Protocol OFF = new Protocol(false, false, false, false);

        public boolean enabled() {
            return (transport || tunnel) && (send || receive);
        }
    }

    public SaV1Capabilities {
        encryption = Set.copyOf(encryption);
        integrity = Set.copyOf(integrity);
    }

    /** Everything v1 offers. */
    public static SaV1Capabilities fullFeatured() {
        Protocol all = new Protocol(true, true, true, true);
        return new SaV1Capabilities(
                Set.of(EncryptionAlgorithm.NONE, EncryptionAlgorithm.DES_CBC, EncryptionAlgorithm.TRIPLE_DES_CBC),
                Set.of(IntegrityAlgorithm.MD5, IntegrityAlgorithm.SHA_1), all, all, true, true, true, true,
                DEFAULT_CAPACITY);
    }

    public boolean enabled() {
        return ah.enabled() || esp.enabled();
    }
}
