package com.offloadnic.nic;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.AddSaEx;
import com.offloadnic.ipsec.EncryptionAlgorithmInfo;
import com.offloadnic.ipsec.IpVersion;
import com.offloadnic.ipsec.IpsecOperation;
import com.offloadnic.ipsec.IpsecV2Limits;
import com.offloadnic.ipsec.IpsecV2Sender;
import com.offloadnic.ipsec.SaDirection;
import com.offloadnic.ipsec.SaEntry;
import com.offloadnic.ipsec.SaParameters;
import com.offloadnic.ipsec.SecAssoc;
import com.offloadnic.ipsec.SendHeaderInfo;
import com.offloadnic.ipsec.UdpEspEncapsulation;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NIC's ownership of its send-side state: SA keys and transforms die with DELETE_SA and adapter removal. */
class NicSendTest {

    private final NicRegistry registry = new NicRegistry(Clock.systemUTC(), 4);
    private final CryptoPool pool = new CryptoPool(CryptoPool.Config.defaults().withThreads(2));

    @AfterEach
    void close() {
        pool.close();
    }

    private static SaEntry addGcm(Nic nic, int spi) {
        SaParameters p = new SaParameters(SaDirection.OUTBOUND, IpVersion.IPV4, null, null, UdpEspEncapsulation.NONE,
                List.of(new SecAssoc(IpsecOperation.ESP, spi, new EncryptionAlgorithmInfo(
                        EncryptionAlgorithm.AES_GCM_128, 20, 0, 16), null, false, 0)), null);
        var r = nic.saTable().addSaEx(AddSaEx.of(p, SecretBytes.copyOf(new byte[20])), IpsecV2Limits.fullFeatured(8));
        return nic.saTable().get(r.outcomes().get(0).offloadHandle());
    }

    private static TransmitPath.Request request(SaEntry sa, int seq) {
        return new TransmitPath.Request(new IpsecV2Sender.Nbl(List.of(TransmitPathTest.frame(
                (int) sa.secAssoc(0).spiUnsigned(), seq)), sa.offloadHandle(), 0, new SendHeaderInfo(17, 2, 0, 5), false),
                null);
    }

    private Nic nic() {
        return registry.create("t", 10, new NicSpec(null, NdisVersion.NDIS_6_30,
                NdisOffload.fullFeatured(NdisVersion.NDIS_6_30), NicSpec.DEFAULT_MTU, MacAddress.randomLocal()));
    }

    @Test
    void removeNic_zeroesEverySaKeyAndTransform() {
        Nic nic = nic();
        SaEntry sa = addGcm(nic, 0x10);
        assertThat(nic.send(List.of(request(sa, 1)), pool).get(0).status().ndisName()).isEqualTo("NDIS_STATUS_SUCCESS");
        var transforms = nic.saTransforms().peek(sa.offloadHandle());
        assertThat(transforms).isNotNull();
        registry.delete("t", nic.nicId());
        assertThat(sa.keys(0).isDestroyed()).isTrue();
        assertThat(transforms.esp().isDestroyed()).isTrue();
    }

    @Test
    void deleteSa_wipesTransformsAndLaterSendsFailUnknownHandle() {
        Nic nic = nic();
        SaEntry sa = addGcm(nic, 0x20);
        nic.send(List.of(request(sa, 1)), pool);
        var transforms = nic.saTransforms().peek(sa.offloadHandle());
        nic.deleteSa(List.of(sa.offloadHandle()));
        assertThat(transforms.esp().isDestroyed()).isTrue();
        assertThat(sa.keys(0).isDestroyed()).isTrue();
        var c = nic.send(List.of(request(sa, 2)), pool).get(0);
        assertThat(c.reason().code()).isEqualTo("UNKNOWN_OFFLOAD_HANDLE");
        assertThat(nic.transmitPath().capture().size()).isEqualTo(1);
    }

    @Test
    void transmit_recordsEveryFrameInTheCaptureInOrder() {
        Nic nic = nic();
        nic.transmit(List.of(new byte[] {1}, new byte[] {2}), pool);
        nic.transmit(List.of(new byte[] {3}), pool);
        assertThat(nic.transmitPath().capture().frames()).extracting(f -> f.data()[0])
                .containsExactly((byte) 1, (byte) 2, (byte) 3);
    }
}
