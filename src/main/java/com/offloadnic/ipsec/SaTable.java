package com.offloadnic.ipsec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The IPsec offload v2 SAs of one NIC: the ADD_SA, ADD_SA_EX, DELETE_SA and UPDATE_SA OIDs, and the lookups of
 * the send path (by handle) and the receive path (by SPI, destination address and protocol).
 *
 * <p>Handles are non-zero 64-bit values counted up from a random start below 2^48, never reused during the
 * table's life (not even after {@link #clear()}). Lookups read an immutable index through a volatile field:
 * no lock and no allocation per packet; the OIDs serialize on the table and publish a new index.
 *
 * <p>Inbound SPIs are unique per (destination, protocol): an inbound entry collides with another of the same
 * SPI, protocol and IP version when their destinations are equal or either is the wildcard — a packet to that
 * destination could not tell them apart. So a lookup finds at most one entry.
 */
public final class SaTable {

    private final Object lock = new Object();
    private volatile LongIndex<SaEntry> byHandle = LongIndex.empty();
    private volatile LongIndex<InboundSlot[]> bySpi = LongIndex.empty();
    private long nextHandle;

    /** One inbound (entry, protocol) under an SPI. */
    private record InboundSlot(SaEntry entry, IpsecOperation protocol, IpAddress destination) {
    }

    /** A table whose handles start at a random value in [1, 2^48). */
    public SaTable() {
        this(1 + ThreadLocalRandom.current().nextLong((1L << 48) - 1));
    }

    /** A table whose first handle is {@code firstHandle} (positive). */
    public SaTable(long firstHandle) {
        if (firstHandle <= 0) {
            throw new IllegalArgumentException("first handle must be positive: " + firstHandle);
        }
        this.nextHandle = firstHandle;
    }

    /**
     * OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA (NDIS 6.1/6.20): each bundle is offloaded or refused on its own, in
     * list order (earlier bundles count against capacity and SPIs of later ones). Status is
     * NDIS_STATUS_SUCCESS if any bundle was offloaded, else NDIS_STATUS_FAILURE. Every request's key data is
     * destroyed.
     */
    public SaOidResult addSa(List<AddSa> requests, IpsecV2Limits limits) {
        List<SaOutcome> outcomes = new ArrayList<>(requests.size());
        boolean any = false;
        for (AddSa request : requests) {
            SaOutcome outcome;
            try {
                outcome = add(SaValidator.validate(request, limits), limits);
            } catch (SaRefusedException e) {
                outcome = new SaOutcome(0, e.refusal());
            } finally {
                request.keyData().destroy();
            }
            any |= outcome.succeeded();
            outcomes.add(outcome);
        }
        return new SaOidResult(any ? NdisStatus.SUCCESS : NdisStatus.FAILURE, outcomes);
    }

    /**
     * OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA_EX (NDIS 6.30+): one bundle; NDIS_STATUS_SUCCESS with its handle, or
     * NDIS_STATUS_FAILURE with handle 0 and the refusal. The request's buffer is destroyed.
     */
    public SaOidResult addSaEx(AddSaEx request, IpsecV2Limits limits) {
        SaOutcome outcome;
        try {
            outcome = add(SaValidator.validate(request, limits), limits);
        } catch (SaRefusedException e) {
            outcome = new SaOutcome(0, e.refusal());
        } finally {
            request.buffer().destroy();
        }
        return new SaOidResult(outcome.succeeded() ? NdisStatus.SUCCESS : NdisStatus.FAILURE, List.of(outcome));
    }

    /**
     * A seam for the emulator's fault injection: asked once per valid bundle, under the table's lock, before the
     * capacity check; a non-null answer refuses the bundle with {@link SaRefusalReason#SA_INJECTED_FAULT} and that
     * message.
     */
    @FunctionalInterface
    public interface AddFault {
        String refusal();
    }

    private volatile AddFault addFault = () -> null;

    /** Installs the fault-injection seam (the NIC's fault plan). */
    public void addFault(AddFault fault) {
        this.addFault = Objects.requireNonNull(fault);
    }

    /** Offloads a validated bundle, or refuses it (capacity, SPI collision) and destroys its keys. */
    SaOutcome add(SaBundle bundle, IpsecV2Limits limits) {
        return add(bundle, null, limits.saOffloadCapacity());
    }

    /**
     * Offloads a validated bundle with its IPsec offload v1 filter ({@code selector}, null for v2), or refuses it
     * (capacity, SPI collision) and destroys its keys.
     */
    SaOutcome add(SaBundle bundle, TrafficSelector selector, int capacity) {
        synchronized (lock) {
            try {
                String injected = addFault.refusal();
                if (injected != null) {
                    throw new SaRefusedException(SaRefusalReason.SA_INJECTED_FAULT, injected, "");
                }
                if (byHandle.size() >= capacity) {
                    throw new SaRefusedException(SaRefusalReason.SA_CAPACITY_EXHAUSTED, byHandle.size()
                            + " SA bundles are offloaded and saOffloadCapacity is " + capacity, "");
                }
                SaParameters p = bundle.parameters();
                if (p.direction() == SaDirection.INBOUND) {
                    checkSpiCollisions(p);
                }
            } catch (SaRefusedException e) {
                bundle.destroyKeys();
                return new SaOutcome(0, e.refusal());
            }
            long handle = nextHandle++;
            SaEntry entry = new SaEntry(handle, bundle, selector);
            byHandle = byHandle.with(handle, entry);
            if (entry.direction() == SaDirection.INBOUND) {
                LongIndex<InboundSlot[]> index = bySpi;
                for (int i = 0; i < entry.secAssocCount(); i++) {
                    SecAssoc sa = entry.secAssoc(i);
                    InboundSlot[] old = index.get(sa.spiUnsigned());
                    InboundSlot[] slots = old == null ? new InboundSlot[1] : Arrays.copyOf(old, old.length + 1);
                    slots[slots.length - 1] = new InboundSlot(entry, sa.operation(), entry.parameters().destinationAddress());
                    index = index.with(sa.spiUnsigned(), slots);
                }
                bySpi = index;
            }
            return SaOutcome.ok(handle);
        }
    }

    private void checkSpiCollisions(SaParameters p) throws SaRefusedException {
        IpAddress destination = p.destinationAddress();
        for (int i = 0; i < p.secAssoc().size(); i++) {
            SecAssoc sa = p.secAssoc().get(i);
            InboundSlot[] slots = bySpi.get(sa.spiUnsigned());
            if (slots == null) {
                continue;
            }
            for (InboundSlot slot : slots) {
                IpAddress other = slot.destination();
                if (slot.protocol() == sa.operation() && other.version() == destination.version()
                        && (other.isUnspecified() || destination.isUnspecified() || other.equals(destination))) {
                    throw new SaRefusedException(SaRefusalReason.SA_SPI_COLLISION, "inbound " + sa.operation()
                            + " SPI 0x" + Integer.toHexString(sa.spi()) + " to " + destination
                            + " collides with SA " + Long.toUnsignedString(slot.entry().offloadHandle())
                            + " (destination " + other + ")", "/secAssoc/" + i + "/spi");
                }
            }
        }
    }

    /**
     * OID_TCP_TASK_IPSEC_OFFLOAD_V2_DELETE_SA: deletes each named SA (zeroing its keys, closing its attachments).
     * A handle that names no SA is reported in its outcome and does not stop the others. Status is
     * NDIS_STATUS_SUCCESS when every handle named an SA, else NDIS_STATUS_INVALID_PARAMETER.
     */
    public SaOidResult deleteSa(List<Long> handles) {
        List<SaOutcome> outcomes = new ArrayList<>(handles.size());
        List<SaEntry> removed = new ArrayList<>();
        boolean allKnown = true;
        synchronized (lock) {
            for (long handle : handles) {
                SaEntry entry = byHandle.get(handle);
                if (entry == null) {
                    allKnown = false;
                    outcomes.add(new SaOutcome(handle, unknownHandle(handle)));
                    continue;
                }
                remove(entry);
                removed.add(entry);
                outcomes.add(SaOutcome.ok(handle));
            }
        }
        removed.forEach(SaEntry::destroy);
        return new SaOidResult(allKnown ? NdisStatus.SUCCESS : NdisStatus.INVALID_PARAMETER, outcomes);
    }

    private void remove(SaEntry entry) {
        byHandle = byHandle.without(entry.offloadHandle());
        if (entry.direction() != SaDirection.INBOUND) {
            return;
        }
        LongIndex<InboundSlot[]> index = bySpi;
        for (int i = 0; i < entry.secAssocCount(); i++) {
            long spi = entry.secAssoc(i).spiUnsigned();
            InboundSlot[] slots = index.get(spi);
            if (slots == null) {
                continue;
            }
            InboundSlot[] kept = Arrays.stream(slots).filter(s -> s.entry() != entry).toArray(InboundSlot[]::new);
            index = kept.length == 0 ? index.without(spi) : index.with(spi, kept);
        }
        bySpi = index;
    }

    /**
     * OID_TCP_TASK_IPSEC_OFFLOAD_V2_UPDATE_SA: sets the high-order ESN bits of the named entries. All or nothing:
     * if any element names an unknown handle, an entry the bundle lacks, or an entry without ESN, the status is
     * NDIS_STATUS_INVALID_PARAMETER, those elements carry refusals, and nothing is changed.
     */
    public SaOidResult updateSa(List<UpdateSa> updates) {
        List<SaOutcome> outcomes = new ArrayList<>(updates.size());
        synchronized (lock) {
            List<SequenceState> targets = new ArrayList<>(updates.size());
            boolean ok = true;
            for (UpdateSa u : updates) {
                SaEntry entry = byHandle.get(u.offloadHandle());
                SaRefusal refusal = null;
                if (entry == null) {
                    refusal = unknownHandle(u.offloadHandle());
                } else {
                    int i = entry.indexOf(u.operation());
                    if (i < 0 || entry.secAssoc(i).spi() != u.spi()) {
                        refusal = new SaRefusal(SaRefusalReason.SA_SEC_ASSOC_NOT_FOUND, "SA "
                                + Long.toUnsignedString(u.offloadHandle()) + " has no " + u.operation()
                                + " entry with SPI 0x" + Integer.toHexString(u.spi()), "/spi");
                    } else if (!entry.secAssoc(i).esn()) {
                        refusal = new SaRefusal(SaRefusalReason.SA_ESN_NOT_ENABLED, "the " + u.operation()
                                + " entry of SA " + Long.toUnsignedString(u.offloadHandle())
                                + " does not use extended sequence numbers", "/offloadHandle");
                    } else {
                        targets.add(entry.sequence(i));
                    }
                }
                ok &= refusal == null;
                outcomes.add(new SaOutcome(u.offloadHandle(), refusal));
            }
            if (!ok) {
                return new SaOidResult(NdisStatus.INVALID_PARAMETER, outcomes);
            }
            for (int k = 0; k < updates.size(); k++) {
                targets.get(k).updateHighOrder(updates.get(k).sequenceNumberHighOrder());
            }
        }
        return new SaOidResult(NdisStatus.SUCCESS, outcomes);
    }

    private static SaRefusal unknownHandle(long handle) {
        return new SaRefusal(SaRefusalReason.SA_UNKNOWN_HANDLE,
                "no SA of this NIC has offloadHandle " + Long.toUnsignedString(handle), "/offloadHandle");
    }

    /** The SA with {@code offloadHandle}, or null (send path: a non-zero unknown handle fails the NBL). */
    public SaEntry get(long offloadHandle) {
        return offloadHandle == 0 ? null : byHandle.get(offloadHandle);
    }

    public Optional<SaEntry> find(long offloadHandle) {
        return Optional.ofNullable(get(offloadHandle));
    }

    /**
     * The inbound SA for a received {@code protocol} header with {@code spi}, sent to the destination address of
     * {@code version} stored in {@code buf} at {@code destinationOffset} (in the IP header), or null. An SA with
     * a wildcard destination matches every destination of its IP version. No allocation.
     */
    public SaEntry findInbound(int spi, IpsecOperation protocol, IpVersion version, byte[] buf, int destinationOffset) {
        InboundSlot[] slots = bySpi.get(spi & 0xFFFF_FFFFL);
        if (slots == null) {
            return null;
        }
        for (InboundSlot slot : slots) {
            IpAddress d = slot.destination();
            if (slot.protocol() == protocol && d.version() == version && d.admits(buf, destinationOffset)) {
                return slot.entry();
            }
        }
        return null;
    }

    /** {@link #findInbound(int, IpsecOperation, IpVersion, byte[], int)} for an address at hand. */
    public SaEntry findInbound(int spi, IpsecOperation protocol, IpAddress destination) {
        InboundSlot[] slots = bySpi.get(spi & 0xFFFF_FFFFL);
        if (slots == null) {
            return null;
        }
        for (InboundSlot slot : slots) {
            if (slot.protocol() == protocol && slot.destination().admits(destination)) {
                return slot.entry();
            }
        }
        return null;
    }

    /** Offloaded SA bundles now (what counts against {@code saOffloadCapacity}). */
    public int size() {
        return byHandle.size();
    }

    /** Every SA, by handle, without key material. */
    public List<SaView> list() {
        List<SaView> views = new ArrayList<>(byHandle.size());
        byHandle.forEach(e -> views.add(e.view()));
        views.sort(Comparator.comparingLong(SaView::offloadHandle));
        return views;
    }

    /** NIC removal: deletes every SA, zeroing keys and closing attachments. Handles stay unused afterwards. */
    public void clear() {
        List<SaEntry> removed = new ArrayList<>();
        synchronized (lock) {
            byHandle.forEach(removed::add);
            byHandle = LongIndex.empty();
            bySpi = LongIndex.empty();
        }
        removed.forEach(SaEntry::destroy);
    }
}
