package com.offloadnic.ipsec;

import static com.offloadnic.ipsec.ReceiveFrames.espSpan;
import static com.offloadnic.ipsec.ReceiveFrames.ipv4;
import static com.offloadnic.ipsec.ReceiveFrames.ipv6;
import static com.offloadnic.ipsec.ReceiveFrames.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.EspTransform;
import com.offloadnic.crypto.IntegrityAlgorithm;
import com.offloadnic.crypto.SecretBytes;
import com.offloadnic.ipsec.InboundSaFixture.Entry;
import com.offloadnic.packet.AhHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Classification, every CryptoStatus the receive path produces, ESN inference and saDeleteReq. */
class ReceivePipelineTest {

    private static final long SPI = 0x1001;
    private static final byte[] CBC_KEY = key(16, 1);
    private static final byte[] HMAC_KEY = key(32, 2);
    private static final byte[] GCM_KEY = key(20, 3);
    private static final byte[] AH_KEY = key(20, 4);

    private final SaTable table = new SaTable();
    private final SaTableInboundSas sas = InboundSaFixture.inboundSas(table);

    private static byte[] key(int length, int seed) {
        byte[] k = new byte[length];
        new Random(seed).nextBytes(k);
        return k;
    }

    private static EspTransform cbcSha256(boolean esn) {
        return EspTransform.create(EncryptionAlgorithm.AES_CBC_128, SecretBytes.copyOf(CBC_KEY),
                IntegrityAlgorithm.SHA_256, SecretBytes.copyOf(HMAC_KEY), 16, esn);
    }

    private static EspTransform gcm(boolean esn) {
        return EspTransform.create(EncryptionAlgorithm.AES_GCM_128, SecretBytes.copyOf(GCM_KEY), null, null, 16,
                esn);
    }

    private long addCbcSha256(SaEmulation emulation) {
        return InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, emulation, null,
                Entry.esp(SPI, EncryptionAlgorithm.AES_CBC_128, CBC_KEY, IntegrityAlgorithm.SHA_256, HMAC_KEY));
    }

    private static byte[] espFrame(EspTransform t, int seq, int high, byte[] options) {
        return ipv4(50, options, espSpan(t, SPI, seq, high, payload(40), 6), false);
    }

    private ReceiveIndication receive(byte[] frame) {
        return ReceivePipeline.process(ReceiveSettings.fullV2(), sas, frame);
    }

    private static void assertNotOffloaded(ReceiveIndication indication, byte[] frame, NotOffloadedReason reason) {
        assertThat(indication.notOffloadedReason()).isEqualTo(reason);
        assertThat(indication.cryptoDone()).isFalse();
        assertThat(indication.nextCryptoDone()).isFalse();
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        assertThat(indication.headerInfo().headerInfoSet()).isFalse();
        assertThat(indication.frame()).isEqualTo(frame);
    }

    @Test
    void receive_validEsp_decryptsInPlaceWithHeaderInfo() {
        addCbcSha256(SaEmulation.DEFAULT);
        byte[] frame = espFrame(cbcSha256(false), 7, 0, new byte[0]);
        ReceiveIndication indication = receive(frame);
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        assertThat(indication.cryptoDone()).isTrue();
        assertThat(indication.nextCryptoDone()).isFalse();
        int payload = 14 + 20 + 8 + 16;
        assertThat(Arrays.copyOfRange(indication.frame(), payload, payload + 40)).isEqualTo(payload(40));
        assertThat(Arrays.copyOfRange(indication.frame(), 0, payload)).isEqualTo(Arrays.copyOfRange(frame, 0, payload));
        assertThat(indication.headerInfo()).isEqualTo(ReceiveIndication.HeaderInfo.of(6, 6));
    }

    @Test
    void receive_offloadDisabled_indicatesUnchanged() {
        addCbcSha256(SaEmulation.DEFAULT);
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        assertNotOffloaded(ReceivePipeline.process(ReceiveSettings.fullV2().withIpsecEnabled(false), sas, frame),
                frame, NotOffloadedReason.OFFLOAD_DISABLED);
    }

    @Test
    void receive_onlyAhEnabled_leavesEspAlone() {
        addCbcSha256(SaEmulation.DEFAULT);
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        ReceiveSettings ahOnly = new ReceiveSettings(true, true, true, true, true, true, false, false, true, true,
                true, true);
        assertNotOffloaded(ReceivePipeline.process(ahOnly, sas, frame), frame, NotOffloadedReason.OFFLOAD_DISABLED);
    }

    @Test
    void receive_noSaForSpi_indicatesUnchanged() {
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        assertNotOffloaded(receive(frame), frame, NotOffloadedReason.NO_SA);
    }

    @Test
    void receive_otherDestination_findsNoSa() {
        addCbcSha256(SaEmulation.DEFAULT);
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        frame[14 + 19] ^= 1; // destination address
        assertNotOffloaded(receive(frame), frame, NotOffloadedReason.NO_SA);
    }

    @Test
    void receive_ipv4Options_offloadedOnlyWhenTheCapabilityAllowsThem() {
        addCbcSha256(SaEmulation.DEFAULT);
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[] {(byte) 148, 4, 0, 0}); // router alert
        ReceiveSettings noOptions = new ReceiveSettings(true, true, true, false, true, true, true, true, true, true,
                true, true);
        assertNotOffloaded(ReceivePipeline.process(noOptions, sas, frame), frame, NotOffloadedReason.IPV4_OPTIONS);
        assertThat(receive(frame).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        assertThat(receive(frame).cryptoDone()).isTrue();
    }

    @Test
    void receive_ipv6ExtensionHeaders_offloadedOnlyWhenTheCapabilityAllowsThem() {
        InboundSaFixture.add(table, IpVersion.IPV6, ReceiveFrames.DST6, SaEmulation.DEFAULT, null,
                Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        byte[] esp = espSpan(gcm(false), SPI, 1, 0, payload(30), 17);
        byte[] hopByHop = {50, 0, 1, 4, 0, 0, 0, 0}; // next header ESP, PadN
        byte[] frame = ipv6(0, hopByHop, esp, false);
        ReceiveSettings noExtensions = new ReceiveSettings(true, true, true, true, false, true, true, true, true,
                true, true, true);
        assertNotOffloaded(ReceivePipeline.process(noExtensions, sas, frame), frame,
                NotOffloadedReason.IPV6_EXTENSION_HEADERS);
        ReceiveIndication ok = receive(frame);
        assertThat(ok.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        int payload = 14 + 40 + 8 + 8 + 8;
        assertThat(Arrays.copyOfRange(ok.frame(), payload, payload + 30)).isEqualTo(payload(30));
        ReceiveSettings noIpv6 = new ReceiveSettings(true, true, false, true, true, true, true, true, true, true,
                true, true);
        byte[] plain = ipv6(50, new byte[0], esp, false);
        assertNotOffloaded(ReceivePipeline.process(noIpv6, sas, plain), plain, NotOffloadedReason.IPV6_UNSUPPORTED);
    }

    @Test
    void receive_fragments_areNeverOffloaded() {
        addCbcSha256(SaEmulation.DEFAULT);
        byte[] first = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        first[14 + 6] = 0x20; // MF
        assertNotOffloaded(receive(first), first, NotOffloadedReason.FRAGMENT);
        byte[] later = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        later[14 + 7] = 0x10; // fragment offset
        assertNotOffloaded(receive(later), later, NotOffloadedReason.FRAGMENT);
        byte[] esp = espSpan(gcm(false), SPI, 1, 0, payload(30), 17);
        byte[] fragmentHeader = {50, 0, 0, 1, 0, 0, 0, 9}; // offset 0, M = 1
        byte[] v6 = ipv6(44, fragmentHeader, esp, false);
        assertNotOffloaded(receive(v6), v6, NotOffloadedReason.FRAGMENT);
    }

    @Test
    void receive_ikeAndKeepaliveOnPort4500_areIndicatedUnchanged() {
        byte[] ike = ipv4(17, new byte[0], new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, true);
        assertNotOffloaded(receive(ike), ike, NotOffloadedReason.IKE);
        byte[] keepalive = ipv4(17, new byte[0], new byte[] {(byte) 0xFF}, true);
        assertNotOffloaded(receive(keepalive), keepalive, NotOffloadedReason.IKE);
    }

    @Test
    void receive_udpEncapsulatedEsp_decryptsOrIsLeftAloneWithoutTheCapability() {
        InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT,
                UdpEspEncapsulationType.TRANSPORT,
                Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        byte[] frame = ipv4(50, new byte[0], espSpan(gcm(false), SPI, 3, 0, payload(20), 6), true);
        ReceiveIndication ok = receive(frame);
        assertThat(ok.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        int payload = 14 + 20 + 8 + 8 + 8;
        assertThat(Arrays.copyOfRange(ok.frame(), payload, payload + 20)).isEqualTo(payload(20));
        ReceiveSettings noUdpEsp = new ReceiveSettings(true, true, true, true, true, true, true, true, true, true,
                true, false);
        assertNotOffloaded(ReceivePipeline.process(noUdpEsp, sas, frame), frame,
                NotOffloadedReason.UDP_ESP_UNSUPPORTED);
    }

    @Test
    void receive_udpEncapsulatedEspForSaWithoutUdpEncapsulation_isLeftAlone() {
        InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                Entry.esp(SPI, EncryptionAlgorithm.AES_GCM_128, GCM_KEY, null, null));
        byte[] frame = ipv4(50, new byte[0], espSpan(gcm(false), SPI, 3, 0, payload(20), 6), true);
        assertNotOffloaded(receive(frame), frame, NotOffloadedReason.UDP_ESP_UNSUPPORTED);
    }

    @Test
    void receive_nonIpsecAndNonIpAndNonEthernet_areIndicatedUnchanged() {
        byte[] tcp = ipv4(6, new byte[0], payload(20), false);
        assertNotOffloaded(receive(tcp), tcp, NotOffloadedReason.NOT_IPSEC);
        byte[] arp = ReceiveFrames.copy(tcp);
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertNotOffloaded(receive(arp), arp, NotOffloadedReason.NOT_IP);
        byte[] runt = {1, 2, 3};
        assertNotOffloaded(receive(runt), runt, NotOffloadedReason.NOT_ETHERNET);
        byte[] ieee8023 = ReceiveFrames.copy(tcp);
        ieee8023[12] = 0;
        ieee8023[13] = 0x40; // an 802.3 length, not an EtherType
        assertNotOffloaded(receive(ieee8023), ieee8023, NotOffloadedReason.NOT_ETHERNET);
    }

    @Test
    void receive_ahSaReceivingEsp_reportsInvalidProtocol() {
        InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                Entry.ah(SPI, IntegrityAlgorithm.SHA_1, AH_KEY));
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        ReceiveIndication indication = receive(frame);
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_INVALID_PROTOCOL);
        assertThat(indication.cryptoDone()).isTrue();
        assertThat(indication.frame()).isEqualTo(frame);
    }

    @Test
    void receive_espAhBundleReceivingEspAlone_reportsInvalidProtocol() {
        InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                Entry.esp(SPI, EncryptionAlgorithm.AES_CBC_128, CBC_KEY, IntegrityAlgorithm.SHA_256, HMAC_KEY),
                Entry.ah(SPI + 1, IntegrityAlgorithm.SHA_1, AH_KEY));
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        assertThat(receive(frame).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_INVALID_PROTOCOL);
    }

    @Test
    void receive_espAhBundle_verifiesAhThenDecryptsEsp() {
        InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                Entry.esp(SPI, EncryptionAlgorithm.AES_CBC_128, CBC_KEY, IntegrityAlgorithm.SHA_256, HMAC_KEY),
                Entry.ah(SPI + 1, IntegrityAlgorithm.SHA_1, AH_KEY));
        byte[] esp = espSpan(cbcSha256(false), SPI, 9, 0, payload(33), 6);
        byte[] ah = ByteBuffer.allocate(24).put((byte) 50).put((byte) 4).putShort((short) 0)
                .putInt((int) (SPI + 1)).putInt(9).array();
        byte[] frame = ipv4(51, new byte[0], concat(ah, esp), false);
        var ahTransform = com.offloadnic.crypto.AhTransform.create(IntegrityAlgorithm.SHA_1,
                SecretBytes.copyOf(AH_KEY));
        AhIcvCalculator.writeIcv(ahTransform, frame, 14, 34, frame.length, false, 0);
        ReceiveIndication indication = receive(frame);
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        int payload = 14 + 20 + 24 + 8 + 16;
        assertThat(Arrays.copyOfRange(indication.frame(), payload, payload + 33)).isEqualTo(payload(33));
        assertThat(indication.headerInfo().nextHeader()).isEqualTo(6);

        byte[] tamperedAh = ReceiveFrames.copy(frame);
        tamperedAh[14 + 20 + AhHeader.ICV] ^= 1;
        assertThat(receive(tamperedAh).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_AH_AUTH_FAILED);
    }

    @Test
    void receive_lengthsThatCannotHoldTheHeaders_reportInvalidPacketSyntax() {
        addCbcSha256(SaEmulation.DEFAULT);
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        // IP total length claims more than the frame holds
        byte[] longer = ReceiveFrames.copy(frame);
        ByteBuffer.wrap(longer).putShort(14 + 2, (short) (frame.length - 14 + 40));
        assertThat(receive(longer).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        // an ESP payload too short for IV, trailer and ICV, with consistent lengths
        byte[] shortEsp = ipv4(50, new byte[0], ByteBuffer.allocate(20).putInt((int) SPI).putInt(1).array(), false);
        ReceiveIndication indication = receive(shortEsp);
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        assertThat(indication.cryptoDone()).isTrue();
        assertThat(indication.frame()).isEqualTo(shortEsp);
        // CBC ciphertext that is not a whole number of blocks
        byte[] span = espSpan(cbcSha256(false), SPI, 1, 0, payload(40), 6);
        byte[] ragged = ipv4(50, new byte[0], Arrays.copyOf(span, span.length + 4), false);
        assertThat(receive(ragged).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
    }

    @Test
    void receive_saKeysWipedWhilePacketInFlight_reportsGenericError() {
        long handle = addCbcSha256(SaEmulation.DEFAULT);
        SaTransformCache cache = new SaTransformCache();
        SaTableInboundSas wiped = new SaTableInboundSas(table,
                entry -> cache.get(entry.offloadHandle(), () -> SaTransformsFactory.build(entry)));
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        wiped.find(SPI, 50, frame, 14 + 16, 4).espTransform(); // built
        cache.peek(handle).destroy();
        ReceiveIndication indication = ReceivePipeline.process(ReceiveSettings.fullV2(), wiped, frame);
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_GENERIC_ERROR);
        assertThat(indication.cryptoDone()).isTrue();
        assertThat(indication.frame()).isEqualTo(frame);
    }

    @Test
    void receive_esn_firstPacketUsesGivenHighBitsThenInfersAcrossTheWrap() {
        long high = 0x0000_0007L;
        long handle = InboundSaFixture.add(table, IpVersion.IPV4, ReceiveFrames.DST4, SaEmulation.DEFAULT, null,
                Entry.esp(SPI, EncryptionAlgorithm.AES_CBC_128, CBC_KEY, IntegrityAlgorithm.SHA_256, HMAC_KEY)
                        .withEsn(high));
        EspTransform t = cbcSha256(true);
        assertThat(receive(espFrame(t, 0xFFFF_FFF0, (int) high, new byte[0])).cryptoStatus())
                .isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        // after the wrap of the low 32 bits, the high bits are inferred as 8 (RFC 4303 appendix A)
        assertThat(receive(espFrame(t, 5, (int) high + 1, new byte[0])).cryptoStatus())
                .isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        // a late packet from before the wrap still infers 7
        assertThat(receive(espFrame(t, 0xFFFF_FFF8, (int) high, new byte[0])).cryptoStatus())
                .isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        // a sender that did not move its high bits fails authentication
        assertThat(receive(espFrame(t, 6, (int) high, new byte[0])).cryptoStatus())
                .isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED);
        // UPDATE_SA: the next packet uses the given high bits exactly
        SaOidResult update = table.updateSa(List.of(new UpdateSa(handle, IpsecOperation.ESP, (int) SPI, 42)));
        assertThat(update.outcomes().get(0).refusal()).isNull();
        assertThat(receive(espFrame(t, 0x10, 42, new byte[0])).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
    }

    @Test
    void receive_lifetimeInPackets_setsSaDeleteReqAndKeepsTheSaUntilDeleteSa() {
        long handle = addCbcSha256(new SaEmulation(IvSource.GENERATE, null, 3, 0));
        EspTransform t = cbcSha256(false);
        assertThat(receive(espFrame(t, 1, 0, new byte[0])).saDeleteReq()).isFalse();
        assertThat(receive(espFrame(t, 2, 0, new byte[0])).saDeleteReq()).isFalse();
        assertThat(receive(espFrame(t, 3, 0, new byte[0])).saDeleteReq()).isTrue();
        ReceiveIndication fourth = receive(espFrame(t, 4, 0, new byte[0]));
        assertThat(fourth.saDeleteReq()).isTrue();
        assertThat(fourth.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        table.deleteSa(List.of(handle));
        assertThat(receive(espFrame(t, 5, 0, new byte[0])).notOffloadedReason()).isEqualTo(NotOffloadedReason.NO_SA);
    }

    @Test
    void receive_lifetimeInBytes_setsSaDeleteReq() {
        addCbcSha256(new SaEmulation(IvSource.GENERATE, null, 0, 200));
        EspTransform t = cbcSha256(false);
        byte[] frame = espFrame(t, 1, 0, new byte[0]);
        int ipBytes = frame.length - 14;
        int packets = 0;
        boolean asked = false;
        while (!asked) {
            asked = receive(espFrame(t, ++packets, 0, new byte[0])).saDeleteReq();
        }
        assertThat((long) packets * ipBytes).isGreaterThanOrEqualTo(200);
        assertThat((long) (packets - 1) * ipBytes).isLessThan(200);
    }

    @Test
    void receive_nonEsnSequenceNearWrap_setsSaDeleteReq() {
        addCbcSha256(SaEmulation.DEFAULT);
        EspTransform t = cbcSha256(false);
        assertThat(receive(espFrame(t, 0x7000_0000, 0, new byte[0])).saDeleteReq()).isFalse();
        assertThat(receive(espFrame(t, 0xFFFF_FF00, 0, new byte[0])).saDeleteReq()).isTrue();
    }

    @Test
    void receive_failedIcvOnSaWithoutMode_isAttributedToTheModeEarlierPacketsShowed() {
        addCbcSha256(SaEmulation.DEFAULT);
        EspTransform t = cbcSha256(false);
        byte[] inner = Arrays.copyOfRange(ipv4(6, new byte[0], payload(20), false), 14, 14 + 40);
        byte[] tunnel = ipv4(50, new byte[0], espSpan(t, SPI, 1, 0, inner, 4), false);
        byte[] tampered = ReceiveFrames.copy(tunnel);
        tampered[tampered.length - 1] ^= 1;
        // nothing seen yet: the hidden next header cannot tell, so the failure counts as transport
        assertThat(receive(tampered).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED);
        assertThat(receive(tunnel).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
        assertThat(receive(tampered).cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TUNNEL_ESP_AUTH_FAILED);
    }

    @Test
    void receive_failedIcv_doesNotCountTowardsTheLifetime() {
        addCbcSha256(new SaEmulation(IvSource.GENERATE, null, 1, 0));
        byte[] frame = espFrame(cbcSha256(false), 1, 0, new byte[0]);
        frame[frame.length - 1] ^= 1;
        ReceiveIndication indication = receive(frame);
        assertThat(indication.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_TRANSPORT_ESP_AUTH_FAILED);
        assertThat(indication.saDeleteReq()).isFalse();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
