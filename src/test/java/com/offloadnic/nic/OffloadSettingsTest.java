package com.offloadnic.nic;

import com.offloadnic.nic.OffloadParameterValues.ChecksumParameter;
import com.offloadnic.nic.OffloadParameterValues.IpsecV1Parameter;
import com.offloadnic.nic.OffloadParameterValues.IpsecV2Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV1Parameter;
import com.offloadnic.nic.OffloadParameterValues.LsoV2Parameter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffloadSettingsTest {

    private static final NdisOffload V2 = NdisOffload.fullFeatured(NdisVersion.NDIS_6_30);
    private static final NdisOffload V1 = NdisOffload.fullFeatured(NdisVersion.NDIS_6_0);

    private static OffloadParameters params(ChecksumParameter tcp4, LsoV1Parameter lso1, IpsecV1Parameter v1, LsoV2Parameter lso2v4, IpsecV2Parameter v2,
                                            IpsecV2Parameter v2v4) {
        return new OffloadParameters(null, tcp4, null, null, null, lso1, v1, lso2v4, null, v2, v2v4);
    }

    @Test
    void initial_v2_currentConfigEqualsHardware() {
        assertThat(OffloadSettings.initial(NdisVersion.NDIS_6_30).currentConfig(V2)).isEqualTo(V2);
    }

    @Test
    void initial_v1_hasIpsecOnAndLsoOff() {
        NdisOffload c = OffloadSettings.initial(NdisVersion.NDIS_6_0).currentConfig(V1);
        assertThat(c.ipsecOffloadV1()).isEqualTo(V1.ipsecOffloadV1());
        assertThat(c.lsoV1().supported()).isFalse();
        assertThat(c.lsoV2().ipv4().supported()).isFalse();
        assertThat(c.lsoV2().ipv6().supported()).isFalse();
    }

    @Test
    void apply_noChange_keepsEverything() {
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_30);
        assertThat(s.apply(OffloadParameters.noChange(), NdisVersion.NDIS_6_30, V2)).isEqualTo(s);
    }

    @Test
    void currentConfig_espOnly_dropsAhAndAhEspCombinedButKeepsEsp() {
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_30)
                .apply(params(null, null, null, null, IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV2_ESP_ENABLED, null),
                        NdisVersion.NDIS_6_30, V2);
        IpsecOffloadV2 v2 = s.currentConfig(V2).ipsecOffloadV2();
        assertThat(v2.ah()).isFalse();
        assertThat(v2.esp()).isTrue();
        assertThat(v2.ahEspCombined()).isFalse();
        assertThat(v2.encryptionAlgorithms()).isEqualTo(V2.ipsecOffloadV2().encryptionAlgorithms());
        assertThat(v2.enabled()).isTrue();
    }

    @Test
    void currentConfig_ipsecDisabled_reportsNothingOfIpsecAndNoCoexistenceFlags() {
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_30)
                .apply(params(null, null, null, null, IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED, null),
                        NdisVersion.NDIS_6_30, V2);
        NdisOffload c = s.currentConfig(V2);
        assertThat(c.ipsecOffloadV2()).isEqualTo(IpsecOffloadV2.NONE);
        assertThat(c.flags()).isEmpty();
    }

    @Test
    void currentConfig_allLsoOff_clearsLsoSupportedOfIpsec() {
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_30).apply(
                new OffloadParameters(null, null, null, null, null, LsoV1Parameter.NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED,
                        null, LsoV2Parameter.NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED, LsoV2Parameter.NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED,
                        null, null), NdisVersion.NDIS_6_30, V2);
        assertThat(s.currentConfig(V2).ipsecOffloadV2().lsoSupported()).isFalse();
    }

    @Test
    void currentConfig_checksumTxOnly_intersectsPerDirection() {
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_30).apply(
                params(ChecksumParameter.NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED, null, null, null, null, null),
                NdisVersion.NDIS_6_30, V2);
        NdisOffload c = s.currentConfig(V2);
        assertThat(c.checksum().ipv4Transmit().tcpChecksum()).isTrue();
        assertThat(c.checksum().ipv4Receive().tcpChecksum()).isFalse();
        assertThat(c.checksum().ipv4Receive().udpChecksum()).isTrue();
    }

    @Test
    void apply_enablingWhatHardwareLacks_isRefusedNamingTheField() {
        NdisOffload noAh = new NdisOffload(V2.checksum(), V2.lsoV1(), null, V2.lsoV2(),
                withAh(V2.ipsecOffloadV2(), false), V2.flags());
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_30);
        assertThatThrownBy(() -> s.apply(params(null, null, null, null,
                IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_AND_ESP_ENABLED, null), NdisVersion.NDIS_6_30, noAh))
                .isInstanceOfSatisfying(NicException.class, e -> {
                    assertThat(e.kind()).isEqualTo(NicException.Kind.UNSUPPORTED_BY_HARDWARE);
                    assertThat(e.pointer()).isEqualTo("/ipsecV2");
                });
        NdisOffload noLso1 = new NdisOffload(V2.checksum(), LsoV1.NONE, null, V2.lsoV2(), V2.ipsecOffloadV2(), V2.flags());
        assertThatThrownBy(() -> s.apply(params(null, LsoV1Parameter.NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED, null, null, null,
                null), NdisVersion.NDIS_6_30, noLso1))
                .isInstanceOfSatisfying(NicException.class, e -> assertThat(e.pointer()).isEqualTo("/lsoV1"));
    }

    @Test
    void apply_v1_lsoWithIpsec_isRefusedAsConflict() {
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_0);
        assertThatThrownBy(() -> s.apply(params(null, null, null, LsoV2Parameter.NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED, null,
                null), NdisVersion.NDIS_6_0, V1))
                .isInstanceOfSatisfying(NicException.class, e -> {
                    assertThat(e.kind()).isEqualTo(NicException.Kind.OFFLOAD_CONFLICT);
                    assertThat(e.pointer()).isEqualTo("/lsoV2Ipv4");
                    assertThat(e.getMessage()).contains("NDIS 6.0", "mutually exclusive");
                });
    }

    @Test
    void apply_v1_disableIpsecAndEnableLsoTogether_isAccepted() {
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_0).apply(
                params(null, LsoV1Parameter.NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED, IpsecV1Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED,
                        null, null, null), NdisVersion.NDIS_6_0, V1);
        NdisOffload c = s.currentConfig(V1);
        assertThat(c.lsoV1().supported()).isTrue();
        assertThat(c.ipsecOffloadV1().enabled()).isFalse();
    }

    @Test
    void apply_memberOfOtherIpsecVersion_isWrongProfile() {
        assertThatThrownBy(() -> OffloadSettings.initial(NdisVersion.NDIS_6_0).apply(params(null, null, null, null,
                IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED, null), NdisVersion.NDIS_6_0, V1))
                .isInstanceOfSatisfying(NicException.class,
                        e -> assertThat(e.kind()).isEqualTo(NicException.Kind.WRONG_PROFILE));
        assertThatThrownBy(() -> OffloadSettings.initial(NdisVersion.NDIS_6_1).apply(params(null, null,
                IpsecV1Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED, null, null, null), NdisVersion.NDIS_6_1,
                NdisOffload.fullFeatured(NdisVersion.NDIS_6_1)))
                .isInstanceOfSatisfying(NicException.class, e -> assertThat(e.pointer()).isEqualTo("/ipsecV1"));
    }

    @Test
    void apply_ipsecV2Ipv4_governsOnlyAdaptersWithoutIpv6() {
        OffloadParameters p = params(null, null, null, null, null, IpsecV2Parameter.NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED);
        OffloadSettings s = OffloadSettings.initial(NdisVersion.NDIS_6_30);
        assertThat(s.apply(p, NdisVersion.NDIS_6_30, V2).ipsecEsp()).isTrue();
        NdisOffload v4only = new NdisOffload(V2.checksum(), V2.lsoV1(), null, V2.lsoV2(),
                withIpv6(V2.ipsecOffloadV2(), false), V2.flags());
        assertThat(s.apply(p, NdisVersion.NDIS_6_30, v4only).ipsecEsp()).isFalse();
    }

    private static IpsecOffloadV2 withAh(IpsecOffloadV2 v, boolean ah) {
        return new IpsecOffloadV2(v.encapsulation(), v.ipv6Supported(), v.ipv4Options(), v.ipv6NonIpsecExtensionHeaders(),
                ah, v.esp(), v.ahEspCombined(), v.transport(), v.tunnel(), v.transportTunnelCombined(), v.lsoSupported(),
                v.extendedSequenceNumbers(), v.udpEsp(), v.authenticationAlgorithms(), v.encryptionAlgorithms(),
                v.gcmIcvLengths(), v.saOffloadCapacity());
    }

    private static IpsecOffloadV2 withIpv6(IpsecOffloadV2 v, boolean ipv6) {
        return new IpsecOffloadV2(v.encapsulation(), ipv6, v.ipv4Options(), v.ipv6NonIpsecExtensionHeaders(),
                v.ah(), v.esp(), v.ahEspCombined(), v.transport(), v.tunnel(), v.transportTunnelCombined(),
                v.lsoSupported(), v.extendedSequenceNumbers(), v.udpEsp(), v.authenticationAlgorithms(),
                v.encryptionAlgorithms(), v.gcmIcvLengths(), v.saOffloadCapacity());
    }
}
