package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** IPsec offload v1 SAs against NDIS_IPSEC_OFFLOAD_V1: each refusal has its own reason and pointer. */
class SaV1ValidatorTest {

    private static final SaV1Capabilities FULL = SaV1Capabilities.fullFeatured();
    private static final TrafficSelector TUNNEL = new TrafficSelector(null, null, null, null, 0, 0, 0,
            IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"));

    private static V1SecAssoc esp(V1ConfAlgorithm c, int ck, V1IntegrityAlgorithm i, int ik) {
        return new V1SecAssoc(IpsecOperation.ESP, 0x100, c, ck, i, ik);
    }

    private static V1SecAssoc ah(V1IntegrityAlgorithm i, int ik) {
        return new V1SecAssoc(IpsecOperation.AH, 0x200, null, 0, i, ik);
    }

    private static AddSaV1 add(SaDirection d, TrafficSelector s, V1UdpEspEntry udp, V1SecAssoc... entries) {
        int keys = 0;
        for (V1SecAssoc e : entries) {
            keys += e.keyMaterialLength();
        }
        byte[] k = new byte[keys];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) i;
        }
        return new AddSaV1(d, s, List.of(entries), SecretBytes.copyOf(k), udp, 0);
    }

    private static SaRefusal refusal(AddSaV1 request, SaV1Capabilities caps) {
        try {
            SaV1Validator.validate(request, caps);
        } catch (SaRefusedException e) {
            return e.refusal();
        }
        throw new AssertionError("not refused");
    }

    private static final V1SecAssoc TDES_SHA = esp(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_3_DES, 24,
            V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA, 20);

    @Test
    void validate_espThenAh_keysSplitConfidentialityFirstAndModeFromTunnelEndpoints() throws Exception {
        SaBundle b = SaV1Validator.validate(add(SaDirection.INBOUND, TUNNEL, null, TDES_SHA,
                ah(V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, 16)), FULL);
        assertThat(b.parameters().mode()).isEqualTo(SaMode.TUNNEL);
        assertThat(b.parameters().destinationAddress()).isEqualTo(IpAddress.parse("10.0.0.2"));
        assertThat(b.parameters().secAssoc().get(0).encryptionAlgorithm().identifier())
                .isEqualTo(EncryptionAlgorithm.TRIPLE_DES_CBC);
        assertThat(b.keys().get(0).encryptionKey().copy()[0]).isEqualTo((byte) 0);
        assertThat(b.keys().get(0).authenticationKey().copy()[0]).isEqualTo((byte) 24);
        assertThat(b.keys().get(1).authenticationKey().copy()[0]).isEqualTo((byte) 44);
        assertThat(b.parameters().emulation().ivSource()).isEqualTo(IvSource.GENERATE);
    }

    @Test
    void validate_eachRuleHasItsOwnReason() {
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, ah(V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5,
                16), TDES_SHA), FULL).reason()).isEqualTo(SaRefusalReason.SA_BUNDLE_COMBINATION_NOT_SUPPORTED);
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, new V1SecAssoc(IpsecOperation.ESP, 0,
                V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, 8, null, 0)), FULL).reason())
                .isEqualTo(SaRefusalReason.SA_SPI_ZERO);
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, esp(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_NONE, 0,
                null, 0)), FULL).reason()).isEqualTo(SaRefusalReason.SA_ESP_NULL_WITHOUT_INTEGRITY);
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, new V1SecAssoc(IpsecOperation.AH, 1,
                V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, 8, V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, 16)), FULL)
                .reason()).isEqualTo(SaRefusalReason.SA_AH_WITH_ENCRYPTION);
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, ah(null, 0)), FULL).reason())
                .isEqualTo(SaRefusalReason.SA_AH_WITHOUT_INTEGRITY);
        SaRefusal key = refusal(add(SaDirection.OUTBOUND, null, null, esp(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, 7,
                null, 0)), FULL);
        assertThat(key.reason()).isEqualTo(SaRefusalReason.SA_KEY_LENGTH_MISMATCH);
        assertThat(key.field()).isEqualTo("/secAssoc/0/confAlgo/algoKeylen");
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, esp(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, 8,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA, 16)), FULL).field())
                .isEqualTo("/secAssoc/0/integrityAlgo/algoKeylen");
    }

    @Test
    void validate_againstNarrowedCapabilities_refusesPerDirectionModeAlgorithmAndCombination() {
        SaV1Capabilities.Protocol sendTransportOnly = new SaV1Capabilities.Protocol(true, false, true, false);
        SaV1Capabilities narrow = new SaV1Capabilities(Set.of(EncryptionAlgorithm.DES_CBC),
                Set.of(IntegrityAlgorithm.MD5), sendTransportOnly, sendTransportOnly, false, false, false, false, 8);
        assertThat(refusal(add(SaDirection.INBOUND, null, null, esp(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, 8,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, 16)), narrow).reason())
                .isEqualTo(SaRefusalReason.SA_DIRECTION_NOT_SUPPORTED);
        assertThat(refusal(add(SaDirection.OUTBOUND, TUNNEL, null, esp(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, 8,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, 16)), narrow).reason())
                .isEqualTo(SaRefusalReason.SA_MODE_NOT_SUPPORTED);
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, TDES_SHA), narrow).reason())
                .isEqualTo(SaRefusalReason.SA_ALGORITHM_NOT_ENABLED);
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, esp(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, 8,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, 16), ah(V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5,
                16)), narrow).reason()).isEqualTo(SaRefusalReason.SA_AH_ESP_COMBINED_NOT_SUPPORTED);
        SaV1Capabilities noAh = new SaV1Capabilities(FULL.encryption(), FULL.integrity(),
                SaV1Capabilities.Protocol.OFF, FULL.esp(), true, true, true, true, 8);
        assertThat(refusal(add(SaDirection.OUTBOUND, null, null, ah(V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5,
                16)), noAh).reason()).isEqualTo(SaRefusalReason.SA_AH_NOT_SUPPORTED);
    }

    @Test
    void validate_udpEsp_typePortAhAndCapability() {
        V1UdpEspEntry other = new V1UdpEspEntry(V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER, 4500);
        assertThat(refusal(add(SaDirection.INBOUND, null, new V1UdpEspEntry(
                V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_IKE, 4500), TDES_SHA), FULL).reason())
                .isEqualTo(SaRefusalReason.SA_UDP_ESP_TYPE_NOT_SUPPORTED);
        assertThat(refusal(add(SaDirection.INBOUND, null, new V1UdpEspEntry(
                V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER, 500), TDES_SHA), FULL).reason())
                .isEqualTo(SaRefusalReason.SA_UDP_ESP_PORT_NOT_SUPPORTED);
        assertThat(refusal(add(SaDirection.INBOUND, null, other, ah(V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5,
                16)), FULL).reason()).isEqualTo(SaRefusalReason.SA_UDP_ESP_WITH_AH);
        SaV1Capabilities noTunnelUdp = new SaV1Capabilities(FULL.encryption(), FULL.integrity(), FULL.ah(),
                FULL.esp(), true, true, true, false, 8);
        assertThat(refusal(add(SaDirection.INBOUND, TUNNEL, other, TDES_SHA), noTunnelUdp).reason())
                .isEqualTo(SaRefusalReason.SA_UDP_ESP_TYPE_NOT_SUPPORTED);
    }

    @Test
    void addSaV1_keyMatNotTheSumOfKeyLengths_isMalformed() {
        assertThatThrownBy(() -> new AddSaV1(SaDirection.INBOUND, null, List.of(TDES_SHA),
                SecretBytes.copyOf(new byte[40]), null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyMat is 40 bytes").hasMessageContaining("add up to 44");
    }

    @Test
    void ipsecV1Sas_refusedSa_destroysKeyMaterialAndAddsNoParserEntry() {
        IpsecV1Sas sas = new IpsecV1Sas(new SaTable(1));
        AddSaV1 bad = add(SaDirection.INBOUND, null, new V1UdpEspEntry(
                V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER, 4500), esp(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES, 7,
                null, 0));
        assertThat(sas.add(bad, FULL).status()).isEqualTo(NdisStatus.FAILURE);
        assertThat(bad.keyMat().isDestroyed()).isTrue();
        assertThat(sas.parserEntries()).isEmpty();
        SaV1Capabilities one = new SaV1Capabilities(FULL.encryption(), FULL.integrity(), FULL.ah(), FULL.esp(),
                true, true, true, true, 0);
        AddSaV1 full = add(SaDirection.INBOUND, null, new V1UdpEspEntry(
                V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER, 4500), TDES_SHA);
        assertThat(sas.add(full, one).refusal().reason()).isEqualTo(SaRefusalReason.SA_CAPACITY_EXHAUSTED);
        assertThat(sas.parserEntries()).as("the parser entry made for a refused SA is removed again").isEmpty();
    }

    @Test
    void ipsecV1Sas_inboundUdpEspNamingAnUnknownParserEntry_isRefused() {
        IpsecV1Sas sas = new IpsecV1Sas(new SaTable(1));
        AddSaV1 request = new AddSaV1(SaDirection.INBOUND, null, List.of(TDES_SHA), SecretBytes.copyOf(new byte[44]),
                new V1UdpEspEntry(V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER, 4500), 99);
        IpsecV1Sas.AddOutcome o = sas.add(request, FULL);
        assertThat(o.refusal().reason()).isEqualTo(SaRefusalReason.SA_UNKNOWN_PARSER_ENTRY);
        assertThat(o.refusal().field()).isEqualTo("/encapTypeEntryOffldHandle");
        assertThat(request.keyMat().isDestroyed()).isTrue();
    }
}
