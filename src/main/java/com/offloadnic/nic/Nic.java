package com.offloadnic.nic;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.ipsec.AddSaV1;
import com.offloadnic.ipsec.IpsecV1Sas;
import com.offloadnic.ipsec.NdisStatus;
import com.offloadnic.ipsec.SaDirection;
import com.offloadnic.ipsec.SaRefusal;
import com.offloadnic.ipsec.SaRefusalReason;
import com.offloadnic.ipsec.SaV1Capabilities;
import com.offloadnic.ipsec.SendFailureReason;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
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
    private final IpsecV1Sas ipsecV1Sas = new IpsecV1Sas(saTable);
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
        ipsecV1Sas.clear();
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

    /**
     * What the receive path checks against, from the current configuration (v1 or v2 by profile). An NDIS 6.0 NIC
     * parses UDP-encapsulated ESP only while it has a UDP-ESP parser entry (ADD_UDPESP_SA creates them).
     */
    public ReceiveSettings receiveSettings() {
        IpsecOffloadV2 v2 = currentConfig.ipsecOffloadV2();
        if (v2 == null) {
            IpsecOffloadV1 v1 = currentConfig.ipsecOffloadV1();
            if (v1 == null) {
                return ReceiveSettings.fullV2().withIpsecEnabled(false);
            }
            IpsecOffloadV1.Ipv4Ah ah = v1.ipv4Ah();
            IpsecOffloadV1.Ipv4Esp esp = v1.ipv4Esp();
            boolean ahRx = v1.ahUsable() && ah.receive();
            boolean espRx = v1.espUsable() && esp.receive();
            return new ReceiveSettings(ahRx || espRx, false, false, v1.supported().ipv4Options(), false, ahRx, espRx,
                    v1.supported().ahEspCombined(), ahRx && ah.transport() || espRx && esp.transport(),
                    ahRx && ah.tunnel() || espRx && esp.tunnel(), v1.supported().transportTunnelCombined(),
                    !v1.supported().flags().isEmpty() && !ipsecV1Sas.parserEntries().isEmpty());
        }
        return new ReceiveSettings(v2.enabled(), true, v2.ipv6Supported(), v2.ipv4Options(),
                v2.ipv6NonIpsecExtensionHeaders(), v2.ah(), v2.esp(), v2.ahEspCombined(), v2.transport(),
                v2.tunnel(), v2.transportTunnelCombined(), !v2.udpEsp().isEmpty());
    }

    private Function<byte[], ReceiveIndication> receiveProcessor() {
        ReceiveSettings receiveSettings = receiveSettings();
        if (ndisVersion.isIpsecV1()) {
            return frame -> faults.onIndication(ipsecV1Sas.filterReceived(frame,
                    ReceivePipeline.process(receiveSettings, inboundSas, frame)));
        }
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
        IpsecOffloadV1 v1 = currentConfig.ipsecOffloadV1();
        if (v2 == null && v1 != null && v1.enabled()) {
            return new IpsecV2Sender.Settings(true, false, v1.supported().ipv4Options(),
                    v1.supported().transportTunnelCombined(), mtu);
        }
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

    /**
     * The IPsec offload v1 SA rules of the current configuration.
     *
     * @throws NicException WRONG_PROFILE on an NDIS 6.1 or later adapter
     */
    public SaV1Capabilities saV1Capabilities() {
        IpsecOffloadV1 v1 = ipsecV1();
        IpsecOffloadV1.Ipv4Ah ah = v1.ipv4Ah();
        IpsecOffloadV1.Ipv4Esp esp = v1.ipv4Esp();
        SaV1Capabilities.Protocol ahCaps = v1.ahUsable()
                ? new SaV1Capabilities.Protocol(ah.transport(), ah.tunnel(), ah.send(), ah.receive())
                : SaV1Capabilities.Protocol.OFF;
        SaV1Capabilities.Protocol espCaps = v1.espUsable()
                ? new SaV1Capabilities.Protocol(esp.transport(), esp.tunnel(), esp.send(), esp.receive())
                : SaV1Capabilities.Protocol.OFF;
        Set<EncryptionAlgorithm> encryption = v1.espUsable() ? v1.encryptionAlgorithms()
                : EnumSet.noneOf(EncryptionAlgorithm.class);
        Set<UdpEspV1Flag> flags = v1.supported().flags();
        return new SaV1Capabilities(encryption, v1.integrityAlgorithms(), ahCaps, espCaps,
                v1.supported().ahEspCombined(), v1.supported().transportTunnelCombined(),
                flags.contains(UdpEspV1Flag.IPSEC_TPT_UDPESP_ENCAPTYPE_OTHER),
                flags.contains(UdpEspV1Flag.IPSEC_TUN_UDPESP_ENCAPTYPE_OTHER), SaV1Capabilities.DEFAULT_CAPACITY);
    }

    /** The v1 SAs' UDP-ESP parser entries and filters. */
    public IpsecV1Sas ipsecV1Sas() {
        return ipsecV1Sas;
    }

    /**
     * OID_TCP_TASK_IPSEC_ADD_SA, or ADD_UDPESP_SA when the request has an encapsulation-type entry. The key
     * material is destroyed in every case.
     *
     * @throws NicException WRONG_PROFILE on an NDIS 6.1 or later adapter
     */
    public IpsecV1Sas.AddOutcome addSaV1(AddSaV1 request) {
        SaV1Capabilities caps;
        try {
            caps = saV1Capabilities();
        } catch (RuntimeException e) {
            request.keyMat().destroy();
            throw e;
        }
        return ipsecV1Sas.add(request, caps);
    }

    /**
     * OID_TCP_TASK_IPSEC_DELETE_SA: NDIS_STATUS_SUCCESS, or NDIS_STATUS_INVALID_PARAMETER for a handle that names
     * no SA.
     *
     * @throws NicException WRONG_PROFILE on an NDIS 6.1 or later adapter
     */
    public SaOidResult deleteSaV1(long offloadHandle) {
        ipsecV1();
        return deleteSa(List.of(offloadHandle));
    }

    /**
     * OID_TCP_TASK_IPSEC_DELETE_UDPESP_SA: deletes the SA and, when {@code encapTypeEntryOffldHandle} is non-zero,
     * the parser entry. All or nothing: a handle that names nothing fails the request with
     * NDIS_STATUS_INVALID_PARAMETER and deletes nothing.
     *
     * @throws NicException WRONG_PROFILE on an NDIS 6.1 or later adapter
     */
    public synchronized SaOidResult deleteUdpEspSaV1(long offloadHandle, long encapTypeEntryOffldHandle) {
        ipsecV1();
        if (encapTypeEntryOffldHandle != 0 && !ipsecV1Sas.hasParserEntry(encapTypeEntryOffldHandle)) {
            return new SaOidResult(NdisStatus.INVALID_PARAMETER, List.of(new SaOutcome(offloadHandle,
                    new SaRefusal(SaRefusalReason.SA_UNKNOWN_PARSER_ENTRY, "encapTypeEntryOffldHandle "
                            + Long.toUnsignedString(encapTypeEntryOffldHandle)
                            + " names no UDP-ESP parser entry of this NIC", "/encapTypeEntryOffldHandle"))));
        }
        SaOidResult result = deleteSa(List.of(offloadHandle));
        if (result.status() == NdisStatus.SUCCESS && encapTypeEntryOffldHandle != 0) {
            ipsecV1Sas.deleteParserEntry(encapTypeEntryOffldHandle);
        }
        return result;
    }

    /**
     * One NET_BUFFER_LIST of an NDIS 6.0 NIC.
     *
     * @param frames                    its NET_BUFFERs
     * @param offloadHandle             {@code IPsecOffloadV1NetBufferListInfo} {@code OffloadHandle}: the SA of a
     *                                  packet with one IPsec payload, or of the transport portion of one with two
     * @param nextOffloadHandle         the SA of the tunnel portion of a packet with both, else 0
     * @param computeIpv4HeaderChecksum checksum offload asked for the (outer) IPv4 header checksum
     * @param lso                       large send offload info, or null (never with IPsec in an NDIS 6.0
     *                                  configuration: the two are mutually exclusive there)
     */
    public record NblV1(List<byte[]> frames, long offloadHandle, long nextOffloadHandle,
            boolean computeIpv4HeaderChecksum, LsoRequest lso) {
        public NblV1 {
            frames = List.copyOf(frames);
        }

        public NblV1(List<byte[]> frames, long offloadHandle, long nextOffloadHandle,
                boolean computeIpv4HeaderChecksum) {
            this(frames, offloadHandle, nextOffloadHandle, computeIpv4HeaderChecksum, null);
        }
    }

    /**
     * Sends NET_BUFFER_LISTs of an NDIS 6.0 NIC through the shared send path. On top of what it checks, an NBL whose
     * packets an SA's filter does not select fails ({@link SendFailureReason#SELECTOR_MISMATCH}) and sends nothing.
     *
     * @throws NicException WRONG_PROFILE on an NDIS 6.1 or later adapter
     * @throws com.offloadnic.crypto.PoolSaturatedException when the crypto pool refuses the request (nothing sent)
     */
    public List<TransmitPath.Completion> sendV1(List<NblV1> nbls, CryptoPool pool) {
        IpsecOffloadV1 v1 = ipsecV1();
        List<TransmitPath.Completion> completions = new ArrayList<>(nbls.size());
        List<TransmitPath.Request> pass = new ArrayList<>(nbls.size());
        for (NblV1 nbl : nbls) {
            String mismatch = v1.enabled() ? selectorMismatch(nbl) : null;
            if (mismatch != null) {
                completions.add(TransmitPath.Completion.failure(SendFailureReason.SELECTOR_MISMATCH, mismatch));
                transmitPath.statistics().completion(NdisStatus.FAILURE, SendFailureReason.SELECTOR_MISMATCH);
            } else {
                completions.add(null);
                pass.add(new TransmitPath.Request(new IpsecV2Sender.Nbl(nbl.frames(), nbl.offloadHandle(),
                        nbl.nextOffloadHandle(), null, nbl.computeIpv4HeaderChecksum()), nbl.lso()));
            }
        }
        List<TransmitPath.Completion> sent = pass.isEmpty() ? List.of() : send(pass, pool);
        int next = 0;
        for (int i = 0; i < completions.size(); i++) {
            if (completions.get(i) == null) {
                completions.set(i, sent.get(next++));
            }
        }
        return completions;
    }

    private String selectorMismatch(NblV1 nbl) {
        List<SaEntry> sas = new ArrayList<>(2);
        for (long handle : new long[] {nbl.offloadHandle(), nbl.nextOffloadHandle()}) {
            SaEntry entry = handle == 0 ? null : saTable.get(handle);
            if (entry != null && entry.direction() == SaDirection.OUTBOUND) {
                sas.add(entry);
            }
        }
        if (sas.isEmpty()) {
            return null;
        }
        for (int i = 0; i < nbl.frames().size(); i++) {
            String why = IpsecV1Sas.sendMismatch(nbl.frames().get(i), sas);
            if (why != null) {
                return (nbl.frames().size() == 1 ? "" : "netBuffers[" + i + "]: ") + why;
            }
        }
        return null;
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
