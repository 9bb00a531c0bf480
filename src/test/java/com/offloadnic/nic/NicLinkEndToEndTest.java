package com.offloadnic.nic;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.offloadnic.ipsec.SaParameters;
import com.offloadnic.ipsec.SecAssoc;
import com.offloadnic.ipsec.SendHeaderInfo;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end without HTTP: NIC A sends transport-mode ESP NET_BUFFER_LISTs through its send path
 * ({@link Nic#send}: checks, crypto on the shared pool, transmit hook); linked NIC B receives them over its inbound
 * SA with the same keys.
 * Every packet arrives at B decrypted in place with CRYPTO_SUCCESS, in transmit order. (LSO + ESP end to end is
 * {@code ReceiveLinkApiTest}, over HTTP.)
 */
class NicLinkEndToEndTest {

    private static final int SPI = 0x6006;
    private static final byte[] SRC = {10, 0, 0, 1};
    private static final byte[] DST = {10, 0, 0, 2};
    private static final byte[] KEY = new byte[20];

    private final CryptoPool pool = new CryptoPool(CryptoPool.Config.defaults().withThreads(4));
    private final NicRegistry registry = new NicRegistry(Clock.systemUTC(), 8);

    static {
        Arrays.fill(KEY, (byte) 0x5A);
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

    private static long addOutbound(Nic nic) {
        SecAssoc esp = new SecAssoc(IpsecOperation.ESP, SPI,
                new EncryptionAlgorithmInfo(EncryptionAlgorithm.AES_GCM_128, 20, 0, 16), null, false, 0);
        SaParameters p = new SaParameters(SaDirection.OUTBOUND, IpVersion.IPV4, IpAddress.ofBytes(SRC),
                IpAddress.ofBytes(DST), null, List.of(esp), SaEmulation.DEFAULT);
        var result = nic.saTable().addSa(List.of(new AddSa(p, SecretBytes.copyOf(KEY))),
                IpsecV2Limits.fullFeatured(16));
        assertThat(result.outcomes().get(0).refusal()).isNull();
        return result.outcomes().get(0).offloadHandle();
    }

    /** A frame as the transport frames it for offload: ESP header, IV room, TCP segment, trailer, ICV room. */
    static byte[] framed(int seq, byte[] tcp, int padLength) {
        int espLength = 8 + 8 + tcp.length + padLength + 2 + 16;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + espLength);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + espLength)).putShort((short) seq).putShort((short) 0)
                .put((byte) 64).put((byte) 50).putShort((short) 0).put(SRC).put(DST);
        b.putInt(SPI).putInt(seq).put(new byte[8]).put(tcp);
        for (int i = 1; i <= padLength; i++) {
            b.put((byte) i);
        }
        b.put((byte) padLength).put((byte) 6);
        return b.array();
    }

    static byte[] tcpSegment(int n, int length) {
        byte[] tcp = new byte[length];
        for (int i = 0; i < length; i++) {
            tcp[i] = (byte) (n * 31 + i);
        }
        return tcp;
    }

    @Test
    void sendOnA_linkedB_receivesEveryPacketDecryptedInOrder() throws Exception {
        Nic a = newNic();
        Nic b = newNic();
        NicLinks.link(a, b);
        long handle = addOutbound(a);
        InboundSaFixture.add(b.saTable(), IpVersion.IPV4, DST, SaEmulation.DEFAULT, null,
                InboundSaFixture.Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, KEY, null, null));
        List<byte[]> segments = new ArrayList<>();
        List<TransmitPath.Request> nbls = new ArrayList<>();
        for (int n = 1; n <= 64; n++) {
            byte[] tcp = tcpSegment(n, 20 + (n * 53) % 1200);
            int padLength = Math.floorMod(-(tcp.length + 2), 4);
            segments.add(tcp);
            nbls.add(new TransmitPath.Request(new IpsecV2Sender.Nbl(List.of(framed(n, tcp, padLength)), handle, 0,
                    new SendHeaderInfo(6, padLength, 0, 5), false), null));
        }
        // two requests: order holds across requests as well as within one
        List<TransmitPath.Completion> completions = new ArrayList<>(a.send(nbls.subList(0, 40), pool));
        completions.addAll(a.send(nbls.subList(40, 64), pool));
        assertThat(completions).allSatisfy(c -> assertThat(c.status()).isEqualTo(NdisStatus.SUCCESS));

        List<IndicationRing.Entry<ReceiveIndication>> seen = new ArrayList<>();
        long cursor = 0;
        while (seen.size() < segments.size()) {
            ReceivePath.Poll poll = b.receivePath().poll(cursor, 64, TimeUnit.SECONDS.toNanos(30));
            assertThat(poll.indications()).isNotEmpty();
            seen.addAll(poll.indications());
            cursor = poll.nextCursor();
        }
        for (int i = 0; i < segments.size(); i++) {
            ReceiveIndication indication = seen.get(i).value();
            assertThat(indication.cryptoDone()).isTrue();
            assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
            byte[] frame = indication.frame();
            assertThat(ByteBuffer.wrap(frame).getInt(14 + 20 + 4)).as("ESP sequence number").isEqualTo(i + 1);
            int payload = 14 + 20 + 8 + 8;
            assertThat(Arrays.copyOfRange(frame, payload, payload + segments.get(i).length))
                    .isEqualTo(segments.get(i));
            assertThat(indication.headerInfo().nextHeader()).isEqualTo(6);
        }
        assertThat(b.receivePath().statistics().snapshot().ipsecRxPkts()).isEqualTo(64);
    }
}
