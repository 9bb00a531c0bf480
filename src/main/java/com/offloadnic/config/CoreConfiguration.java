package com.offloadnic.config;

import com.offloadnic.nic.NicRegistry;
import com.offloadnic.tenant.RequestRateLimiter;
import com.offloadnic.tenant.TenantStore;
import com.offloadnic.tenant.TenantTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wires the Spring-free core (tenants, NICs) into the application. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OffloadNicProperties.class)
class CoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CoreConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TenantStore tenantStore(Clock clock) {
        return new TenantStore(clock);
    }

    @Bean
    RequestRateLimiter requestRateLimiter() {
        return new RequestRateLimiter(System::nanoTime);
    }

    @Bean(destroyMethod = "closeAll")
    NicRegistry nicRegistry(Clock clock, OffloadNicProperties properties) {
        return new NicRegistry(clock, properties.limits().statusRingCapacity(),
                properties.limits().receiveRingCapacity());
    }

    @Bean
    LongPollShutdown longPollShutdown(NicRegistry nics) {
        return new LongPollShutdown(nics);
    }

    @Bean
    AdminCredentials adminCredentials(OffloadNicProperties properties) {
        String token = properties.adminToken();
        if (token == null || token.isBlank()) {
            token = TenantTokens.generate();
            log.warn("No offloadnic.admin-token (OFFLOADNIC_ADMIN_TOKEN) configured; generated admin token: {}"
                    + " (shown once; set OFFLOADNIC_ADMIN_TOKEN to fix it)", token);
        } else {
            TenantTokens.requireStrong(token, "offloadnic.admin-token");
        }
        return new AdminCredentials(token);
    }

    @Bean
    TenantBootstrap tenantBootstrap(TenantStore store, OffloadNicProperties properties,
                                    ObjectProvider<CryptoPoolTenants> poolTenants) {
        // a context without the crypto pool (configuration tests) has no pool settings to keep in step
        CryptoPoolTenants pool = poolTenants.getIfAvailable();
        return new TenantBootstrap(store, properties, pool != null ? pool::apply : tenant -> { });
    }
}
