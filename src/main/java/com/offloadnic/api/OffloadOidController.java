package com.offloadnic.api;

import com.offloadnic.api.NicJson.OffloadParametersRequest;
import com.offloadnic.api.NicJson.OidSetResponse;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.tenant.Tenant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** OID_TCP_OFFLOAD_PARAMETERS (set) and OID_TCP_OFFLOAD_CURRENT_CONFIG (query). */
@RestController
@RequestMapping(path = "/v1/nics/{nicId}/oids", produces = MediaType.APPLICATION_JSON_VALUE)
class OffloadOidController {

    private final NicRegistry nics;

    OffloadOidController(NicRegistry nics) {
        this.nics = nics;
    }

    @PostMapping(path = "/tcp-offload-parameters", consumes = MediaType.APPLICATION_JSON_VALUE)
    OidSetResponse setOffloadParameters(Tenant tenant, @PathVariable String nicId,
                                        @RequestBody OffloadParametersRequest request) {
        var config = NicController.find(nics, tenant, nicId).setOffloadParameters(request.toDomain());
        return new OidSetResponse("NDIS_STATUS_SUCCESS", NdisOffloadMapper.toJson(config));
    }

    @GetMapping("/tcp-offload-current-config")
    NdisOffloadJson.Offload currentConfig(Tenant tenant, @PathVariable String nicId) {
        return NdisOffloadMapper.toJson(NicController.find(nics, tenant, nicId).currentConfig());
    }
}
