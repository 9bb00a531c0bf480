package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.offloadnic.crypto.EncryptionAlgorithm;
import com.offloadnic.crypto.IntegrityAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the v2 send pipeline (the send path below HTTP) with real outbound SAs: the frame
 * bytes, the NBL's header information and which SAs its handles name all come from the fuzzer. Whatever they are,
 * {@link IpsecV2Sender#plan} either fails the NBL with a reason (leaving the frame untouched and transmitting
 * nothing) or accepts it, and then {@link IpsecV2Sender.Plan#execute} transmits exactly one frame per NET_BUFFER
 * that fits the MTU; nothing throws.
 *
 * <p>Input layout: byte 0 picks the SA for {@code offloadHandle} (low 3 bits; 7 = handle 0) and flags (bit 3: a
 * tunnel handle too, bit 4: IPv4 header checksum offload, bit 5: no transportTunnelCombined, bit 6: IPsec off, bit
 * 7: a handle no SA has); byte 1 picks the tunnel SA; bytes 2-5 are nextHeader, padLength, ahHeaderOffset,
 * espHeaderOffset; the rest is the frame. Corpus:
 * {@code src/test/resources/com/offloadnic/ipsec/SendPipelineFuzzTestInputs/sendNbl/}, seeded by {@link #main}.
 */
class SendPipelineFuzzTest {

    private static final int MTU = 1500;
    private static final List<SendCases.Built> SAS;

    static {
        Random random = new Random(0x5EED);
        SendCases.EspAlg gcm = SendCases.EspAlg.of(EncryptionAlgorithm.AES_GCM_128, null);
        SendCases.EspAlg cbc = SendCases.EspAlg.of(EncryptionAlgorithm.AES_CBC_128, IntegrityAlgorithm.SHA_1);
        SAS = List.of(
                built(random, 4, gcm, null, false, UdpEspEncapsulationType.NONE, null),
                built(random, 4, cbc, null, true, UdpEspEncapsulationType.NONE, null),
                built(random, 4, null, IntegrityAlgorithm.SHA_256, false, UdpEspEncapsulationType.NONE, null),
                built(random, 4, gcm, IntegrityAlgorithm.SHA_1, false, UdpEspEncapsulationType.NONE, null),
                built(random, 6, gcm, null, false, UdpEspEncapsulationType.NONE, SaMode.TUNNEL),
                built(random, 4, gcm, null, false, UdpEspEncapsulationType.TRANSPORT, null),
                built(random, 4, gcm, null, false, UdpEspEncapsulationType.NONE, SaMode.TUNNEL));
    }

    private static SendCases.Built built(Random random, int version, SendCases.EspAlg esp, IntegrityAlgorithm ah,
            boolean esn, UdpEspEncapsulationType encap, SaMode mode) {
        return new SendCases.Built(new SendCases.SaDef(esp, ah, esn, encap, mode), version, random, false);
    }

    private static OutboundSa lookup(long handle) {
        for (SendCases.Built b : SAS) {
            if (b.handle == handle) {
                return b.sa;
            }
        }
        return null;
    }

    private static long handle(int selector) {
        int index = selector & 7;
        return index < SAS.size() ? SAS.get(index).handle : 0;
    }

    @FuzzTest
    void sendNbl(byte[] data) {
        if (data.length < 6) {
            return;
        }
        int flags = data[0] & 0xFF;
        long offloadHandle = (flags & 0x80) != 0 ? Long.MAX_VALUE - (data[1] & 0xFF) : handle(flags);
        long tunnelHandle = (flags & 0x08) != 0 ? handle(data[1] & 0xFF) : 0;
        SendHeaderInfo info = new SendHeaderInfo(data[2] & 0xFF, data[3] & 0xFF, data[4] & 0xFF, data[5] & 0xFF);
        IpsecV2Sender.Settings settings = new IpsecV2Sender.Settings((flags & 0x40) == 0, true, true,
                (flags & 0x20) == 0, MTU);
        byte[] frame = Arrays.copyOfRange(data, 6, data.length);
        byte[] original = frame.clone();
        IpsecV2Sender.Nbl nbl = new IpsecV2Sender.Nbl(List.of(frame), offloadHandle, tunnelHandle, info,
                (flags & 0x10) != 0);
        IpsecV2Sender.Plan plan = IpsecV2Sender.plan(nbl, settings, SendPipelineFuzzTest::lookup);
        if (plan instanceof IpsecV2Sender.Failure failure) {
            assertThat(failure.reason()).isNotNull();
            assertThat(failure.detail()).isNotBlank();
            assertThat(frame).as("a failed NBL's frame is untouched").isEqualTo(original);
            assertThat(plan.execute()).as("a failed NBL transmits nothing").isEmpty();
            return;
        }
        List<IpsecV2Sender.TransmittedFrame> sent = plan.execute();
        assertThat(sent).as("one transmitted frame per NET_BUFFER").hasSize(1);
    }

    @Test
    void seeds_areAcceptedAndTransmitted() {
        for (byte[] seed : seeds()) {
            byte[] frame = Arrays.copyOfRange(seed, 6, seed.length);
            SendHeaderInfo info = new SendHeaderInfo(seed[2] & 0xFF, seed[3] & 0xFF, seed[4] & 0xFF, seed[5] & 0xFF);
            IpsecV2Sender.Plan plan = IpsecV2Sender.plan(new IpsecV2Sender.Nbl(List.of(frame), handle(seed[0]),
                    0, info, false), new IpsecV2Sender.Settings(true, true, true, true, MTU), SendPipelineFuzzTest::lookup);
            assertThat(plan).as(plan.toString()).isInstanceOf(IpsecV2Sender.Work.class);
            assertThat(plan.execute()).hasSize(1);
        }
    }

    /** One correctly framed packet per SA (index i in byte 0), as a transport would hand it over. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new java.util.ArrayList<>();
        for (int i = 0; i < SAS.size(); i++) {
            SendCases.Built sa = SAS.get(i);
            int version = i == 4 ? 6 : 4;
            boolean udp = sa.def.encap() != UdpEspEncapsulationType.NONE;
            boolean tunnel = sa.def.mode() == SaMode.TUNNEL;
            TransportFramer.Frame f = TransportFramer.single(version, tunnel, TransportFramer.udpDatagram(40),
                    sa.portion(1, udp));
            SendHeaderInfo h = f.headerInfo();
            byte[] input = new byte[6 + f.data().length];
            input[0] = (byte) i;
            input[2] = (byte) h.nextHeader();
            input[3] = (byte) h.padLength();
            input[4] = (byte) h.ahHeaderOffset();
            input[5] = (byte) h.espHeaderOffset();
            System.arraycopy(f.data(), 0, input, 6, f.data().length);
            seeds.add(input);
        }
        return seeds;
    }

    /** Writes the seed corpus (run once from the repository root; the files are committed). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src/test/resources/com/offloadnic/ipsec/SendPipelineFuzzTestInputs/sendNbl");
        Files.createDirectories(dir);
        int i = 0;
        for (byte[] seed : seeds()) {
            Files.write(dir.resolve("seed-" + i++), seed);
        }
    }
}
