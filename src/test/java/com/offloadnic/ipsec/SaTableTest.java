package com.offloadnic.ipsec;

import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static com.offloadnic.crypto.EncryptionAlgorithm.*;
import static com.offloadnic.crypto.IntegrityAlgorithm.*;
import static com.offloadnic.ipsec.SaFixtures.*;
import static com.offloadnic.ipsec.SaRefusalReason.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SaTableTest {

    private final SaTable table = new SaTable(1000);

    private long addOne(SaParameters p) {
        SaOidResult r = table.addSa(List.of(addSa(p)), full());
        assertThat(r.status()).as("%s", r).isEqualTo(NdisStatus.SUCCESS);
        return r.outcomes().getFirst().offloadHandle();
    }

    private SaRefusal refusalOf(SaParameters p, IpsecV2Limits limits) {
        SaOidResult r = table.addSa(List.of(addSa(p)), limits);
        assertThat(r.status()).isEqualTo(NdisStatus.FAILURE);
        assertThat(r.outcomes().getFirst().offloadHandle()).isZero();
        return r.outcomes().getFirst().refusal();
    }

    // ---- ADD_SA list semantics

    @Test
    void addSa_mixedList_offloadsEachValidBundle_andSucceeds() {
        SaOidResult r = table.addSa(List.of(addSa(inbound(espGcm(1))), addSa(inbound(espGcm(0))),
                addSa(outbound(espCbcSha(2)))), full());

        assertThat(r.status()).isEqualTo(NdisStatus.SUCCESS);
        assertThat(r.outcomes()).hasSize(3);
        assertThat(r.outcomes().get(0).offloadHandle()).isEqualTo(1000);
        assertThat(r.outcomes().get(1).offloadHandle()).isZero();
        assertThat(r.outcomes().get(1).refusal().reason()).isEqualTo(SA_SPI_ZERO);
        assertThat(r.outcomes().get(2).offloadHandle()).isEqualTo(1001);
        assertThat(r.outcomes().get(2).succeeded()).isTrue();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void addSa_everyBundleRefused_failsWithNdisStatusFailure_andAddsNothing() {
        SaOidResult r = table.addSa(List.of(addSa(inbound(espGcm(0))), addSa(inbound(esp(5, NONE, null)))), full());

        assertThat(r.status()).isEqualTo(NdisStatus.FAILURE);
        assertThat(r.outcomes()).extracting(SaOutcome::offloadHandle).containsExactly(0L, 0L);
        assertThat(r.outcomes()).extracting(o -> o.refusal().reason())
                .containsExactly(SA_SPI_ZERO, SA_ESP_NULL_WITHOUT_INTEGRITY);
        assertThat(table.size()).isZero();
    }

    @Test
    void addSa_emptyList_fails() {
        assertThat(table.addSa(List.of(), full()).status()).isEqualTo(NdisStatus.FAILURE);
    }

    @Test
    void addSa_destroysRequestKeyData_whetherOffloadedOrRefused() {
        AddSa ok = addSa(inbound(espGcm(1)));
        AddSa refused = addSa(inbound(espGcm(0)));
        table.addSa(List.of(ok, refused), full());
        assertThat(ok.keyData().isDestroyed()).isTrue();
        assertThat(refused.keyData().isDestroyed()).isTrue();
    }

    @Test
    void addSaEx_oneBundle_successOrFailureWithHandleZero() {
        SaOidResult ok = table.addSaEx(AddSaEx.of(inbound(espGcm(1)), SecretBytes.copyOf(keyPattern(20))), full());
        AddSaEx badRequest = AddSaEx.of(inbound(espGcm(2)), SecretBytes.copyOf(keyPattern(19)));
        SaOidResult bad = table.addSaEx(badRequest, full());

        assertThat(ok.status()).isEqualTo(NdisStatus.SUCCESS);
        assertThat(ok.outcomes()).singleElement().satisfies(o -> assertThat(o.offloadHandle()).isEqualTo(1000));
        assertThat(bad.status()).isEqualTo(NdisStatus.FAILURE);
        assertThat(bad.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.offloadHandle()).isZero();
            assertThat(o.refusal().reason()).isEqualTo(SA_KEY_OUT_OF_RANGE);
        });
        assertThat(badRequest.buffer().isDestroyed()).isTrue();
    }

    // ---- capacity and SPI collisions

    @Test
    void bundleRefusedByTheTable_hasItsKeysDestroyed() throws Exception {
        addOne(inbound(espGcm(5)));
        SaBundle colliding = SaValidator.validate(addSa(inbound(espCbcSha(5))), full());
        SaBundle overCapacity = SaValidator.validate(addSa(outbound(espCbcSha(6))), full());

        assertThat(table.add(colliding, full()).refusal().reason()).isEqualTo(SA_SPI_COLLISION);
        assertThat(table.add(overCapacity, full().toBuilder().saOffloadCapacity(1).build()).refusal().reason())
                .isEqualTo(SA_CAPACITY_EXHAUSTED);
        assertThat(colliding.keys()).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
        assertThat(overCapacity.keys()).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
    }


    @Test
    void capacity_countsBundles_andFreesOnDelete() {
        IpsecV2Limits two = full().toBuilder().saOffloadCapacity(2).build();
        SaOidResult r = table.addSa(List.of(addSa(inbound(espCbcSha(1), ah(2, SHA_1, 48))),
                addSa(outbound(espGcm(3))), addSa(outbound(espGcm(4)))), two);

        assertThat(r.status()).isEqualTo(NdisStatus.SUCCESS);
        assertThat(r.outcomes().get(2).refusal().reason()).isEqualTo(SA_CAPACITY_EXHAUSTED);
        assertThat(r.outcomes().get(2).refusal().message()).contains("saOffloadCapacity is 2");

        table.deleteSa(List.of(r.outcomes().get(1).offloadHandle()));
        assertThat(table.addSa(List.of(addSa(outbound(espGcm(4)))), two).status()).isEqualTo(NdisStatus.SUCCESS);
    }

    @Test
    void capacityZero_refusesEverything() {
        assertThat(refusalOf(outbound(espGcm(1)), full().toBuilder().saOffloadCapacity(0).build()).reason())
                .isEqualTo(SA_CAPACITY_EXHAUSTED);
    }

    @Test
    void inboundSpi_sameDestinationAndProtocol_collides() {
        long first = addOne(inbound(espGcm(0x1234)));
        SaRefusal refusal = refusalOf(inbound(espCbcSha(0x1234)), full());
        assertThat(refusal.reason()).isEqualTo(SA_SPI_COLLISION);
        assertThat(refusal.field()).isEqualTo("/secAssoc/0/spi");
        assertThat(refusal.message()).contains("0x1234").contains(Long.toString(first));
    }

    @Test
    void inboundSpi_wildcardDestination_collidesWithAnyDestinationOfItsVersion() {
        addOne(params(SaDirection.INBOUND, IpAddress.IPV4_UNSPECIFIED, espGcm(7)));
        assertThat(refusalOf(inbound(espGcm(7)), full()).reason()).isEqualTo(SA_SPI_COLLISION);

        SaTable other = new SaTable(1);
        other.addSa(List.of(addSa(inbound(espGcm(7)))), full());
        SaOidResult r = other.addSa(List.of(addSa(params(SaDirection.INBOUND, IpAddress.IPV4_UNSPECIFIED, espGcm(7)))), full());
        assertThat(r.outcomes().getFirst().refusal().reason()).isEqualTo(SA_SPI_COLLISION);
    }

    @Test
    void inboundSpi_otherProtocolOrDestinationOrVersionOrDirection_doesNotCollide() {
        addOne(inbound(espGcm(7)));
        addOne(inbound(ah(7, SHA_1, 0)));                                        // AH, same SPI
        addOne(params(SaDirection.INBOUND, IpAddress.parse("192.0.2.99"), espGcm(7))); // other destination
        addOne(params(SaDirection.INBOUND, IpAddress.IPV6_UNSPECIFIED, espGcm(7)));    // IPv6 wildcard
        addOne(outbound(espGcm(7)));                                              // outbound
        assertThat(table.size()).isEqualTo(5);
    }

    @Test
    void inboundSpi_collidesWithAnEarlierBundleOfTheSameList_andIsFreeAfterDelete() {
        SaOidResult r = table.addSa(List.of(addSa(inbound(espGcm(9))), addSa(inbound(espGcm(9)))), full());
        assertThat(r.outcomes().get(1).refusal().reason()).isEqualTo(SA_SPI_COLLISION);

        table.deleteSa(List.of(r.outcomes().get(0).offloadHandle()));
        addOne(inbound(espGcm(9)));
    }

    // ---- lookups

    @Test
    void findInbound_matchesSpiDestinationAndProtocol() {
        long h = addOne(inbound(espGcm(0xABCD)));
        byte[] ipv4Header = new byte[20];
        DST.writeTo(ipv4Header, 16);

        assertThat(table.findInbound(0xABCD, IpsecOperation.ESP, IpVersion.IPV4, ipv4Header, 16).offloadHandle()).isEqualTo(h);
        assertThat(table.findInbound(0xABCD, IpsecOperation.ESP, DST).offloadHandle()).isEqualTo(h);
        assertThat(table.findInbound(0xABCD, IpsecOperation.AH, DST)).isNull();
        assertThat(table.findInbound(0xABCE, IpsecOperation.ESP, DST)).isNull();
        assertThat(table.findInbound(0xABCD, IpsecOperation.ESP, IpAddress.parse("192.0.2.3"))).isNull();
        assertThat(table.findInbound(0xABCD, IpsecOperation.ESP, DST6)).isNull();
    }

    @Test
    void findInbound_wildcardDestinationMatchesEveryAddressOfItsVersion() {
        long h = addOne(params(SaDirection.INBOUND, IpAddress.IPV6_UNSPECIFIED, espGcm(0x8000_0001)));
        byte[] ipv6Header = new byte[40];
        DST6.writeTo(ipv6Header, 24);

        assertThat(table.findInbound(0x8000_0001, IpsecOperation.ESP, IpVersion.IPV6, ipv6Header, 24).offloadHandle())
                .isEqualTo(h);
        assertThat(table.findInbound(0x8000_0001, IpsecOperation.ESP, IpAddress.parse("fe80::1")).offloadHandle())
                .isEqualTo(h);
        assertThat(table.findInbound(0x8000_0001, IpsecOperation.ESP, DST)).isNull();
    }

    @Test
    void findInbound_bundleIsFoundByEitherSpi() {
        long h = addOne(inbound(espCbcSha(0x10), ah(0x20, SHA_1, 48)));
        SaEntry byEsp = table.findInbound(0x10, IpsecOperation.ESP, DST);
        SaEntry byAh = table.findInbound(0x20, IpsecOperation.AH, DST);
        assertThat(byEsp).isSameAs(byAh);
        assertThat(byEsp.offloadHandle()).isEqualTo(h);
        assertThat(byEsp.indexOf(IpsecOperation.ESP)).isZero();
        assertThat(byEsp.indexOf(IpsecOperation.AH)).isEqualTo(1);
        assertThat(table.findInbound(0x20, IpsecOperation.ESP, DST)).isNull();
    }

    @Test
    void outboundSas_areNotFoundByInboundLookup() {
        addOne(outbound(espGcm(0x77)));
        assertThat(table.findInbound(0x77, IpsecOperation.ESP, DST)).isNull();
    }

    @Test
    void get_byHandle_zeroAndUnknownAreNull() {
        long h = addOne(outbound(espGcm(1)));
        assertThat(table.get(h).offloadHandle()).isEqualTo(h);
        assertThat(table.get(0)).isNull();
        assertThat(table.get(h + 1)).isNull();
        assertThat(table.find(h)).isPresent();
    }

    // ---- handles

    @Test
    void handles_areNonZero_andNeverReused_afterDeleteOrClear() {
        Set<Long> seen = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            List<Long> handles = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                long h = addOne(inbound(espGcm(i)));
                assertThat(h).isNotZero();
                assertThat(seen.add(h)).as("handle %d reused", h).isTrue();
                handles.add(h);
            }
            if (round == 1) {
                table.clear();
            } else {
                assertThat(table.deleteSa(handles).status()).isEqualTo(NdisStatus.SUCCESS);
            }
            assertThat(table.size()).isZero();
        }
    }

    @Test
    void randomStart_givesPositiveHandles() {
        SaTable random = new SaTable();
        long h = random.addSa(List.of(addSa(outbound(espGcm(1)))), full()).outcomes().getFirst().offloadHandle();
        assertThat(h).isPositive().isLessThan(1L << 48);
    }

    // ---- DELETE_SA and key destruction

    @Test
    void deleteSa_unknownHandle_isReportedPerHandle_andOthersAreDeleted() {
        long a = addOne(inbound(espGcm(1)));
        long b = addOne(inbound(espGcm(2)));
        SaOidResult r = table.deleteSa(List.of(a, 424242L, b, a));

        assertThat(r.status()).isEqualTo(NdisStatus.INVALID_PARAMETER);
        assertThat(r.outcomes()).extracting(SaOutcome::offloadHandle).containsExactly(a, 424242L, b, a);
        assertThat(r.outcomes()).extracting(SaOutcome::succeeded).containsExactly(true, false, true, false);
        assertThat(r.outcomes().get(1).refusal().reason()).isEqualTo(SA_UNKNOWN_HANDLE);
        assertThat(r.outcomes().get(1).refusal().message()).contains("424242");
        assertThat(table.size()).isZero();
        assertThat(table.findInbound(1, IpsecOperation.ESP, DST)).isNull();
    }

    @Test
    void deleteSa_zeroesKeys_andClosesAttachments() throws Exception {
        long h = addOne(inbound(espCbcSha(1), ah(2, IntegrityAlgorithm.MD5, 48)));
        SaEntry entry = table.get(h);
        List<SecretBytes> keys = keysOf(entry);
        AtomicInteger closed = new AtomicInteger();
        AutoCloseable transform = closed::incrementAndGet;
        Object first = entry.<AutoCloseable>attachment("esp", e -> transform);
        Object second = entry.<AutoCloseable>attachment("esp", e -> () -> { });
        assertThat(first).isSameAs(transform);
        assertThat(second).as("built once per key").isSameAs(transform);

        table.deleteSa(List.of(h));

        assertThat(keys).hasSize(3).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
        assertThatThrownBy(() -> keys.getFirst().copy()).isInstanceOf(IllegalStateException.class);
        assertThat(closed).hasValue(1);
        assertThat(entry.isLive()).isFalse();
    }

    @Test
    void attachment_onDeletedSa_isClosedAndRefused() {
        long h = addOne(outbound(espGcm(1)));
        SaEntry entry = table.get(h);
        table.deleteSa(List.of(h));
        AtomicInteger built = new AtomicInteger();
        assertThatThrownBy(() -> entry.<AutoCloseable>attachment("esp", e -> {
            built.incrementAndGet();
            return () -> { };
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("deleted");
        assertThat(built).hasValue(0);
    }

    @Test
    void clear_zeroesEveryKey_andClosesEveryAttachment() {
        List<SecretBytes> keys = new ArrayList<>();
        AtomicInteger closed = new AtomicInteger();
        for (int i = 1; i <= 5; i++) {
            SaEntry e = table.get(addOne(inbound(espCbcSha(i))));
            keys.addAll(keysOf(e));
            e.<AutoCloseable>attachment("t", x -> closed::incrementAndGet);
        }
        table.clear();
        assertThat(keys).hasSize(10).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
        assertThat(closed).hasValue(5);
        assertThat(table.size()).isZero();
        assertThat(table.list()).isEmpty();
    }

    private static List<SecretBytes> keysOf(SaEntry e) {
        List<SecretBytes> keys = new ArrayList<>();
        for (int i = 0; i < e.secAssocCount(); i++) {
            SecAssocKeys k = e.keys(i);
            if (k.encryptionKey() != null) {
                keys.add(k.encryptionKey());
            }
            if (k.authenticationKey() != null) {
                keys.add(k.authenticationKey());
            }
        }
        return keys;
    }

    // ---- UPDATE_SA

    @Test
    void updateSa_setsHighOrderBits_forTheNextPacket() {
        long h = addOne(inbound(withEsn(espGcm(0x55), 1)));
        SaOidResult r = table.updateSa(List.of(new UpdateSa(h, IpsecOperation.ESP, 0x55, 9)));

        assertThat(r.status()).isEqualTo(NdisStatus.SUCCESS);
        assertThat(r.outcomes()).singleElement().satisfies(o -> assertThat(o.succeeded()).isTrue());
        assertThat(table.get(h).sequence(0).inferInbound(3)).isEqualTo((9L << 32) | 3);
    }

    @Test
    void updateSa_unknownHandle_orSaWithoutEsn_orOtherEntry_isInvalidParameter_andChangesNothing() {
        long esn = addOne(inbound(withEsn(espGcm(0x55), 1)));
        long plain = addOne(inbound(espGcm(0x56)));
        SaOidResult r = table.updateSa(List.of(
                new UpdateSa(esn, IpsecOperation.ESP, 0x55, 9),
                new UpdateSa(777, IpsecOperation.ESP, 0x55, 9),
                new UpdateSa(plain, IpsecOperation.ESP, 0x56, 9),
                new UpdateSa(esn, IpsecOperation.AH, 0x55, 9),
                new UpdateSa(esn, IpsecOperation.ESP, 0x99, 9)));

        assertThat(r.status()).isEqualTo(NdisStatus.INVALID_PARAMETER);
        assertThat(r.outcomes()).extracting(o -> o.refusal() == null ? null : o.refusal().reason())
                .containsExactly(null, SA_UNKNOWN_HANDLE, SA_ESN_NOT_ENABLED, SA_SEC_ASSOC_NOT_FOUND,
                        SA_SEC_ASSOC_NOT_FOUND);
        assertThat(table.get(esn).sequence(0).inferInbound(3)).as("first element not applied").isEqualTo((1L << 32) | 3);
    }

    // ---- listing

    @Test
    void list_showsEverythingButKeys() throws Exception {
        addOne(inbound(espCbcSha(1), ah(2, SHA_1, 48)));
        addOne(outbound(esp(3, AES_GCM_256, null)));
        addOne(params(SaDirection.INBOUND, DST6, esp(4, NONE, AES_GMAC_128)));

        List<SaView> views = table.list();

        assertThat(views).hasSize(3);
        assertThat(views).extracting(SaView::offloadHandle).containsExactly(1000L, 1001L, 1002L);
        assertThat(views.getFirst().parameters().secAssoc()).hasSize(2);
        assertNoKeyMaterial(views, new HashSet<>());
        byte[] key = keyPattern(32);
        String text = views.toString() + table.get(1000).toString();
        assertThat(text)
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(key, 0, 4))
                .doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOf(key, 6)))
                .doesNotContain(Arrays.toString(Arrays.copyOf(key, 3)).replace("]", ""))
                .doesNotContain("-64, -63, -62");
    }

    /** Walks records, collections, maps and arrays reachable from {@code o}: no key container may be among them. */
    private static void assertNoKeyMaterial(Object o, Set<Object> seen) throws Exception {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>) {
            return;
        }
        if (!seen.add(System.identityHashCode(o) + ":" + o.getClass())) {
            return;
        }
        assertThat(o).isNotInstanceOf(SecretBytes.class).isNotInstanceOf(byte[].class)
                .isNotInstanceOf(SecAssocKeys.class).isNotInstanceOf(SaBundle.class);
        if (o instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                c.getAccessor().setAccessible(true);
                assertNoKeyMaterial(c.getAccessor().invoke(r), seen);
            }
        } else if (o instanceof Iterable<?> it) {
            for (Object x : it) {
                assertNoKeyMaterial(x, seen);
            }
        } else if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                assertNoKeyMaterial(e.getKey(), seen);
                assertNoKeyMaterial(e.getValue(), seen);
            }
        } else {
            throw new AssertionError("unexpected type reachable from a listing: " + o.getClass());
        }
    }

    // ---- counters and saDeleteReq

    @Test
    void saDeleteReq_lifetimeInPackets_isStickyUntilDelete() {
        SaParameters p = new SaParameters(SaDirection.INBOUND, IpVersion.IPV4, null, DST, null,
                List.of(espGcm(1)), new SaEmulation(null, null, 3, 0));
        long h = addOne(p);
        SaEntry e = table.get(h);
        assertThat(e.recordTraffic(100)).isFalse();
        assertThat(e.recordTraffic(100)).isFalse();
        assertThat(e.recordTraffic(100)).isTrue();
        assertThat(e.recordTraffic(100)).isTrue();
        assertThat(e.packets()).isEqualTo(4);
        assertThat(e.bytes()).isEqualTo(400);
        assertThat(table.list().getFirst().saDeleteReq()).isTrue();
        assertThat(table.get(h)).as("the NIC keeps the SA until DELETE_SA").isSameAs(e);
    }

    @Test
    void saDeleteReq_lifetimeInBytes() {
        SaParameters p = new SaParameters(SaDirection.OUTBOUND, IpVersion.IPV4, null, DST, null,
                List.of(espGcm(1)), new SaEmulation(null, null, 0, 1000));
        SaEntry e = table.get(addOne(p));
        assertThat(e.recordTraffic(999)).isFalse();
        assertThat(e.recordTraffic(1)).isTrue();
    }

    @Test
    void saDeleteReq_nonEsnSequenceNearWrap() {
        SaEntry e = table.get(addOne(inbound(espGcm(1))));
        long justBelow = (1L << 32) - SequenceState.NON_ESN_DELETE_REQUEST_MARGIN - 1;
        e.sequence(0).acceptAuthenticated(justBelow);
        assertThat(e.saDeleteReq()).isFalse();
        e.sequence(0).acceptAuthenticated(justBelow + 1);
        assertThat(e.saDeleteReq()).isTrue();
        assertThat(e.recordTraffic(60)).isTrue();
    }

    @Test
    void saDeleteReq_neverWithoutLifetimeOrWrap() {
        SaEntry e = table.get(addOne(inbound(withEsn(espGcm(1), 0))));
        for (int i = 1; i <= 1000; i++) {
            e.sequence(0).acceptAuthenticated(0xFFFF_FF00L + i);
            assertThat(e.recordTraffic(1500)).isFalse();
        }
    }
}
