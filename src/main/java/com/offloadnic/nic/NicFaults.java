package com.offloadnic.nic;

import com.offloadnic.ipsec.ReceiveIndication;
import com.offloadnic.packet.EthernetFrame;
import com.offloadnic.packet.IpPacket;
import com.offloadnic.packet.IpProtocol;
import com.offloadnic.packet.PacketFormatException;
import com.offloadnic.packet.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fault injection of one NIC: the {@link FaultPlan} in force, what is left of its "next N" counts, the seeded
 * generator behind its fractions, and a counter per injected fault. The NIC calls in at its seams — frames on
 * their way to its wire or to its link, frames arriving before the receive pipeline sees them, indications
 * after it, ADD_SA before a bundle is offloaded, send completions before they return.
 *
 * <p>Every method that picks frames runs under this object's monitor, so the picks are made in the order the
 * frames travel and a seed reproduces them.
 */
public final class NicFaults {

    /** Counters of injected faults, read by the statistics endpoint. */
    public record Counters(long txIcvCorrupted, long rxIcvCorrupted, long linkFramesDropped,
            long linkFramesDuplicated, long linkFramesReordered, long saDeleteReqForced, long addSaRefused,
            long completionsDelayed) {
    }

    private FaultPlan plan = FaultPlan.NONE;
    /** What is left of each selector's "next N", by {@link Hit#ordinal()}. */
    private final int[] left = new int[Hit.values().length];
    private int failAddSaLeft;
    private SplittableRandom random = new SplittableRandom(0);
    /** A frame the link holds back to deliver after the next one (reordering across requests). */
    private byte[] heldBack;
    private volatile Set<Long> saDeleteReq = Set.of();

    private final LongAdder txIcvCorrupted = new LongAdder();
    private final LongAdder rxIcvCorrupted = new LongAdder();
    private final LongAdder linkDropped = new LongAdder();
    private final LongAdder linkDuplicated = new LongAdder();
    private final LongAdder linkReordered = new LongAdder();
    private final LongAdder saDeleteReqForced = new LongAdder();
    private final LongAdder addSaRefused = new LongAdder();
    private final LongAdder completionsDelayed = new LongAdder();

    /** Replaces the plan: "next N" counts start afresh and the generator is reseeded; counters keep counting. */
    public synchronized void set(FaultPlan next) {
        plan = next;
        left[Hit.TRANSMIT_ICV.ordinal()] = next.corruptTransmitIcv().next();
        left[Hit.RECEIVE_ICV.ordinal()] = next.corruptReceiveIcv().next();
        left[Hit.DROP.ordinal()] = next.dropOnLink().next();
        left[Hit.DUPLICATE.ordinal()] = next.duplicateOnLink().next();
        left[Hit.REORDER.ordinal()] = next.reorderOnLink().next();
        failAddSaLeft = next.failAddSa();
        random = new SplittableRandom(next.seed());
        saDeleteReq = next.saDeleteReq();
    }

    /** The plan in force, each {@code next} (and {@code failAddSa}) reduced by what was injected since. */
    public synchronized FaultPlan plan() {
        FaultPlan p = plan;
        return new FaultPlan(p.seed(), remaining(p.corruptTransmitIcv(), Hit.TRANSMIT_ICV),
                remaining(p.corruptReceiveIcv(), Hit.RECEIVE_ICV), remaining(p.dropOnLink(), Hit.DROP),
                remaining(p.duplicateOnLink(), Hit.DUPLICATE), remaining(p.reorderOnLink(), Hit.REORDER),
                p.saDeleteReq(), p.saOffloadCapacity(), failAddSaLeft, p.completionDelayMillis());
    }

    private FaultPlan.Selector remaining(FaultPlan.Selector s, Hit hit) {
        return new FaultPlan.Selector(left[hit.ordinal()], s.fraction());
    }

    public Counters counters() {
        return new Counters(txIcvCorrupted.sum(), rxIcvCorrupted.sum(), linkDropped.sum(), linkDuplicated.sum(),
                linkReordered.sum(), saDeleteReqForced.sum(), addSaRefused.sum(), completionsDelayed.sum());
    }

    /** The capacity ADD_SA is checked against: the configured one, or the plan's if that is smaller. */
    synchronized int saOffloadCapacity(int configured) {
        Integer shrunk = plan.saOffloadCapacity();
        return shrunk == null ? configured : Math.min(configured, shrunk);
    }

    /** Frames on their way to this NIC's wire: IPsec frames the plan picks leave with a corrupted ICV. */
    synchronized List<byte[]> onTransmit(List<byte[]> frames) {
        if (!active(Hit.TRANSMIT_ICV)) {
            return frames;
        }
        List<byte[]> out = null;
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            int icv = icvByte(frame);
            if (icv >= 0 && pick(Hit.TRANSMIT_ICV)) {
                if (out == null) {
                    out = new ArrayList<>(frames);
                }
                byte[] corrupted = frame.clone();
                corrupted[icv] ^= 0x01;
                out.set(i, corrupted);
                txIcvCorrupted.increment();
            }
        }
        return out == null ? frames : out;
    }

    /** Frames arriving at this NIC: IPsec frames the plan picks have their ICV corrupted before the check. */
    synchronized List<byte[]> onReceive(List<byte[]> frames) {
        if (!active(Hit.RECEIVE_ICV)) {
            return frames;
        }
        List<byte[]> out = null;
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            int icv = icvByte(frame);
            if (icv >= 0 && pick(Hit.RECEIVE_ICV)) {
                if (out == null) {
                    out = new ArrayList<>(frames);
                }
                byte[] corrupted = frame.clone();
                corrupted[icv] ^= 0x01;
                out.set(i, corrupted);
                rxIcvCorrupted.increment();
            }
        }
        return out == null ? frames : out;
    }

    /**
     * Frames crossing the link to the linked NIC, in transmit order: each may be dropped, duplicated, or held
     * back and delivered after the frame that follows it (in this request or a later one). The checks run in
     * that order, one pick each, and a dropped frame is neither duplicated nor reordered.
     */
    synchronized List<byte[]> onLink(List<byte[]> frames) {
        if (heldBack == null && !active(Hit.DROP) && !active(Hit.DUPLICATE) && !active(Hit.REORDER)) {
            return frames;
        }
        List<byte[]> out = new ArrayList<>(frames.size() + 1);
        for (byte[] frame : frames) {
            if (pick(Hit.DROP)) {
                linkDropped.increment();
                continue;
            }
            boolean duplicate = pick(Hit.DUPLICATE);
            if (heldBack == null && pick(Hit.REORDER)) {
                heldBack = frame;
                if (duplicate) {
                    linkDuplicated.increment();
                    out.add(frame);
                }
                continue;
            }
            out.add(frame);
            if (duplicate) {
                linkDuplicated.increment();
                out.add(frame);
            }
            if (heldBack != null) {
                out.add(heldBack);
                heldBack = null;
                linkReordered.increment();
            }
        }
        return out;
    }

    /** An indication leaving the receive pipeline: one over an SA the plan names asks for the SA's deletion. */
    ReceiveIndication onIndication(ReceiveIndication indication) {
        if (indication.saDeleteReq() || indication.inboundSaHandle() == 0
                || !saDeleteReq.contains(indication.inboundSaHandle())) {
            return indication;
        }
        saDeleteReqForced.increment();
        return new ReceiveIndication(indication.frame(), indication.cryptoDone(), indication.nextCryptoDone(),
                indication.cryptoStatus(), true, indication.headerInfo(), indication.notOffloadedReason(),
                indication.inboundSaHandle());
    }

    /**
     * ADD_SA is about to offload a valid bundle: returns why the plan refuses it, or null to let it through.
     */
    synchronized String onAddSa() {
        if (failAddSaLeft == 0) {
            return null;
        }
        failAddSaLeft--;
        addSaRefused.increment();
        return "fault injection (emulation/faults failAddSa) refused this bundle; " + failAddSaLeft
                + " more will be refused";
    }

    /** How long a send request's completions wait; counts the delayed completions. */
    synchronized long completionDelayMillis(int completions) {
        long delay = plan.completionDelayMillis();
        if (delay > 0 && completions > 0) {
            completionsDelayed.add(completions);
        }
        return delay;
    }

    /** Adapter removal or a new link: a frame held back for reordering is gone with the old wire. */
    synchronized void dropHeldBack() {
        heldBack = null;
    }

    private enum Hit { TRANSMIT_ICV, RECEIVE_ICV, DROP, DUPLICATE, REORDER }

    private boolean active(Hit hit) {
        return left[hit.ordinal()] > 0 || fraction(hit) > 0;
    }

    private double fraction(Hit hit) {
        return switch (hit) {
            case TRANSMIT_ICV -> plan.corruptTransmitIcv().fraction();
            case RECEIVE_ICV -> plan.corruptReceiveIcv().fraction();
            case DROP -> plan.dropOnLink().fraction();
            case DUPLICATE -> plan.duplicateOnLink().fraction();
            case REORDER -> plan.reorderOnLink().fraction();
        };
    }

    /** Picks (or not) one eligible frame for a fault, consuming one of its "next N" first. */
    private boolean pick(Hit hit) {
        int i = hit.ordinal();
        if (left[i] > 0) {
            left[i]--;
            return true;
        }
        double fraction = fraction(hit);
        return fraction > 0 && random.nextDouble() < fraction;
    }

    /**
     * The byte to flip so the frame's first integrity check fails: the AH ICV's first byte when AH comes first,
     * else the last byte of the ESP packet (its ICV ends the IP packet, UDP-encapsulated or not). -1 for a frame
     * that carries no IPsec (or cannot be parsed far enough to tell).
     */
    static int icvByte(byte[] frame) {
        try {
            EthernetFrame eth = EthernetFrame.parse(frame, 0, frame.length);
            if (eth.etherType() != EthernetFrame.ETHERTYPE_IPV4 && eth.etherType() != EthernetFrame.ETHERTYPE_IPV6) {
                return -1;
            }
            IpPacket ip = IpPacket.parse(frame, eth.l3Offset(), eth.l3Length());
            int protocol = ip.firstIpsecProtocol();
            if (protocol == IpProtocol.AH.value()) {
                int icv = ip.firstIpsecHeaderOffset() + AH_ICV;
                return icv < ip.end() ? icv : -1;
            }
            if (protocol == IpProtocol.ESP.value()) {
                return ip.end() - 1 > ip.firstIpsecHeaderOffset() ? ip.end() - 1 : -1;
            }
            if (ip.protocol() == IpProtocol.UDP.value() && ip.upperLayerLength() > UdpHeader.LENGTH + 4) {
                int udp = ip.protocolOffset();
                int payload = udp + UdpHeader.LENGTH;
                int port = udp + UdpHeader.DESTINATION_PORT;
                boolean natT = ((frame[port] & 0xFF) << 8 | frame[port + 1] & 0xFF) == UdpHeader.PORT_NAT_T;
                boolean nonEspMarker = frame[payload] == 0 && frame[payload + 1] == 0 && frame[payload + 2] == 0
                        && frame[payload + 3] == 0;
                return natT && !nonEspMarker ? ip.end() - 1 : -1;
            }
            return -1;
        } catch (PacketFormatException e) {
            return -1;
        }
    }

    /** Offset of the ICV in an AH header (RFC 4302 section 2). */
    private static final int AH_ICV = 12;
}
