package com.offloadnic.api;

import com.offloadnic.config.AdminCredentials;
import com.offloadnic.config.OffloadNicProperties;
import com.offloadnic.tenant.RequestRateLimiter;
import com.offloadnic.tenant.TenantStore;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Bearer authentication, the tenant argument, the request-body cap, and bulk-request admission per tenant. */
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

    @Bean
    static FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(OffloadNicProperties properties) {
        FilterRegistrationBean<RequestBodyLimit> bean =
                new FilterRegistrationBean<>(new RequestBodyLimit(properties.limits().maxRequestBodyBytes()));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }
}
