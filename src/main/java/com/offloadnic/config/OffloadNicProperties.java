package com.offloadnic.config;

import com.offloadnic.tenant.Quotas;
import org.springframework.boot.context.properties.ConfigurationProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * Everything under {@code offloadnic.*}; each property can also be set from the environment
 * ({@code offloadnic.admin-token} as {@code OFFLOADNIC_ADMIN_TOKEN}, and so on).
 *
 * @param adminToken         bearer token of the tenant administration API; generated and logged once when unset
 * @param defaultTenantToken token of the {@code default} tenant created when no tenants are configured;
 *                           generated and logged once when unset
 * @param tenants            tenants created at start, each with the SHA-256 of its token
 * @param defaultQuotas      quotas of tenants created without explicit ones
 * @param limits             service-wide limits
 */
@ConfigurationProperties("offloadnic")
@Validated
public record OffloadNicProperties(
        String adminToken,
        String defaultTenantToken,
        @DefaultValue List<ConfiguredTenant> tenants,
        @Valid @DefaultValue QuotaDefaults defaultQuotas,
        @Valid @DefaultValue Limits limits) {

    /** A tenant from configuration. The token itself never appears in configuration, only its SHA-256 (hex). */
    public record ConfiguredTenant(String name, String tokenSha256) {
    }

    /** Defaults for {@link Quotas}. */
    public record QuotaDefaults(
            @DefaultValue("16") int maxNics,
            @DefaultValue("4096") int maxSecurityAssociations,
            @DefaultValue("1024") int maxFramesPerRequest,
            @DefaultValue("16777216") long maxRequestBodyBytes,
            @DefaultValue("1000") int requestsPerSecond,
            @DefaultValue("1") int cryptoPoolWeight) {

        public Quotas toQuotas() {
            return new Quotas(maxNics, maxSecurityAssociations, maxFramesPerRequest, maxRequestBodyBytes,
                    requestsPerSecond, cryptoPoolWeight);
        }
    }

    /**
     * @param maxRequestBodyBytes   hard cap on any request body, whatever a tenant's quota says
     * @param statusRingCapacity    status indications kept per NIC until polled (a power of two)
     * @param longPollMaxTimeoutMs  longest a status-indication poll may wait
     * @param maxIndicationsPerPoll most indications one poll returns
     * @param receiveRingCapacity   capacity of each NIC's receive ring (a power of two): indications not yet
     *                              released plus frames in flight
     */
    public record Limits(
            @DefaultValue("67108864") @Min(1) long maxRequestBodyBytes,
            @DefaultValue("256") @Min(1) @Max(1 << 20) int statusRingCapacity,
            @DefaultValue("30000") @Min(0) @Max(600_000) long longPollMaxTimeoutMs,
            @DefaultValue("1000") @Min(1) @Max(100_000) int maxIndicationsPerPoll,
            @DefaultValue("1024") @Min(1) @Max(1 << 20) int receiveRingCapacity) {
    }
}
