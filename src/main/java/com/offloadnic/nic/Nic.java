package com.offloadnic.nic;

import java.time.Clock;
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

    private OffloadSettings settings;
    private volatile NdisOffload currentConfig;
    private volatile boolean removed;

    Nic(String nicId, String tenantId, NicSpec spec, Clock clock, int statusRingCapacity) {
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
        return v2;
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
    }
}
