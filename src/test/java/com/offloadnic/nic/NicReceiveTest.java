package com.offloadnic.nic;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.ipsec.CryptoStatus;
import com.offloadnic.ipsec.InboundSaFixture;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.NotOffloadedReason;
import com.offloadnic.ipsec.ReceiveIndication;
import com.offloadnic.ipsec.SaEmulation;
import com.offloadnic.ipsec.ScapyReceiveCases;
import com.offloadnic.ipsec.ScapyReceiveCases.Case;
import com.offloadnic.ipsec.ScapyReceiveCases.Layer;
import com.offloadnic.ipsec.ScapyReceiveCases.Result;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A NIC receiving scapy-encrypted traffic on a multi-worker crypto pool: every indication leaves in arrival order
 * with the exact plaintext, whatever order the workers finish in; links deliver what one NIC transmits.
 */
class NicReceiveTest {

    private static final long SPI = 0x5005;
    private static final long HIGH = 0x10;
    private static final byte[] DST4 = {(byte) 198, 51, 100, 2};

    private final CryptoPool pool = new CryptoPool(CryptoPool.Config.defaults().withThreads(4));
    private final NicRegistry registry = new NicRegistry(Clock.systemUTC(), 8);

    @AfterEach
    void close() {
        pool.close();
    }

    private Nic newNic() {
        NdisVersion v = NdisVersion.NDIS_6_30;
        return registry.create("tenant", 8, new NicSpec(null, v, NdisOffload.fullFeatured(v), NicSpec.DEFAULT_MTU,
                MacAddress.randomLocal()));
    }

    private static List<IndicationRing.Entry<ReceiveIndication>> pollAll(Nic nic, int count)
            throws InterruptedException {
        List<IndicationRing.Entry<ReceiveIndication>> seen = new ArrayList<>();
        long cursor = 0;
        while (seen.size() < count) {
            ReceivePath.Poll poll = nic.receivePath().poll(cursor, count, TimeUnit.SECONDS.toNanos(30));
            assertThat(poll.indications()).as("timed out after %d of %d", seen.size(), count).isNotEmpty();
            seen.addAll(poll.indications());
            cursor = poll.nextCursor();
        }
        return seen;
    }

    @Test
    void receive_manyFramesOnParallelWorkers_indicatedInArrivalOrderWithExactPlaintext() throws Exception {
        Random random = new Random(1);
        byte[] key = ScapyReceiveCases.key(random, 20);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            cases.add(new Case(4, i % 2 == 0 ? "tcp" : "udp", 1 + (i * 37) % 700, List.of(new Layer("ESP",
                    "transport", SPI, i + 1, HIGH, "AES-GCM", key, "NULL", new byte[0], 16, false))));
        }
        List<Result> results = ScapyReceiveCases.encrypt(cases);
        Nic nic = newNic();
        InboundSaFixture.add(nic.saTable(), IpVersion.IPV4, DST4, SaEmulation.DEFAULT, null,
                InboundSaFixture.Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, key, null, null).withEsn(HIGH));
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            byte[] f = results.get(i).frame().clone();
            if (i % 50 == 7) {
                f[f.length - 1] ^= 1; // a tampered ICV among them
            }
            frames.add(f);
        }
        ReceivePath.Admission admission = nic.receive(frames, pool);
        assertThat(admission.accepted()).isEqualTo(300);
        var seen = pollAll(nic, 300);
        for (int i = 0; i < 300; i++) {
            ReceiveIndication indication = seen.get(i).value();
            assertThat(seen.get(i).sequence()).isEqualTo(i + 1);
            if (i % 50 == 7) {
                assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED);
                assertThat(indication.frame()).isEqualTo(frames.get(i));
            } else {
                assertThat(indication.cryptoStatus()).as("frame %d", i).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
                assertThat(indication.frame()).as("frame %d", i).isEqualTo(results.get(i).expected());
            }
        }
        ReceiveStatistics.Snapshot stats = nic.receivePath().statistics().snapshot();
        assertThat(stats.ipsecRxPkts()).isEqualTo(294);
        assertThat(stats.ipsecRxDropPkts()).isEqualTo(6);
        assertThat(stats.rxIndicationsByCryptoStatus().get("CRYPTO_TRANSPORT_ESP_AUTH_FAILED")).isEqualTo(6);
    }

    @Test
    void receive_ipsecSwitchedOffByOffloadParameters_indicatesUnchanged() throws Exception {
        Random random = new Random(2);
        byte[] key = ScapyReceiveCases.key(random, 20);
        List<Result> results = ScapyReceiveCases.encrypt(List.of(new Case(4, "udp", 20, List.of(new Layer("ESP",
                "transport", SPI, 1, null, "AES-GCM", key, "NULL", new byte[0], 16, false)))));
        Nic nic = newNic();
        InboundSaFixture.add(nic.saTable(), IpVersion.IPV4, DST4, SaEmulation.DEFAULT, null,
                InboundSaFixture.Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, key, null, null));
        nic.setOffloadParameters(new OffloadParameters(null, null, null, null, null, null, null, null, null,
                OffloadParameterValues.IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED, null));
        nic.receive(List.of(results.get(0).frame()), pool);
        ReceiveIndication indication = pollAll(nic, 1).get(0).value();
        assertThat(indication.cryptoDone()).isFalse();
        assertThat(indication.notOffloadedReason()).isEqualTo(NotOffloadedReason.OFFLOAD_DISABLED);
        assertThat(indication.frame()).isEqualTo(results.get(0).frame());
    }

    @Test
    void transmit_linkedNic_receivesInTransmitOrderAndUnlinkStopsDelivery() throws Exception {
        Nic a = newNic();
        Nic b = newNic();
        NicLinks.link(a, b);
        assertThat(b.linkedPeer()).isSameAs(a);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            frames.add(new byte[] {(byte) i, 1, 2});
        }
        a.transmit(frames, pool);
        var seen = pollAll(b, 100);
        for (int i = 0; i < 100; i++) {
            assertThat(seen.get(i).value().frame()).isEqualTo(frames.get(i));
        }
        // symmetric: b's transmissions reach a
        b.transmit(List.of(new byte[] {9}), pool);
        assertThat(pollAll(a, 1).get(0).value().frame()).isEqualTo(new byte[] {9});
        // relinking a to c unlinks b
        Nic c = newNic();
        NicLinks.link(a, c);
        assertThat(b.linkedPeer()).isNull();
        assertThat(NicLinks.unlink(c)).isTrue();
        assertThat(a.transmit(frames, pool)).isNull();
        assertThat(c.receivePath().statistics().snapshot().rxFrames()).isZero();
    }

    @Test
    void remove_unlinksThePeerAndWipesSas() {
        Nic a = newNic();
        Nic b = newNic();
        NicLinks.link(a, b);
        registry.delete("tenant", a.nicId());
        assertThat(b.linkedPeer()).isNull();
        assertThat(a.saTable().size()).isZero();
    }
}
