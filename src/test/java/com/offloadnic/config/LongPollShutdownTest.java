package com.offloadnic.config;

import com.offloadnic.nic.IndicationRing;
import com.offloadnic.nic.MacAddress;
import com.offloadnic.nic.NdisOffload;
import com.offloadnic.nic.NdisVersion;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.nic.NicSpec;
import com.offloadnic.nic.StatusIndication;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LongPollShutdownTest {

    @Test
    void stop_endsWaitingLongPollsAtOnce() throws Exception {
        NicRegistry registry = new NicRegistry(Clock.systemUTC(), 4);
        Nic nic = registry.create("t", 1, new NicSpec(null, NdisVersion.NDIS_6_30,
                NdisOffload.fullFeatured(NdisVersion.NDIS_6_30), 1500, MacAddress.randomLocal()));
        LongPollShutdown shutdown = new LongPollShutdown(registry);
        shutdown.start();
        CompletableFuture<IndicationRing.Batch<StatusIndication>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return nic.statusIndications().poll(0, 10, TimeUnit.HOURS.toNanos(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        shutdown.stop();
        assertThat(shutdown.isRunning()).isFalse();
        assertThat(poll.get(1, TimeUnit.MINUTES).closed()).isTrue();
        assertThat(nic.isRemoved()).isFalse();
    }
}
