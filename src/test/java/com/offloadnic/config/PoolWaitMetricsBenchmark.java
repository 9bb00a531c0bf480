package com.offloadnic.config;

import com.offloadnic.crypto.CryptoPool;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What recording one crypto task's queue wait costs on a worker (two threads, like the two workers of the
 * benchmark machine): {@link CryptoPoolMetrics#started} as it is now (a map lookup and two {@code LongAdder} adds),
 * against the Micrometer timer with p50/p99 and a one-minute expiry it used before (a time-window histogram update
 * and clock reads per task).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class PoolWaitMetricsBenchmark {

    @State(Scope.Benchmark)
    public static class Meters {
        CryptoPool pool;
        CryptoPoolMetrics metrics;
        Timer percentileTimer;

        @Setup
        public void setUp() {
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            pool = new CryptoPool(CryptoPool.Config.defaults().withThreads(1));
            metrics = new CryptoPoolMetrics(registry, pool);
            percentileTimer = Timer.builder("offloadnic.crypto.pool.wait.before").tags("tenant", "t")
                    .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                    .register(registry);
        }

        @TearDown
        public void tearDown() {
            pool.close();
        }
    }

    @State(Scope.Thread)
    public static class Wait {
        long nanos = 12_345;
    }

    @Benchmark
    public void countAndSum(Meters m, Wait w) {
        m.metrics.started("tenant-t", w.nanos++);
    }

    @Benchmark
    public void timerWithPercentiles(Meters m, Wait w) {
        m.percentileTimer.record(w.nanos++, TimeUnit.NANOSECONDS);
    }
}
