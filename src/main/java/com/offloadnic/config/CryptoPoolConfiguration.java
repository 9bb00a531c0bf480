package com.offloadnic.config;

import com.offloadnic.crypto.CryptoPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one crypto worker pool of the service (SPEC section 9), shared by the send and receive paths. */
@Configuration(proxyBeanMethods = false)
class CryptoPoolConfiguration {

    @Bean(destroyMethod = "close")
    CryptoPool cryptoPool() {
        return new CryptoPool(CryptoPool.Config.defaults());
    }

    @Bean
    CryptoPoolTenants cryptoPoolTenants(CryptoPool pool) {
        return new CryptoPoolTenants(pool);
    }
}
