package com.offloadnic.nic;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.ipsec.ReceiveIndication;
import com.offloadnic.ipsec.ReceivePipeline;
import com.offloadnic.ipsec.ReceiveSettings;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.lso.LsoLimits;
import com.offloadnic.lso.LsoRequest;
import com.offloadnic.lso.LsoType;
import com.offloadnic.ipsec.OutboundSa;
import com.offloadnic.ipsec.SaEntry;
import com.offloadnic.ipsec.SaOidResult;
import com.offloadnic.ipsec.SaOutcome;
import com.offloadnic.ipsec.SaTable;
import com.offloadnic.ipsec.SaTableInboundSas;
import com.offloadnic.ipsec.SaTransformCache;
import com.offloadnic.ipsec.SaTransformsFactory;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.time.Instant;
import java.util.Objects;

/**
 * One emulated network adapter. It owns all of its state: the profile and hardware capabilities (fixed at
 * creation), the offload settings made with OID_TCP_OFFLOAD_PARAMETERS and the current configuration that
 * follows from them, and the status indication ring. State that changes is guarded by this object's monitor;
 * the published configuration is an immutable record read without locking.
 *
 * <p>Parts that later features add (SA table, receive ring, transmit capture, statistics, link) belong here as
 * final fields created in the constructor and released in {@link #remove()}.
 */
public final class Nic {

    private final String nicId;
    private final String tenantId;
    private final String name;
    private final NdisVersion ndisVersion;
    private final NdisOffload hardwareCapabilities;
    private final int mtu;
    private final MacAddress macAddress;
    private final Instant createdAt;
    private final Clock clock;
    private final IndicationRing<StatusIndication> statusIndications;

    /** Receive ring capacity when the registry does not say otherwise. */
    public static final int DEFAULT_RECEIVE_RING_CAPACITY = 1024;

    private final SaTable saTable = new SaTable();
    private final SaTransformCache transforms = new SaTransformCache();
    private final SaTableInboundSas inboundSas = new SaTableInboundSas(saTable,
            entry -> transforms.get(entry.offloadHandle(), () -> SaTransformsFactory.build(entry)));
    private final ReceivePath receivePath;
    private final TransmitPath transmitPath;
    private final NicFaults faults = new NicFaults();
    /** The NIC whose wire this one's is connected to; guarded by {@link NicLinks}. */
    private volatile Nic linkedPeer;

    private OffloadSettings settings;
    private volatile NdisOffload currentConfig;
    private volatile boolean removed;

    Nic(String nicId, String tenantId, NicSpec spec, Clock clock, int statusRingCapacity) {
        this(nicId, tenantId, spec, clock, statusRingCapacity, DEFAULT_RECEIVE_RING_CAPACITY);
    }

    Nic(String nicId, String tenantId, NicSpec spec, Clock clock, int statusRingCapacity, int receiveRingCapacity) {
        this.nicId = Objects.requireNonNull(nicId);
        this.tenantId = Objects.requireNonNull(tenantId);
        this.name = spec.name() != null ? spec.name() : "nic-" + nicId.substring(0, 8);
        this.ndisVersion = spec.ndisVersion();
        this.hardwareCapabilities = spec.capabilities();
        this.mtu = spec.mtu();
        this.macAddress = spec.macAddress();
        this.clock = clock;
        this.createdAt = clock.instant();
        this.statusIndications = new IndicationRing<>(statusRingCapacity);
        this.settings = OffloadSettings.initial(ndisVersion);
        this.currentConfig = settings.currentConfig(hardwareCapabilities);
        this.receivePath = new ReceivePath(receiveRingCapacity, tenantId, this::receiveProcessor);
        this.transmitPath = new TransmitPath(clock, TransmitCapture.DEFAULT_CAPACITY);
        saTable.addFault(faults::onAddSa);
    }

    public String nicId() {
        return nicId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }

    public NdisVersion ndisVersion() {
        return ndisVersion;
    }

    /** What the hardware can do (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES). */
    public NdisOffload hardwareCapabilities() {
        return hardwareCapabilities;
    }

    /** What is enabled now (OID_TCP_OFFLOAD_CURRENT_CONFIG): hardware capabilities ∩ offload parameters. */
    public NdisOffload currentConfig() {
        return currentConfig;
    }

    public synchronized OffloadSettings settings() {
        return settings;
    }

    public int mtu() {
        return mtu;
    }

    public MacAddress macAddress() {
        return macAddress;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /**
     * The IPsec offload v2 settings in force now (current configuration): what ADD_SA must be validated against.
     * {@link IpsecOffloadV2#enabled()} is false when OID_TCP_OFFLOAD_PARAMETERS switched IPsec offload off.
     *
     * @throws NicException WRONG_PROFILE on an NDIS 6.0 adapter, which has IPsec offload v1
     */
    public IpsecOffloadV2 ipsecV2() {
        IpsecOffloadV2 v2 = currentConfig.ipsecOffloadV2();
        if (v2 == null) {
            throw new NicException(NicException.Kind.WRONG_PROFILE, null,
                    "NIC " + nicId + " has the NDIS 6.0 profile, which uses IPsec offload version 1, not version 2");
        }
        int capacity = faults.saOffloadCapacity(v2.saOffloadCapacity());
        if (capacity == v2.saOffloadCapacity()) {
            return v2;
        }
        // fault injection shrank the capacity at run time: ADD_SA sees the smaller one
        return new IpsecOffloadV2(v2.encapsulation(), v2.ipv6Supported(), v2.ipv4Options(),
                v2.ipv6NonIpsecExtensionHeaders(), v2.ah(), v2.esp(), v2.ahEspCombined(), v2.transport(), v2.tunnel(),
                v2.transportTunnelCombined(), v2.lsoSupported(), v2.extendedSequenceNumbers(), v2.udpEsp(),
                v2.authenticationAlgorithms(), v2.encryptionAlgorithms(), v2.gcmIcvLengths(), capacity);
    }

    /** The emulator's fault injection for this NIC ({@code emulation/faults}). */
    public NicFaults faults() {
        return faults;
    }

    /**
     * The IPsec offload v1 settings in force now.
     *
     * @throws NicException WRONG_PROFILE on an NDIS 6.1 or later adapter
     */
    public IpsecOffloadV1 ipsecV1() {
        IpsecOffloadV1 v1 = currentConfig.ipsecOffloadV1();
        if (v1 == null) {
            throw new NicException(NicException.Kind.WRONG_PROFILE, null, "NIC " + nicId + " has the NDIS "
                    + ndisVersion.label() + " profile, which uses IPsec offload version 2, not version 1");
        }
        return v1;
    }

    /**
     * OID_TCP_OFFLOAD_PARAMETERS set request: updates the settings and queues an
     * NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG indication carrying the new current configuration. A refused
     * request changes nothing and queues nothing.
     *
     * @return the new current configuration
     * @throws NicException when the request is refused
     */
    public synchronized NdisOffload setOffloadParameters(OffloadParameters parameters) {
        OffloadSettings next = settings.apply(parameters, ndisVersion, hardwareCapabilities);
        settings = next;
        NdisOffload config = next.currentConfig(hardwareCapabilities);
        currentConfig = config;
        statusIndications.offer(new StatusIndication.TaskOffloadCurrentConfig(clock.instant(), config));
        return config;
    }

    /** Status indications for the rig to poll. */
    public IndicationRing<StatusIndication> statusIndications() {
        return statusIndications;
    }

    public boolean isRemoved() {
        return removed;
    }

    /** Adapter removal: wakes pollers and releases every resource (keys are zeroed here once SAs exist). */
    synchronized void remove() {
        removed = true;
        statusIndications.close();
        NicLinks.unlink(this);
        receivePath.close();
        saTable.clear();
        transforms.destroyAll();
    }

    /** The NIC's IPsec offload v2 SAs. */
    public SaTable saTable() {
        return saTable;
    }

    /** The transforms of this NIC's SAs; the DELETE_SA path destroys an SA's entry here. */
    public SaTransformCache saTransforms() {
        return transforms;
    }

    /** Receive ring, statistics and processing of arriving frames. */
    public ReceivePath receivePath() {
        return receivePath;
    }

    /** What the receive path checks against, from the current configuration (v1 profile: no v2 offload). */
    public ReceiveSettings receiveSettings() {
        IpsecOffloadV2 v2 = currentConfig.ipsecOffloadV2();
        if (v2 == null) {
            return ReceiveSettings.fullV2().withIpsecEnabled(false);
        }
        return new ReceiveSettings(v2.enabled(), true, v2.ipv6Supported(), v2.ipv4Options(),
                v2.ipv6NonIpsecExtensionHeaders(), v2.ah(), v2.esp(), v2.ahEspCombined(), v2.transport(),
                v2.tunnel(), v2.transportTunnelCombined(), !v2.udpEsp().isEmpty());
    }

    private Function<byte[], ReceiveIndication> receiveProcessor() {
        ReceiveSettings receiveSettings = receiveSettings();
        return frame -> faults.onIndication(ReceivePipeline.process(receiveSettings, inboundSas, frame));
    }

    /** Frames arriving on this NIC's wire (injected, uploaded, or from the linked NIC). */
    public ReceivePath.Admission receive(List<byte[]> frames, CryptoPool pool) {
        return receivePath.receive(faults.onReceive(frames), pool);
    }

    /**
     * Frames this NIC puts on its wire, in transmit order: the linked NIC, if any, receives them.
     *
     * @return the linked NIC's admission, or null when no NIC is linked
     */
    public ReceivePath.Admission transmit(List<byte[]> frames, CryptoPool pool) {
        List<byte[]> wire = faults.onTransmit(frames);
        transmitPath.capture().record(wire);
        Nic peer = linkedPeer;
        if (peer == null || wire.isEmpty()) {
            return null;
        }
        List<byte[]> delivered = faults.onLink(wire);
        if (delivered.isEmpty()) {
            return null;
        }
        return peer.receivePath.receiveFromWire(peer.faults.onReceive(delivered), pool);
    }

    /** Send path: transmit capture, send statistics, NBL processing. */
    public TransmitPath transmitPath() {
        return transmitPath;
    }

    /**
     * Sends NET_BUFFER_LISTs through the IPsec offload v2 send path (SPEC section 5) and transmits what they produce,
     * in NBL order, through {@link #transmit}.
     *
     * @throws com.offloadnic.crypto.PoolSaturatedException when the crypto pool refuses the request (nothing sent)
     */
    public List<TransmitPath.Completion> send(List<TransmitPath.Request> requests, CryptoPool pool) {
        NdisOffload config = currentConfig;
        IpsecOffloadV2 v2 = config.ipsecOffloadV2();
        List<TransmitPath.Completion> completions = transmitPath.send(requests, sendSettings(),
                new TransmitPath.LsoConfig(r -> lsoLimits(config, r), v2 != null && v2.enabled() && v2.lsoSupported()),
                this::outboundSa, pool, tenantId, frames -> transmit(frames, pool));
        long delay = faults.completionDelayMillis(completions.size());
        if (delay > 0) {
            // injected fault: the frames are on the wire, the completions come late (outside the send lock)
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return completions;
    }

    /** The limits of the current configuration's LSO for a request, or null when that LSO is disabled. */
    private LsoLimits lsoLimits(NdisOffload config, LsoRequest request) {
        if (request.type() == LsoType.V1) {
            LsoV1 v1 = config.lsoV1();
            if (v1 == null || !v1.supported()) {
                return null;
            }
            return new LsoLimits(v1.ipv4().maxOffLoadSize(), v1.ipv4().minSegmentCount(), mtu, v1.ipv4().ipOptions(),
                    v1.ipv4().tcpOptions(), false);
        }
        LsoV2 v2 = config.lsoV2();
        if (v2 == null) {
            return null;
        }
        if (request.ipVersion() == 6) {
            return v2.ipv6().supported() ? new LsoLimits(v2.ipv6().maxOffLoadSize(), v2.ipv6().minSegmentCount(), mtu,
                    false, v2.ipv6().tcpOptionsSupported(), v2.ipv6().ipExtensionHeadersSupported()) : null;
        }
        return v2.ipv4().supported() ? new LsoLimits(v2.ipv4().maxOffLoadSize(), v2.ipv4().minSegmentCount(), mtu,
                true, true, false) : null;
    }

    /** What the send path checks against, from the current configuration. */
    public IpsecV2Sender.Settings sendSettings() {
        IpsecOffloadV2 v2 = currentConfig.ipsecOffloadV2();
        if (v2 == null || !v2.enabled()) {
            return new IpsecV2Sender.Settings(false, false, false, false, mtu);
        }
        return new IpsecV2Sender.Settings(true, v2.ipv6Supported(), v2.ipv4Options(), v2.transportTunnelCombined(),
                mtu);
    }

    private OutboundSa outboundSa(long handle) {
        SaEntry entry = saTable.get(handle);
        if (entry == null) {
            return null;
        }
        try {
            return OutboundSa.of(entry,
                    e -> transforms.get(e.offloadHandle(), () -> SaTransformsFactory.build(e)));
        } catch (IllegalStateException deleted) {
            return null; // deleted between lookup and use: the handle names no SA any more
        }
    }

    /**
     * OID_TCP_TASK_IPSEC_OFFLOAD_V2_DELETE_SA: deletes the SAs (zeroing their keys) and wipes their transforms.
     */
    public SaOidResult deleteSa(List<Long> handles) {
        SaOidResult result = saTable.deleteSa(handles);
        for (SaOutcome o : result.outcomes()) {
            if (o.succeeded()) {
                transforms.destroy(o.offloadHandle());
            }
        }
        return result;
    }

    /** The NIC linked to this one, or null. */
    public Nic linkedPeer() {
        return linkedPeer;
    }

    void linkedPeer(Nic peer) {
        this.linkedPeer = peer;
        faults.dropHeldBack(); // a frame held back for reordering belonged to the old wire
    }
}
