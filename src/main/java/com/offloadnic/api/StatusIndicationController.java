package com.offloadnic.api;

import com.offloadnic.api.NicJson.StatusIndicationJson;
import com.offloadnic.api.NicJson.StatusIndicationPoll;
import com.offloadnic.config.OffloadNicProperties;
import com.offloadnic.nic.IndicationRing;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.nic.StatusIndication;
import com.offloadnic.tenant.Tenant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.TimeUnit;

/** Long-polling a NIC's status indications with a cursor. */
@RestController
class StatusIndicationController {

    private final NicRegistry nics;
    private final OffloadNicProperties.Limits limits;

    StatusIndicationController(NicRegistry nics, OffloadNicProperties properties) {
        this.nics = nics;
        this.limits = properties.limits();
    }

    @GetMapping(path = "/v1/nics/{nicId}/status-indications", produces = MediaType.APPLICATION_JSON_VALUE)
    StatusIndicationPoll poll(Tenant tenant, @PathVariable String nicId,
                              @RequestParam(defaultValue = "0") long cursor,
                              @RequestParam(defaultValue = "0") long timeoutMs,
                              @RequestParam(defaultValue = "100") int maxIndications) throws InterruptedException {
        Nic nic = NicController.find(nics, tenant, nicId);
        if (timeoutMs < 0 || timeoutMs > limits.longPollMaxTimeoutMs()) {
            throw ApiException.invalidParameter("timeoutMs", "timeoutMs: " + timeoutMs + " is out of range (expected 0 to "
                    + limits.longPollMaxTimeoutMs() + ")");
        }
        if (maxIndications < 1 || maxIndications > limits.maxIndicationsPerPoll()) {
            throw ApiException.invalidParameter("maxIndications", "maxIndications: " + maxIndications
                    + " is out of range (expected 1 to " + limits.maxIndicationsPerPoll() + ")");
        }
        IndicationRing.Batch<StatusIndication> batch;
        try {
            batch = nic.statusIndications().poll(cursor, maxIndications, timeoutMs, TimeUnit.MILLISECONDS);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("cursor", "cursor: " + e.getMessage());
        }
        if (batch.closed() && nic.isRemoved()) {
            throw ApiException.nicNotFound(nicId);
        }
        return new StatusIndicationPoll(batch.entries().stream().map(StatusIndicationJson::of).toList(),
                batch.nextCursor(), batch.dropped());
    }
}
