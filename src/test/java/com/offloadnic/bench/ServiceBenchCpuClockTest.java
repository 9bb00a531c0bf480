package com.offloadnic.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The service CPU clock {@link ServiceBench} reads from /proc/PID/stat. */
class ServiceBenchCpuClockTest {

    @Test
    void cpuTicks_commWithSpacesAndParentheses_sumsUtimeAndStime() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 900 0 3 0 1234 567 0 0 20 0 40 0 100 0";
        assertThat(ServiceBench.CpuClock.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void nanos_ownProcess_isKnownAndWithoutPidIsUnknown() throws Exception {
        var own = ServiceBench.CpuClock.of(Long.toString(ProcessHandle.current().pid()));
        assertThat(own.nanosPerTick()).isPositive();
        assertThat(own.nanos()).isGreaterThanOrEqualTo(0);
        assertThat(ServiceBench.CpuClock.of(null).nanos()).isEqualTo(-1);
    }
}
