package com.offloadnic.ipsec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.offloadnic.ipsec.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers add and delete inbound SAs over a few shared SPIs while readers look them up and list them. The
 * invariants: an offloaded SPI is found and names its own SA until deleted; refusals are collisions or capacity;
 * handles are never repeated; capacity is never exceeded; nothing is left at the end.
 */
class SaTableConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int READERS = 2;
    private static final int ROUNDS = 3_000;
    private static final int SPIS = 8;
    private static final int CAPACITY = 6;

    @Test
    void concurrentAddDeleteAndLookup_keepTheTableConsistent() throws Exception {
        SaTable table = new SaTable();
        IpsecV2Limits limits = full().toBuilder().saOffloadCapacity(CAPACITY).build();
        ConcurrentLinkedQueue<Long> handles = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        List<Future<?>> writers = new ArrayList<>();
        List<Future<?>> readers = new ArrayList<>();

        for (int w = 0; w < WRITERS; w++) {
            int seed = w;
            writers.add(pool.submit(() -> {
                start.await();
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < ROUNDS; i++) {
                    int spi = 1 + random.nextInt(SPIS);
                    SaOidResult r = table.addSa(List.of(addSa(inbound(espGcm(spi)))), limits);
                    SaOutcome o = r.outcomes().getFirst();
                    if (!o.succeeded()) {
                        assertThat(o.refusal().reason()).isIn(SaRefusalReason.SA_SPI_COLLISION,
                                SaRefusalReason.SA_CAPACITY_EXHAUSTED);
                        continue;
                    }
                    handles.add(o.offloadHandle());
                    SaEntry mine = table.get(o.offloadHandle());
                    assertThat(mine).isNotNull();
                    // No other writer can offload this SPI for DST while ours lives.
                    assertThat(table.findInbound(spi, IpsecOperation.ESP, DST)).isSameAs(mine);
                    SaOidResult d = table.deleteSa(List.of(o.offloadHandle()));
                    assertThat(d.status()).isEqualTo(NdisStatus.SUCCESS);
                    assertThat(mine.isLive()).isFalse();
                    assertThat(mine.keys(0).isDestroyed()).isTrue();
                    assertThat(table.get(o.offloadHandle())).isNull();
                }
                return null;
            }));
        }
        for (int r = 0; r < READERS; r++) {
            int seed = 100 + r;
            readers.add(pool.submit(() -> {
                start.await();
                SplittableRandom random = new SplittableRandom(seed);
                byte[] header = new byte[20];
                DST.writeTo(header, 16);
                while (writing.get()) {
                    int spi = 1 + random.nextInt(SPIS);
                    SaEntry found = table.findInbound(spi, IpsecOperation.ESP, IpVersion.IPV4, header, 16);
                    if (found != null) {
                        assertThat(found.secAssoc(0).spi()).isEqualTo(spi);
                        assertThat(found.direction()).isEqualTo(SaDirection.INBOUND);
                    }
                    List<SaView> views = table.list();
                    assertThat(views.size()).isLessThanOrEqualTo(CAPACITY);
                    Set<Integer> spis = new HashSet<>();
                    for (SaView v : views) {
                        assertThat(spis.add(v.parameters().secAssoc().getFirst().spi()))
                                .as("two live SAs with one SPI for one destination").isTrue();
                    }
                }
                return null;
            }));
        }

        start.countDown();
        for (Future<?> f : writers) {
            f.get();
        }
        writing.set(false);
        for (Future<?> f : readers) {
            f.get();
        }
        pool.shutdown();

        assertThat(table.size()).isZero();
        assertThat(table.list()).isEmpty();
        assertThat(new HashSet<>(handles)).as("handles never repeat").hasSameSizeAs(handles);
        assertThat(handles).isNotEmpty().doesNotContain(0L);
    }
}
