package com.offloadnic.api;

import com.offloadnic.api.NicJson.CreateNicRequest;
import com.offloadnic.api.NicJson.NicList;
import com.offloadnic.api.NicJson.NicResponse;
import com.offloadnic.nic.MacAddress;
import com.offloadnic.nic.NdisOffload;
import com.offloadnic.nic.NdisVersion;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.nic.NicSpec;
import com.offloadnic.tenant.Tenant;
import com.offloadnic.tenant.TenantStore;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Arrays;

/** Creating, listing, reading and removing a tenant's NICs. */
@RestController
@RequestMapping(path = "/v1/nics", produces = MediaType.APPLICATION_JSON_VALUE)
class NicController {

    private final NicRegistry nics;
    private final TenantStore tenants;

    NicController(NicRegistry nics, TenantStore tenants) {
        this.nics = nics;
        this.tenants = tenants;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<NicResponse> create(Tenant tenant, @Valid @RequestBody CreateNicRequest request) {
        NdisVersion version = NdisVersion.fromLabel(request.ndisVersion()).orElseThrow(() -> ApiException.invalidField(
                "/ndisVersion", "/ndisVersion: '" + request.ndisVersion() + "' is not a supported profile (expected one of "
                        + Arrays.stream(NdisVersion.values()).map(NdisVersion::label).toList() + ")"));
        NdisOffload capabilities = NdisOffloadMapper.merge(request.capabilities(), NdisOffload.fullFeatured(version));
        MacAddress mac;
        try {
            mac = request.macAddress() == null ? MacAddress.randomLocal() : MacAddress.parse(request.macAddress());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("/macAddress", "/macAddress: " + e.getMessage());
        }
        int mtu = request.mtu() == null ? NicSpec.DEFAULT_MTU : request.mtu();
        NicSpec spec = new NicSpec(request.name(), version, capabilities, mtu, mac);
        Nic nic = nics.create(tenant.tenantId(), tenant.quotas().maxNics(), spec);
        if (tenants.find(tenant.tenantId()).isEmpty()) {
            // The tenant was deleted while this request was in flight, after its NICs were removed.
            nics.delete(tenant.tenantId(), nic.nicId());
            throw ApiException.unauthorized("the bearer token belongs to no tenant");
        }
        return ResponseEntity.created(URI.create("/v1/nics/" + nic.nicId())).body(NicResponse.of(nic));
    }

    @GetMapping
    NicList list(Tenant tenant) {
        return new NicList(nics.list(tenant.tenantId()).stream().map(NicResponse::of).toList());
    }

    @GetMapping("/{nicId}")
    NicResponse get(Tenant tenant, @PathVariable String nicId) {
        return NicResponse.of(find(nics, tenant, nicId));
    }

    @DeleteMapping("/{nicId}")
    ResponseEntity<Void> delete(Tenant tenant, @PathVariable String nicId) {
        if (!nics.delete(tenant.tenantId(), nicId)) {
            throw ApiException.nicNotFound(nicId);
        }
        return ResponseEntity.noContent().build();
    }

    /** Hardware capabilities (what OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES reports). */
    @GetMapping("/{nicId}/capabilities")
    NdisOffloadJson.Offload capabilities(Tenant tenant, @PathVariable String nicId) {
        return NdisOffloadMapper.toJson(find(nics, tenant, nicId).hardwareCapabilities());
    }

    /** The tenant's NIC, or 404 exactly as for a NIC that does not exist. */
    static Nic find(NicRegistry nics, Tenant tenant, String nicId) {
        return nics.find(tenant.tenantId(), nicId).orElseThrow(() -> ApiException.nicNotFound(nicId));
    }
}
