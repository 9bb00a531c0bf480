package com.offloadnic.nic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.AddSa;
import com.offloadnic.ipsec.CryptoStatus;
import com.offloadnic.ipsec.EncryptionAlgorithmInfo;
import com.offloadnic.ipsec.InboundSaFixture;
import com.offloadnic.ipsec.IpAddress;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.IpsecOperation;
import com.offloadnic.ipsec.IpsecV2Limits;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.NdisStatus;
import com.offloadnic.ipsec.ReceiveIndication;
import com.offloadnic.ipsec.SaDirection;
import com.offloadnic.ipsec.SaEmulation;
import com.offloadnic.ipsec.SaOidResult;
import com.offloadnic.ipsec.SaParameters;
import com.offloadnic.ipsec.SaRefusalReason;
import com.offloadnic.ipsec.SecAssoc;
import com.offloadnic.ipsec.SendHeaderInfo;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each fault knob, shown by what the transport sees: NIC A sends real ESP (AES-GCM) to linked NIC B, whose
 * inbound SA has the same key; faults on A's wire, A's link or B's receive side change B's indications, and
 * every injected fault is counted.
 */
class NicFaultsTest {

    private static final int SPI = 0x6006;
    private static final byte[] SRC = {10, 0, 0, 1};
    private static final byte[] DST = {10, 0, 0, 2};
    private static final byte[] KEY = new byte[20];

    static {
        Arrays.fill(KEY, (byte) 0x5A);
    }

    private final CryptoPool pool = new CryptoPool(CryptoPool.Config.defaults().withThreads(2));
    private final NicRegistry registry = new NicRegistry(Clock.systemUTC(), 8);
    private Nic a;
    private Nic b;
    private long outbound;
    private long inbound;
    private long cursor;

    @BeforeEach
    void link() {
        a = newNic();
        b = newNic();
        NicLinks.link(a, b);
        outbound = addOutbound(a, SPI).offloadHandle();
        inbound = InboundSaFixture.add(b.saTable(), IpVersion.IPV4, DST, SaEmulation.DEFAULT, null,
                InboundSaFixture.Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, KEY, null, null));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private Nic newNic() {
        NdisVersion v = NdisVersion.NDIS_6_30;
        return registry.create("tenant", 8, new NicSpec(null, v, NdisOffload.fullFeatured(v), NicSpec.DEFAULT_MTU,
                MacAddress.randomLocal()));
    }

    private static com.offloadnic.ipsec.SaOutcome addOutbound(Nic nic, int spi) {
        SaOidResult result = nic.saTable().addSa(List.of(addSa(spi)), limits(nic));
        return result.outcomes().get(0);
    }

    private static AddSa addSa(int spi) {
        SecAssoc esp = new SecAssoc(IpsecOperation.ESP, spi,
                new EncryptionAlgorithmInfo(EncryptionAlgorithm.AES_GCM_128, 20, 0, 16), null, false, 0);
        SaParameters p = new SaParameters(SaDirection.OUTBOUND, IpVersion.IPV4, IpAddress.ofBytes(SRC),
                IpAddress.ofBytes(DST), null, List.of(esp), SaEmulation.DEFAULT);
        return new AddSa(p, SecretBytes.copyOf(KEY));
    }

    /** The limits ADD_SA is checked against, with the capacity the NIC reports now. */
    private static IpsecV2Limits limits(Nic nic) {
        return IpsecV2Limits.fullFeatured(nic.ipsecV2().saOffloadCapacity());
    }

    /** Sends ESP packets numbered {@code from..to} (sequence number = packet number) in one request. */
    private List<TransmitPath.Completion> send(int from, int to) {
        List<TransmitPath.Request> nbls = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            byte[] tcp = NicLinkEndToEndTest.tcpSegment(n, 40);
            int padLength = Math.floorMod(-(tcp.length + 2), 4);
            nbls.add(new TransmitPath.Request(new IpsecV2Sender.Nbl(List.of(NicLinkEndToEndTest.framed(n, tcp,
                    padLength)), outbound, 0, new SendHeaderInfo(6, padLength, 0, 5), false), null));
        }
        List<TransmitPath.Completion> completions = a.send(nbls, pool);
        assertThat(completions).allSatisfy(c -> assertThat(c.status()).isEqualTo(NdisStatus.SUCCESS));
        return completions;
    }

    /** The next {@code count} indications at B, and then none more. */
    private List<ReceiveIndication> indicationsAtB(int count) throws InterruptedException {
        List<ReceiveIndication> seen = new ArrayList<>();
        while (seen.size() < count) {
            ReceivePath.Poll poll = b.receivePath().poll(cursor, 64, TimeUnit.SECONDS.toNanos(30));
            assertThat(poll.indications()).as("indications after %d of %d", seen.size(), count).isNotEmpty();
            poll.indications().forEach(e -> seen.add(e.value()));
            cursor = poll.nextCursor();
        }
        assertThat(b.receivePath().inFlight()).isZero();
        assertThat(b.receivePath().poll(cursor, 64, 0).indications()).as("no more indications").isEmpty();
        return seen;
    }

    private static int sequenceNumber(ReceiveIndication i) {
        return ByteBuffer.wrap(i.frame()).getInt(14 + 20 + 4);
    }

    private static FaultPlan plan(FaultPlan.Selector txIcv, FaultPlan.Selector rxIcv, FaultPlan.Selector drop,
            FaultPlan.Selector duplicate, FaultPlan.Selector reorder) {
        return new FaultPlan(0, txIcv, rxIcv, drop, duplicate, reorder, Set.of(), null, 0, 0);
    }

    private static FaultPlan.Selector next(int n) {
        return new FaultPlan.Selector(n, 0);
    }

    private static final FaultPlan.Selector NEVER = FaultPlan.Selector.NEVER;

    @Test
    void corruptTransmitIcv_nextTwo_peerReportsTransportEspAuthFailedForExactlyThose() throws Exception {
        a.faults().set(plan(next(2), NEVER, NEVER, NEVER, NEVER));

        List<TransmitPath.Completion> completions = send(1, 4);

        List<ReceiveIndication> at = indicationsAtB(4);
        assertThat(at).extracting(ReceiveIndication::cryptoStatus).containsExactly(
                CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED, CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED,
                CryptoStatus.CRYPTO_SUCCESS, CryptoStatus.CRYPTO_SUCCESS);
        assertThat(a.faults().counters().txIcvCorrupted()).isEqualTo(2);
        assertThat(a.faults().plan().corruptTransmitIcv().next()).as("left").isZero();
        assertThat(b.receivePath().statistics().snapshot().ipsecRxDropPkts()).isEqualTo(2);
        // the capture is the wire: it holds the corrupted frames, differing from what the completion reports
        List<TransmitCapture.Frame> captured = a.transmitPath().capture().frames();
        assertThat(captured).hasSize(4);
        for (int i = 0; i < 4; i++) {
            byte[] produced = completions.get(i).transmitted().get(0).data();
            byte[] onWire = captured.get(i).data();
            byte[] expected = produced.clone();
            if (i < 2) {
                expected[expected.length - 1] ^= 0x01; // the last ICV byte, one bit flipped
            }
            assertThat(onWire).as("frame %d on the wire", i + 1).isEqualTo(expected);
        }
    }

    @Test
    void corruptReceiveIcv_nextOne_firstArrivingFrameFailsAuthentication() throws Exception {
        b.faults().set(plan(NEVER, next(1), NEVER, NEVER, NEVER));

        send(1, 3);

        assertThat(indicationsAtB(3)).extracting(ReceiveIndication::cryptoStatus).containsExactly(
                CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED, CryptoStatus.CRYPTO_SUCCESS,
                CryptoStatus.CRYPTO_SUCCESS);
        assertThat(b.faults().counters().rxIcvCorrupted()).isEqualTo(1);
        assertThat(a.faults().counters().txIcvCorrupted()).isZero();
    }

    @Test
    void corruptReceiveIcv_appliesToInjectedFramesToo_andSkipsFramesWithoutIpsec() throws Exception {
        send(1, 1);
        byte[] esp = indicationsAtB(1).get(0).frame(); // decrypted in place: no longer valid ESP
        byte[] wire = a.transmitPath().capture().frames().get(0).data();
        byte[] plain = plainTcpFrame();
        b.faults().set(plan(NEVER, next(1), NEVER, NEVER, NEVER));

        b.receive(List.of(plain, wire), pool);

        List<ReceiveIndication> at = indicationsAtB(2);
        assertThat(at.get(0).cryptoDone()).as("a frame without IPsec is not a candidate").isFalse();
        assertThat(at.get(0).frame()).isEqualTo(plain);
        assertThat(at.get(1).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED);
        assertThat(b.faults().counters().rxIcvCorrupted()).isEqualTo(1);
        assertThat(esp).isNotNull();
    }

    private static byte[] plainTcpFrame() {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 20);
        f.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) 40).putInt(0).put((byte) 64).put((byte) 6)
                .putShort((short) 0).put(SRC).put(DST);
        f.putShort((short) 1234).putShort((short) 80).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02);
        return f.array();
    }

    @Test
    void dropOnLink_nextOne_peerNeverSeesTheFirstPacket() throws Exception {
        a.faults().set(plan(NEVER, NEVER, next(1), NEVER, NEVER));

        send(1, 3);

        assertThat(indicationsAtB(2)).extracting(NicFaultsTest::sequenceNumber).containsExactly(2, 3);
        assertThat(a.faults().counters().linkFramesDropped()).isEqualTo(1);
        assertThat(a.transmitPath().capture().frames()).as("A transmitted all three").hasSize(3);
        assertThat(b.receivePath().statistics().snapshot().rxFrames()).isEqualTo(2);
    }

    @Test
    void duplicateOnLink_nextOne_peerIndicatesTheFirstPacketTwice() throws Exception {
        a.faults().set(plan(NEVER, NEVER, NEVER, next(1), NEVER));

        send(1, 3);

        List<ReceiveIndication> at = indicationsAtB(4);
        assertThat(at).extracting(NicFaultsTest::sequenceNumber).containsExactly(1, 1, 2, 3);
        assertThat(at).extracting(ReceiveIndication::cryptoStatus).containsOnly(CryptoStatus.CRYPTO_SUCCESS);
        assertThat(a.faults().counters().linkFramesDuplicated()).isEqualTo(1);
    }

    @Test
    void reorderOnLink_nextOne_firstPacketArrivesAfterTheSecond() throws Exception {
        a.faults().set(plan(NEVER, NEVER, NEVER, NEVER, next(1)));

        send(1, 3);

        assertThat(indicationsAtB(3)).extracting(NicFaultsTest::sequenceNumber).containsExactly(2, 1, 3);
        assertThat(a.faults().counters().linkFramesReordered()).isEqualTo(1);
    }

    @Test
    void reorderOnLink_lastFrameOfARequest_isHeldUntilTheNextRequestsFirstFrame() throws Exception {
        a.faults().set(plan(NEVER, NEVER, NEVER, NEVER, next(1)));

        send(1, 1);
        assertThat(b.receivePath().poll(0, 8, 0).indications()).as("held back by the link").isEmpty();
        send(2, 2);

        assertThat(indicationsAtB(2)).extracting(NicFaultsTest::sequenceNumber).containsExactly(2, 1);
    }

    @Test
    void saDeleteReq_forInboundHandle_everyIndicationOverItAsksForDeletion() throws Exception {
        b.faults().set(new FaultPlan(0, NEVER, NEVER, NEVER, NEVER, NEVER, Set.of(inbound), null, 0, 0));

        send(1, 2);

        List<ReceiveIndication> at = indicationsAtB(2);
        assertThat(at).allSatisfy(i -> {
            assertThat(i.saDeleteReq()).isTrue();
            assertThat(i.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        });
        assertThat(b.faults().counters().saDeleteReqForced()).isEqualTo(2);
        assertThat(b.receivePath().statistics().snapshot().ipsecRxSaDeleteReq()).isEqualTo(2);
        assertThat(b.saTable().get(inbound)).as("the SA stays until DELETE_SA").isNotNull();

        b.faults().set(FaultPlan.NONE);
        send(3, 3);
        assertThat(indicationsAtB(1).get(0).saDeleteReq()).isFalse();
    }

    @Test
    void saOffloadCapacity_shrunkAtRunTime_nextAddSaIsRefusedForCapacity() {
        assertThat(a.ipsecV2().saOffloadCapacity()).isEqualTo(IpsecOffloadV2.DEFAULT_SA_OFFLOAD_CAPACITY);
        a.faults().set(new FaultPlan(0, NEVER, NEVER, NEVER, NEVER, NEVER, Set.of(), 2, 0, 0));

        assertThat(a.ipsecV2().saOffloadCapacity()).isEqualTo(2);
        assertThat(addOutbound(a, 0x7001).succeeded()).as("second bundle fits").isTrue();
        var refused = addOutbound(a, 0x7002);

        assertThat(refused.offloadHandle()).isZero();
        assertThat(refused.refusal().reason()).isEqualTo(SaRefusalReason.SA_CAPACITY_EXHAUSTED);
        assertThat(a.saTable().size()).isEqualTo(2);
        assertThat(a.currentConfig().ipsecOffloadV2().saOffloadCapacity()).as("hardware view unchanged")
                .isEqualTo(IpsecOffloadV2.DEFAULT_SA_OFFLOAD_CAPACITY);
    }

    @Test
    void failAddSa_nextTwo_refusesTwoValidBundlesWithHandleZero_thenOffloadsAgain() {
        a.faults().set(new FaultPlan(0, NEVER, NEVER, NEVER, NEVER, NEVER, Set.of(), null, 2, 0));

        SaOidResult result = a.saTable().addSa(List.of(addSa(0x7101), addSa(0x7102)), limits(a));
        assertThat(result.status()).isEqualTo(NdisStatus.FAILURE);
        assertThat(result.outcomes()).allSatisfy(o -> {
            assertThat(o.offloadHandle()).isZero();
            assertThat(o.refusal().reason()).isEqualTo(SaRefusalReason.SA_INJECTED_FAULT);
        });
        assertThat(a.faults().plan().failAddSa()).isZero();

        assertThat(addOutbound(a, 0x7103).succeeded()).isTrue();
        assertThat(a.faults().counters().addSaRefused()).isEqualTo(2);
    }

    @Test
    void completionDelay_sendReturnsNoSoonerThanTheDelay_andCountsTheDelayedCompletions() throws Exception {
        a.faults().set(new FaultPlan(0, NEVER, NEVER, NEVER, NEVER, NEVER, Set.of(), null, 0, 300));

        long start = System.nanoTime();
        send(1, 2);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300); // a lower bound only: sleep never returns early
        assertThat(a.faults().counters().completionsDelayed()).isEqualTo(2);
        assertThat(indicationsAtB(2)).extracting(ReceiveIndication::cryptoStatus)
                .containsOnly(CryptoStatus.CRYPTO_SUCCESS);
    }

    @Test
    void fraction_sameSeedSameTraffic_dropsTheSameFrames() throws Exception {
        FaultPlan half = new FaultPlan(42, NEVER, NEVER, new FaultPlan.Selector(0, 0.5), NEVER, NEVER, Set.of(),
                null, 0, 0);
        a.faults().set(half);
        send(1, 40);
        List<Integer> first = indicationsAtB(40 - (int) a.faults().counters().linkFramesDropped()).stream()
                .map(NicFaultsTest::sequenceNumber).toList();

        a.faults().set(half); // reseeds
        send(41, 80);
        long droppedTotal = a.faults().counters().linkFramesDropped();
        List<Integer> second = indicationsAtB(80 - (int) droppedTotal - first.size()).stream()
                .map(n -> sequenceNumber(n) - 40).toList();

        assertThat(second).isEqualTo(first);
        assertThat(first).hasSizeBetween(1, 39);
    }

    @Test
    void faultPlan_outOfRangeValues_areRefusedNamingTheField() {
        assertThatThrownBy(() -> FaultPlan.Selector.of(0, 1.5, "/dropOnLink"))
                .isInstanceOfSatisfying(NicException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/dropOnLink/fraction"));
        assertThatThrownBy(() -> new FaultPlan(0, NEVER, NEVER, NEVER, NEVER, NEVER, Set.of(), null, 0, 60_001))
                .isInstanceOfSatisfying(NicException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/completionDelayMs"));
    }
}
