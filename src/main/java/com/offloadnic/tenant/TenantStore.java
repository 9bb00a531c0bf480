package com.offloadnic.tenant;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All tenants, in memory. Thread-safe. Holds token hashes only; authentication compares the hash of the
 * presented token with every tenant's hash in constant time, without early exit, so the time taken says
 * nothing about which (or whether a) tenant matched.
 */
public final class TenantStore {

    /** Tenant names: what an operator would type in a URL or a log query. */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private record Entry(Tenant tenant, byte[] tokenHash) {
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    public TenantStore(Clock clock) {
        this.clock = clock;
    }

    /** Creates a tenant with a freshly generated token. */
    public CreatedTenant create(String name, Quotas quotas) {
        String token = TenantTokens.generate();
        return new CreatedTenant(createWithTokenHash(name, quotas, TenantTokens.hash(token)), token);
    }

    /** Creates a tenant whose token the operator chose (configuration); stores only its hash. */
    public Tenant createWithToken(String name, Quotas quotas, String token) {
        TenantTokens.requireStrong(token, "tenant token");
        return createWithTokenHash(name, quotas, TenantTokens.hash(token));
    }

    /** Creates a tenant from a token hash an operator put in configuration. */
    public synchronized Tenant createWithTokenHash(String name, Quotas quotas, byte[] tokenHash) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("tenant name must match " + NAME_PATTERN);
        }
        if (byId.values().stream().anyMatch(e -> e.tenant().name().equals(name))) {
            throw new DuplicateTenantException(name);
        }
        Tenant tenant = new Tenant(UUID.randomUUID().toString(), name, quotas, clock.instant());
        byId.put(tenant.tenantId(), new Entry(tenant, tokenHash.clone()));
        return tenant;
    }

    public Optional<Tenant> find(String tenantId) {
        Entry e = tenantId == null ? null : byId.get(tenantId);
        return Optional.ofNullable(e).map(Entry::tenant);
    }

    /** All tenants, oldest first. */
    public List<Tenant> list() {
        return byId.values().stream().map(Entry::tenant)
                .sorted(Comparator.comparing(Tenant::createdAt).thenComparing(Tenant::tenantId))
                .toList();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public synchronized Optional<Tenant> delete(String tenantId) {
        Entry e = tenantId == null ? null : byId.remove(tenantId);
        return Optional.ofNullable(e).map(Entry::tenant);
    }

    public synchronized Optional<Tenant> updateQuotas(String tenantId, Quotas quotas) {
        Entry e = tenantId == null ? null : byId.get(tenantId);
        if (e == null) {
            return Optional.empty();
        }
        Tenant updated = new Tenant(e.tenant().tenantId(), e.tenant().name(), quotas, e.tenant().createdAt());
        byId.put(tenantId, new Entry(updated, e.tokenHash()));
        return Optional.of(updated);
    }

    /** The tenant whose token this is, if any. */
    public Optional<Tenant> authenticate(String presentedToken) {
        if (presentedToken == null || presentedToken.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = TenantTokens.hash(presentedToken);
        Tenant found = null;
        for (Entry e : byId.values()) {
            if (TenantTokens.matches(e.tokenHash(), presented) && found == null) {
                found = e.tenant();
            }
        }
        return Optional.ofNullable(found);
    }
}
