package com.offloadnic.config;

import com.offloadnic.tenant.Quotas;
import com.offloadnic.tenant.Tenant;
import com.offloadnic.tenant.TenantStore;
import com.offloadnic.tenant.TenantTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import java.util.function.Consumer;

/**
 * Creates the configured tenants at start; with none configured, creates the {@code default} tenant so the quick
 * start works with no set-up, and logs its token once (unless the operator fixed it in configuration).
 */
final class TenantBootstrap implements InitializingBean {

    static final String DEFAULT_TENANT_NAME = "default";
    private static final Logger log = LoggerFactory.getLogger(TenantBootstrap.class);

    private final TenantStore store;
    private final OffloadNicProperties properties;
    /** Told of every tenant created here (the crypto pool's per-tenant settings follow its quotas). */
    private final Consumer<Tenant> onCreated;

    TenantBootstrap(TenantStore store, OffloadNicProperties properties, Consumer<Tenant> created) {
        this.store = store;
        this.properties = properties;
        this.onCreated = created;
    }

    @Override
    public void afterPropertiesSet() {
        Quotas quotas = properties.defaultQuotas().toQuotas();
        if (!properties.tenants().isEmpty()) {
            for (OffloadNicProperties.ConfiguredTenant t : properties.tenants()) {
                onCreated.accept(store.createWithTokenHash(t.name(), quotas,
                        TenantTokens.parseHexHash(t.tokenSha256())));
                log.info("Tenant '{}' created from configuration", t.name());
            }
            return;
        }
        String fixed = properties.defaultTenantToken();
        if (fixed != null && !fixed.isBlank()) {
            onCreated.accept(store.createWithToken(DEFAULT_TENANT_NAME, quotas, fixed));
            log.info("Tenant '{}' created with the token from offloadnic.default-tenant-token", DEFAULT_TENANT_NAME);
        } else {
            var created = store.create(DEFAULT_TENANT_NAME, quotas);
            onCreated.accept(created.tenant());
            log.warn("No tenants configured; created tenant '{}' ({}) with token: {} (shown once)",
                    DEFAULT_TENANT_NAME, created.tenant().tenantId(), created.token());
        }
    }
}
