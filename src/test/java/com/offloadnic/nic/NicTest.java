package com.offloadnic.nic;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.nic.OffloadParameterValues.IpsecV2Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV2Parameter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NicTest {

    private final NicRegistry registry = new NicRegistry(Clock.systemUTC(), 4);

    private static NicSpec spec(NdisVersion v) {
        return new NicSpec(null, v, NdisOffload.fullFeatured(v), NicSpec.DEFAULT_MTU, MacAddress.randomLocal());
    }

    @Test
    void setOffloadParameters_queuesCurrentConfigIndication() throws InterruptedException {
        Nic nic = registry.create("t", 10, spec(NdisVersion.NDIS_6_30));
        NdisOffload config = nic.setOffloadParameters(new OffloadParameters(null, null, null, null, null, null, null,
                null, null, IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV2_ESP_ENABLED, null));
        var batch = nic.statusIndications().poll(0, 10, 0);
        assertThat(batch.entries()).hasSize(1);
        var indication = (StatusIndication.TaskOffloadCurrentConfig) batch.entries().getFirst().value();
        assertThat(indication.statusCode()).isEqualTo("NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG");
        assertThat(indication.currentConfig()).isEqualTo(config).isEqualTo(nic.currentConfig());
        assertThat(nic.ipsecV2().ah()).isFalse();
    }

    @Test
    void setOffloadParameters_refused_changesNothingAndQueuesNothing() {
        Nic nic = registry.create("t", 10, spec(NdisVersion.NDIS_6_0));
        NdisOffload before = nic.currentConfig();
        assertThatThrownBy(() -> nic.setOffloadParameters(new OffloadParameters(null, null, null, null, null, null, null,
                LsoV2Parameter.NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED, null, null, null))).isInstanceOf(NicException.class);
        assertThat(nic.currentConfig()).isEqualTo(before);
        assertThat(nic.statusIndications().lastSequence()).isZero();
    }

    @Test
    void ipsecV2_exposesTheEffectiveSettingsOfTheNarrowedHardware() {
        IpsecOffloadV2 full = IpsecOffloadV2.fullFeatured();
        IpsecOffloadV2 narrowed = new IpsecOffloadV2(full.encapsulation(), false, full.ipv4Options(),
                full.ipv6NonIpsecExtensionHeaders(), full.ah(), full.esp(), false, full.transport(), full.tunnel(),
                false, full.lsoSupported(), false, full.udpEsp(), full.authenticationAlgorithms(),
                EnumSet.of(EncryptionAlgorithm.AES_GCM_128), full.gcmIcvLengths(), 8);
        NdisOffload hw = NdisOffload.fullFeatured(NdisVersion.NDIS_6_20);
        hw = new NdisOffload(hw.checksum(), hw.lsoV1(), null, hw.lsoV2(), narrowed, hw.flags());
        Nic nic = registry.create("t", 10, new NicSpec("n", NdisVersion.NDIS_6_20, hw, 1500, MacAddress.randomLocal()));
        IpsecOffloadV2 v2 = nic.ipsecV2();
        assertThat(v2.saOffloadCapacity()).isEqualTo(8);
        assertThat(v2.extendedSequenceNumbers()).isFalse();
        assertThat(v2.ahEspCombined()).isFalse();
        assertThat(v2.ipv6Supported()).isFalse();
        assertThat(v2.supports(EncryptionAlgorithm.AES_GCM_128)).isTrue();
        assertThat(v2.supports(EncryptionAlgorithm.AES_CBC_128)).isFalse();
    }

    @Test
    void ipsecV2_onNdis60Nic_isWrongProfile() {
        Nic nic = registry.create("t", 10, spec(NdisVersion.NDIS_6_0));
        assertThatThrownBy(nic::ipsecV2).isInstanceOfSatisfying(NicException.class,
                e -> assertThat(e.kind()).isEqualTo(NicException.Kind.WRONG_PROFILE));
        assertThat(nic.ipsecV1().encryptionAlgorithms()).contains(EncryptionAlgorithm.TRIPLE_DES_CBC);
    }

    @Test
    void registry_findsOnlyTheTenantsOwnNics() {
        Nic mine = registry.create("a", 10, spec(NdisVersion.NDIS_6_30));
        assertThat(registry.find("a", mine.nicId())).contains(mine);
        assertThat(registry.find("b", mine.nicId())).isEmpty();
        assertThat(registry.delete("b", mine.nicId())).isFalse();
        assertThat(registry.find("a", mine.nicId())).isPresent();
    }

    @Test
    void registry_create_enforcesMaxNics() {
        registry.create("a", 1, spec(NdisVersion.NDIS_6_30));
        assertThatThrownBy(() -> registry.create("a", 1, spec(NdisVersion.NDIS_6_30)))
                .isInstanceOfSatisfying(NicException.class,
                        e -> assertThat(e.kind()).isEqualTo(NicException.Kind.QUOTA_EXCEEDED));
        assertThat(registry.count("a")).isEqualTo(1);
    }

    @Test
    void registry_deleteAll_removesAndClosesEveryNicOfTheTenant() {
        Nic a1 = registry.create("a", 10, spec(NdisVersion.NDIS_6_30));
        registry.create("a", 10, spec(NdisVersion.NDIS_6_0));
        Nic b = registry.create("b", 10, spec(NdisVersion.NDIS_6_30));
        assertThat(registry.deleteAll("a")).isEqualTo(2);
        assertThat(registry.list("a")).isEmpty();
        assertThat(a1.isRemoved()).isTrue();
        assertThat(registry.list("b")).containsExactly(b);
    }

    @Test
    void spec_narrowingBeyondHardware_namesTheField() {
        NdisOffload hw = NdisOffload.fullFeatured(NdisVersion.NDIS_6_30);
        LsoV2 lso = new LsoV2(new LsoV2.Ipv4(hw.lsoV2().ipv4().encapsulation(), 1 << 20, 2), hw.lsoV2().ipv6());
        NdisOffload asked = new NdisOffload(hw.checksum(), hw.lsoV1(), null, lso, hw.ipsecOffloadV2(), hw.flags());
        assertThatThrownBy(() -> new NicSpec(null, NdisVersion.NDIS_6_30, asked, 1500, MacAddress.randomLocal()))
                .isInstanceOfSatisfying(NicException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/capabilities/lsoV2/ipv4/maxOffLoadSize"));
    }

    @Test
    void macAddress_parsesAndRefusesGroupAddresses() {
        assertThat(MacAddress.parse("02-00-5E-10-00-01").toString()).isEqualTo("02:00:5e:10:00:01");
        assertThatThrownBy(() -> MacAddress.parse("01:00:5e:00:00:01")).hasMessageContaining("unicast");
        assertThatThrownBy(() -> MacAddress.parse("00:00:00:00:00:00")).isInstanceOf(IllegalArgumentException.class);
        MacAddress random = MacAddress.randomLocal();
        assertThat(random.octets()[0] & 0x03).isEqualTo(0x02);
    }
}
