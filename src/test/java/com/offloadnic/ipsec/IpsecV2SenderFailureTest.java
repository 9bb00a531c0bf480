package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Every {@link SendFailureReason} the send pipeline produces, each from a frame a buggy transport could hand over:
 * the NBL fails with that reason, a detail naming the field, and no frame is transmitted or touched.
 */
class IpsecV2SenderFailureTest {

    private static final IpsecV2Sender.Settings FULL = new IpsecV2Sender.Settings(true, true, true, true, 1500);
    private static final SendCases.EspAlg GCM = SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_128, null);
    private static final SendCases.EspAlg CBC = SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_128,
            IntegrityAlgorithm.SHA_1);
    private final Random random = new Random(7);

    private SendCases.Built sa(SendCases.EspAlg esp, IntegrityAlgorithm ah) {
        return sa(esp, ah, false, UdpEspEncapsulationType.NONE, null);
    }

    private SendCases.Built sa(SendCases.EspAlg esp, IntegrityAlgorithm ah, boolean esn,
            UdpEspEncapsulationType encap, SaMode mode) {
        return new SendCases.Built(new SendCases.SaDef(esp, ah, esn, encap, mode), 4, random, false);
    }

    private static TransportFramer.Frame transport(SendCases.Built sa, long seq) {
        return TransportFramer.single(4, false, TransportFramer.udpDatagram(40), sa.portion(seq, false));
    }

    private static IpsecV2Sender.Failure fail(IpsecV2Sender.Nbl nbl, IpsecV2Sender.Settings settings,
            LongFunction<OutboundSa> sas, SendFailureReason reason) {
        List<byte[]> before = nbl.frames().stream().map(byte[]::clone).toList();
        IpsecV2Sender.Plan plan = IpsecV2Sender.plan(nbl, settings, sas);
        assertThat(plan).isInstanceOf(IpsecV2Sender.Failure.class);
        IpsecV2Sender.Failure failure = (IpsecV2Sender.Failure) plan;
        assertThat(failure.reason()).as(failure.detail()).isEqualTo(reason);
        assertThat(failure.detail()).isNotBlank();
        assertThat(plan.execute()).as("nothing transmitted").isEmpty();
        for (int i = 0; i < before.size(); i++) {
            assertThat(nbl.frames().get(i)).as("frame untouched").isEqualTo(before.get(i));
        }
        return failure;
    }

    private static IpsecV2Sender.Failure fail(TransportFramer.Frame f, SendCases.Built sa, SendFailureReason reason) {
        return fail(f.data(), f.headerInfo(), sa, reason);
    }

    private static IpsecV2Sender.Failure fail(byte[] frame, SendHeaderInfo info, SendCases.Built sa,
            SendFailureReason reason) {
        return fail(new IpsecV2Sender.Nbl(List.of(frame), sa.handle, 0, info, false), FULL, only(sa), reason);
    }

    private static LongFunction<OutboundSa> only(SendCases.Built... sas) {
        return h -> {
            for (SendCases.Built b : sas) {
                if (b.handle == h) {
                    return b.sa;
                }
            }
            return null;
        };
    }

    private static List<IpsecV2Sender.TransmittedFrame> send(TransportFramer.Frame f, SendCases.Built sa) {
        IpsecV2Sender.Plan plan = IpsecV2Sender.plan(new IpsecV2Sender.Nbl(List.of(f.data()), sa.handle, 0,
                f.headerInfo(), false), FULL, only(sa));
        assertThat(plan).as(plan::toString).isInstanceOf(IpsecV2Sender.Work.class);
        return plan.execute();
    }

    @Test
    void send_unknownOffloadHandle_failsUnknownOffloadHandle() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        var failure = fail(new IpsecV2Sender.Nbl(List.of(f.data()), 987654321L, 0, f.headerInfo(), false), FULL,
                only(sa), SendFailureReason.UNKNOWN_OFFLOAD_HANDLE);
        assertThat(failure.detail()).contains("987654321");
    }

    @Test
    void send_unknownTunnelHandle_failsUnknownTunnelHandle() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        fail(new IpsecV2Sender.Nbl(List.of(f.data()), sa.handle, 424242L, f.headerInfo(), false), FULL, only(sa),
                SendFailureReason.UNKNOWN_TUNNEL_HANDLE);
    }

    @Test
    void send_tunnelHandleAlone_failsTunnelHandleWithoutOffloadHandle() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        fail(new IpsecV2Sender.Nbl(List.of(f.data()), 0, sa.handle, f.headerInfo(), false), FULL, only(sa),
                SendFailureReason.TUNNEL_HANDLE_WITHOUT_OFFLOAD_HANDLE);
    }

    @Test
    void send_transportOverTunnelWithoutCapability_failsTransportTunnelCombinedNotSupported() {
        var transport = sa(GCM, null);
        var tunnel = sa(GCM, null);
        var f = TransportFramer.transportOverTunnel(4, TransportFramer.udpDatagram(10), transport.portion(1, false),
                tunnel.portion(1, false));
        fail(new IpsecV2Sender.Nbl(List.of(f.data()), transport.handle, tunnel.handle, f.headerInfo(), false),
                new IpsecV2Sender.Settings(true, true, true, false, 1500), only(transport, tunnel),
                SendFailureReason.TRANSPORT_TUNNEL_COMBINED_NOT_SUPPORTED);
    }

    @Test
    void send_inboundSa_failsSaNotOutbound() {
        var sa = sa(GCM, null);
        var inbound = new OutboundSa(sa.handle, false, sa.sa.esp(), null, null, UdpEspEncapsulationType.NONE, false,
                sa.sa.transforms());
        var f = transport(sa, 1);
        fail(new IpsecV2Sender.Nbl(List.of(f.data()), sa.handle, 0, f.headerInfo(), false), FULL, h -> inbound,
                SendFailureReason.SA_NOT_OUTBOUND);
    }

    @Test
    void send_ipTotalLengthBeyondFrame_failsMalformedFrame() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        TransportFramer.put16(f.data(), 14 + 2, f.data().length);
        fail(f, sa, SendFailureReason.MALFORMED_FRAME);
    }

    @Test
    void send_arpFrame_failsMalformedFrame() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        TransportFramer.put16(f.data(), 12, 0x0806);
        assertThat(fail(f, sa, SendFailureReason.MALFORMED_FRAME).detail()).contains("0x0806");
    }

    @Test
    void send_ipv6OnNicWithoutIpv6_failsIpv6NotSupported() {
        var sa = new SendCases.Built(new SendCases.SaDef(GCM, null, false, UdpEspEncapsulationType.NONE, null), 6,
                random, false);
        var f = TransportFramer.single(6, false, TransportFramer.udpDatagram(20), sa.portion(1, false));
        fail(new IpsecV2Sender.Nbl(List.of(f.data()), sa.handle, 0, f.headerInfo(), false),
                new IpsecV2Sender.Settings(true, false, true, true, 1500), only(sa), SendFailureReason.IPV6_NOT_SUPPORTED);
    }

    @Test
    void send_ipv4OptionsOnNicWithout_failsIpv4OptionsNotSupported() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        byte[] d = f.data();
        // Insert one 4-byte option (NOP NOP NOP EOL) after the fixed IPv4 header.
        byte[] withOptions = new byte[d.length + 4];
        System.arraycopy(d, 0, withOptions, 0, 34);
        withOptions[34] = 1;
        withOptions[35] = 1;
        withOptions[36] = 1;
        System.arraycopy(d, 34, withOptions, 38, d.length - 34);
        withOptions[14] = 0x46;
        TransportFramer.put16(withOptions, 16, d.length + 4 - 14);
        SendHeaderInfo info = new SendHeaderInfo(f.headerInfo().nextHeader(), f.headerInfo().padLength(), 0,
                f.headerInfo().espHeaderOffset() + 1);
        fail(new IpsecV2Sender.Nbl(List.of(withOptions), sa.handle, 0, info, false),
                new IpsecV2Sender.Settings(true, true, false, true, 1500), only(sa),
                SendFailureReason.IPV4_OPTIONS_NOT_SUPPORTED);
    }

    @Test
    void send_ipFragment_failsIpFragment() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        f.data()[14 + 6] |= 0x20;
        fail(f, sa, SendFailureReason.IP_FRAGMENT);
    }

    @Test
    void send_packetLongerThanMtu_failsFrameExceedsMtu() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        fail(new IpsecV2Sender.Nbl(List.of(f.data()), sa.handle, 0, f.headerInfo(), false),
                new IpsecV2Sender.Settings(true, true, true, true, 80), only(sa), SendFailureReason.FRAME_EXCEEDS_MTU);
    }

    @Test
    void send_espSaOnPlainUdpPacket_failsEspHeaderNotFound() {
        var sa = sa(GCM, null);
        byte[] plain = TransportFramer.ethernet(TransportFramer.ipPacket(4, TransportFramer.SRC4, TransportFramer.DST4,
                17, TransportFramer.udpDatagram(30)));
        fail(plain, new SendHeaderInfo(17, 0, 0, 5), sa, SendFailureReason.ESP_HEADER_NOT_FOUND);
    }

    @Test
    void send_ahSaOnEspPacket_failsAhHeaderNotFound() {
        var espSa = sa(GCM, null);
        var ahSa = sa(null, IntegrityAlgorithm.SHA_1);
        var f = transport(espSa, 1);
        fail(f, ahSa, SendFailureReason.AH_HEADER_NOT_FOUND);
    }

    @Test
    void send_espHeaderOffsetOff_failsEspHeaderOffsetMismatch() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        var info = new SendHeaderInfo(17, f.headerInfo().padLength(), 0, f.headerInfo().espHeaderOffset() + 1);
        assertThat(fail(f.data(), info, sa, SendFailureReason.ESP_HEADER_OFFSET_MISMATCH).detail())
                .contains("espHeaderOffset is 6").contains("expected 5");
    }

    @Test
    void send_ahHeaderOffsetOff_failsAhHeaderOffsetMismatch() {
        var sa = sa(null, IntegrityAlgorithm.SHA_256);
        var f = transport(sa, 1);
        var info = new SendHeaderInfo(0, 0, 4, 0);
        fail(f.data(), info, sa, SendFailureReason.AH_HEADER_OFFSET_MISMATCH);
    }

    @Test
    void send_wrongEspSpi_failsEspSpiMismatch() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        f.data()[34 + 3] ^= 1;
        fail(f, sa, SendFailureReason.ESP_SPI_MISMATCH);
    }

    @Test
    void send_wrongAhSpi_failsAhSpiMismatch() {
        var sa = sa(null, IntegrityAlgorithm.SHA_1);
        var f = transport(sa, 1);
        f.data()[34 + 7] ^= 1;
        fail(f, sa, SendFailureReason.AH_SPI_MISMATCH);
    }

    @Test
    void send_nextHeaderDisagrees_failsNextHeaderMismatch() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        var info = new SendHeaderInfo(6, f.headerInfo().padLength(), 0, f.headerInfo().espHeaderOffset());
        assertThat(fail(f.data(), info, sa, SendFailureReason.NEXT_HEADER_MISMATCH).detail())
                .contains("nextHeader is 6").contains("carries 17");
    }

    @Test
    void send_transportPayloadOnTunnelSa_failsNextHeaderModeMismatch() {
        var sa = sa(GCM, null, false, UdpEspEncapsulationType.NONE, SaMode.TUNNEL);
        fail(transport(sa, 1), sa, SendFailureReason.NEXT_HEADER_MODE_MISMATCH);
    }

    @Test
    void send_padLengthDisagrees_failsPadLengthMismatch() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        var info = new SendHeaderInfo(17, f.headerInfo().padLength() + 1, 0, f.headerInfo().espHeaderOffset());
        fail(f.data(), info, sa, SendFailureReason.PAD_LENGTH_MISMATCH);
    }

    @Test
    void send_padLengthBeyondPayload_failsPadLengthTooLarge() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        byte[] d = f.data();
        d[d.length - 16 - 2] = (byte) 250;
        fail(d, new SendHeaderInfo(17, 250, 0, 5), sa, SendFailureReason.PAD_LENGTH_TOO_LARGE);
    }

    @Test
    void send_noIcvRoom_failsNoRoomForIcv() {
        var sa = sa(GCM, null);
        var f = TransportFramer.single(4, false, TransportFramer.udpDatagram(40),
                new TransportFramer.Portion(null, new TransportFramer.Esp(sa.espSpi, 1, 8, 0, 1, false)));
        fail(f, sa, SendFailureReason.NO_ROOM_FOR_ICV);
    }

    @Test
    void send_espTooShortForIvAndIcv_failsEspPacketTooShort() {
        var sa = sa(CBC, null);
        var f = transport(sa, 1);
        byte[] d = java.util.Arrays.copyOf(f.data(), 34 + 20);
        TransportFramer.put16(d, 16, 40);
        TransportFramer.ipv4Checksum(d, 14);
        fail(d, f.headerInfo(), sa, SendFailureReason.ESP_PACKET_TOO_SHORT);
    }

    @Test
    void send_cbcPayloadNotWholeBlocks_failsCbcPayloadMisaligned() {
        var sa = sa(CBC, null);
        var f = TransportFramer.single(4, false, TransportFramer.udpDatagram(40),
                new TransportFramer.Portion(null, new TransportFramer.Esp(sa.espSpi, 1, 16, 12, 4, false)));
        assertThat(fail(f, sa, SendFailureReason.CBC_PAYLOAD_MISALIGNED).detail()).contains("16-byte");
    }

    @Test
    void send_trailerNotOnFourBytes_failsEspTrailerMisaligned() {
        var sa = sa(GCM, null);
        var f = TransportFramer.single(4, false, TransportFramer.udpDatagram(41),
                new TransportFramer.Portion(null, new TransportFramer.Esp(sa.espSpi, 1, 8, 16, -1, false)));
        fail(f, sa, SendFailureReason.ESP_TRAILER_MISALIGNED);
    }

    @Test
    void send_ahIcvRoomForWrongAlgorithm_failsAhLengthMismatch() {
        var sa = sa(null, IntegrityAlgorithm.SHA_1);
        var f = TransportFramer.single(4, false, TransportFramer.udpDatagram(40),
                new TransportFramer.Portion(new TransportFramer.Ah(sa.ahSpi, 1, 0, 16), null));
        fail(f, sa, SendFailureReason.AH_LENGTH_MISMATCH);
    }

    @Test
    void send_udpEncapsulatedPacketOnPlainSa_failsUdpEncapsulationMismatch() {
        var sa = sa(GCM, null);
        var f = TransportFramer.single(4, false, TransportFramer.udpDatagram(40), sa.portion(1, true));
        fail(f, sa, SendFailureReason.UDP_ENCAPSULATION_MISMATCH);
    }

    @Test
    void send_plainPacketOnUdpEspSa_failsUdpEncapsulationMismatch() {
        var sa = sa(GCM, null, false, UdpEspEncapsulationType.TRANSPORT, null);
        fail(transport(sa, 1), sa, SendFailureReason.UDP_ENCAPSULATION_MISMATCH);
    }

    @Test
    void send_sequenceNumberZeroWithoutEsn_failsSequenceNumberWrapped() {
        var sa = sa(GCM, null);
        fail(transport(sa, 0), sa, SendFailureReason.SEQUENCE_NUMBER_WRAPPED);
    }

    @Test
    void send_afterMaximumSequenceNumberWithoutEsn_failsSequenceNumberWrapped() {
        var sa = sa(GCM, null);
        assertThat(send(transport(sa, 0xFFFF_FFFFL), sa).get(0).espSequenceNumber()).isEqualTo(0xFFFF_FFFFL);
        fail(transport(sa, 1), sa, SendFailureReason.SEQUENCE_NUMBER_WRAPPED);
    }

    @Test
    void send_sameSequenceNumberTwice_failsSequenceNumberRepeated() {
        var sa = sa(GCM, null);
        send(transport(sa, 5), sa);
        fail(transport(sa, 5), sa, SendFailureReason.SEQUENCE_NUMBER_REPEATED);
        fail(transport(sa, 4), sa, SendFailureReason.SEQUENCE_NUMBER_REPEATED);
        assertThat(send(transport(sa, 6), sa).get(0).espSequenceNumber()).isEqualTo(6);
    }

    @Test
    void send_esnLowHalfWraps_highOrderBitsCountUp() {
        var sa = sa(GCM, null, true, UdpEspEncapsulationType.NONE, null);
        long high = sa.high;
        var first = send(transport(sa, 0xFFFF_FFFEL), sa).get(0);
        assertThat(first.espSequenceNumber()).isEqualTo(high << 32 | 0xFFFF_FFFEL);
        assertThat(first.iv()).as("GCM IV = 64-bit sequence number").isEqualTo(BcSendOracle.concat(
                BcSendOracle.be32(high), BcSendOracle.be32(0xFFFF_FFFEL)));
        assertThat(send(transport(sa, 3), sa).get(0).espSequenceNumber()).isEqualTo((high + 1) << 32 | 3);
        fail(transport(sa, 2), sa, SendFailureReason.SEQUENCE_NUMBER_REPEATED);
    }

    @Test
    void send_laterFrameOfNblFails_noSequenceNumberConsumedAndNothingSent() {
        var sa = sa(GCM, null);
        var good = transport(sa, 10);
        var bad = transport(sa, 11);
        bad.data()[34] ^= 1;
        var failure = fail(new IpsecV2Sender.Nbl(List.of(good.data(), bad.data()), sa.handle, 0, good.headerInfo(),
                false), FULL, only(sa), SendFailureReason.ESP_SPI_MISMATCH);
        assertThat(failure.detail()).startsWith("netBuffers[1]");
        assertThat(send(transport(sa, 10), sa).get(0).espSequenceNumber()).isEqualTo(10);
    }

    @Test
    void send_emptyNbl_failsNoNetBuffers() {
        var sa = sa(GCM, null);
        fail(new IpsecV2Sender.Nbl(List.of(), sa.handle, 0, SendHeaderInfo.NONE, false), FULL, only(sa),
                SendFailureReason.NO_NET_BUFFERS);
    }

    @Test
    void send_offloadDisabledOrNoHandles_framesLeaveUnchanged() {
        var sa = sa(GCM, null);
        var f = transport(sa, 1);
        byte[] before = f.data().clone();
        var off = IpsecV2Sender.plan(new IpsecV2Sender.Nbl(List.of(f.data()), sa.handle, 0, f.headerInfo(), false),
                new IpsecV2Sender.Settings(false, true, true, true, 1500), only(sa));
        assertThat(off.execute().get(0).data()).isEqualTo(before);
        var none = IpsecV2Sender.plan(new IpsecV2Sender.Nbl(List.of(f.data()), 0, 0, SendHeaderInfo.NONE, false),
                FULL, only(sa));
        assertThat(none.execute().get(0).data()).isEqualTo(before);
        assertThat(sa.entry.sequence(0).view().highestSequenceNumber()).as("no number consumed").isZero();
    }
}
