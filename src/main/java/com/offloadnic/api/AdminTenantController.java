package com.offloadnic.api;

import com.offloadnic.api.TenantJson.CreateTenantRequest;
import com.offloadnic.api.TenantJson.CreatedTenantResponse;
import com.offloadnic.api.TenantJson.QuotasJson;
import com.offloadnic.api.TenantJson.TenantList;
import com.offloadnic.api.TenantJson.TenantResponse;
import com.offloadnic.config.CryptoPoolTenants;
import com.offloadnic.config.OffloadNicProperties;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.tenant.CreatedTenant;
import com.offloadnic.tenant.Quotas;
import com.offloadnic.tenant.RequestRateLimiter;
import com.offloadnic.tenant.Tenant;
import com.offloadnic.tenant.TenantStore;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Tenant administration; the admin token guards it (see {@link BearerAuthInterceptor}). */
@RestController
@RequestMapping(path = "/v1/admin/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminTenantController {

    private final TenantStore tenants;
    private final NicRegistry nics;
    private final Quotas defaultQuotas;
    private final RequestRateLimiter rateLimiter;
    private final CryptoPoolTenants poolTenants;
    private final BulkRequestAdmission bulkAdmission;

    AdminTenantController(TenantStore tenants, NicRegistry nics, RequestRateLimiter rateLimiter,
                          OffloadNicProperties properties, CryptoPoolTenants poolTenants,
                          BulkRequestAdmission bulkAdmission) {
        this.tenants = tenants;
        this.poolTenants = poolTenants;
        this.bulkAdmission = bulkAdmission;
        this.nics = nics;
        this.rateLimiter = rateLimiter;
        this.defaultQuotas = properties.defaultQuotas().toQuotas();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedTenantResponse> create(@Valid @RequestBody CreateTenantRequest request) {
        Quotas quotas = request.quotas() == null ? defaultQuotas : request.quotas().applyTo(defaultQuotas);
        CreatedTenant created = tenants.create(request.name(), quotas);
        Tenant t = created.tenant();
        poolTenants.apply(t);
        return ResponseEntity.created(URI.create("/v1/admin/tenants/" + t.tenantId()))
                .body(new CreatedTenantResponse(t.tenantId(), t.name(), created.token(), QuotasJson.of(t.quotas()),
                        t.createdAt()));
    }

    @GetMapping
    TenantList list() {
        return new TenantList(tenants.list().stream().map(t -> TenantResponse.of(t, nics.count(t.tenantId()))).toList());
    }

    @GetMapping("/{tenantId}")
    TenantResponse get(@PathVariable String tenantId) {
        Tenant t = tenants.find(tenantId).orElseThrow(() -> ApiException.tenantNotFound(tenantId));
        return TenantResponse.of(t, nics.count(tenantId));
    }

    @DeleteMapping("/{tenantId}")
    ResponseEntity<Void> delete(@PathVariable String tenantId) {
        tenants.delete(tenantId).orElseThrow(() -> ApiException.tenantNotFound(tenantId));
        nics.deleteAll(tenantId);
        rateLimiter.forget(tenantId);
        poolTenants.forget(tenantId);
        bulkAdmission.forget(tenantId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping(path = "/{tenantId}/quotas", consumes = MediaType.APPLICATION_JSON_VALUE)
    TenantResponse updateQuotas(@PathVariable String tenantId, @Valid @RequestBody QuotasJson request) {
        Tenant current = tenants.find(tenantId).orElseThrow(() -> ApiException.tenantNotFound(tenantId));
        Tenant updated = tenants.updateQuotas(tenantId, request.applyTo(current.quotas()))
                .orElseThrow(() -> ApiException.tenantNotFound(tenantId));
        poolTenants.apply(updated);
        return TenantResponse.of(updated, nics.count(tenantId));
    }
}
