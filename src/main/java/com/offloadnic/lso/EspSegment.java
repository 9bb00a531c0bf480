package com.offloadnic.lso;

/**
 * One plaintext-framed ESP transport packet produced by {@link LargeSendSegmenter#segmentEsp}. Offsets are
 * indices into {@link #frame}. The caller writes the sequence number and IV, encrypts
 * {@code [payloadOffset, icvOffset)} and writes the ICV.
 *
 * @param frame                Ethernet frame, IP lengths/ID/checksum final, UDP length final if encapsulated
 * @param espOffset            ESP header (SPI copied from the large packet)
 * @param sequenceNumberOffset the 32-bit sequence number field (holds the large packet's value)
 * @param ivOffset             IV room
 * @param payloadOffset        TCP header: first byte to encrypt
 * @param payloadEnd           end of the TCP payload = first padding byte
 * @param padLength            padding bytes (1, 2, 3, ...)
 * @param nextHeaderOffset     the next-header byte (the pad-length byte precedes it)
 * @param icvOffset            ICV room (zeroed) = end of the encrypted span
 * @param icvLength            ICV bytes
 * @param tcpPayloadLength     TCP user-data bytes in this segment
 */
public record EspSegment(byte[] frame, int espOffset, int sequenceNumberOffset, int ivOffset, int payloadOffset,
        int payloadEnd, int padLength, int nextHeaderOffset, int icvOffset, int icvLength, int tcpPayloadLength) {
}
