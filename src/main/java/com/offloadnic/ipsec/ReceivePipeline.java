package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EspOpenResult;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.packet.AhHeader;
import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.EspHeader;
import com.offloadnic.packet.EthernetFrame;
import com.offloadnic.packet.IpProtocol;
import com.offloadnic.packet.PacketFormatException;
import com.offloadnic.packet.UdpHeader;
import com.offloadnic.ipsec.InboundLocator.Located;
import com.offloadnic.ipsec.InboundLocator.Skipped;
import com.offloadnic.ipsec.InboundSas.InboundSa;
import com.offloadnic.ipsec.ReceiveIndication.HeaderInfo;

/**
 * The receive path of an IPsec offload v2 NIC (SPEC section 7; receiving-network-data-with-ipsec-offload-version-2):
 * a stateless function of (receive settings, inbound SAs, frame) to the indication of that frame.
 *
 * <ol>
 *   <li>Frames the NIC does not process — offload disabled, no SA for SPI + destination + protocol, IPv4 options
 *       or IPv6 extension headers the capabilities exclude, fragments, IKE and keep-alives on UDP 4500 — are
 *       indicated unchanged with {@code cryptoDone = 0} and a {@link NotOffloadedReason}.</li>
 *   <li>Otherwise the NIC verifies the ICV and decrypts in place: the indicated frame keeps its layout (IP header,
 *       [UDP], ESP header, IV, …) with ciphertext replaced by plaintext; the transport strips headers itself.</li>
 *   <li>A tunnel portion (next header IPv4/IPv6) whose inner packet is IPsec-protected under an inbound SA is
 *       followed by the transport portion when {@code transportTunnelCombined} allows; {@code nextCryptoDone}
 *       says both were checked.</li>
 *   <li>Failures are indicated too, with the {@link CryptoStatus} naming the check that failed; the bytes of the
 *       failed portion are left as they arrived.</li>
 * </ol>
 *
 * <p>Choices where NDIS leaves room, in one place:
 * <ul>
 *   <li>The header info ({@code nextHeader}, {@code padLength}) comes from the innermost ESP trailer the NIC
 *       decrypted: the tunnel trailer's length is implied by the inner IP header, the transport trailer's is
 *       not. AH alone sets no header info.</li>
 *   <li>No SA for SPI + destination + protocol, but one for SPI + destination with the other IPsec protocol (an AH
 *       SA receiving ESP), or an ESP+AH bundle receiving ESP without AH: {@code CRYPTO_INVALID_PROTOCOL}.</li>
 *   <li>Every failed check sets {@code cryptoDone = 1} (the NIC did check); {@code nextCryptoDone = 1} once the
 *       transport portion inside a tunnel portion was checked, whatever its result.</li>
 *   <li>Lengths that cannot hold the headers, trailer and ICV (IP length beyond the frame, UDP length beyond the
 *       IP packet, ESP shorter than header + IV + trailer + ICV, CBC not a whole number of blocks, a pad length
 *       longer than the payload, an AH length that cannot hold its ICV): {@code CRYPTO_INVALID_PACKET_SYNTAX}.</li>
 *   <li>Anything else that fails — an SA deleted (keys wiped) while its packet was in flight:
 *       {@code CRYPTO_GENERIC_ERROR}.</li>
 *   <li>An ESP ICV failure hides the next header: the SA's mode decides TUNNEL_/TRANSPORT_, else the mode earlier
 *       packets over the SA showed, else transport. AH's next header is in clear.</li>
 *   <li>UDP-encapsulated ESP (RFC 3948) needs an SA offloaded with a UDP-ESP encapsulation type; an IKE packet
 *       (four zero bytes) or a NAT keep-alive (one 0xFF byte) on port 4500 is left alone.</li>
 *   <li>Packets that authenticated advance the ESN state and count towards the SA's lifetime; failed ones do
 *       not.</li>
 * </ul>
 * Nothing here throws for hostile input.
 */
public final class ReceivePipeline {

    private static final int AH_FIXED = AhHeader.ICV;
    private static final int IPV4_IN_IP = IpProtocol.IPV4.value();
    private static final int IPV6_IN_IP = IpProtocol.IPV6.value();

    private ReceivePipeline() {
    }

    /**
     * Processes one received frame.
     *
     * @param frame the frame as it arrived; not modified (the indication carries its own copy)
     */
    public static ReceiveIndication process(ReceiveSettings settings, InboundSas sas, byte[] frame) {
        byte[] buf = frame.clone();
        EthernetFrame ethernet;
        try {
            ethernet = EthernetFrame.parse(buf, 0, buf.length);
        } catch (PacketFormatException e) {
            return ReceiveIndication.notOffloaded(buf, NotOffloadedReason.NOT_ETHERNET);
        }
        int type = ethernet.etherType();
        if (type != EthernetFrame.ETHERTYPE_IPV4 && type != EthernetFrame.ETHERTYPE_IPV6) {
            return ReceiveIndication.notOffloaded(buf, NotOffloadedReason.NOT_IP);
        }
        var outer = InboundLocator.locate(buf, ethernet.l3Offset(), buf.length, settings);
        if (outer instanceof Skipped(NotOffloadedReason reason)) {
            return ReceiveIndication.notOffloaded(buf, reason);
        }
        Located at = (Located) outer;
        InboundSa sa = at.spi() < 0 ? null : sas.find(at.spi(), at.protocol(), buf, at.destinationOffset(),
                at.destinationLength());
        if (sa == null) {
            InboundSa other = at.spi() < 0 ? null : sas.findOtherProtocol(at.spi(), at.protocol(), buf,
                    at.destinationOffset(), at.destinationLength());
            if (other == null) {
                return ReceiveIndication.notOffloaded(buf, NotOffloadedReason.NO_SA);
            }
            return done(buf, new Outcome(CryptoStatus.CRYPTO_INVALID_PROTOCOL), false, other.handle());
        }
        if (at.udpEncapsulated() && sa.udpEspEncapsulation() == UdpEspEncapsulationType.NONE) {
            return ReceiveIndication.notOffloaded(buf, NotOffloadedReason.UDP_ESP_UNSUPPORTED);
        }
        Outcome first = processPortion(settings, buf, at, sa, false);
        if (first.status != CryptoStatus.CRYPTO_SUCCESS || first.innerOffset < 0) {
            return done(buf, first, false, sa.handle());
        }
        // A tunnel portion succeeded: is there a transport portion inside for an SA of this NIC?
        if (!settings.transportTunnelCombined()) {
            return done(buf, first, false, sa.handle());
        }
        var inner = InboundLocator.locate(buf, first.innerOffset, first.innerEnd, settings);
        if (!(inner instanceof Located innerAt) || innerAt.spi() < 0) {
            return done(buf, first, false, sa.handle());
        }
        InboundSa innerSa = sas.find(innerAt.spi(), innerAt.protocol(), buf, innerAt.destinationOffset(),
                innerAt.destinationLength());
        if (innerSa == null
                || innerAt.udpEncapsulated() && innerSa.udpEspEncapsulation() == UdpEspEncapsulationType.NONE) {
            return done(buf, first, false, sa.handle());
        }
        Outcome second = processPortion(settings, buf, innerAt, innerSa, true);
        Outcome combined = new Outcome(second.status);
        combined.headerInfo = second.headerInfo.headerInfoSet() ? second.headerInfo : first.headerInfo;
        combined.saDeleteReq = first.saDeleteReq || second.saDeleteReq;
        return done(buf, combined, true, sa.handle());
    }

    private static ReceiveIndication done(byte[] buf, Outcome outcome, boolean both, long handle) {
        return new ReceiveIndication(buf, true, both, outcome.status, outcome.saDeleteReq, outcome.headerInfo, null,
                handle);
    }

    /** The result of processing one portion (tunnel or transport) of a packet. */
    private static final class Outcome {
        final CryptoStatus status;
        HeaderInfo headerInfo = HeaderInfo.NOT_SET;
        boolean saDeleteReq;
        /** The sequence number (low 32 bits) of the first entry that authenticated, when one did. */
        Integer authenticatedSequenceLow;
        /** Where the inner IP packet of a tunnel portion lies, or -1 for a transport portion. */
        int innerOffset = -1;
        int innerEnd = -1;

        Outcome(CryptoStatus status) {
            this.status = status;
        }
    }

    /**
     * Verifies (and for ESP decrypts) the portion at {@code at} under {@code sa}: AH, ESP, or AH followed by ESP
     * for an AH+ESP bundle.
     *
     * @param inner whether this is the transport portion inside an already processed tunnel portion
     */
    private static Outcome processPortion(ReceiveSettings settings, byte[] buf, Located at, InboundSa sa,
            boolean inner) {
        Outcome outcome;
        try {
            outcome = checkPortion(settings, buf, at, sa, inner);
        } catch (RuntimeException e) {
            // e.g. the SA was deleted (its keys wiped) while this packet was in flight: the frame is still
            // indicated, with the status NDIS has for an unspecified failure
            return new Outcome(CryptoStatus.CRYPTO_GENERIC_ERROR);
        }
        if (outcome.authenticatedSequenceLow != null) {
            // one packet over the bundle, counted once even when AH and ESP both authenticated
            outcome.saDeleteReq = sa.received(at.declaredEnd() - at.ipOffset(), outcome.authenticatedSequenceLow);
        }
        return outcome;
    }

    private static Outcome checkPortion(ReceiveSettings settings, byte[] buf, Located at, InboundSa sa,
            boolean inner) {
        // lengths the IP header (or the UDP header) declares must lie inside the bytes present
        if (at.declaredEnd() > at.availableEnd() || at.declaredEnd() < at.headerOffset()) {
            return new Outcome(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        }
        boolean bundleHasEsp = sa.espSpi() >= 0;
        boolean bundleHasAh = sa.ahSpi() >= 0;
        if (at.protocol() == InboundLocator.AH) {
            Outcome ah = verifyAh(buf, at, sa, inner);
            if (ah.status != CryptoStatus.CRYPTO_SUCCESS) {
                return ah;
            }
            int ahOffset = at.headerOffset();
            int next = buf[ahOffset + AhHeader.NEXT_HEADER] & 0xFF;
            int payload = ahOffset + (BigEndian.getU8(buf, ahOffset + AhHeader.PAYLOAD_LENGTH) + 2) * 4;
            if (next == InboundLocator.ESP) {
                if (!bundleHasEsp) {
                    // AH alone protects this ESP packet: the ESP portion is not this bundle's to open
                    return ah;
                }
                if (at.declaredEnd() - payload < EspHeader.LENGTH) {
                    return withSequence(new Outcome(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX), ah);
                }
                if (BigEndian.getU32(buf, payload + EspHeader.SPI) != sa.espSpi()) {
                    return withSequence(new Outcome(CryptoStatus.CRYPTO_INVALID_PROTOCOL), ah);
                }
                Located esp = new Located(at.ipOffset(), at.ipVersion(), at.declaredEnd(), at.availableEnd(),
                        at.destinationOffset(), at.destinationLength(), InboundLocator.ESP, payload, -1,
                        sa.espSpi(), at.ipv4HeaderLength());
                Outcome espOutcome = openEsp(settings, buf, esp, sa, inner);
                espOutcome.authenticatedSequenceLow = ah.authenticatedSequenceLow;
                return espOutcome;
            }
            if (bundleHasEsp) {
                return withSequence(new Outcome(CryptoStatus.CRYPTO_INVALID_PROTOCOL), ah);
            }
            if (!inner && isTunnel(sa, next)) {
                ah.innerOffset = payload;
                ah.innerEnd = at.declaredEnd();
            }
            return ah;
        }
        if (bundleHasAh) {
            // an AH+ESP bundle's packets carry AH outside ESP; ESP alone does not match the SA
            return new Outcome(CryptoStatus.CRYPTO_INVALID_PROTOCOL);
        }
        return openEsp(settings, buf, at, sa, inner);
    }

    private static boolean isTunnel(InboundSa sa, int nextHeader) {
        if (sa.mode() != null) {
            return sa.mode() == SaMode.TUNNEL;
        }
        return nextHeader == IPV4_IN_IP || nextHeader == IPV6_IN_IP;
    }

    /**
     * Which portion a failure belongs to. An ESP failure hides the next header: without a mode on the SA, the mode
     * earlier packets over it showed decides, else transport. AH's next header is in clear.
     */
    private static boolean tunnelPortionBeforeDecrypt(InboundSa sa, boolean inner, int aheadNextHeader) {
        if (inner) {
            return false;
        }
        if (sa.mode() != null) {
            return sa.mode() == SaMode.TUNNEL;
        }
        if (aheadNextHeader >= 0) {
            return aheadNextHeader == IPV4_IN_IP || aheadNextHeader == IPV6_IN_IP;
        }
        return sa.observedMode() == SaMode.TUNNEL;
    }

    private static Outcome openEsp(ReceiveSettings settings, byte[] buf, Located at, InboundSa sa, boolean inner) {
        EspTransform esp = sa.espTransform();
        int espOffset = at.headerOffset();
        int end = at.declaredEnd();
        if (at.udpEncapsulated()) {
            int udpLength = BigEndian.getU16(buf, at.udpOffset() + UdpHeader.LENGTH_FIELD);
            if (udpLength < UdpHeader.LENGTH || at.udpOffset() + udpLength > end) {
                return failure(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
            }
            end = at.udpOffset() + udpLength;
        }
        int espLength = end - espOffset;
        if (espLength < esp.minEspLength()) {
            return failure(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        }
        int sequenceLow = BigEndian.getInt(buf, espOffset + EspHeader.SEQUENCE_NUMBER);
        int sequenceHigh = sa.inferSequenceHigh(InboundLocator.ESP, sequenceLow);
        EspOpenResult result = esp.open(buf, espOffset, espLength, sequenceHigh);
        if (result == EspOpenResult.BAD_LENGTH) {
            return failure(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        }
        if (result == EspOpenResult.AUTH_FAILED) {
            return failure(CryptoStatus.authFailed(tunnelPortionBeforeDecrypt(sa, inner, -1), false));
        }
        sa.authenticated(InboundLocator.ESP, sequenceHigh, sequenceLow);
        int trailer = end - esp.icvLength() - EspHeader.TRAILER_LENGTH;
        int padLength = buf[trailer] & 0xFF;
        int nextHeader = buf[trailer + 1] & 0xFF;
        int payload = espOffset + EspHeader.LENGTH + esp.ivLength();
        if (padLength > trailer - payload) {
            Outcome bad = failure(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
            bad.authenticatedSequenceLow = sequenceLow;
            return bad;
        }
        Outcome ok = new Outcome(CryptoStatus.CRYPTO_SUCCESS);
        ok.authenticatedSequenceLow = sequenceLow;
        if (settings.headerInfo()) {
            ok.headerInfo = HeaderInfo.of(nextHeader, padLength);
        }
        boolean tunnel = !inner && isTunnel(sa, nextHeader);
        if (tunnel) {
            ok.innerOffset = payload;
            ok.innerEnd = trailer - padLength;
        }
        if (sa.mode() == null) {
            sa.observed(tunnel ? SaMode.TUNNEL : SaMode.TRANSPORT);
        }
        return ok;
    }

    private static Outcome withSequence(Outcome outcome, Outcome authenticated) {
        outcome.authenticatedSequenceLow = authenticated.authenticatedSequenceLow;
        return outcome;
    }

    private static Outcome failure(CryptoStatus status) {
        return new Outcome(status);
    }

    /** Verifies the AH ICV of RFC 4302 section 3.3.3 (mutable fields zeroed; ESN high bits appended). */
    private static Outcome verifyAh(byte[] buf, Located at, InboundSa sa, boolean inner) {
        AhTransform ah = sa.ahTransform();
        int ahOffset = at.headerOffset();
        int end = at.declaredEnd();
        if (end - ahOffset < AH_FIXED) {
            return failure(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        }
        int ahLength = (BigEndian.getU8(buf, ahOffset + AhHeader.PAYLOAD_LENGTH) + 2) * 4;
        if (ahLength < AH_FIXED + ah.ivLength() + ah.icvLength() || ahLength > end - ahOffset) {
            return failure(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        }
        int nextHeader = buf[ahOffset + AhHeader.NEXT_HEADER] & 0xFF;
        int sequenceLow = BigEndian.getInt(buf, ahOffset + AhHeader.SEQUENCE_NUMBER);
        int sequenceHigh = sa.inferSequenceHigh(InboundLocator.AH, sequenceLow);
        boolean valid;
        try {
            valid = AhIcvCalculator.verifyIcv(ah, buf, at.ipOffset(), ahOffset, end, sa.esn(InboundLocator.AH),
                    sequenceHigh);
        } catch (PacketFormatException e) {
            return failure(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        }
        if (!valid) {
            return failure(CryptoStatus.authFailed(tunnelPortionBeforeDecrypt(sa, inner, nextHeader), true));
        }
        sa.authenticated(InboundLocator.AH, sequenceHigh, sequenceLow);
        Outcome ok = new Outcome(CryptoStatus.CRYPTO_SUCCESS);
        ok.authenticatedSequenceLow = sequenceLow;
        return ok;
    }
}
