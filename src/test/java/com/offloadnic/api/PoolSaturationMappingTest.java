package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** A refusal by the crypto pool answers 429 (the tenant's share) or 503 (the whole pool), both with Retry-After. */
class PoolSaturationMappingTest {

    @Test
    void poolSaturated_tenantShareIs429QuotaExceeded_wholePoolIs503PoolSaturated() throws Exception {
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        try (var pool = new CryptoPool(new CryptoPool.Config(1, 1, 2, "mapping-test"))) {
            pool.submit("a", () -> {
                started.countDown();
                release.await();
                return 0;
            });
            started.await();
            pool.submit("a", () -> 1);
            var share = catchThrowableOfType(PoolSaturatedException.class, () -> pool.submit("a", () -> 2));
            pool.submit("b", () -> 3);
            var whole = catchThrowableOfType(PoolSaturatedException.class, () -> pool.submit("c", () -> 4));
            release.countDown();

            ApiException tooMany = ReceiveController.poolSaturated(share);
            assertThat(tooMany.getStatusCode().value()).isEqualTo(429);
            assertThat(tooMany.getBody().getType()).isEqualTo(ProblemTypes.QUOTA_EXCEEDED);
            assertThat(tooMany.getBody().getProperties()).containsEntry("quota", "cryptoPoolShare");
            assertThat(tooMany.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();

            ApiException unavailable = ReceiveController.poolSaturated(whole);
            assertThat(unavailable.getStatusCode().value()).isEqualTo(503);
            assertThat(unavailable.getBody().getType()).isEqualTo(ProblemTypes.POOL_SATURATED);
            assertThat(unavailable.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        }
    }
}
