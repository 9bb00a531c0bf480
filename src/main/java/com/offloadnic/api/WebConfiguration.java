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

/** Bearer authentication, the tenant argument, and the request-body cap. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final AdminCredentials admin;
    private final TenantStore tenants;
    private final RequestRateLimiter rateLimiter;

    WebConfiguration(AdminCredentials admin, TenantStore tenants, RequestRateLimiter rateLimiter) {
        this.admin = admin;
        this.tenants = tenants;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerAuthInterceptor(admin, tenants, rateLimiter))
                .addPathPatterns("/v1", "/v1/**");
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
