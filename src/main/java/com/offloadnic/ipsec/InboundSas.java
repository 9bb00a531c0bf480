package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EspTransform;

/**
 * What the receive pipeline needs of a NIC's inbound SAs: lookup by SPI and destination (RFC 4303 section 2.1),
 * the transforms, and the per-SA state a receive changes (ESN high-order bits, lifetime counters).
 */
public interface InboundSas {

    /**
     * The inbound SA bundle with an entry of {@code protocol} (50 ESP, 51 AH) whose SPI is {@code spi} and whose
     * destination is the address at {@code buf[destinationOffset, +destinationLength)} (or a wildcard), or null.
     */
    InboundSa find(long spi, int protocol, byte[] buf, int destinationOffset, int destinationLength);

    /** Like {@link #find} for the other IPsec protocol: an SA whose protocol does not match the packet's. */
    default InboundSa findOtherProtocol(long spi, int protocol, byte[] buf, int destinationOffset,
            int destinationLength) {
        int other = protocol == InboundLocator.ESP ? InboundLocator.AH : InboundLocator.ESP;
        return find(spi, other, buf, destinationOffset, destinationLength);
    }

    /** One inbound SA bundle (one or two {@code secAssoc} entries) and its receive state. */
    interface InboundSa {

        /** The bundle's offload handle. */
        long handle();

        /** The SA's mode, or null when each packet decides (SPEC section 4). */
        SaMode mode();

        /**
         * The mode earlier packets over this SA showed when {@link #mode()} is null (the SA leaves it to each
         * packet), or null before any: what a failed ICV check, which hides the next header, is attributed to.
         */
        default SaMode observedMode() {
            return null;
        }

        /** Records the mode a packet that passed its checks showed. */
        default void observed(SaMode mode) {
        }

        /** The bundle's UDP-ESP encapsulation type (RFC 3948); null when the view does not know it. */
        default UdpEspEncapsulationType udpEspEncapsulation() {
            return null;
        }

        /** The ESP entry's SPI, or -1 without one. */
        long espSpi();

        /** The AH entry's SPI, or -1 without one. */
        long ahSpi();

        /** The ESP entry's transform; only when {@link #espSpi()} is not -1. */
        EspTransform espTransform();

        /** The AH entry's transform; only when {@link #ahSpi()} is not -1. */
        AhTransform ahTransform();

        /** Whether the entry of {@code protocol} uses extended sequence numbers. */
        boolean esn(int protocol);

        /**
         * The high-order 32 bits to authenticate a packet with low-order bits {@code sequenceLow} under, for the
         * entry of {@code protocol}: as given by ADD_SA/UPDATE_SA for the first packet, then inferred as in
         * RFC 4303 appendix A. 0 without ESN.
         */
        int inferSequenceHigh(int protocol, int sequenceLow);

        /** Records that the packet with this 64-bit sequence number authenticated (advances ESN inference). */
        void authenticated(int protocol, int sequenceHigh, int sequenceLow);

        /**
         * Counts one received packet of {@code ipBytes} bytes over the bundle and returns whether the NIC now wants
         * it deleted ({@code saDeleteReq}): an emulation lifetime reached, or a non-ESN sequence number near wrap.
         */
        boolean received(int ipBytes, int sequenceLow);
    }
}
