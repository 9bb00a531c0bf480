package com.offloadnic.api;

import com.offloadnic.config.AdminCredentials;
import com.offloadnic.config.OffloadNicProperties;
import com.offloadnic.tenant.RequestRateLimiter;
import com.offloadnic.tenant.TenantStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.cbor.JacksonCborHttpMessageConverter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Bearer authentication, the tenant argument, the request-body cap, bulk-request admission per tenant, and the lean
 * CBOR codec of the bulk records.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final AdminCredentials admin;
    private final TenantStore tenants;
    private final RequestRateLimiter rateLimiter;
    private final BulkRequestAdmission bulkAdmission;

    WebConfiguration(AdminCredentials admin, TenantStore tenants, RequestRateLimiter rateLimiter,
                     BulkRequestAdmission bulkAdmission) {
        this.admin = admin;
        this.tenants = tenants;
        this.rateLimiter = rateLimiter;
        this.bulkAdmission = bulkAdmission;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerAuthInterceptor(admin, tenants, rateLimiter))
                .addPathPatterns("/v1", "/v1/**");
        // after authentication (it needs the tenant and its cryptoPoolWeight)
        registry.addInterceptor(bulkAdmission)
                .addPathPatterns("/v1/nics/*/send", "/v1/nics/*/receive", "/v1/nics/*/receive/pcap");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new TenantArgumentResolver());
    }

    /**
     * The lean CBOR codec for the bulk records, ahead of Jackson's CBOR converter (which keeps every other type and
     * reads whatever the lean reader leaves to it). {@code offloadnic.lean-cbor=false} leaves all CBOR to Jackson.
     * Registered here rather than in {@code config/}, which may not see {@code api/}.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnProperty(name = "offloadnic.lean-cbor", havingValue = "true", matchIfMissing = true)
    static BulkCborHttpMessageConverter bulkCborHttpMessageConverter(JacksonCborHttpMessageConverter jackson) {
        return new BulkCborHttpMessageConverter(jackson);
    }

    @Bean
    static FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(OffloadNicProperties properties) {
        FilterRegistrationBean<RequestBodyLimit> bean =
                new FilterRegistrationBean<>(new RequestBodyLimit(properties.limits().maxRequestBodyBytes()));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }
}
