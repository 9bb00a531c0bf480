package com.offloadnic.nic;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All NICs of all tenants. A tenant only ever finds its own: {@link #find} answers empty for another tenant's
 * NIC exactly as for one that does not exist.
 */
public final class NicRegistry {

    private final Map<String, Nic> byId = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told about every NIC created and removed (metrics bind and unbind per NIC here). */
    public interface Listener {
        void created(Nic nic);

        void removed(Nic nic);
    }
    private final Clock clock;
    private final int statusRingCapacity;
    private final int receiveRingCapacity;

    /**
     * @param statusRingCapacity capacity of each NIC's status indication ring, a power of two
     */
    public NicRegistry(Clock clock, int statusRingCapacity) {
        this(clock, statusRingCapacity, Nic.DEFAULT_RECEIVE_RING_CAPACITY);
    }

    /**
     * @param statusRingCapacity  capacity of each NIC's status indication ring, a power of two
     * @param receiveRingCapacity capacity of each NIC's receive ring, a power of two
     */
    public NicRegistry(Clock clock, int statusRingCapacity, int receiveRingCapacity) {
        if (statusRingCapacity < 1 || Integer.bitCount(statusRingCapacity) != 1) {
            throw new IllegalArgumentException("status ring capacity must be a power of two, got " + statusRingCapacity);
        }
        if (receiveRingCapacity < 1 || Integer.bitCount(receiveRingCapacity) != 1) {
            throw new IllegalArgumentException("receive ring capacity must be a power of two, got "
                    + receiveRingCapacity);
        }
        this.clock = clock;
        this.statusRingCapacity = statusRingCapacity;
        this.receiveRingCapacity = receiveRingCapacity;
    }

    /**
     * Creates a NIC for a tenant that may hold at most {@code maxNics}.
     *
     * @throws NicException QUOTA_EXCEEDED when the tenant holds {@code maxNics} already
     */
    public synchronized Nic create(String tenantId, int maxNics, NicSpec spec) {
        long held = byId.values().stream().filter(n -> n.tenantId().equals(tenantId)).count();
        if (held >= maxNics) {
            throw new NicException(NicException.Kind.QUOTA_EXCEEDED, null,
                    "tenant holds " + held + " NICs, its quota maxNics is " + maxNics);
        }
        Nic nic = new Nic(UUID.randomUUID().toString(), tenantId, spec, clock, statusRingCapacity,
                receiveRingCapacity);
        byId.put(nic.nicId(), nic);
        listeners.forEach(l -> l.created(nic));
        return nic;
    }

    public Optional<Nic> find(String tenantId, String nicId) {
        Nic nic = nicId == null ? null : byId.get(nicId);
        return nic != null && nic.tenantId().equals(tenantId) ? Optional.of(nic) : Optional.empty();
    }

    /** The tenant's NICs, oldest first. */
    public List<Nic> list(String tenantId) {
        return byId.values().stream().filter(n -> n.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(Nic::createdAt).thenComparing(Nic::nicId)).toList();
    }

    public int count(String tenantId) {
        return (int) byId.values().stream().filter(n -> n.tenantId().equals(tenantId)).count();
    }

    /** Removes the tenant's NIC; false when the tenant has no such NIC. */
    public synchronized boolean delete(String tenantId, String nicId) {
        Optional<Nic> nic = find(tenantId, nicId);
        nic.ifPresent(n -> {
            byId.remove(n.nicId());
            n.remove();
            listeners.forEach(l -> l.removed(n));
        });
        return nic.isPresent();
    }

    /** Removes every NIC of a tenant (tenant deletion); returns how many. */
    public synchronized int deleteAll(String tenantId) {
        List<Nic> nics = list(tenantId);
        nics.forEach(n -> {
            byId.remove(n.nicId());
            n.remove();
            listeners.forEach(l -> l.removed(n));
        });
        return nics.size();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Every NIC's rings closed: used at shutdown so long polls return at once. */
    public void closeAll() {
        byId.values().forEach(n -> {
            n.statusIndications().close();
            n.receivePath().close();
        });
    }
}
