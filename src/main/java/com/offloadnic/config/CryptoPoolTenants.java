package com.offloadnic.config;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.tenant.Tenant;

/**
 * Keeps the crypto pool's per-tenant settings in step with the tenants' {@code cryptoPoolWeight} quota: called
 * when a tenant is created (configuration or admin API), when its quotas change, and when it is deleted.
 *
 * <p>A tenant of weight {@code w} gets {@code w} tasks per round-robin turn and may queue {@code w} times the
 * pool's default per-tenant bound (never more than the pool's total bound).
 */
public final class CryptoPoolTenants {

    private final CryptoPool pool;

    public CryptoPoolTenants(CryptoPool pool) {
        this.pool = pool;
    }

    public void apply(Tenant tenant) {
        int weight = tenant.quotas().cryptoPoolWeight();
        CryptoPool.Config config = pool.config();
        long capacity = Math.min((long) config.tenantQueueCapacity() * weight, config.totalQueueCapacity());
        pool.configureTenant(tenant.tenantId(), weight, (int) capacity);
    }

    public void forget(String tenantId) {
        pool.forgetTenant(tenantId);
    }
}
