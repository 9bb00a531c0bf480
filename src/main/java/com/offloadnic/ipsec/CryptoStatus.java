package com.offloadnic.ipsec;

/**
 * The {@code CryptoStatus} values of {@code NDIS_IPSEC_OFFLOAD_V2_NET_BUFFER_LIST_INFO.Receive} (the same names as
 * IPsec offload v1's): the result of the IPsec checks a NIC performed on a received packet.
 */
public enum CryptoStatus {
    /** Decrypted where needed and every checked ICV was valid; also the value for packets the NIC did not touch. */
    CRYPTO_SUCCESS,
    /** The IPsec check failed for a reason none of the other values names. */
    CRYPTO_GENERIC_ERROR,
    CRYPTO_TRANSPORT_AH_AUTH_FAILED,
    CRYPTO_TRANSPORT_ESP_AUTH_FAILED,
    CRYPTO_TUNNEL_AH_AUTH_FAILED,
    CRYPTO_TUNNEL_ESP_AUTH_FAILED,
    /** The packet's lengths cannot hold the AH/ESP headers and trailers they claim. */
    CRYPTO_INVALID_PACKET_SYNTAX,
    /** The IPsec protocols of the SA do not match those found in the packet. */
    CRYPTO_INVALID_PROTOCOL;

    /** The {@code *_AUTH_FAILED} value for a failed ICV check of {@code protocol} in the given portion. */
    public static CryptoStatus authFailed(boolean tunnelPortion, boolean ah) {
        if (tunnelPortion) {
            return ah ? CRYPTO_TUNNEL_AH_AUTH_FAILED : CRYPTO_TUNNEL_ESP_AUTH_FAILED;
        }
        return ah ? CRYPTO_TRANSPORT_AH_AUTH_FAILED : CRYPTO_TRANSPORT_ESP_AUTH_FAILED;
    }
}
