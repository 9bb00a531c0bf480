package com.offloadnic.tenant;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RequestRateLimiter limiter = new RequestRateLimiter(now::get);

    @Test
    void tryAcquire_allowsABurstOfOneSecondsRequestsThenRefuses() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("t", 5)).isZero();
        }
        assertThat(limiter.tryAcquire("t", 5)).isEqualTo(200_000_000L);
    }

    @Test
    void tryAcquire_refillsAtTheRate() {
        for (int i = 0; i < 2; i++) {
            limiter.tryAcquire("t", 2);
        }
        assertThat(limiter.tryAcquire("t", 2)).isPositive();
        now.addAndGet(500_000_000L);
        assertThat(limiter.tryAcquire("t", 2)).isZero();
        assertThat(limiter.tryAcquire("t", 2)).isPositive();
    }

    @Test
    void tryAcquire_tenantsHaveSeparateBuckets() {
        limiter.tryAcquire("a", 1);
        assertThat(limiter.tryAcquire("a", 1)).isPositive();
        assertThat(limiter.tryAcquire("b", 1)).isZero();
    }

    @Test
    void tryAcquire_longIdleDoesNotOverflowOrExceedTheBurst() {
        now.addAndGet(Long.MAX_VALUE / 2);
        assertThat(limiter.tryAcquire("t", 1_000_000)).isZero();
        now.addAndGet(Long.MAX_VALUE / 4);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("t", 3)).isZero();
        }
        assertThat(limiter.tryAcquire("t", 3)).isPositive();
    }
}
