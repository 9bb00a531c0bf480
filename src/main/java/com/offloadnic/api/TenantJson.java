package com.offloadnic.api;

import com.offloadnic.tenant.Quotas;
import com.offloadnic.tenant.Tenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;
import java.util.List;

/** JSON of the tenant administration API. */
final class TenantJson {

    private TenantJson() {
    }

    record CreateTenantRequest(
            @NotNull @Pattern(regexp = com.offloadnic.tenant.TenantStore.NAME_PATTERN,
                    message = "must be 1 to 64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit")
            String name,
            @Valid QuotasJson quotas) {
    }

    /** Quotas; in requests each member is optional and a missing one keeps its current (or default) value. */
    record QuotasJson(
            @Min(1) @Max(Quotas.MAX_NICS_LIMIT) Integer maxNics,
            @Min(1) @Max(Quotas.MAX_SECURITY_ASSOCIATIONS_LIMIT) Integer maxSecurityAssociations,
            @Min(1) @Max(Quotas.MAX_FRAMES_PER_REQUEST_LIMIT) Integer maxFramesPerRequest,
            @Min(1) @Max(Quotas.MAX_REQUEST_BODY_BYTES_LIMIT) Long maxRequestBodyBytes,
            @Min(1) @Max(Quotas.MAX_REQUESTS_PER_SECOND_LIMIT) Integer requestsPerSecond,
            @Min(1) @Max(Quotas.MAX_CRYPTO_POOL_WEIGHT_LIMIT) Integer cryptoPoolWeight) {

        static QuotasJson of(Quotas q) {
            return new QuotasJson(q.maxNics(), q.maxSecurityAssociations(), q.maxFramesPerRequest(),
                    q.maxRequestBodyBytes(), q.requestsPerSecond(), q.cryptoPoolWeight());
        }

        Quotas applyTo(Quotas current) {
            return current.with(maxNics, maxSecurityAssociations, maxFramesPerRequest, maxRequestBodyBytes,
                    requestsPerSecond, cryptoPoolWeight);
        }
    }

    record CreatedTenantResponse(String tenantId, String name, String token, QuotasJson quotas, Instant createdAt) {
    }

    record TenantResponse(String tenantId, String name, QuotasJson quotas, int nicCount, Instant createdAt) {

        static TenantResponse of(Tenant t, int nicCount) {
            return new TenantResponse(t.tenantId(), t.name(), QuotasJson.of(t.quotas()), nicCount, t.createdAt());
        }
    }

    record TenantList(List<TenantResponse> tenants) {
    }
}
