package com.offloadnic.lso;

/**
 * ESP parameters for combined LSO + ESP transport framing (NDIS_IPSEC_OFFLOAD_V2_HEADER_NET_BUFFER_LIST_INFO
 * plus the SA's transform).
 *
 * @param espHeaderOffset bytes from the first byte of the IP header to the ESP header (NDIS's EspHeaderOffset
 *                        field times 4)
 * @param ivLength        IV bytes after the ESP header (0 for NULL encryption, 8 for GCM, 16 for AES-CBC)
 * @param blockSize       cipher block size the ciphertext must be a multiple of (1 for stream/GCM)
 * @param icvLength       ICV bytes after the trailer
 * @param nextHeader      ESP trailer next header (must be TCP, 6)
 * @param padLength       padding bytes at the end of the large packet, discarded
 */
public record EspFraming(int espHeaderOffset, int ivLength, int blockSize, int icvLength, int nextHeader,
        int padLength) {
}
