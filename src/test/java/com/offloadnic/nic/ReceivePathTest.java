package com.offloadnic.nic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.PoolSaturatedException;
import com.offloadnic.ipsec.CryptoStatus;
import com.offloadnic.ipsec.NotOffloadedReason;
import com.offloadnic.ipsec.ReceiveIndication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceivePathTest {

    private static final long WAIT = TimeUnit.SECONDS.toNanos(30);

    private final CryptoPool pool = new CryptoPool(CryptoPool.Config.defaults().withThreads(4));

    @AfterEach
    void closePool() {
        pool.close();
    }

    private static byte[] frame(int n) {
        return new byte[] {(byte) (n >>> 8), (byte) n};
    }

    private static ReceiveIndication unchanged(byte[] frame) {
        return ReceiveIndication.notOffloaded(frame.clone(), NotOffloadedReason.NOT_ETHERNET);
    }

    private static List<byte[]> frames(int from, int count) {
        List<byte[]> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(frame(i));
        }
        return list;
    }

    /** Polls until {@code count} indications after {@code cursor} were seen, without releasing them early. */
    private static List<IndicationRing.Entry<ReceiveIndication>> collect(ReceivePath path, long cursor, int count)
            throws InterruptedException {
        List<IndicationRing.Entry<ReceiveIndication>> seen = new ArrayList<>();
        long c = cursor;
        while (seen.size() < count) {
            ReceivePath.Poll poll = path.poll(c, count - seen.size(), WAIT);
            assertThat(poll.indications()).as("poll timed out after %d of %d", seen.size(), count).isNotEmpty();
            seen.addAll(poll.indications());
            c = poll.nextCursor();
        }
        return seen;
    }

    /** Polls with cursor 0 (releasing nothing) until {@code count} indications are there. */
    private static List<IndicationRing.Entry<ReceiveIndication>> visible(ReceivePath path, int count)
            throws InterruptedException {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            ReceivePath.Poll poll = path.poll(0, count, WAIT);
            if (poll.indications().size() == count) {
                return poll.indications();
            }
            Thread.sleep(1);
        }
        throw new AssertionError("indications never became visible");
    }

    @Test
    void receive_slowFirstFrame_indicationsStillLeaveInArrivalOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Function<byte[], ReceiveIndication> slowFirst = f -> {
            if (f[1] == 0) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return unchanged(f);
        };
        ReceivePath path = new ReceivePath(64, "t1", () -> slowFirst);
        assertThat(path.receive(frames(0, 20), pool).accepted()).isEqualTo(20);
        // nothing may be published while the first frame is still being processed
        assertThat(path.poll(0, 64, 0).indications()).isEmpty();
        release.countDown();
        var seen = collect(path, 0, 20);
        for (int i = 0; i < 20; i++) {
            assertThat(seen.get(i).sequence()).isEqualTo(i + 1);
            assertThat(seen.get(i).value().frame()).isEqualTo(frame(i));
        }
    }

    @Test
    void poll_lostResponse_samecursorReturnsTheSameIndicationsAgain() throws Exception {
        ReceivePath path = new ReceivePath(16, "t1", () -> ReceivePathTest::unchanged);
        path.receive(frames(0, 3), pool);
        var first = visible(path, 3);
        // the rig lost that response and polls with its old cursor: nothing is lost
        var again = visible(path, 3);
        assertThat(again).extracting(IndicationRing.Entry::sequence)
                .containsExactlyElementsOf(first.stream().map(IndicationRing.Entry::sequence).toList());
        // moving the cursor past them releases them
        ReceivePath.Poll after = path.poll(3, 16, 0);
        assertThat(after.indications()).isEmpty();
        assertThat(after.nextCursor()).isEqualTo(3);
    }

    @Test
    void receive_ringFull_dropsNewFramesAndEveryPollReportsTheCount() throws Exception {
        ReceivePath path = new ReceivePath(4, "t1", () -> ReceivePathTest::unchanged);
        ReceivePath.Admission admission = path.receive(frames(0, 6), pool);
        assertThat(admission.accepted()).isEqualTo(4);
        assertThat(admission.droppedRingFull()).isEqualTo(2);
        var seen = visible(path, 4);
        assertThat(seen).extracting(e -> e.value().frame()[1]).containsExactly((byte) 0, (byte) 1, (byte) 2,
                (byte) 3);
        assertThat(path.poll(0, 4, 0).dropped()).isEqualTo(2);
        // still full until a poll moves the cursor: one more frame is dropped
        assertThat(path.receive(frames(6, 1), pool).droppedRingFull()).isEqualTo(1);
        ReceivePath.Poll released = path.poll(4, 4, 0);
        assertThat(released.dropped()).isEqualTo(3);
        assertThat(path.receive(frames(7, 4), pool).accepted()).isEqualTo(4);
        var more = collect(path, 4, 4);
        assertThat(more.get(0).sequence()).isEqualTo(5);
        assertThat(more.get(0).value().frame()).isEqualTo(frame(7));
        ReceiveStatistics.Snapshot stats = path.statistics().snapshot();
        assertThat(stats.rxFrames()).isEqualTo(11);
        assertThat(stats.rxRingDrops()).isEqualTo(3);
        assertThat(stats.rxIndications()).isEqualTo(8);
        assertThat(stats.rxFrames()).isEqualTo(stats.rxIndications() + stats.rxRingDrops() + path.inFlight());
    }

    @Test
    void receive_processingThrows_frameIsIndicatedUnchangedWithGenericError() throws Exception {
        ReceivePath path = new ReceivePath(4, "t1", () -> f -> {
            throw new IllegalStateException("key material has been destroyed");
        });
        path.receive(frames(5, 1), pool);
        var seen = collect(path, 0, 1);
        ReceiveIndication indication = seen.get(0).value();
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_GENERIC_ERROR);
        assertThat(indication.cryptoDone()).isTrue();
        assertThat(indication.frame()).isEqualTo(frame(5));
        assertThat(path.statistics().count(CryptoStatus.CRYPTO_GENERIC_ERROR)).isEqualTo(1);
    }

    @Test
    void receive_poolSaturated_refusesTheRestWithoutCountingThem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (CryptoPool tiny = new CryptoPool(CryptoPool.Config.defaults().withThreads(1).withQueueCapacities(2, 2))) {
            ReceivePath path = new ReceivePath(64, "t1", () -> f -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return unchanged(f);
            });
            ReceivePath.Admission admission = path.receive(frames(0, 10), tiny);
            assertThat(admission.refusal()).isInstanceOf(PoolSaturatedException.class);
            assertThat(admission.accepted()).isBetween(2, 3);
            assertThat(admission.refused(10)).isEqualTo(10 - admission.accepted());
            release.countDown();
            collect(path, 0, admission.accepted());
            assertThat(path.statistics().snapshot().rxFrames()).isEqualTo(admission.accepted());
        }
    }

    @Test
    void receiveFromWire_poolSaturated_dropsAndCountsTheRest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (CryptoPool tiny = new CryptoPool(CryptoPool.Config.defaults().withThreads(1).withQueueCapacities(2, 2))) {
            ReceivePath path = new ReceivePath(64, "t1", () -> f -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return unchanged(f);
            });
            ReceivePath.Admission admission = path.receiveFromWire(frames(0, 10), tiny);
            assertThat(admission.refusal()).isNull();
            assertThat(admission.accepted() + admission.droppedRingFull()).isEqualTo(10);
            release.countDown();
            ReceivePath.Poll poll = path.poll(0, 64, WAIT);
            assertThat(poll.dropped()).isEqualTo(admission.droppedRingFull());
            collect(path, 0, admission.accepted());
            ReceiveStatistics.Snapshot stats = path.statistics().snapshot();
            assertThat(stats.rxFrames()).isEqualTo(10);
            assertThat(stats.rxCryptoBusyDrops()).isEqualTo(admission.droppedRingFull());
        }
    }

    @Test
    void poll_cursorAhead_isRefused() {
        ReceivePath path = new ReceivePath(4, "t1", () -> ReceivePathTest::unchanged);
        assertThatThrownBy(() -> path.poll(7, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
