package com.offloadnic.ipsec;

import static com.offloadnic.ipsec.SaFixtures.*;
import static com.offloadnic.ipsec.SaRefusalReason.SA_CAPACITY_EXHAUSTED;
import static com.offloadnic.ipsec.SaRefusalReason.SA_INJECTED_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fault-injection seam of {@link SaTable}: asked once per valid bundle, before the capacity check. */
class SaTableAddFaultTest {

    private final SaTable table = new SaTable(1000);

    @Test
    void addFault_refusesWithInjectedFault_keysDestroyed_noHandleUsed() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        table.addFault(() -> asked.incrementAndGet() == 1 ? "injected" : null);
        SaBundle refused = SaValidator.validate(addSa(outbound(espGcm(7))), full());

        SaOutcome outcome = table.add(refused, full());
        SaOidResult next = table.addSa(List.of(addSa(outbound(espGcm(8)))), full());

        assertThat(outcome.offloadHandle()).isZero();
        assertThat(outcome.refusal().reason()).isEqualTo(SA_INJECTED_FAULT);
        assertThat(outcome.refusal().message()).isEqualTo("injected");
        assertThat(refused.keys()).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
        assertThat(next.outcomes().get(0).offloadHandle()).as("the refused bundle took no handle").isEqualTo(1000);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void addFault_isAskedBeforeCapacity_andNotForInvalidBundles() {
        AtomicInteger asked = new AtomicInteger();
        table.addFault(() -> {
            asked.incrementAndGet();
            return "injected";
        });
        IpsecV2Limits none = full().toBuilder().saOffloadCapacity(0).build();

        SaOidResult r = table.addSa(List.of(addSa(outbound(espGcm(0))), addSa(outbound(espGcm(9)))), none);

        assertThat(r.status()).isEqualTo(NdisStatus.FAILURE);
        assertThat(r.outcomes().get(0).refusal().reason()).as("SPI 0 fails validation first")
                .isEqualTo(SaRefusalReason.SA_SPI_ZERO);
        assertThat(r.outcomes().get(1).refusal().reason()).isEqualTo(SA_INJECTED_FAULT)
                .isNotEqualTo(SA_CAPACITY_EXHAUSTED);
        assertThat(asked).hasValue(1);
    }
}
