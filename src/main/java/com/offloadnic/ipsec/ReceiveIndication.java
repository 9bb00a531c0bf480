package com.offloadnic.ipsec;

import java.util.Objects;

/**
 * What a NIC indicates for one received frame: the frame (decrypted in place when the NIC processed it) and the
 * receive members of {@code NDIS_IPSEC_OFFLOAD_V2_NET_BUFFER_LIST_INFO} and
 * {@code NDIS_IPSEC_OFFLOAD_V2_HEADER_NET_BUFFER_LIST_INFO}.
 *
 * @param frame              the indicated frame bytes (owned by this record; do not modify)
 * @param cryptoDone         the NIC checked at least one IPsec payload
 * @param nextCryptoDone     the NIC checked both a tunnel and a transport payload
 * @param cryptoStatus       the result of the checks ({@link CryptoStatus#CRYPTO_SUCCESS} when none were made)
 * @param saDeleteReq        the NIC asks the transport to delete the SA the packet arrived on
 * @param headerInfo         the ESP trailer's next header and pad length; {@link HeaderInfo#NOT_SET} if none
 * @param notOffloadedReason why the NIC left the frame alone, or null when it processed it
 * @param inboundSaHandle    the handle of the SA bundle the packet arrived on (for counters), 0 if none
 */
public record ReceiveIndication(byte[] frame, boolean cryptoDone, boolean nextCryptoDone, CryptoStatus cryptoStatus,
        boolean saDeleteReq, HeaderInfo headerInfo, NotOffloadedReason notOffloadedReason, long inboundSaHandle) {

    public ReceiveIndication {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(cryptoStatus, "cryptoStatus");
        Objects.requireNonNull(headerInfo, "headerInfo");
        if (nextCryptoDone && !cryptoDone) {
            throw new IllegalArgumentException("nextCryptoDone requires cryptoDone");
        }
        if (cryptoDone == (notOffloadedReason != null)) {
            throw new IllegalArgumentException("a frame is either processed or has a not-offloaded reason");
        }
    }

    /** The indication of a frame the NIC did not process: unchanged, both flags clear, CRYPTO_SUCCESS. */
    public static ReceiveIndication notOffloaded(byte[] frame, NotOffloadedReason reason) {
        return new ReceiveIndication(frame, false, false, CryptoStatus.CRYPTO_SUCCESS, false, HeaderInfo.NOT_SET,
                Objects.requireNonNull(reason, "reason"), 0);
    }

    /**
     * The receive members of {@code NDIS_IPSEC_OFFLOAD_V2_HEADER_NET_BUFFER_LIST_INFO}.
     *
     * @param nextHeader    the next header value of the ESP trailer
     * @param padLength     the pad length value of the ESP trailer
     * @param headerInfoSet whether the other two members are valid
     */
    public record HeaderInfo(int nextHeader, int padLength, boolean headerInfoSet) {
        public static final HeaderInfo NOT_SET = new HeaderInfo(0, 0, false);

        public static HeaderInfo of(int nextHeader, int padLength) {
            return new HeaderInfo(nextHeader, padLength, true);
        }
    }
}
