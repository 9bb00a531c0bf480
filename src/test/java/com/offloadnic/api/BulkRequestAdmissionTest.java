package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.offloadnic.tenant.Quotas;
import com.offloadnic.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Bulk requests per tenant: bounded in progress, a bounded waiting line in arrival order, refused with 429 +
 * Retry-After naming {@code cryptoPoolShare} beyond, bounds scaled by the tenant's weight, released on completion.
 */
class BulkRequestAdmissionTest {

    /** Two in progress and one waiting per unit of weight; a waiter gives up after 300 ms; one decode permit. */
    private final BulkRequestAdmission admission = new BulkRequestAdmission(2, 1, Duration.ofMillis(300), 1);

    private static MockHttpServletRequest post(String tenantId, int weight) {
        var r = new MockHttpServletRequest("POST", "/v1/nics/n/send");
        var quotas = new Quotas(16, 4096, 1024, 1 << 24, 1000, weight);
        r.setAttribute(BearerAuthInterceptor.TENANT_ATTRIBUTE, new Tenant(tenantId, tenantId, quotas, Instant.EPOCH));
        return r;
    }

    private static MockHttpServletRequest post(String tenantId) {
        return post(tenantId, 1);
    }

    private boolean admit(MockHttpServletRequest r) {
        return admission.preHandle(r, new MockHttpServletResponse(), null);
    }

    private void complete(MockHttpServletRequest r) {
        admission.afterCompletion(r, new MockHttpServletResponse(), null, null);
    }

    @Test
    void preHandle_waitingLineFull_refuses429NamingTheQuotaWithRetryAfterAndOtherTenantsStillPass() throws Exception {
        assertThat(admit(post("a"))).isTrue();
        assertThat(admit(post("a"))).isTrue();
        var waiter = CompletableFuture.supplyAsync(() -> admit(post("a")));
        await(() -> admission.waiting("a") == 1);

        assertThatThrownBy(() -> admit(post("a"))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(429);
            assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
            assertThat(e.getBody().getProperties()).containsEntry("quota", "cryptoPoolShare");
        });
        assertThat(admit(post("b"))).as("another tenant's share is its own").isTrue();
        assertThat(admission.inFlight("a")).isEqualTo(2);
        assertThatThrownBy(waiter::join).as("the waiter gave up after its maximum wait")
                .hasCauseInstanceOf(ApiException.class);
        assertThat(admission.waiting("a")).isZero();
    }

    @Test
    void preHandle_waiter_isAdmittedWhenARequestInProgressAnswers() throws Exception {
        var longWait = new BulkRequestAdmission(1, 1, Duration.ofSeconds(30), 1);
        var first = post("a");
        assertThat(longWait.preHandle(first, new MockHttpServletResponse(), null)).isTrue();
        var second = post("a");
        var waiter = CompletableFuture.supplyAsync(() -> longWait.preHandle(second, new MockHttpServletResponse(),
                null));
        await(() -> longWait.waiting("a") == 1);
        assertThat(waiter).isNotDone();

        longWait.afterCompletion(first, new MockHttpServletResponse(), null, null);

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(longWait.inFlight("a")).isEqualTo(1);
        assertThat(longWait.waiting("a")).isZero();
    }

    @Test
    void afterCompletion_releasesOnce() {
        var a1 = post("a");
        assertThat(admit(a1)).isTrue();
        assertThat(admit(post("a"))).isTrue();

        complete(a1);
        complete(a1); // a second completion callback releases nothing
        assertThat(admission.inFlight("a")).isEqualTo(1);
        assertThat(admit(post("a"))).isTrue();
        assertThat(admission.inFlight("a")).isEqualTo(2);
    }

    @Test
    void preHandle_refusedRequest_holdsNothing() {
        var noWaiting = new BulkRequestAdmission(2, 0, Duration.ofMillis(50), 1);
        noWaiting.preHandle(post("a"), new MockHttpServletResponse(), null);
        noWaiting.preHandle(post("a"), new MockHttpServletResponse(), null);
        var refused = post("a");
        assertThatThrownBy(() -> noWaiting.preHandle(refused, new MockHttpServletResponse(), null))
                .isInstanceOf(ApiException.class);
        noWaiting.afterCompletion(refused, new MockHttpServletResponse(), null, null);
        assertThat(noWaiting.inFlight("a")).isEqualTo(2);
        assertThat(noWaiting.waiting("a")).isZero();
    }

    @Test
    void preHandle_weightTwo_doublesTheRequestsInProgress() {
        var noWaiting = new BulkRequestAdmission(2, 0, Duration.ofMillis(50), 1);
        for (int i = 0; i < 4; i++) {
            assertThat(noWaiting.preHandle(post("gold", 2), new MockHttpServletResponse(), null)).isTrue();
        }
        assertThatThrownBy(() -> noWaiting.preHandle(post("gold", 2), new MockHttpServletResponse(), null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getBody().getDetail())
                        .contains("4 bulk requests", "cryptoPoolWeight 2"));
        assertThat(noWaiting.inFlight("gold")).isEqualTo(4);
    }

    @Test
    void decodePermit_heldBetweenBeforeAndAfterDecode_andGivenBackAtCompletionIfDecodingFailed() {
        var r = post("a");
        assertThat(admit(r)).isTrue();
        admission.beforeDecode(r);
        assertThat(admission.decodePermitsAvailable()).isZero();
        admission.afterDecode(r);
        admission.afterDecode(r);
        assertThat(admission.decodePermitsAvailable()).isEqualTo(1);

        var failing = post("b");
        assertThat(admit(failing)).isTrue();
        admission.beforeDecode(failing);
        complete(failing); // the decoder threw: afterDecode never ran
        assertThat(admission.decodePermitsAvailable()).isEqualTo(1);
    }

    @Test
    void forget_requestsInProgressStillRelease_andTheTenantStartsAfresh() {
        var r = post("a");
        assertThat(admit(r)).isTrue();
        assertThat(admit(post("a"))).isTrue();
        admission.forget("a");
        assertThat(admission.inFlight("a")).isZero();

        complete(r);
        assertThat(admission.inFlight("a")).isZero();
        assertThat(admit(post("a"))).isTrue();
        assertThat(admission.inFlight("a")).isEqualTo(1);
    }

    @Test
    void beforeDecode_requestNotAdmittedHere_takesNoPermit() {
        admission.beforeDecode(new MockHttpServletRequest("POST", "/v1/nics/n/send"));
        assertThat(admission.decodePermitsAvailable()).isEqualTo(1);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(1);
        }
    }
}
