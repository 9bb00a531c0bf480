package com.offloadnic.nic;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndicationRingTest {

    @Test
    void constructor_capacityNotPowerOfTwo_isRefused() {
        assertThatThrownBy(() -> new IndicationRing<String>(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndicationRing<String>(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new IndicationRing<String>(1).capacity()).isEqualTo(1);
    }

    @Test
    void offer_numbersFromOne() {
        IndicationRing<String> ring = new IndicationRing<>(4);
        assertThat(ring.offer("a")).isEqualTo(1);
        assertThat(ring.offer("b")).isEqualTo(2);
        assertThat(ring.lastSequence()).isEqualTo(2);
    }

    @Test
    void poll_returnsEntriesAfterCursorOldestFirst() throws InterruptedException {
        IndicationRing<String> ring = new IndicationRing<>(4);
        ring.offer("a");
        ring.offer("b");
        ring.offer("c");
        var batch = ring.poll(1, 10, 0);
        assertThat(batch.entries()).extracting(IndicationRing.Entry::value).containsExactly("b", "c");
        assertThat(batch.entries()).extracting(IndicationRing.Entry::sequence).containsExactly(2L, 3L);
        assertThat(batch.nextCursor()).isEqualTo(3);
    }

    @Test
    void poll_withSameCursorAgain_returnsSameEntries_soALostResponseLosesNothing() throws InterruptedException {
        IndicationRing<String> ring = new IndicationRing<>(4);
        ring.offer("a");
        ring.offer("b");
        var first = ring.poll(0, 10, 0);
        var again = ring.poll(0, 10, 0);
        assertThat(again.entries()).isEqualTo(first.entries());
        assertThat(ring.size()).isEqualTo(2);
    }

    @Test
    void poll_releasesEntriesUpToCursor() throws InterruptedException {
        IndicationRing<String> ring = new IndicationRing<>(4);
        ring.offer("a");
        ring.offer("b");
        ring.poll(2, 10, 0);
        assertThat(ring.size()).isZero();
        var older = ring.poll(0, 10, 0);
        assertThat(older.entries()).isEmpty();
        assertThat(older.nextCursor()).isEqualTo(2);
    }

    @Test
    void offer_whenFull_dropsNewValuesAndCountsThem() throws InterruptedException {
        IndicationRing<String> ring = new IndicationRing<>(2);
        ring.offer("a");
        ring.offer("b");
        assertThat(ring.offer("c")).isEqualTo(-1);
        assertThat(ring.dropped()).isEqualTo(1);
        var batch = ring.poll(0, 10, 0);
        assertThat(batch.entries()).extracting(IndicationRing.Entry::value).containsExactly("a", "b");
        assertThat(batch.dropped()).isEqualTo(1);
        ring.poll(2, 10, 0);
        assertThat(ring.offer("d")).isEqualTo(3);
        assertThat(ring.poll(2, 10, 0).entries()).extracting(IndicationRing.Entry::value).containsExactly("d");
    }

    @Test
    void poll_wrapsAroundTheArray() throws InterruptedException {
        IndicationRing<Integer> ring = new IndicationRing<>(4);
        long cursor = 0;
        for (int i = 1; i <= 20; i++) {
            ring.offer(i);
            ring.offer(i * 100);
            var batch = ring.poll(cursor, 10, 0);
            assertThat(batch.entries()).extracting(IndicationRing.Entry::value).containsExactly(i, i * 100);
            cursor = batch.nextCursor();
        }
        assertThat(cursor).isEqualTo(40);
    }

    @Test
    void poll_maxEntries_limitsTheBatch() throws InterruptedException {
        IndicationRing<String> ring = new IndicationRing<>(8);
        for (String s : new String[]{"a", "b", "c"}) {
            ring.offer(s);
        }
        var batch = ring.poll(0, 2, 0);
        assertThat(batch.entries()).hasSize(2);
        assertThat(batch.nextCursor()).isEqualTo(2);
        assertThat(ring.poll(batch.nextCursor(), 2, 0).entries()).extracting(IndicationRing.Entry::value)
                .containsExactly("c");
    }

    @Test
    void poll_cursorAheadOfLastSequence_isRefused() {
        IndicationRing<String> ring = new IndicationRing<>(4);
        ring.offer("a");
        assertThatThrownBy(() -> ring.poll(2, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cursor 2");
        assertThatThrownBy(() -> ring.poll(-1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void poll_waitsUntilAnOfferArrives() throws Exception {
        IndicationRing<String> ring = new IndicationRing<>(4);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<IndicationRing.Batch<String>> poll = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                return ring.poll(0, 10, TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        started.await();
        ring.offer("late");
        assertThat(poll.get(1, TimeUnit.MINUTES).entries()).extracting(IndicationRing.Entry::value)
                .containsExactly("late");
    }

    @Test
    void close_wakesWaitingPollersAndDropsLaterOffers() throws Exception {
        IndicationRing<String> ring = new IndicationRing<>(4);
        CompletableFuture<IndicationRing.Batch<String>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return ring.poll(0, 10, TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        ring.close();
        var batch = poll.get(1, TimeUnit.MINUTES);
        assertThat(batch.closed()).isTrue();
        assertThat(batch.entries()).isEmpty();
        assertThat(ring.offer("x")).isEqualTo(-1);
    }
}
