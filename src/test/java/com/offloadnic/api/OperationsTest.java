package com.offloadnic.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsTest extends ApiTestSupport {

    @Test
    void health_livenessAndReadiness_areUp() {
        assertThat(anonymous().unchecked().get("/actuator/health/liveness").body()).contains("\"UP\"");
        assertThat(anonymous().unchecked().get("/actuator/health/readiness").body()).contains("\"UP\"");
    }

    @Test
    void prometheus_exportsMetrics() {
        var r = anonymous().unchecked().get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("jvm_memory_used_bytes", "http_server_requests");
    }
}
