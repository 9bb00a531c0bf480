package com.offloadnic.ipsec;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static com.offloadnic.crypto.EncryptionAlgorithm.*;
import static com.offloadnic.crypto.IntegrityAlgorithm.*;
import static com.offloadnic.ipsec.SaFixtures.*;
import static com.offloadnic.ipsec.SaRefusalReason.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class SaValidatorTest {

    /**
     * Reasons only the table (capacity, SPIs, handles, injected faults) produces; SaTableTest and
     * SaTableAddFaultTest cover them.
     */
    private static final Set<SaRefusalReason> TABLE_REASONS = EnumSet.of(SA_CAPACITY_EXHAUSTED, SA_SPI_COLLISION,
            SA_UNKNOWN_HANDLE, SA_SEC_ASSOC_NOT_FOUND, SA_ESN_NOT_ENABLED, SA_INJECTED_FAULT);
    /** Reasons only ADD_SA_EX produces; tested below. */
    private static final Set<SaRefusalReason> EX_REASONS = EnumSet.of(SA_RESERVED_FIELD_NOT_ZERO);

    private static SaParameters withUdp(SaParameters p, UdpEspEncapsulation udp, SaMode mode) {
        return new SaParameters(p.direction(), p.ipVersion(), p.sourceAddress(), p.destinationAddress(), udp,
                p.secAssoc(), new SaEmulation(IvSource.GENERATE, mode, 0, 0));
    }

    private static SecAssoc espWith(EncryptionAlgorithmInfo enc, IntegrityAlgorithmInfo auth) {
        return new SecAssoc(IpsecOperation.ESP, 0x100, enc, auth, false, 0);
    }

    private static IpsecV2Limits.Builder limits() {
        return full().toBuilder();
    }

    static Stream<Arguments> refusals() {
        UdpEspEncapsulation udpTransport = UdpEspEncapsulation.of(UdpEspEncapsulationType.TRANSPORT);
        return Stream.of(
                argumentSet("AH then ESP", inbound(ah(0x200, SHA_1, 0), espCbcSha(0x100)), full(),
                        SA_BUNDLE_COMBINATION_NOT_SUPPORTED, "/secAssoc"),
                argumentSet("two ESP entries", inbound(espGcm(0x100), espGcm(0x101)), full(),
                        SA_BUNDLE_COMBINATION_NOT_SUPPORTED, "/secAssoc"),
                argumentSet("AH with Ah off", inbound(ah(0x200, SHA_1, 0)), limits().ah(false).build(),
                        SA_AH_NOT_SUPPORTED, "/secAssoc/0/operation"),
                argumentSet("ESP with Esp off", inbound(espGcm(0x100)), limits().esp(false).build(),
                        SA_ESP_NOT_SUPPORTED, "/secAssoc/0/operation"),
                argumentSet("ESP+AH without AhEspCombined", inbound(espCbcSha(0x100), ah(0x200, SHA_1, 48)),
                        limits().ahEspCombined(false).build(), SA_AH_ESP_COMBINED_NOT_SUPPORTED, "/secAssoc"),
                argumentSet("IPv6 without IPv6Supported", params(SaDirection.INBOUND, DST6, espGcm(0x100)),
                        limits().ipv6Supported(false).build(), SA_IPV6_NOT_SUPPORTED, "/ipVersion"),
                argumentSet("UDP-ESP type not offered", withUdp(inbound(espGcm(0x100)), udpTransport, null),
                        limits().udpEsp(Set.of(UdpEspEncapsulationType.TUNNEL)).build(), SA_UDP_ESP_TYPE_NOT_SUPPORTED,
                        "/udpEspEncapsulation/type"),
                argumentSet("UDP-ESP with AH", withUdp(inbound(espCbcSha(0x100), ah(0x200, SHA_1, 48)), udpTransport, null),
                        full(), SA_UDP_ESP_WITH_AH, "/udpEspEncapsulation/type"),
                argumentSet("emulation.mode against UDP-ESP type",
                        withUdp(inbound(espGcm(0x100)), udpTransport, SaMode.TUNNEL), full(), SA_MODE_CONFLICT,
                        "/emulation/mode"),
                argumentSet("tunnel SA without Tunnel",
                        withUdp(inbound(espGcm(0x100)), UdpEspEncapsulation.NONE, SaMode.TUNNEL),
                        limits().tunnel(false).build(), SA_MODE_NOT_SUPPORTED, "/emulation/mode"),
                argumentSet("UDP transport SA without Transport", withUdp(inbound(espGcm(0x100)), udpTransport, null),
                        limits().transport(false).build(), SA_MODE_NOT_SUPPORTED, "/udpEspEncapsulation/type"),
                argumentSet("SPI 0", inbound(espGcm(0)), full(), SA_SPI_ZERO, "/secAssoc/0/spi"),
                argumentSet("SPI 0 on the AH entry", inbound(espCbcSha(0x100), ah(0, SHA_1, 48)), full(),
                        SA_SPI_ZERO, "/secAssoc/1/spi"),
                argumentSet("ESN without ExtendedSequenceNumbers", inbound(withEsn(espGcm(0x100), 0)),
                        limits().extendedSequenceNumbers(false).build(), SA_ESN_NOT_SUPPORTED, "/secAssoc/0/esn"),
                argumentSet("high-order bits without ESN",
                        inbound(new SecAssoc(IpsecOperation.ESP, 0x100, EncryptionAlgorithmInfo.of(AES_GCM_128, 0),
                                null, false, 7)), full(), SA_SEQUENCE_HIGH_ORDER_WITHOUT_ESN,
                        "/secAssoc/0/sequenceNumberHighOrder"),
                argumentSet("AH with encryption",
                        inbound(new SecAssoc(IpsecOperation.AH, 0x200, EncryptionAlgorithmInfo.of(AES_CBC_128, 0),
                                IntegrityAlgorithmInfo.of(SHA_1, 16), false, 0)), full(), SA_AH_WITH_ENCRYPTION,
                        "/secAssoc/0/encryptionAlgorithm"),
                argumentSet("AH without integrity",
                        inbound(new SecAssoc(IpsecOperation.AH, 0x200, null, null, false, 0)), full(),
                        SA_AH_WITHOUT_INTEGRITY, "/secAssoc/0/authenticationAlgorithm"),
                argumentSet("ESP null encryption without integrity", inbound(esp(0x100, NONE, null)), full(),
                        SA_ESP_NULL_WITHOUT_INTEGRITY, "/secAssoc/0/authenticationAlgorithm"),
                argumentSet("ESP confidentiality only, no AH", inbound(esp(0x100, AES_CBC_128, null)), full(),
                        SA_NO_AUTHENTICATION, "/secAssoc/0/authenticationAlgorithm"),
                argumentSet("GCM with HMAC", inbound(esp(0x100, AES_GCM_128, SHA_256)), full(),
                        SA_GCM_INTEGRITY_CONFLICT, "/secAssoc/0/authenticationAlgorithm"),
                argumentSet("GCM-128 with GMAC-256 of key length 0",
                        inbound(espWith(EncryptionAlgorithmInfo.of(AES_GCM_128, 0),
                                new IntegrityAlgorithmInfo(AES_GMAC_256, 0, 0, 0))), full(),
                        SA_GCM_INTEGRITY_CONFLICT, "/secAssoc/0/authenticationAlgorithm"),
                argumentSet("GCM with matching GMAC that carries a key",
                        inbound(espWith(EncryptionAlgorithmInfo.of(AES_GCM_128, 0),
                                IntegrityAlgorithmInfo.of(AES_GMAC_128, 20))), full(),
                        SA_GCM_INTEGRITY_CONFLICT, "/secAssoc/0/authenticationAlgorithm"),
                argumentSet("CBC with GMAC", inbound(esp(0x100, AES_CBC_256, AES_GMAC_256)), full(),
                        SA_GMAC_REQUIRES_NULL_ENCRYPTION, "/secAssoc/0/authenticationAlgorithm"),
                argumentSet("encryption algorithm not enabled", inbound(esp(0x100, AES_GCM_256, null)),
                        limits().encryptionAlgorithms(Set.of(AES_GCM_128)).build(), SA_ALGORITHM_NOT_ENABLED,
                        "/secAssoc/0/encryptionAlgorithm/identifier"),
                argumentSet("null encryption not enabled", inbound(esp(0x100, NONE, SHA_1)),
                        limits().encryptionAlgorithms(Set.of(AES_CBC_128)).build(), SA_ALGORITHM_NOT_ENABLED,
                        "/secAssoc/0/encryptionAlgorithm/identifier"),
                argumentSet("integrity algorithm not enabled", inbound(esp(0x100, AES_CBC_128, SHA_1)),
                        limits().authenticationAlgorithms(Set.of(SHA_256)).build(), SA_ALGORITHM_NOT_ENABLED,
                        "/secAssoc/0/authenticationAlgorithm/identifier"),
                argumentSet("AH algorithm not enabled", inbound(ah(0x200, MD5, 0)),
                        limits().authenticationAlgorithms(Set.of(SHA_1)).build(), SA_ALGORITHM_NOT_ENABLED,
                        "/secAssoc/0/authenticationAlgorithm/identifier"),
                argumentSet("GCM key without salt",
                        inbound(espWith(new EncryptionAlgorithmInfo(AES_GCM_128, 16, 0, 16), null)), full(),
                        SA_KEY_LENGTH_MISMATCH, "/secAssoc/0/encryptionAlgorithm/keyLength"),
                argumentSet("GMAC key without salt",
                        inbound(espWith(EncryptionAlgorithmInfo.NONE, new IntegrityAlgorithmInfo(AES_GMAC_128, 16, 0, 0))),
                        full(), SA_KEY_LENGTH_MISMATCH, "/secAssoc/0/authenticationAlgorithm/keyLength"),
                argumentSet("HMAC-SHA-256 with a 20-byte key",
                        inbound(espWith(EncryptionAlgorithmInfo.of(AES_CBC_128, 0), new IntegrityAlgorithmInfo(SHA_256, 20, 16, 0))),
                        full(), SA_KEY_LENGTH_MISMATCH, "/secAssoc/0/authenticationAlgorithm/keyLength"),
                argumentSet("null encryption with a key",
                        inbound(espWith(new EncryptionAlgorithmInfo(NONE, 4, 0, 0), IntegrityAlgorithmInfo.of(SHA_1, 4))),
                        full(), SA_KEY_LENGTH_MISMATCH, "/secAssoc/0/encryptionAlgorithm/keyLength"),
                argumentSet("GCM ICV length 4",
                        inbound(espWith(new EncryptionAlgorithmInfo(AES_GCM_128, 20, 0, 4), null)), full(),
                        SA_ICV_LENGTH_NOT_ALLOWED, "/secAssoc/0/encryptionAlgorithm/additionalInfo"),
                argumentSet("GCM ICV length missing",
                        inbound(espWith(new EncryptionAlgorithmInfo(AES_GCM_128, 20, 0, 0), null)), full(),
                        SA_ICV_LENGTH_NOT_ALLOWED, "/secAssoc/0/encryptionAlgorithm/additionalInfo"),
                argumentSet("GCM ICV length the NIC does not allow",
                        inbound(espWith(new EncryptionAlgorithmInfo(AES_GCM_128, 20, 0, 12), null)),
                        limits().gcmIcvLengths(Set.of(16)).build(), SA_ICV_LENGTH_NOT_ALLOWED,
                        "/secAssoc/0/encryptionAlgorithm/additionalInfo"),
                argumentSet("HMAC-SHA1 ICV length 16",
                        inbound(espWith(EncryptionAlgorithmInfo.of(AES_CBC_128, 0), new IntegrityAlgorithmInfo(SHA_1, 20, 16, 16))),
                        full(), SA_ICV_LENGTH_NOT_ALLOWED, "/secAssoc/0/authenticationAlgorithm/additionalInfo"),
                argumentSet("GMAC ICV length 8",
                        inbound(espWith(EncryptionAlgorithmInfo.NONE, new IntegrityAlgorithmInfo(AES_GMAC_128, 20, 0, 8))),
                        full(), SA_ICV_LENGTH_NOT_ALLOWED, "/secAssoc/0/authenticationAlgorithm/additionalInfo"),
                argumentSet("encryption key past the key data",
                        inbound(espWith(EncryptionAlgorithmInfo.of(AES_GCM_128, 49), null)), full(),
                        SA_KEY_OUT_OF_RANGE, "/secAssoc/0/encryptionAlgorithm/keyOffsetBytes"),
                argumentSet("integrity key past the key data",
                        inbound(espWith(EncryptionAlgorithmInfo.of(AES_CBC_128, 0), IntegrityAlgorithmInfo.of(SHA_256, 40))),
                        full(), SA_KEY_OUT_OF_RANGE, "/secAssoc/0/authenticationAlgorithm/keyOffsetBytes"),
                argumentSet("AH key past the key data", inbound(espCbcSha(0x100), ah(0x200, SHA_1, 49)), full(),
                        SA_KEY_OUT_OF_RANGE, "/secAssoc/1/authenticationAlgorithm/keyOffsetBytes"),
                argumentSet("offset near 2^31 does not overflow",
                        inbound(espWith(EncryptionAlgorithmInfo.of(AES_GCM_128, Integer.MAX_VALUE - 4), null)), full(),
                        SA_KEY_OUT_OF_RANGE, "/secAssoc/0/encryptionAlgorithm/keyOffsetBytes"));
    }

    private static final int KEY_DATA = 68;

    @ParameterizedTest
    @MethodSource("refusals")
    void addSa_refusedBundle_reportsReasonAndField(SaParameters p, IpsecV2Limits limits, SaRefusalReason reason,
                                                   String field) {
        // 68 bytes hold every fixture's keys (CBC-128 + SHA-256 + SHA-1 AH = 16 + 32 + 20) but not the
        // deliberately misplaced ones.
        AddSa request = addSa(p, KEY_DATA);
        assertThatThrownBy(() -> SaValidator.validate(request, limits))
                .isInstanceOfSatisfying(SaRefusedException.class, e -> {
                    assertThat(e.refusal().reason()).isEqualTo(reason);
                    assertThat(e.refusal().field()).isEqualTo(field);
                    assertThat(e.refusal().message()).isNotBlank();
                });
    }

    @Test
    void everyRefusalReason_hasATest() {
        Set<SaRefusalReason> covered = new HashSet<>(TABLE_REASONS);
        covered.addAll(EX_REASONS);
        refusals().forEach(a -> covered.add((SaRefusalReason) a.get()[2]));
        // IPsec offload v1 only: tested in SaV1ValidatorTest
        covered.addAll(Set.of(SaRefusalReason.SA_DIRECTION_NOT_SUPPORTED, SaRefusalReason.SA_UDP_ESP_PORT_NOT_SUPPORTED,
                SaRefusalReason.SA_UNKNOWN_PARSER_ENTRY));
        assertThat(covered).containsExactlyInAnyOrder(SaRefusalReason.values());
    }

    @Test
    void addSaEx_reservedSwitchPortOrVlan_isRefused() {
        SaParameters p = inbound(espGcm(0x100));
        AddSaEx port = new AddSaEx(p, 20, 0, 3, 0, SecretBytes.copyOf(keyPattern(20)));
        AddSaEx vlan = new AddSaEx(p, 20, 0, 0, 7, SecretBytes.copyOf(keyPattern(20)));
        assertThatThrownBy(() -> SaValidator.validate(port, full()))
                .isInstanceOfSatisfying(SaRefusedException.class, e -> {
                    assertThat(e.refusal().reason()).isEqualTo(SA_RESERVED_FIELD_NOT_ZERO);
                    assertThat(e.refusal().field()).isEqualTo("/sourceSwitchPortId");
                });
        assertThatThrownBy(() -> SaValidator.validate(vlan, full()))
                .isInstanceOfSatisfying(SaRefusedException.class, e -> {
                    assertThat(e.refusal().reason()).isEqualTo(SA_RESERVED_FIELD_NOT_ZERO);
                    assertThat(e.refusal().field()).isEqualTo("/vlanId");
                });
    }

    @Test
    void addSaEx_keyArrayPastBuffer_isKeyOutOfRange() {
        SaParameters p = inbound(espGcm(0x100));
        AddSaEx ex = new AddSaEx(p, 20, 8, 0, 0, SecretBytes.copyOf(keyPattern(27)));
        assertThatThrownBy(() -> SaValidator.validate(ex, full()))
                .isInstanceOfSatisfying(SaRefusedException.class, e -> {
                    assertThat(e.refusal().reason()).isEqualTo(SA_KEY_OUT_OF_RANGE);
                    assertThat(e.refusal().field()).isEqualTo("/keyLength");
                });
    }

    @Test
    void addSaEx_algorithmKeyPastKeyLength_isKeyOutOfRange_evenIfTheBufferIsLonger() {
        // The algorithm's key must lie within KeyLength, not merely within the memory behind it.
        SaParameters p = inbound(espGcm(0x100));
        AddSaEx ex = new AddSaEx(p, 19, 0, 0, 0, SecretBytes.copyOf(keyPattern(40)));
        assertThatThrownBy(() -> SaValidator.validate(ex, full()))
                .isInstanceOfSatisfying(SaRefusedException.class,
                        e -> assertThat(e.refusal().reason()).isEqualTo(SA_KEY_OUT_OF_RANGE));
    }

    @Test
    void addSaEx_keysAddressedFromKeyOffset() throws Exception {
        // CBC-128 key at keyOffsetBytes 20, SHA-1 key at 0, key array starting 8 bytes into the buffer.
        SecAssoc sa = espWith(EncryptionAlgorithmInfo.of(AES_CBC_128, 20), IntegrityAlgorithmInfo.of(SHA_1, 0));
        byte[] buffer = keyPattern(8 + 36);
        SaBundle bundle = SaValidator.validate(new AddSaEx(inbound(sa), 36, 8, 0, 0, SecretBytes.copyOf(buffer)), full());
        assertThat(bundle.keys().get(0).encryptionKey().copy()).isEqualTo(Arrays.copyOfRange(buffer, 28, 44));
        assertThat(bundle.keys().get(0).authenticationKey().copy()).isEqualTo(Arrays.copyOfRange(buffer, 8, 28));
    }

    @Test
    void addSa_keysTakenAtTheirOffsets_inAnyOrder() throws Exception {
        // Integrity key first, then the encryption key; and an AH key after both.
        SecAssoc esp = espWith(EncryptionAlgorithmInfo.of(AES_CBC_256, 32), IntegrityAlgorithmInfo.of(SHA_256, 0));
        SecAssoc ah = ah(0x200, MD5, 64);
        byte[] keyData = keyPattern(80);
        SaBundle bundle = SaValidator.validate(new AddSa(inbound(esp, ah), SecretBytes.copyOf(keyData)), full());
        assertThat(bundle.keys().get(0).authenticationKey().copy()).isEqualTo(Arrays.copyOfRange(keyData, 0, 32));
        assertThat(bundle.keys().get(0).encryptionKey().copy()).isEqualTo(Arrays.copyOfRange(keyData, 32, 64));
        assertThat(bundle.keys().get(1).encryptionKey()).isNull();
        assertThat(bundle.keys().get(1).authenticationKey().copy()).isEqualTo(Arrays.copyOfRange(keyData, 64, 80));
        assertThat(bundle.toString()).contains("redacted").doesNotContain("c0c1").doesNotContain("-64, -63");
    }

    @Test
    void gcm_keyIncludesSalt_andIgnoredMatchingGmacCarriesNoKey() throws Exception {
        SecAssoc sa = espWith(new EncryptionAlgorithmInfo(AES_GCM_256, 36, 0, 12),
                new IntegrityAlgorithmInfo(AES_GMAC_256, 0, 0, 0));
        SaBundle bundle = SaValidator.validate(new AddSa(inbound(sa), SecretBytes.copyOf(keyPattern(36))),
                full().toBuilder().authenticationAlgorithms(Set.of(SHA_1)).build());
        assertThat(bundle.keys().get(0).encryptionKey().length()).isEqualTo(36);
        assertThat(bundle.keys().get(0).authenticationKey()).isNull();
        assertThat(bundle.parameters().secAssoc().get(0).icvLength()).isEqualTo(12);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                argumentSet("AES-GCM-128 ICV 8",
                        inbound(espWith(new EncryptionAlgorithmInfo(AES_GCM_128, 20, 0, 8), null))),
                argumentSet("AES-GCM-192 ICV 12",
                        inbound(espWith(new EncryptionAlgorithmInfo(AES_GCM_192, 28, 0, 12), null))),
                argumentSet("AES-GCM-256 ICV 16", inbound(esp(0x100, AES_GCM_256, null))),
                argumentSet("ESP-NULL with AES-GMAC-128 (RFC 4543)", inbound(esp(0x100, NONE, AES_GMAC_128))),
                argumentSet("ESP-NULL with HMAC-SHA1-96", inbound(esp(0x100, NONE, SHA_1))),
                argumentSet("AES-CBC-192 with HMAC-SHA-256-128", inbound(esp(0x100, AES_CBC_192, SHA_256))),
                argumentSet("3DES with HMAC-MD5-96", inbound(esp(0x100, TRIPLE_DES_CBC, MD5))),
                argumentSet("DES with HMAC-SHA1-96", inbound(esp(0x100, DES_CBC, SHA_1))),
                argumentSet("HMAC with additionalInfo = its ICV length",
                        inbound(espWith(EncryptionAlgorithmInfo.of(AES_CBC_128, 0), new IntegrityAlgorithmInfo(SHA_256, 32, 16, 16)))),
                argumentSet("AH with AES-GMAC-192", inbound(ah(0x200, AES_GMAC_192, 0))),
                argumentSet("ESP confidentiality only followed by AH",
                        inbound(esp(0x100, AES_CBC_128, null), ah(0x200, SHA_1, 16))),
                argumentSet("ESP+AH both with ESN",
                        inbound(withEsn(espCbcSha(0x100), 3), withEsn(ah(0x200, SHA_1, 48), 3))),
                argumentSet("IPv6 wildcard outbound", params(SaDirection.OUTBOUND, IpAddress.IPV6_UNSPECIFIED, espGcm(0x100))),
                argumentSet("UDP transport with matching emulation.mode",
                        withUdp(inbound(espGcm(0x100)), UdpEspEncapsulation.of(UdpEspEncapsulationType.TRANSPORT), SaMode.TRANSPORT)),
                argumentSet("transport over UDP tunnel, mode from emulation",
                        withUdp(inbound(espGcm(0x100)), UdpEspEncapsulation.of(UdpEspEncapsulationType.TRANSPORT_OVER_UDP_TUNNEL),
                                SaMode.TUNNEL)),
                argumentSet("SPI 0xffffffff", inbound(espGcm(0xFFFF_FFFF))));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void addSa_validBundle_isAccepted(SaParameters p) throws Exception {
        SaBundle bundle = SaValidator.validate(addSa(p), full());
        assertThat(bundle.parameters()).isEqualTo(p);
        assertThat(bundle.keys()).hasSize(p.secAssoc().size());
    }

    @Test
    void malformedStructure_isRejectedOnConstruction_notRefused() {
        assertThatThrownBy(() -> new SaParameters(SaDirection.INBOUND, IpVersion.IPV4, SRC, DST6,
                UdpEspEncapsulation.NONE, List.of(espGcm(1)), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("destinationAddress");
        assertThatThrownBy(() -> new SaParameters(SaDirection.INBOUND, IpVersion.IPV4, SRC, DST,
                UdpEspEncapsulation.NONE, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NumExtHdrs");
        assertThatThrownBy(() -> new SaParameters(SaDirection.INBOUND, IpVersion.IPV4, SRC, DST,
                UdpEspEncapsulation.NONE, List.of(espGcm(1), ah(2, SHA_1, 0), ah(3, SHA_1, 0)), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NumExtHdrs");
        assertThatThrownBy(() -> new EncryptionAlgorithmInfo(AES_GCM_128, -1, 0, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyLength");
        assertThatThrownBy(() -> new UdpEspEncapsulation(UdpEspEncapsulationType.TRANSPORT, 0, 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new UdpEspEncapsulation(UdpEspEncapsulationType.NONE, 0, 4500))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SaEmulation(null, null, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lifetimePackets");
    }

    @Test
    void mode_comesFromUdpTypeThenEmulationThenPackets() {
        SaParameters udpTunnel = withUdp(inbound(espGcm(1)), UdpEspEncapsulation.of(UdpEspEncapsulationType.TUNNEL), null);
        SaParameters emulated = withUdp(inbound(espGcm(1)), UdpEspEncapsulation.NONE, SaMode.TRANSPORT);
        SaParameters open = inbound(espGcm(1));
        assertThat(udpTunnel.mode()).isEqualTo(SaMode.TUNNEL);
        assertThat(emulated.mode()).isEqualTo(SaMode.TRANSPORT);
        assertThat(open.mode()).isNull();
    }

    @Test
    void validate_doesNotConsumeTheKeyData() throws Exception {
        AddSa request = addSa(inbound(espGcm(1)));
        SaValidator.validate(request, full());
        assertThat(request.keyData().isDestroyed()).isFalse();
    }
}
