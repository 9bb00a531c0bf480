package com.offloadnic.ipsec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LongIndexTest {

    @Test
    void randomInsertsAndRemoves_agreeWithHashMap_andNeverChangeOlderVersions() {
        SplittableRandom random = new SplittableRandom(7);
        Map<Long, String> model = new HashMap<>();
        LongIndex<String> index = LongIndex.empty();
        for (int i = 0; i < 5_000; i++) {
            long key = random.nextInt(3) == 0 ? random.nextLong() : random.nextLong(64);
            LongIndex<String> before = index;
            Map<Long, String> modelBefore = new HashMap<>(model);
            if (random.nextBoolean()) {
                index = index.with(key, "v" + i);
                model.put(key, "v" + i);
            } else {
                index = index.without(key);
                model.remove(key);
            }
            assertThat(index.size()).isEqualTo(model.size());
            assertThat(index.get(key)).isEqualTo(model.get(key));
            assertThat(before.size()).isEqualTo(modelBefore.size());
            assertThat(before.get(key)).isEqualTo(modelBefore.get(key));
        }
        for (Map.Entry<Long, String> e : model.entrySet()) {
            assertThat(index.get(e.getKey())).isEqualTo(e.getValue());
        }
        List<String> all = new ArrayList<>();
        index.forEach(all::add);
        assertThat(all).containsExactlyInAnyOrderElementsOf(model.values());
    }

    @Test
    void keyZero_andNegativeKeys_work() {
        LongIndex<String> index = LongIndex.<String>empty().with(0, "zero").with(-1, "minus");
        assertThat(index.get(0)).isEqualTo("zero");
        assertThat(index.get(-1)).isEqualTo("minus");
        assertThat(index.without(0).get(0)).isNull();
        assertThat(LongIndex.<String>empty().get(0)).isNull();
    }
}
