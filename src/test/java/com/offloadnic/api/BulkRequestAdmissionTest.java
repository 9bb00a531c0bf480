package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.offloadnic.tenant.Quotas;
import com.offloadnic.tenant.Tenant;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Bulk requests in flight per tenant: bounded, refused with 429 + Retry-After beyond, released on completion. */
class BulkRequestAdmissionTest {

    private final BulkRequestAdmission admission = new BulkRequestAdmission(2);
    private final Quotas quotas = new Quotas(16, 4096, 1024, 1 << 24, 1000);

    private MockHttpServletRequest post(String tenantId) {
        var r = new MockHttpServletRequest("POST", "/v1/nics/n/send");
        r.setAttribute(BearerAuthInterceptor.TENANT_ATTRIBUTE, new Tenant(tenantId, tenantId, quotas, Instant.EPOCH));
        return r;
    }

    @Test
    void preHandle_overTheTenantsShare_refuses429WithRetryAfterAndOtherTenantsStillPass() {
        var a1 = post("a");
        var a2 = post("a");
        var response = new MockHttpServletResponse();
        assertThat(admission.preHandle(a1, response, null)).isTrue();
        assertThat(admission.preHandle(a2, response, null)).isTrue();

        assertThatThrownBy(() -> admission.preHandle(post("a"), response, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(429);
                    assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
                });
        assertThat(admission.preHandle(post("b"), response, null)).as("another tenant's share is its own").isTrue();
        assertThat(admission.inFlight("a")).isEqualTo(2);

        admission.afterCompletion(a1, response, null, null);
        admission.afterCompletion(a1, response, null, null); // a second completion callback releases nothing
        assertThat(admission.inFlight("a")).isEqualTo(1);
        assertThat(admission.preHandle(post("a"), response, null)).isTrue();
    }

    @Test
    void preHandle_refusedRequest_holdsNoPermit() {
        admission.preHandle(post("a"), new MockHttpServletResponse(), null);
        admission.preHandle(post("a"), new MockHttpServletResponse(), null);
        var refused = post("a");
        assertThatThrownBy(() -> admission.preHandle(refused, new MockHttpServletResponse(), null))
                .isInstanceOf(ApiException.class);
        admission.afterCompletion(refused, new MockHttpServletResponse(), null, null);
        assertThat(admission.inFlight("a")).isEqualTo(2);
    }
}
