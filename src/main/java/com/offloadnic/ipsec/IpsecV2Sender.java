package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IvGenerator;
import com.offloadnic.packet.AhHeader;
import com.offloadnic.packet.BigEndian;
import com.offloadnic.packet.Checksums;
import com.offloadnic.packet.EspHeader;
import com.offloadnic.packet.EthernetFrame;
import com.offloadnic.packet.ExtensionHeader;
import com.offloadnic.packet.IpPacket;
import com.offloadnic.packet.IpProtocol;
import com.offloadnic.packet.Ipv4Header;
import com.offloadnic.packet.PacketFormatException;
import com.offloadnic.packet.UdpHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The IPsec offload v2 send path of one NET_BUFFER_LIST (SPEC section 5; NDIS "Sending Network Data with IPsec
 * Offload Version 2").
 *
 * <p>Work happens in two phases so a NIC can keep its frames in order while the crypto runs on many workers:
 * <ol>
 *   <li>{@link #plan} (on the request thread, one NBL after the other, in order): finds the SAs, parses every
 *       frame, checks everything the transport said against the packet, computes the sequence numbers and
 *       commits them. It touches no packet byte. Any disagreement fails the whole NBL.</li>
 *   <li>{@link Plan#execute()} (on a crypto worker): writes IVs, fixes UDP-ESP lengths, encrypts, writes ICVs, in
 *       place, transport portion before tunnel portion and ESP before AH.</li>
 * </ol>
 * Stateless apart from the SA table's per-entry {@link SequenceState}s it advances.
 */
public final class IpsecV2Sender {

    private static final int IPV4_IN_IP = IpProtocol.IPV4.value();
    private static final int IPV6_IN_IP = IpProtocol.IPV6.value();
    private static final int ESP = IpProtocol.ESP.value();
    private static final int AH = IpProtocol.AH.value();
    private static final int UDP = IpProtocol.UDP.value();
    private static final long LOW_MASK = 0xFFFF_FFFFL;

    private IpsecV2Sender() {
    }

    /**
     * The NIC facts the send path needs: current configuration and capabilities.
     *
     * @param ipsecEnabled            IPsec offload v2 is on in the current configuration
     * @param ipv6Supported           the NIC offloads IPsec for IPv6
     * @param ipv4Options             the NIC offloads IPsec for IPv4 packets with options
     * @param transportTunnelCombined the NIC processes transport over tunnel
     * @param mtu                     largest IP packet the NIC transmits
     */
    public record Settings(boolean ipsecEnabled, boolean ipv6Supported, boolean ipv4Options,
            boolean transportTunnelCombined, int mtu) {
    }

    /**
     * One NET_BUFFER_LIST to send.
     *
     * @param frames                  its NET_BUFFERs, Ethernet frames; processed in place
     * @param offloadHandle           {@code NDIS_IPSEC_OFFLOAD_V2_NET_BUFFER_LIST_INFO.OffloadHandle}, 0 = none
     * @param tunnelHandle            {@code NDIS_IPSEC_OFFLOAD_V2_TUNNEL_NET_BUFFER_LIST_INFO.TunnelHandle}
     * @param headerInfo              the header information, {@link SendHeaderInfo#NONE} when absent; null for
     *                                IPsec offload v1, which has none (the NIC reads the ESP trailer itself)
     * @param computeIpv4HeaderChecksum checksum offload asked for the (outer) IPv4 header checksum
     */
    public record Nbl(List<byte[]> frames, long offloadHandle, long tunnelHandle, SendHeaderInfo headerInfo,
            boolean computeIpv4HeaderChecksum, List<SendHeaderInfo> frameHeaderInfos) {
        public Nbl {
            frames = List.copyOf(frames);
            if (frameHeaderInfos != null) {
                frameHeaderInfos = List.copyOf(frameHeaderInfos);
                if (frameHeaderInfos.size() != frames.size()) {
                    throw new IllegalArgumentException(frameHeaderInfos.size() + " header infos for "
                            + frames.size() + " frames");
                }
            }
        }

        /** One NBL whose frames share {@code headerInfo}. */
        public Nbl(List<byte[]> frames, long offloadHandle, long tunnelHandle, SendHeaderInfo headerInfo,
                boolean computeIpv4HeaderChecksum) {
            this(frames, offloadHandle, tunnelHandle, headerInfo, computeIpv4HeaderChecksum, null);
        }

        /**
         * The header information of frame {@code index}: the NBL's, or the frame's own for the segments of a
         * large send (each segment has its own pad length).
         */
        public SendHeaderInfo headerInfoOf(int index) {
            return frameHeaderInfos == null ? headerInfo : frameHeaderInfos.get(index);
        }
    }

    /**
     * What was done to one transmitted frame; null numbers/IVs where the frame had no such header.
     *
     * <p>Built per frame on the hot path, so it only points at the frame's plan: numbers are boxed and IVs copied
     * out of {@link #data()} when asked for (an IV travels in the clear, so the frame holds it; only a transport
     * IV that the tunnel portion then encrypted is copied at send time). The frame must not be modified after it
     * was sent, which the NIC never does (the capture and the linked NIC's receive path keep or copy it as is).
     */
    public static final class TransmittedFrame {
        private final FramePlan plan;
        /** The transport portion's IV in transport over tunnel, copied before the tunnel portion encrypted it. */
        private final byte[] innerIv;

        private TransmittedFrame(FramePlan plan, byte[] innerIv) {
            this.plan = plan;
            this.innerIv = innerIv;
        }

        /** The frame as it left (sealed in place). */
        public byte[] data() {
            return plan.buf;
        }

        /** The ESP sequence number (64-bit with ESN) of the SA named by offloadHandle, or null. */
        public Long espSequenceNumber() {
            Portion p = primary();
            return p != null && p.espOffset >= 0 ? p.espSeq : null;
        }

        /** The AH sequence number of the SA named by offloadHandle, or null. */
        public Long ahSequenceNumber() {
            Portion p = primary();
            return p != null && p.ahOffset >= 0 ? p.ahSeq : null;
        }

        /** The IV of the SA named by offloadHandle (empty for an ESP without IV), or null; a new array per call. */
        public byte[] iv() {
            if (plan.inner != null) {
                return innerIv == null ? null : innerIv.clone();
            }
            return plan.outer == null ? null : ivOf(plan.buf, plan.outer);
        }

        /** The tunnel SA's ESP sequence number in transport over tunnel, or null. */
        public Long tunnelEspSequenceNumber() {
            Portion t = tunnel();
            return t != null && t.espOffset >= 0 ? t.espSeq : null;
        }

        /** The tunnel SA's AH sequence number in transport over tunnel, or null. */
        public Long tunnelAhSequenceNumber() {
            Portion t = tunnel();
            return t != null && t.ahOffset >= 0 ? t.ahSeq : null;
        }

        /** The tunnel SA's IV in transport over tunnel, or null; a new array per call. */
        public byte[] tunnelIv() {
            return tunnel() == null ? null : ivOf(plan.buf, plan.outer);
        }

        private Portion primary() {
            return plan.inner != null ? plan.inner : plan.outer;
        }

        private Portion tunnel() {
            return plan.inner != null ? plan.outer : null;
        }

        @Override
        public String toString() {
            return "TransmittedFrame[" + plan.buf.length + " bytes, esp=" + espSequenceNumber() + ", ah="
                    + ahSequenceNumber() + ", tunnelEsp=" + tunnelEspSequenceNumber() + ", tunnelAh="
                    + tunnelAhSequenceNumber() + "]";
        }
    }

    /** The outcome of {@link #plan}: a failure, or the work to do. */
    public sealed interface Plan permits Failure, Work {
        /** Runs the crypto (if any) and returns the frames to transmit; a failure returns none. */
        List<TransmittedFrame> execute();
    }

    /** The NBL fails; nothing is transmitted. */
    public record Failure(SendFailureReason reason, String detail) implements Plan {
        @Override
        public List<TransmittedFrame> execute() {
            return List.of();
        }
    }

    /** The NBL is accepted; {@link #reserve()} then {@link #execute()} protect its frames. */
    public static final class Work implements Plan {
        private final FramePlan[] frames;
        private final boolean ipv4Checksum;
        private boolean reserved;

        Work(FramePlan[] frames, boolean ipv4Checksum) {
            this.frames = frames;
            this.ipv4Checksum = ipv4Checksum;
            this.reserved = !needsCrypto();
        }

        /**
         * Reserves the NBL's sequence numbers in the SA table (frame order, transport before tunnel portion).
         *
         * @return null, or the failure when a counter would cycle (the NBL must then not be sent)
         */
        public Failure reserve() {
            if (reserved) {
                return null;
            }
            try {
                reserveSequenceNumbers(frames);
            } catch (Refusal r) {
                return new Failure(r.reason, r.getMessage());
            }
            reserved = true;
            return null;
        }

        /** Whether {@link #reserve()} succeeded (or nothing needed reserving). */
        public boolean isReserved() {
            return reserved;
        }

        @Override
        public List<TransmittedFrame> execute() {
            return execute(0, frames.length);
        }

        /**
         * Protects frames {@code [from, to)} only. Frames are independent once their sequence numbers are reserved,
         * so disjoint ranges of one NBL (the segments of a large send) may run on different workers at once.
         */
        public List<TransmittedFrame> execute(int from, int to) {
            if (!reserved) {
                throw new IllegalStateException("sequence numbers not reserved: call reserve() first");
            }
            Objects.checkFromToIndex(from, to, frames.length);
            if (to - from == 1) {
                return List.of(frames[from].execute(ipv4Checksum));
            }
            List<TransmittedFrame> out = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                out.add(frames[i].execute(ipv4Checksum));
            }
            return out;
        }

        /** How many frames (NET_BUFFERs, or segments of a large send) this NBL transmits. */
        public int frameCount() {
            return frames.length;
        }

        /** Whether any frame gets IPsec processing (false: sent as is, no crypto needed). */
        public boolean needsCrypto() {
            for (FramePlan f : frames) {
                if (f.outer != null) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Checks one NBL and, when it is accepted, commits its sequence numbers and returns the work to do.
     * Touches no packet byte. Must be called for a NIC's NBLs one at a time, in send order.
     *
     * @param sas finds an SA by handle; returns null for a handle that names no SA of this NIC
     */
    public static Plan plan(Nbl nbl, Settings settings, LongFunction<OutboundSa> sas) {
        Plan plan = prepare(nbl, settings, sas, new SequenceScratch(false));
        if (plan instanceof Work work) {
            Failure failure = work.reserve();
            if (failure != null) {
                return failure;
            }
        }
        return plan;
    }

    /**
     * Numbers checked but not yet reserved by the NBLs of one send request, so a later NBL of the request sees
     * the earlier ones' numbers. One per request; not thread-safe.
     */
    public static final class SequenceScratch {
        /** Whether numbers of an accepted NBL are kept for the next NBLs ({@link #plan} reserves at once). */
        private final boolean keep;
        /** Highest number checked per counter by the earlier accepted NBLs; created on the first commit. */
        private Map<SequenceState, Long> committed;
        /**
         * The NBL being checked: the highest number per counter so far, committed only when the whole NBL passes.
         * One slot per counter it uses, usually one (two in transport over tunnel or with ESP and AH): slot 0 is
         * held in fields, further slots in arrays made when needed.
         */
        private int staged;
        private SequenceState state0;
        private long highest0;
        private SequenceState[] moreStates;
        private long[] moreHighest;

        public SequenceScratch() {
            this(true);
        }

        private SequenceScratch(boolean keep) {
            this.keep = keep;
        }

        private SequenceState stagedState(int slot) {
            return slot == 0 ? state0 : moreStates[slot - 1];
        }

        private long stagedHighest(int slot) {
            return slot == 0 ? highest0 : moreHighest[slot - 1];
        }

        private int stagedSlot(SequenceState state) {
            for (int i = 0; i < staged; i++) {
                if (stagedState(i) == state) {
                    return i;
                }
            }
            return -1;
        }

        private void stage(SequenceState state, long highest) {
            int slot = stagedSlot(state);
            if (slot < 0) {
                slot = staged++;
                if (slot > 0) {
                    if (moreStates == null) {
                        moreStates = new SequenceState[2];
                        moreHighest = new long[2];
                    } else if (slot > moreStates.length) {
                        moreStates = Arrays.copyOf(moreStates, moreStates.length * 2);
                        moreHighest = Arrays.copyOf(moreHighest, moreHighest.length * 2);
                    }
                    moreStates[slot - 1] = state;
                } else {
                    state0 = state;
                }
            }
            if (slot == 0) {
                highest0 = highest;
            } else {
                moreHighest[slot - 1] = highest;
            }
        }

        private void commit() {
            if (keep && staged > 0) {
                if (committed == null) {
                    committed = new IdentityHashMap<>();
                }
                for (int i = 0; i < staged; i++) {
                    committed.put(stagedState(i), stagedHighest(i));
                }
            }
            discard();
        }

        private void discard() {
            state0 = null;
            if (moreStates != null) {
                Arrays.fill(moreStates, null);
            }
            staged = 0;
        }
    }

    /**
     * Checks one NBL like {@link #plan} but reserves nothing: the caller reserves with {@link Work#reserve()} (in
     * NBL order, after it knows the work can run), so an NBL that never runs consumes no sequence number.
     * Sequence numbers are checked against the SA table and against the earlier NBLs in {@code scratch}.
     */
    public static Plan prepare(Nbl nbl, Settings settings, LongFunction<OutboundSa> sas, SequenceScratch scratch) {
        if (nbl.frames().isEmpty()) {
            return new Failure(SendFailureReason.NO_NET_BUFFERS, "netBuffers is empty");
        }
        if (!settings.ipsecEnabled() || nbl.offloadHandle() == 0 && nbl.tunnelHandle() == 0) {
            FramePlan[] plain = new FramePlan[nbl.frames().size()];
            for (int i = 0; i < plain.length; i++) {
                plain[i] = new FramePlan(nbl.frames().get(i), null, null);
            }
            return new Work(plain, false);
        }
        if (nbl.offloadHandle() == 0) {
            return new Failure(SendFailureReason.TUNNEL_HANDLE_WITHOUT_OFFLOAD_HANDLE,
                    "tunnelHandle " + Long.toUnsignedString(nbl.tunnelHandle()) + " given with offloadHandle 0:"
                            + " a packet with one IPsec payload names its SA in offloadHandle");
        }
        OutboundSa primary = sas.apply(nbl.offloadHandle());
        if (primary == null) {
            return new Failure(SendFailureReason.UNKNOWN_OFFLOAD_HANDLE,
                    "offloadHandle " + Long.toUnsignedString(nbl.offloadHandle()) + " names no SA of this NIC");
        }
        OutboundSa tunnel = null;
        if (nbl.tunnelHandle() != 0) {
            tunnel = sas.apply(nbl.tunnelHandle());
            if (tunnel == null) {
                return new Failure(SendFailureReason.UNKNOWN_TUNNEL_HANDLE,
                        "tunnelHandle " + Long.toUnsignedString(nbl.tunnelHandle()) + " names no SA of this NIC");
            }
            if (!settings.transportTunnelCombined()) {
                return new Failure(SendFailureReason.TRANSPORT_TUNNEL_COMBINED_NOT_SUPPORTED,
                        "both offloadHandle and tunnelHandle are set but the NIC lacks transportTunnelCombined");
            }
        }
        for (OutboundSa sa = primary; sa != null; sa = sa == primary ? tunnel : null) {
            if (!sa.outbound()) {
                return new Failure(SendFailureReason.SA_NOT_OUTBOUND, "SA " + Long.toUnsignedString(sa.handle())
                        + " is inbound");
            }
        }
        List<byte[]> frames = nbl.frames();
        FramePlan[] plans = new FramePlan[frames.size()];
        try {
            for (int i = 0; i < plans.length; i++) {
                plans[i] = planFrame(frames.get(i), i, nbl, settings, primary, tunnel);
            }
            precheckSequenceNumbers(plans, scratch);
        } catch (Refusal r) {
            return new Failure(r.reason, r.getMessage());
        }
        return new Work(plans, nbl.computeIpv4HeaderChecksum());
    }

    private static FramePlan planFrame(byte[] buf, int index, Nbl nbl, Settings settings, OutboundSa primary,
            OutboundSa tunnel) throws Refusal {
        try {
            return planFrame(buf, nbl.headerInfoOf(index), settings, primary, tunnel);
        } catch (Refusal r) {
            throw r.inFrame(index, nbl.frames().size());
        }
    }

    private static FramePlan planFrame(byte[] buf, SendHeaderInfo headerInfo, Settings settings, OutboundSa primary,
            OutboundSa tunnel) throws Refusal {
        IpPacket ip;
        try {
            EthernetFrame eth = EthernetFrame.parse(buf, 0, buf.length);
            if (eth.etherType() != EthernetFrame.ETHERTYPE_IPV4 && eth.etherType() != EthernetFrame.ETHERTYPE_IPV6) {
                throw new Refusal(SendFailureReason.MALFORMED_FRAME, String.format(
                        "EtherType 0x%04x is neither IPv4 nor IPv6", eth.etherType()));
            }
            ip = IpPacket.parse(buf, eth.l3Offset(), eth.l3Length());
        } catch (PacketFormatException e) {
            throw new Refusal(SendFailureReason.MALFORMED_FRAME, e.getMessage());
        }
        checkIpFeatures(ip, settings, "");
        Portion outer;
        Portion inner = null;
        try {
            if (tunnel == null) {
                outer = locate(buf, ip, primary, null);
                checkHeaderInfo(buf, headerInfo, ip.offset(), outer);
            } else {
                outer = locate(buf, ip, tunnel, SaMode.TUNNEL);
                IpPacket innerIp = innerPacket(buf, outer);
                checkIpFeatures(innerIp, settings, "inner ");
                inner = locate(buf, innerIp, primary, SaMode.TRANSPORT);
                checkHeaderInfo(buf, headerInfo, ip.offset(), inner);
            }
        } catch (PacketFormatException e) {
            throw new Refusal(SendFailureReason.MALFORMED_FRAME, e.getMessage());
        }
        return new FramePlan(buf, outer, inner);
    }

    private static void checkIpFeatures(IpPacket ip, Settings settings, String which)
            throws Refusal {
        if (ip.fragment()) {
            throw new Refusal(SendFailureReason.IP_FRAGMENT, "the " + which
                    + "IP packet is a fragment; IPsec is not offloaded for packets that need fragmentation");
        }
        if (ip.version() == 6 && !settings.ipv6Supported()) {
            throw new Refusal(SendFailureReason.IPV6_NOT_SUPPORTED, "the " + which
                    + "IP packet is IPv6 and the NIC lacks ipv6Supported");
        }
        if (ip.hasOptions() && !settings.ipv4Options()) {
            throw new Refusal(SendFailureReason.IPV4_OPTIONS_NOT_SUPPORTED, "the " + which
                    + "IPv4 header carries options and the NIC lacks ipv4Options");
        }
        if (which.isEmpty() && ip.length() > settings.mtu()) {
            throw new Refusal(SendFailureReason.FRAME_EXCEEDS_MTU, "IP packet of " + ip.length()
                    + " bytes exceeds the MTU of " + settings.mtu());
        }
    }

    /**
     * Checks every sequence number of the NBL first (so a refusal consumes none), then reserves them in the SA
     * table in frame order, transport portion before tunnel portion.
     *
     * <p>Beyond the table's own rule that a counter never cycles, a number not above the last one sent over the SA
     * is refused as {@link SendFailureReason#SEQUENCE_NUMBER_REPEATED}: a repeat is a transport bug, and with
     * AES-GCM/GMAC, whose IV is the sequence number, it would reuse a nonce. With ESN a low half far below the last
     * one is the low half wrapping (RFC 4303 appendix A), not a repeat.
     */
    private static void precheckSequenceNumbers(FramePlan[] plans, SequenceScratch scratch) throws Refusal {
        scratch.discard();
        try {
            for (int i = 0; i < plans.length; i++) {
                FramePlan f = plans[i];
                try {
                    if (f.inner != null) {
                        precheck(f.inner, scratch);
                    }
                    if (f.outer != null) {
                        precheck(f.outer, scratch);
                    }
                } catch (Refusal r) {
                    throw r.inFrame(i, plans.length);
                }
            }
        } catch (Refusal | RuntimeException e) {
            scratch.discard();
            throw e;
        }
        scratch.commit();
    }

    /** Transport (inner) portion before the tunnel (outer) one, ESP before AH. */
    private static void precheck(Portion p, SequenceScratch scratch) throws Refusal {
        if (p.espOffset >= 0) {
            p.espLow = BigEndian.getU32(p.buf, p.espOffset + EspHeader.SEQUENCE_NUMBER);
            precheck(p.sa.esp(), p.espLow, scratch, "ESP ");
        }
        if (p.ahOffset >= 0) {
            p.ahLow = BigEndian.getU32(p.buf, p.ahOffset + AhHeader.SEQUENCE_NUMBER);
            precheck(p.sa.ah(), p.ahLow, scratch, "AH ");
        }
    }

    private static void reserveSequenceNumbers(FramePlan[] plans) throws Refusal {
        for (int i = 0; i < plans.length; i++) {
            FramePlan f = plans[i];
            try {
                if (f.inner != null) {
                    reserve(f.inner);
                }
                if (f.outer != null) {
                    reserve(f.outer);
                }
            } catch (Refusal r) {
                throw r.inFrame(i, plans.length);
            }
        }
    }

    private static void reserve(Portion p) throws Refusal {
        if (p.espOffset >= 0) {
            p.espSeq = reserve(p.sa.esp(), p.espLow, "ESP ");
        }
        if (p.ahOffset >= 0) {
            p.ahSeq = reserve(p.sa.ah(), p.ahLow, "AH ");
        }
    }

    private static void precheck(OutboundSa.Entry entry, long low, SequenceScratch scratch, String protocol)
            throws Refusal {
        SequenceState state = entry.sequence();
        int slot = scratch.stagedSlot(state);
        Long committed = slot >= 0 || scratch.committed == null ? null : scratch.committed.get(state);
        boolean before = slot >= 0 || committed != null;
        SequenceStateView view = before ? null : state.view();
        long highest = slot >= 0 ? scratch.stagedHighest(slot)
                : committed != null ? committed : view.highestSequenceNumber();
        long next;
        if (!entry.esn()) {
            if (low == 0 || highest == LOW_MASK) {
                throw new Refusal(SendFailureReason.SEQUENCE_NUMBER_WRAPPED, protocol + "sequence number " + low
                        + (low == 0 ? " on an SA without ESN can only follow a wrap of 2^32-1 (counters start at 1)"
                                : " after 4294967295 on an SA without ESN: the counter must not wrap"));
            }
            if (highest != 0 && low <= highest) {
                throw new Refusal(SendFailureReason.SEQUENCE_NUMBER_REPEATED, protocol + "sequence number " + low
                        + " is not above the last one sent over the SA, " + highest);
            }
            next = low;
        } else if (!before && view.highOrderExact()) {
            next = view.sequenceNumberHighOrder() << 32 | low;
        } else {
            next = EsnInference.infer(highest, (int) low);
            if (Long.compareUnsigned(next, highest) <= 0) {
                throw new Refusal(SendFailureReason.SEQUENCE_NUMBER_REPEATED, protocol + "sequence number " + low
                        + " (ESN high-order bits " + (next >>> 32) + ") is not above the last one sent over the SA, "
                        + (highest & LOW_MASK) + " (high-order bits " + (highest >>> 32) + ")");
            }
        }
        scratch.stage(state, next);
    }

    private static long reserve(OutboundSa.Entry entry, long low, String protocol) throws Refusal {
        try {
            return entry.sequence().nextOutbound((int) low, 1);
        } catch (SequenceNumberExhaustedException e) {
            throw new Refusal(SendFailureReason.SEQUENCE_NUMBER_WRAPPED, protocol + e.getMessage());
        }
    }

    /** The IP packet the tunnel portion carries. */
    private static IpPacket innerPacket(byte[] buf, Portion outer) throws Refusal {
        int start = outer.payloadOffset;
        int limit = outer.payloadEnd;
        IpPacket inner = IpPacket.parse(buf, start, limit - start);
        if (inner.end() != limit) {
            if (outer.espOffset >= 0) {
                throw new Refusal(SendFailureReason.PAD_LENGTH_MISMATCH, "the tunnel ESP trailer's pad length "
                        + outer.trailerPadLength + " leaves " + (limit - start) + " bytes of payload but the inner IP"
                        + " packet is " + inner.length() + " bytes");
            }
            throw new Refusal(SendFailureReason.MALFORMED_FRAME, "the inner IP packet is " + inner.length()
                    + " bytes but the tunnel AH payload " + (limit - start));
        }
        return inner;
    }

    /**
     * Finds and checks the AH and ESP headers {@code sa} applies to in {@code ip}.
     *
     * @param role TUNNEL / TRANSPORT in transport over tunnel, null for a packet with one IPsec portion
     */
    private static Portion locate(byte[] buf, IpPacket ip, OutboundSa sa, SaMode role)
            throws Refusal {
        Portion p = new Portion(sa, ip, buf);
        String side = role == null ? "" : role == SaMode.TUNNEL ? "tunnel " : "transport ";
        ExtensionHeader ahHeader = ip.chain().find(AH);
        if (sa.ah() != null) {
            if (ahHeader == null) {
                throw new Refusal(SendFailureReason.AH_HEADER_NOT_FOUND, "SA "
                        + Long.toUnsignedString(sa.handle()) + " has AH but the " + side + "IP packet has no AH header");
            }
            p.ahOffset = ahHeader.offset();
            p.ahLength = ahHeader.length();
            long spi = BigEndian.getU32(buf, p.ahOffset + AhHeader.SPI);
            if (spi != sa.ah().spi()) {
                throw new Refusal(SendFailureReason.AH_SPI_MISMATCH, "the " + side + "AH header carries SPI "
                        + spi + " but SA " + Long.toUnsignedString(sa.handle()) + " has SPI " + sa.ah().spi());
            }
            int expected = AhIcvCalculator.ahHeaderLength(sa.transforms().ah(), ip.version());
            if (p.ahLength != expected) {
                throw new Refusal(SendFailureReason.AH_LENGTH_MISMATCH, "the " + side + "AH header is "
                        + p.ahLength + " bytes (payload length " + (p.ahLength / 4 - 2) + ") but "
                        + sa.transforms().ah().algorithm().ndisName() + " over IPv" + ip.version() + " needs "
                        + expected + " (payload length " + (expected / 4 - 2) + ")");
            }
        }
        int nextHeader;
        if (sa.esp() != null) {
            locateEsp(buf, ip, p, sa, role, side);
            nextHeader = p.trailerNextHeader;
        } else {
            nextHeader = buf[p.ahOffset + AhHeader.NEXT_HEADER] & 0xFF;
            p.payloadOffset = p.ahOffset + p.ahLength;
            p.payloadEnd = ip.end();
        }
        boolean carriesIp = nextHeader == IPV4_IN_IP || nextHeader == IPV6_IN_IP;
        SaMode required = role != null ? role : sa.mode();
        if (required == SaMode.TUNNEL && !carriesIp || required == SaMode.TRANSPORT && carriesIp) {
            throw new Refusal(SendFailureReason.NEXT_HEADER_MODE_MISMATCH, "the " + side
                    + (sa.esp() != null ? "ESP trailer" : "AH header") + " names next header " + nextHeader + " but SA "
                    + Long.toUnsignedString(sa.handle()) + " protects the " + required.name().toLowerCase()
                    + "-mode portion" + (required == SaMode.TUNNEL ? " (expected 4 or 41)" : " (4 and 41 are tunnels)"));
        }
        if (role == SaMode.TUNNEL && !carriesIp) {
            throw new Refusal(SendFailureReason.NEXT_HEADER_MODE_MISMATCH, "tunnel portion names next header "
                    + nextHeader + " (expected 4 or 41)");
        }
        return p;
    }

    private static void locateEsp(byte[] buf, IpPacket ip, Portion p, OutboundSa sa, SaMode role, String side) throws Refusal {
        int upper = ip.protocol();
        int upperOffset = ip.protocolOffset();
        if (upper == ESP) {
            p.espOffset = upperOffset;
        } else if (upper == UDP && looksLikeUdpEsp(buf, upperOffset, ip.end())) {
            p.udpOffset = upperOffset;
            p.espOffset = upperOffset + UdpHeader.LENGTH;
        } else {
            throw new Refusal(SendFailureReason.ESP_HEADER_NOT_FOUND, "SA " + Long.toUnsignedString(sa.handle())
                    + " has ESP but the " + side + "IP packet carries protocol " + upper + " after its headers");
        }
        if (p.ahOffset >= 0 && p.ahOffset > p.espOffset) {
            throw new Refusal(SendFailureReason.AH_HEADER_OFFSET_MISMATCH, "AH follows ESP; a bundle"
                    + " applies ESP first, then AH over the result");
        }
        UdpEspEncapsulationType type = sa.encapsulation();
        boolean udpExpected = role == null ? type != UdpEspEncapsulationType.NONE
                : role == SaMode.TUNNEL ? type.tunnelPortionInUdp() : type.transportPortionInUdp();
        if (udpExpected != (p.udpOffset >= 0)) {
            throw new Refusal(SendFailureReason.UDP_ENCAPSULATION_MISMATCH, "the " + side + "ESP header is "
                    + (p.udpOffset >= 0 ? "" : "not ") + "UDP-encapsulated but SA " + Long.toUnsignedString(sa.handle())
                    + " has UDP-ESP encapsulation " + type.ndisName());
        }
        EspTransform esp = sa.transforms().esp();
        int espLength = ip.end() - p.espOffset;
        p.espEnd = ip.end();
        if (espLength < EspHeader.LENGTH) {
            throw new Refusal(SendFailureReason.ESP_PACKET_TOO_SHORT, "ESP packet too short: " + espLength
                    + " bytes (expected at least " + esp.minEspLength() + ")");
        }
        long spi = BigEndian.getU32(buf, p.espOffset + EspHeader.SPI);
        if (spi != sa.esp().spi()) {
            throw new Refusal(SendFailureReason.ESP_SPI_MISMATCH, "the " + side + "ESP header carries SPI "
                    + spi + " but SA " + Long.toUnsignedString(sa.handle()) + " has SPI " + sa.esp().spi());
        }
        if (espLength < esp.minEspLength()) {
            throw new Refusal(SendFailureReason.ESP_PACKET_TOO_SHORT, "ESP packet too short: " + espLength
                    + " bytes (expected at least " + esp.minEspLength() + ": 8-byte header, " + esp.ivLength()
                    + "-byte IV, trailer, " + esp.icvLength() + "-byte ICV)");
        }
        int encStart = p.espOffset + EspHeader.LENGTH + esp.ivLength();
        int encEnd = ip.end() - esp.icvLength();
        p.trailerPadLength = buf[encEnd - 2] & 0xFF;
        p.trailerNextHeader = buf[encEnd - 1] & 0xFF;
        p.encryptedLength = encEnd - encStart;
        p.payloadOffset = encStart;
        p.payloadEnd = Math.max(encStart, encEnd - 2 - p.trailerPadLength);
        if (role == SaMode.TUNNEL) {
            checkTrailer(p, side);
        }
    }

    /** Pad length within the payload, and block / 4-byte alignment of the encrypted part. */
    private static void checkTrailer(Portion p, String side) throws Refusal {
        if (p.trailerPadLength > p.encryptedLength - 2) {
            throw new Refusal(SendFailureReason.PAD_LENGTH_TOO_LARGE, "the " + side + "ESP trailer's pad length "
                    + p.trailerPadLength + " exceeds the " + (p.encryptedLength - 2) + " bytes before it");
        }
        checkAlignment(p);
    }

    /** RFC 3948 section 2.2: UDP to or from port 4500 whose first four payload bytes (the SPI) are not zero. */
    private static boolean looksLikeUdpEsp(byte[] buf, int udpOffset, int end) {
        if (end - udpOffset < UdpHeader.LENGTH + EspHeader.LENGTH) {
            return false;
        }
        int sport = BigEndian.getU16(buf, udpOffset + UdpHeader.SOURCE_PORT);
        int dport = BigEndian.getU16(buf, udpOffset + UdpHeader.DESTINATION_PORT);
        return (sport == UdpHeader.PORT_NAT_T || dport == UdpHeader.PORT_NAT_T)
                && BigEndian.getInt(buf, udpOffset + UdpHeader.LENGTH) != 0;
    }

    /** Checks the NDIS header information against the portion of the SA named by offloadHandle. */
    private static void checkHeaderInfo(byte[] buf, SendHeaderInfo info, int frameIpOffset, Portion p)
            throws Refusal {
        if (info == null) {
            // IPsec offload v1 has no header information: the NIC finds the headers and reads the trailer itself
            if (p.espOffset >= 0) {
                checkTrailer(p, "");
            }
            return;
        }
        checkOffset(info.espHeaderOffset(), p.espOffset, frameIpOffset, "espHeaderOffset", "ESP",
                SendFailureReason.ESP_HEADER_OFFSET_MISMATCH);
        checkOffset(info.ahHeaderOffset(), p.ahOffset, frameIpOffset, "ahHeaderOffset", "AH",
                SendFailureReason.AH_HEADER_OFFSET_MISMATCH);
        if (p.espOffset < 0) {
            return;
        }
        EspTransform esp = p.sa.transforms().esp();
        int icv = esp.icvLength();
        int end = p.espEnd;
        boolean trailerAtEnd = icv > 0 && (buf[end - 1] & 0xFF) == info.nextHeader()
                && (buf[end - 2] & 0xFF) == info.padLength();
        boolean trailerMatches = p.trailerNextHeader == info.nextHeader() && p.trailerPadLength == info.padLength();
        if (!trailerMatches && trailerAtEnd) {
            throw new Refusal(SendFailureReason.NO_ROOM_FOR_ICV, "the ESP trailer (pad length "
                    + info.padLength() + ", next header " + info.nextHeader() + ") ends the packet: there is no room"
                    + " for the " + icv + "-byte ICV after it");
        }
        if (p.trailerNextHeader != info.nextHeader()) {
            throw new Refusal(SendFailureReason.NEXT_HEADER_MISMATCH, "nextHeader is " + info.nextHeader()
                    + " but the ESP trailer carries " + p.trailerNextHeader);
        }
        if (p.trailerPadLength != info.padLength()) {
            throw new Refusal(SendFailureReason.PAD_LENGTH_MISMATCH, "padLength is " + info.padLength()
                    + " but the ESP trailer carries " + p.trailerPadLength);
        }
        checkTrailer(p, "");
    }

    private static void checkAlignment(Portion p) throws Refusal {
        EspTransform esp = p.sa.transforms().esp();
        if (p.encryptedLength % esp.blockSize() != 0) {
            throw new Refusal(SendFailureReason.CBC_PAYLOAD_MISALIGNED, "the encrypted ESP payload (payload,"
                    + " padding, pad length, next header) is " + p.encryptedLength + " bytes, not a multiple of the "
                    + esp.blockSize() + "-byte " + esp.encryption().ndisName() + " block");
        }
        if (p.encryptedLength % 4 != 0) {
            throw new Refusal(SendFailureReason.ESP_TRAILER_MISALIGNED, "the ESP payload, padding and trailer"
                    + " are " + p.encryptedLength + " bytes: the trailer must end on a 4-byte boundary (RFC 4303"
                    + " section 2.4)");
        }
    }

    private static void checkOffset(int given, int actual, int frameIpOffset, String field, String header,
            SendFailureReason reason) throws Refusal {
        if (actual < 0) {
            if (given != 0) {
                throw new Refusal(reason, field + " is " + given + " but the SA has no " + header);
            }
            return;
        }
        int bytes = actual - frameIpOffset;
        if (given * 4 != bytes) {
            throw new Refusal(reason, field + " is " + given + " (" + given * 4 + " bytes) but the " + header
                    + " header is " + bytes + " bytes after the IP header"
                    + (bytes % 4 == 0 ? " (expected " + bytes / 4 + ")" : ""));
        }
    }

    /** Where one SA's headers sit in the frame, and the numbers planned for them. */
    private static final class Portion {
        final OutboundSa sa;
        final IpPacket ip;
        final byte[] buf;
        int ahOffset = -1;
        int ahLength;
        int espOffset = -1;
        int espEnd;
        int udpOffset = -1;
        int trailerPadLength;
        int trailerNextHeader;
        int encryptedLength;
        int payloadOffset;
        int payloadEnd;
        long espLow;
        long ahLow;
        long espSeq;
        long ahSeq;

        Portion(OutboundSa sa, IpPacket ip, byte[] buf) {
            this.sa = sa;
            this.ip = ip;
            this.buf = buf;
        }
    }

    /** One frame's work: protect the inner (transport) portion, then the outer one. */
    private static final class FramePlan {
        final byte[] buf;
        final Portion outer;
        final Portion inner;

        FramePlan(byte[] buf, Portion outer, Portion inner) {
            this.buf = buf;
            this.outer = outer;
            this.inner = inner;
        }

        TransmittedFrame execute(boolean ipv4Checksum) {
            if (outer == null) {
                return new TransmittedFrame(this, null);
            }
            byte[] innerIv = null;
            if (inner != null) {
                protect(buf, inner);
                // the tunnel portion encrypts the transport IV next: keep a copy of it as sent
                innerIv = ivOf(buf, inner);
            }
            protect(buf, outer);
            if (ipv4Checksum && outer.ip.version() == 4) {
                Ipv4Header.wrap(buf, outer.ip.offset()).updateHeaderChecksum();
            }
            return new TransmittedFrame(this, innerIv);
        }
    }

    /**
     * A copy of the IV one portion used: the ESP IV (empty without one), else the AH IV when the AH transform has
     * one, else null.
     */
    private static byte[] ivOf(byte[] buf, Portion p) {
        if (p.espOffset >= 0) {
            int ivOffset = p.espOffset + EspHeader.LENGTH;
            return Arrays.copyOfRange(buf, ivOffset, ivOffset + p.sa.transforms().esp().ivLength());
        }
        if (p.ahOffset >= 0) {
            AhTransform ah = p.sa.transforms().ah();
            if (ah.ivLength() > 0) {
                int ivOffset = p.ahOffset + AhHeader.ICV;
                return Arrays.copyOfRange(buf, ivOffset, ivOffset + ah.ivLength());
            }
        }
        return null;
    }

    /** ESP first (IV, UDP length, seal, IPv6 UDP checksum), then AH over the result. */
    private static void protect(byte[] buf, Portion p) {
        OutboundSa sa = p.sa;
        if (p.espOffset >= 0) {
            EspTransform esp = sa.transforms().esp();
            int seqHigh = (int) (p.espSeq >>> 32);
            if (!sa.ivFromPacket()) {
                esp.writeIv(buf, p.espOffset, seqHigh);
            }
            if (p.udpOffset >= 0) {
                UdpHeader.wrap(buf, p.udpOffset).length(p.espEnd - p.udpOffset).checksum(0);
            }
            esp.seal(buf, p.espOffset, p.espEnd - p.espOffset, seqHigh);
            if (p.udpOffset >= 0 && p.ip.version() == 6) {
                writeUdpChecksumIpv6(buf, p);
            }
        }
        if (p.ahOffset >= 0) {
            AhTransform ah = sa.transforms().ah();
            int seqHigh = (int) (p.ahSeq >>> 32);
            int ivOffset = p.ahOffset + AhHeader.ICV;
            if (ah.ivLength() > 0 && !sa.ivFromPacket()) {
                IvGenerator.writeSequence(buf, ivOffset, seqHigh, (int) p.ahSeq);
            }
            AhIcvCalculator.writeIcv(ah, buf, p.ip.offset(), p.ahOffset, p.ip.end(), sa.ah().esn(), seqHigh);
        }
    }

    /** IPv6 forbids a zero UDP checksum outside tunnels (RFC 8200 section 8.1): compute it over the sealed ESP. */
    private static void writeUdpChecksumIpv6(byte[] buf, Portion p) {
        int length = p.espEnd - p.udpOffset;
        UdpHeader udp = UdpHeader.wrap(buf, p.udpOffset).checksum(0);
        int sum = Checksums.ipv6PseudoHeaderSum(buf, p.ip.sourceOffset(), p.ip.destinationOffset(), UDP, length);
        sum = Checksums.sum(buf, p.udpOffset, length, sum);
        int checksum = Checksums.finish(sum);
        udp.checksum(checksum == 0 ? 0xFFFF : checksum);
    }

    /** A planned NBL fails: the reason and a detail naming the field. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final SendFailureReason reason;

        Refusal(SendFailureReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        /** The same refusal naming the NET_BUFFER it is about, when the NBL has several (built only on refusal). */
        Refusal inFrame(int index, int frames) {
            return frames == 1 ? this : new Refusal(reason, "netBuffers[" + index + "]: " + getMessage());
        }
    }
}
