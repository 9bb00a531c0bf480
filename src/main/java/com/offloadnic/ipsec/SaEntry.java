package com.offloadnic.ipsec;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One offloaded SA bundle in a NIC's {@link SaTable}: its validated {@link SaBundle}, its handle, and the mutable
 * state the send and receive pipelines share — per-entry {@link SequenceState}, packet and byte counters, the
 * sticky {@code saDeleteReq} condition, and attachments (transforms the crypto layer builds from the keys).
 *
 * <p>After DELETE_SA (or NIC removal) the entry is dead: {@link #isLive()} is false, its keys are zeroed (reading
 * them throws {@link IllegalStateException}) and its attachments are closed. A pipeline that looked the entry up
 * just before treats that like an unknown handle.
 */
public final class SaEntry {

    private static final System.Logger LOG = System.getLogger(SaEntry.class.getName());

    private final long offloadHandle;
    private final SaBundle bundle;
    private final TrafficSelector selector;
    private final SequenceState[] sequences;
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Map<Object, AutoCloseable> attachments = new ConcurrentHashMap<>();
    private volatile boolean saDeleteReq;
    private volatile boolean live = true;

    SaEntry(long offloadHandle, SaBundle bundle) {
        this(offloadHandle, bundle, null);
    }

    SaEntry(long offloadHandle, SaBundle bundle, TrafficSelector selector) {
        this.offloadHandle = offloadHandle;
        this.bundle = bundle;
        this.selector = selector;
        List<SecAssoc> entries = bundle.parameters().secAssoc();
        this.sequences = new SequenceState[entries.size()];
        for (int i = 0; i < sequences.length; i++) {
            SecAssoc sa = entries.get(i);
            sequences[i] = new SequenceState(this, sa.esn(), sa.sequenceNumberHighOrder());
        }
    }

    /** The non-zero handle ADD_SA returned. */
    public long offloadHandle() {
        return offloadHandle;
    }

    /** The IPsec offload v1 filter the SA was added with, or null for an IPsec offload v2 SA. */
    public TrafficSelector selector() {
        return selector;
    }

    public SaParameters parameters() {
        return bundle.parameters();
    }

    public SaDirection direction() {
        return bundle.parameters().direction();
    }

    /** The SA's mode, or null when each packet decides (SPEC section 4). */
    public SaMode mode() {
        return bundle.parameters().mode();
    }

    public IvSource ivSource() {
        return bundle.parameters().emulation().ivSource();
    }

    /** {@code NumExtHdrs}: 1, or 2 for ESP followed by AH. */
    public int secAssocCount() {
        return sequences.length;
    }

    public SecAssoc secAssoc(int index) {
        return bundle.parameters().secAssoc().get(index);
    }

    /** Index of the entry for {@code operation}, or -1. */
    public int indexOf(IpsecOperation operation) {
        return bundle.parameters().indexOf(operation);
    }

    /** The keys of entry {@code index}; zeroed once the SA is deleted. */
    public SecAssocKeys keys(int index) {
        return bundle.keys().get(index);
    }

    public SequenceState sequence(int index) {
        return sequences[index];
    }

    /**
     * Counts one packet of {@code packetBytes} bytes sent or received over the SA and evaluates the emulation
     * lifetime.
     *
     * @return the (sticky) {@code saDeleteReq} condition after counting
     */
    public boolean recordTraffic(long packetBytes) {
        long p = packets.incrementAndGet();
        long b = bytes.addAndGet(packetBytes);
        SaEmulation emulation = bundle.parameters().emulation();
        if ((emulation.lifetimePackets() > 0 && p >= emulation.lifetimePackets())
                || (emulation.lifetimeBytes() > 0 && b >= emulation.lifetimeBytes())) {
            saDeleteReq = true;
        }
        return saDeleteReq;
    }

    /** Whether the NIC wants the SA removed; once true, stays true until DELETE_SA removes it. */
    public boolean saDeleteReq() {
        return saDeleteReq;
    }

    void requestDelete() {
        saDeleteReq = true;
    }

    public long packets() {
        return packets.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public boolean isLive() {
        return live;
    }

    /**
     * The attachment under {@code key}, built by {@code factory} on first use and closed when the SA is
     * deleted — how the crypto layer ties a transform (cipher keys, key schedules) to the SA's lifetime.
     *
     * @throws IllegalStateException if the SA has been deleted (a just-built attachment is closed first)
     */
    public <T extends AutoCloseable> T attachment(Object key, Function<? super SaEntry, ? extends T> factory) {
        if (!live) {
            throw new IllegalStateException("SA " + Long.toUnsignedString(offloadHandle) + " has been deleted");
        }
        @SuppressWarnings("unchecked")
        T value = (T) attachments.computeIfAbsent(key, k -> factory.apply(this));
        if (!live) {
            if (attachments.remove(key, value)) {
                close(key, value);
            }
            throw new IllegalStateException("SA " + Long.toUnsignedString(offloadHandle) + " has been deleted");
        }
        return value;
    }

    /** A snapshot without key material. */
    public SaView view() {
        List<SequenceStateView> seq = new ArrayList<>(sequences.length);
        for (SequenceState s : sequences) {
            seq.add(s.view());
        }
        return new SaView(offloadHandle, bundle.parameters(), packets.get(), bytes.get(), saDeleteReq, seq);
    }

    /** Kills the entry: zeroes its keys and closes its attachments. Idempotent. */
    void destroy() {
        live = false;
        bundle.destroyKeys();
        for (Object key : List.copyOf(attachments.keySet())) {
            AutoCloseable value = attachments.remove(key);
            if (value != null) {
                close(key, value);
            }
        }
    }

    private void close(Object key, AutoCloseable value) {
        try {
            value.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing attachment " + key + " of SA " + Long.toUnsignedString(offloadHandle)
                    + " failed: " + e);
        }
    }

    @Override
    public String toString() {
        return "SaEntry[offloadHandle=" + Long.toUnsignedString(offloadHandle) + ", " + bundle.parameters()
                + ", live=" + live + "]";
    }
}
