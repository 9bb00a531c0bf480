package com.offloadnic.nic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.PoolSaturatedException;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.AddSaEx;
import com.offloadnic.ipsec.EncryptionAlgorithmInfo;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.IpsecOperation;
import com.offloadnic.ipsec.IpsecV2Limits;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.OutboundSa;
import com.offloadnic.ipsec.SaDirection;
import com.offloadnic.ipsec.SaEntry;
import com.offloadnic.ipsec.SaParameters;
import com.offloadnic.ipsec.SaTable;
import com.offloadnic.ipsec.SaTransforms;
import com.offloadnic.ipsec.SaTransformsFactory;
import com.offloadnic.ipsec.SecAssoc;
import com.offloadnic.ipsec.SendHeaderInfo;
import com.offloadnic.ipsec.UdpEspEncapsulation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NIC's send path around the pipeline: pool refusal consumes nothing, order, capture, counters. */
class TransmitPathTest {

    private static final IpsecV2Sender.Settings FULL = new IpsecV2Sender.Settings(true, true, true, true, 1500);
    private final CryptoPool pool = new CryptoPool(CryptoPool.Config.defaults().withThreads(1)
            .withQueueCapacities(1, 1));
    private final SaTable table = new SaTable();

    @AfterEach
    void close() {
        pool.close();
    }

    private SaEntry gcmSa(int spi) {
        SaParameters p = new SaParameters(SaDirection.OUTBOUND, IpVersion.IPV4, null, null, UdpEspEncapsulation.NONE,
                List.of(new SecAssoc(IpsecOperation.ESP, spi, new EncryptionAlgorithmInfo(
                        EncryptionAlgorithm.AES_GCM_128, 20, 0, 16), null, false, 0)), null);
        var r = table.addSaEx(AddSaEx.of(p, SecretBytes.copyOf(new byte[20])), IpsecV2Limits.fullFeatured(16));
        return table.get(r.outcomes().get(0).offloadHandle());
    }

    private LongFunction<OutboundSa> sas() {
        return h -> {
            SaEntry e = table.get(h);
            return e == null ? null : OutboundSa.of(e, x -> x.attachment(SaTransforms.class, SaTransformsFactory::build));
        };
    }

    /** An IPv4 ESP transport frame with a 40-byte UDP datagram (GCM: IV 8, ICV 16, padding 2). */
    static byte[] frame(int spi, int seq) {
        int ip = 20 + 8 + 8 + 48 + 2 + 2 + 16;
        byte[] f = new byte[14 + ip];
        f[12] = 0x08;
        f[14] = 0x45;
        f[16] = (byte) (ip >>> 8);
        f[17] = (byte) ip;
        f[22] = 64;
        f[23] = 50;
        for (int i = 0; i < 4; i++) {
            f[34 + i] = (byte) (spi >>> (24 - 8 * i));
            f[38 + i] = (byte) (seq >>> (24 - 8 * i));
        }
        f[14 + ip - 16 - 4] = 1;
        f[14 + ip - 16 - 3] = 2;
        f[14 + ip - 16 - 2] = 2;
        f[14 + ip - 16 - 1] = 17;
        return f;
    }

    private static IpsecV2Sender.Nbl nbl(SaEntry sa, int seq) {
        return new IpsecV2Sender.Nbl(List.of(frame((int) sa.secAssoc(0).spiUnsigned(), seq)), sa.offloadHandle(), 0,
                new SendHeaderInfo(17, 2, 0, 5), false);
    }

    @Test
    void send_poolSaturated_refusesWholeRequestAndConsumesNoSequenceNumber() throws Exception {
        SaEntry sa = gcmSa(0x100);
        TransmitPath path = new TransmitPath(Clock.systemUTC(), 16);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        var blocker = pool.submit("t", () -> {
            running.countDown();
            release.await();
            return 0;
        });
        running.await();
        var queued = pool.submit("t", () -> 0);
        List<List<byte[]>> wire = new ArrayList<>();
        assertThatThrownBy(() -> path.send(List.of(nbl(sa, 1)), FULL, sas(), pool, "t", wire::add))
                .isInstanceOf(PoolSaturatedException.class);
        release.countDown();
        blocker.join();
        queued.join();
        assertThat(wire).isEmpty();
        assertThat(path.capture().size()).isZero();
        assertThat(sa.sequence(0).view().highestSequenceNumber()).as("no number consumed").isZero();
        var done = path.send(List.of(nbl(sa, 1)), FULL, sas(), pool, "t", wire::add);
        assertThat(done.get(0).status().ndisName()).isEqualTo("NDIS_STATUS_SUCCESS");
        assertThat(wire).hasSize(1);
    }

    @Test
    void send_manyNbls_leaveInNblOrderWithCounters() {
        CryptoPool wide = new CryptoPool(CryptoPool.Config.defaults().withThreads(4));
        try {
            SaEntry sa = gcmSa(0x200);
            TransmitPath path = new TransmitPath(Clock.systemUTC(), 256);
            List<IpsecV2Sender.Nbl> nbls = new ArrayList<>();
            for (int seq = 1; seq <= 100; seq++) {
                nbls.add(nbl(sa, seq));
            }
            nbls.add(nbl(sa, 50)); // repeated: fails, the rest still go
            List<byte[]> wire = new ArrayList<>();
            var completions = path.send(nbls, FULL, sas(), wide, "t", wire::addAll);
            assertThat(completions).hasSize(101);
            assertThat(completions.get(100).reason().code()).isEqualTo("SEQUENCE_NUMBER_REPEATED");
            assertThat(wire).hasSize(100);
            for (int i = 0; i < 100; i++) {
                assertThat(wire.get(i)[41] & 0xFF).as("frame " + i + " in NBL order").isEqualTo(i + 1);
            }
            var stats = path.statistics().snapshot();
            assertThat(stats.ipsecTxPkts()).isEqualTo(100);
            assertThat(stats.nblFailuresByReason()).containsEntry("SEQUENCE_NUMBER_REPEATED", 1L);
        } finally {
            wide.close();
        }
    }

    @Test
    void send_saDeletedWhileInFlight_failsSaDeletedAndTransmitsNothing() {
        CryptoPool wide = new CryptoPool(CryptoPool.Config.defaults().withThreads(2));
        try {
            SaEntry sa = gcmSa(0x300);
            OutboundSa view = sas().apply(sa.offloadHandle());
            view.transforms().destroy(); // DELETE_SA wiped the keys after the NBL was checked
            TransmitPath path = new TransmitPath(Clock.systemUTC(), 16);
            List<byte[]> wire = new ArrayList<>();
            var c = path.send(List.of(nbl(sa, 1)), FULL, h -> view, wide, "t", wire::addAll);
            assertThat(c.get(0).reason().code()).isEqualTo("SA_DELETED");
            assertThat(wire).isEmpty();
        } finally {
            wide.close();
        }
    }

    @Test
    void batchSize_aboutTwoTasksPerWorker_atMostMaxBatch() {
        assertThat(TransmitPath.batchSize(1, 2)).isEqualTo(1);
        assertThat(TransmitPath.batchSize(4, 2)).isEqualTo(1);
        assertThat(TransmitPath.batchSize(16, 2)).isEqualTo(4);
        assertThat(TransmitPath.batchSize(64, 2)).isEqualTo(16);
        assertThat(TransmitPath.batchSize(1024, 2)).isEqualTo(TransmitPath.MAX_BATCH);
        assertThat(TransmitPath.batchSize(64, 64)).isEqualTo(1);
        assertThat(TransmitPath.batchSize(0, 2)).isEqualTo(1);
    }

    @Test
    void send_manyOneFrameNbls_runAsAFewPoolTasks() {
        CryptoPool two = new CryptoPool(CryptoPool.Config.defaults().withThreads(2));
        try {
            SaEntry sa = gcmSa(0x400);
            TransmitPath path = new TransmitPath(Clock.systemUTC(), 256);
            List<IpsecV2Sender.Nbl> nbls = new ArrayList<>();
            for (int seq = 1; seq <= 64; seq++) {
                nbls.add(nbl(sa, seq));
            }
            List<byte[]> wire = new ArrayList<>();
            var completions = path.send(nbls, FULL, sas(), two, "t", wire::addAll);
            assertThat(completions).allSatisfy(c -> assertThat(c.status().ndisName()).isEqualTo("NDIS_STATUS_SUCCESS"));
            assertThat(wire).hasSize(64);
            assertThat(two.completedCount()).as("64 frames in batches of 16").isEqualTo(4);
        } finally {
            two.close();
        }
    }

    @Test
    void send_batchWithADeletedSa_failsOnlyThatSasNbls_othersLeaveInOrder() {
        CryptoPool two = new CryptoPool(CryptoPool.Config.defaults().withThreads(2));
        try {
            SaEntry live = gcmSa(0x500);
            SaEntry gone = gcmSa(0x600);
            OutboundSa liveView = sas().apply(live.offloadHandle());
            OutboundSa goneView = sas().apply(gone.offloadHandle());
            goneView.transforms().destroy(); // DELETE_SA wiped its keys after the NBLs were checked
            TransmitPath path = new TransmitPath(Clock.systemUTC(), 64);
            List<IpsecV2Sender.Nbl> nbls = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                nbls.add(i % 3 == 0 ? nbl(gone, i / 3) : nbl(live, i - i / 3));
            }
            List<byte[]> wire = new ArrayList<>();
            var c = path.send(nbls, FULL, h -> h == gone.offloadHandle() ? goneView : liveView, two, "t",
                    wire::addAll);
            for (int i = 0; i < 12; i++) {
                assertThat(c.get(i).status().ndisName()).as("NBL " + i)
                        .isEqualTo((i + 1) % 3 == 0 ? "NDIS_STATUS_FAILURE" : "NDIS_STATUS_SUCCESS");
                if ((i + 1) % 3 == 0) {
                    assertThat(c.get(i).reason().code()).isEqualTo("SA_DELETED");
                }
            }
            assertThat(wire).hasSize(8);
            for (int i = 0; i < 8; i++) {
                assertThat(wire.get(i)[41] & 0xFF).as("live frame " + i + " in NBL order").isEqualTo(i + 1);
            }
        } finally {
            two.close();
        }
    }
}
