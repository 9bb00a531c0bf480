package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.crypto.CryptoPool;
import com.offloadnic.ipsec.ScapyReceiveCases.Case;
import com.offloadnic.ipsec.ScapyReceiveCases.Result;
import com.offloadnic.nic.IndicationRing;
import com.offloadnic.nic.MacAddress;
import com.offloadnic.nic.NdisOffload;
import com.offloadnic.nic.NdisVersion;
import com.offloadnic.nic.Nic;
import com.offloadnic.nic.NicRegistry;
import com.offloadnic.nic.NicSpec;
import com.offloadnic.nic.ReceivePath;
import com.offloadnic.nic.TransmitPath;
import com.offloadnic.testing.ExternalTools;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * IPsec offload v1 (NDIS 6.0) against scapy, both ways, for every v1 algorithm combination in transport and tunnel
 * mode and with UDP-ESP: an NDIS 6.0 NIC sends through {@link Nic#sendV1} and scapy verifies and decrypts every
 * frame; scapy encrypts and the NIC indicates every frame decrypted in place with the v1 receive info. Failures map
 * to the v1 {@code cryptoStatus} values; packets the SA's filter does not select are left unprocessed.
 */
class IpsecV1ScapyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final IpAddress MASK_32 = IpAddress.parse("255.255.255.255");
    private static final IpAddress MASK_24 = IpAddress.parse("255.255.255.0");

    private final CryptoPool pool = new CryptoPool(CryptoPool.Config.defaults().withThreads(2));
    private final NicRegistry registry = new NicRegistry(Clock.systemUTC(), 8);

    @AfterEach
    void close() {
        pool.close();
    }

    private Nic newNic() {
        NdisVersion v = NdisVersion.NDIS_6_0;
        return registry.create("tenant", 8, new NicSpec(null, v, NdisOffload.fullFeatured(v), NicSpec.DEFAULT_MTU,
                MacAddress.randomLocal()));
    }

    /** The send-side filter of TransportFramer's traffic (192.168.1.10 -> 192.168.1.20, UDP 1234 -> 5678). */
    private static TrafficSelector sendSelector(SaMode mode, int destPort) {
        IpAddress tunnelSrc = mode == SaMode.TUNNEL ? IpAddress.ofBytes(TransportFramer.OUTER_SRC4) : null;
        IpAddress tunnelDst = mode == SaMode.TUNNEL ? IpAddress.ofBytes(TransportFramer.OUTER_DST4) : null;
        return new TrafficSelector(IpAddress.ofBytes(TransportFramer.SRC4), MASK_32,
                IpAddress.parse("192.168.1.0"), MASK_24, 17, 1234, destPort, tunnelSrc, tunnelDst);
    }

    private static long add(Nic nic, AddSaV1 request) {
        IpsecV1Sas.AddOutcome outcome = nic.addSaV1(request);
        assertThat(outcome.refusal()).as("ADD_SA refused").isNull();
        assertThat(outcome.status()).isEqualTo(NdisStatus.SUCCESS);
        return outcome.offloadHandle();
    }

    private byte[] sendOne(Nic nic, byte[] frame, long handle, long next) {
        List<TransmitPath.Completion> c = nic.sendV1(List.of(new Nic.NblV1(List.of(frame), handle, next, false)),
                pool);
        assertThat(c.get(0).status()).as(() -> c.get(0).reason() + ": " + c.get(0).detail())
                .isEqualTo(NdisStatus.SUCCESS);
        return c.get(0).transmitted().get(0).data();
    }

    private static Map<String, Object> layer(String role, boolean udp, V1Fixture sa) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("udp", udp);
        m.put("sas", sa.scapySas());
        return m;
    }

    private static Map<String, Object> scapyCase(String id, byte[] frame, byte[] upper, List<Map<String, Object>> layers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("frame", HEX.formatHex(frame));
        m.put("upper", HEX.formatHex(upper));
        m.put("layers", layers);
        return m;
    }

    @Test
    void send_everyV1Combination_scapyVerifiesAndDecryptsEveryFrame() throws Exception {
        Random random = new Random(2405);
        Nic nic = newNic();
        List<Map<String, Object>> cases = new ArrayList<>();
        for (boolean udp : new boolean[] {false, true}) {
            for (SaMode mode : SaMode.values()) {
                for (V1Fixture sa : V1Fixture.everyCombination(random)) {
                    if (udp && sa.ah() != null) {
                        continue; // RFC 3948 carries ESP only
                    }
                    V1UdpEspEntry entry = udp ? new V1UdpEspEntry(V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER,
                            4500) : null;
                    long handle = add(nic, sa.request(SaDirection.OUTBOUND, sendSelector(mode, 5678), entry));
                    byte[] upper = TransportFramer.udpDatagram(1 + random.nextInt(300));
                    var frame = TransportFramer.single(4, mode == SaMode.TUNNEL, upper, sa.portion(1 + random.nextInt(
                            1000), udp && sa.hasEsp()));
                    byte[] sent = sendOne(nic, frame.data(), handle, 0);
                    cases.add(scapyCase(mode + (udp ? "/udp" : "") + "/" + sa, sent, upper,
                            List.of(layer(mode == SaMode.TUNNEL ? "tunnel" : "transport", udp, sa))));
                }
            }
        }
        // transport over tunnel: offloadHandle names the transport SA, nextOffloadHandle the tunnel SA
        List<V1Fixture> all = V1Fixture.everyCombination(random);
        for (int i = 0; i < all.size(); i += 3) {
            V1Fixture transport = all.get(i);
            V1Fixture tunnel = V1Fixture.of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_3_DES,
                    V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA, null, random);
            long t = add(nic, transport.request(SaDirection.OUTBOUND, sendSelector(SaMode.TRANSPORT, 5678), null));
            long n = add(nic, tunnel.request(SaDirection.OUTBOUND, sendSelector(SaMode.TUNNEL, 0), null));
            byte[] upper = TransportFramer.udpDatagram(1 + random.nextInt(300));
            var frame = TransportFramer.transportOverTunnel(4, upper, transport.portion(5, false),
                    tunnel.portion(9, false));
            byte[] sent = sendOne(nic, frame.data(), t, n);
            cases.add(scapyCase("transport-over-tunnel/" + transport + " in " + tunnel, sent, upper,
                    List.of(layer("tunnel", false, tunnel), layer("transport", false, transport))));
        }
        assertThat(cases).hasSizeGreaterThan(40);
        String out = ExternalTools.runPython(IpsecV2SenderOracleTest.script("scapy_send_verify.py"),
                JSON.writeValueAsString(cases));
        List<String> failures = new ArrayList<>();
        for (JsonNode r : JSON.readTree(out)) {
            if (!r.get("ok").asBoolean()) {
                failures.add(r.get("id").asString() + ": " + r.get("error").asString());
            }
        }
        assertThat(failures).as("frames scapy could not verify").isEmpty();
    }

    @Test
    void send_packetOutsideTheFilter_failsWithSelectorMismatchAndTransmitsNothing() {
        Random random = new Random(7);
        Nic nic = newNic();
        V1Fixture sa = V1Fixture.of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, null, random);
        long handle = add(nic, sa.request(SaDirection.OUTBOUND, sendSelector(SaMode.TRANSPORT, 80), null));
        V1Fixture tun = V1Fixture.of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_3_DES,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA, null, random);
        TrafficSelector wrongEndpoint = new TrafficSelector(null, null, null, null, 0, 0, 0,
                IpAddress.ofBytes(TransportFramer.OUTER_SRC4), IpAddress.parse("10.9.9.9"));
        long tunnelHandle = add(nic, tun.request(SaDirection.OUTBOUND, wrongEndpoint, null));
        byte[] upper = TransportFramer.udpDatagram(40);
        var transportFrame = TransportFramer.single(4, false, upper, sa.portion(1, false));
        var tunnelFrame = TransportFramer.single(4, true, upper, tun.portion(1, false));
        var goodFrame = TransportFramer.single(4, false, upper, sa.portion(2, false));
        long before = nic.transmitPath().capture().frames().size();

        var completions = nic.sendV1(List.of(new Nic.NblV1(List.of(transportFrame.data()), handle, 0, false),
                new Nic.NblV1(List.of(tunnelFrame.data()), tunnelHandle, 0, false)), pool);

        assertThat(completions).extracting(TransmitPath.Completion::reason)
                .containsExactly(SendFailureReason.SELECTOR_MISMATCH, SendFailureReason.SELECTOR_MISMATCH);
        assertThat(completions.get(0).detail()).contains("destination port 5678 is not destPort 80");
        assertThat(completions.get(1).detail()).contains("destTunnelAddr 10.9.9.9");
        assertThat(nic.transmitPath().capture().frames()).hasSize((int) before);
        assertThat(goodFrame.data()).isNotNull();
    }

    private static List<IndicationRing.Entry<ReceiveIndication>> receive(Nic nic, List<byte[]> frames,
            CryptoPool pool) throws InterruptedException {
        long cursor = nic.receivePath().lastSequence();
        ReceivePath.Admission admission = nic.receive(frames, pool);
        assertThat(admission.accepted()).isEqualTo(frames.size());
        List<IndicationRing.Entry<ReceiveIndication>> seen = new ArrayList<>();
        while (seen.size() < frames.size()) {
            ReceivePath.Poll poll = nic.receivePath().poll(cursor, frames.size(), TimeUnit.SECONDS.toNanos(30));
            assertThat(poll.indications()).as("timed out after %d of %d", seen.size(), frames.size()).isNotEmpty();
            seen.addAll(poll.indications());
            cursor = poll.nextCursor();
        }
        return seen;
    }

    /** The receive-side filter of scapy's traffic (192.0.2.1 -> 198.51.100.2, TCP 40000 -> 443). */
    private static TrafficSelector receiveSelector(SaMode mode, int destPort) {
        if (mode == SaMode.TUNNEL) {
            return new TrafficSelector(IpAddress.parse("192.0.2.1"), MASK_32, null, null, 6, 0, destPort,
                    IpAddress.parse("203.0.113.1"), IpAddress.parse("203.0.113.2"));
        }
        return new TrafficSelector(null, null, IpAddress.parse("198.51.100.0"), MASK_24, 6, 0, destPort, null, null);
    }

    private record ReceiveCase(String id, V1Fixture sa, SaMode mode, boolean udp, int selectorPort) {
    }

    @Test
    void receive_everyV1Combination_scapyFramesIndicatedDecryptedAndFailuresMappedToCryptoStatus() throws Exception {
        Random random = new Random(4303);
        Nic nic = newNic();
        List<ReceiveCase> rc = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        for (boolean udp : new boolean[] {false, true}) {
            for (SaMode mode : SaMode.values()) {
                for (V1Fixture sa : V1Fixture.everyCombination(random)) {
                    if (udp && sa.ah() != null || sa.ah() != null && sa.hasEsp()) {
                        continue; // ESP+AH: scapy 2.5 signs AH over ESP wrongly (ORACLES.md); see the bundle test
                    }
                    for (int port : new int[] {443, 80}) { // 80: the filter does not select the packet
                        V1UdpEspEntry entry = udp ? new V1UdpEspEntry(
                                V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER, 4500) : null;
                        V1Fixture fresh = port == 443 ? sa : V1Fixture.of(sa.conf(), sa.espInteg(), sa.ah(), random);
                        add(nic, fresh.request(SaDirection.INBOUND, receiveSelector(mode, port), entry));
                        rc.add(new ReceiveCase(mode + (udp ? "/udp" : "") + "/" + fresh + "/port " + port, fresh, mode,
                                udp, port));
                        cases.add(new Case(4, "tcp", 1 + random.nextInt(400), fresh.scapyLayers(mode, 1 + random
                                .nextInt(1000), udp)));
                    }
                }
            }
        }
        // an AH packet over the SPI of an ESP-only SA: the SA's protocols do not match the packet's
        V1Fixture espOnly = V1Fixture.of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, null, random);
        add(nic, espOnly.request(SaDirection.INBOUND, receiveSelector(SaMode.TRANSPORT, 443), null));
        V1Fixture ahSameSpi = new V1Fixture(null, null, V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, 0,
                espOnly.espSpi(), null, null, new byte[16]);
        cases.add(new Case(4, "tcp", 64, ahSameSpi.scapyLayers(SaMode.TRANSPORT, 3, false)));

        List<Result> results = ScapyReceiveCases.encrypt(cases);
        List<byte[]> frames = new ArrayList<>();
        for (Result r : results) {
            frames.add(r.frame());
        }
        // the same frames again with the last byte (an ICV) changed, where something authenticates them
        List<Integer> tampered = new ArrayList<>();
        for (int i = 0; i < rc.size(); i++) {
            if (rc.get(i).selectorPort() == 443 && rc.get(i).sa().authenticated()) {
                byte[] f = results.get(i).frame().clone();
                f[f.length - 1] ^= 0x01;
                frames.add(f);
                tampered.add(i);
            }
        }
        // a DES/3DES packet cut by 3 bytes: its ciphertext is no longer whole blocks
        int cut = -1;
        for (int i = 0; i < rc.size(); i++) {
            if (!rc.get(i).udp() && rc.get(i).mode() == SaMode.TRANSPORT && rc.get(i).selectorPort() == 443
                    && rc.get(i).sa().ah() == null && rc.get(i).sa().conf() == V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES) {
                cut = i;
                break;
            }
        }
        frames.add(truncate(results.get(cut).frame(), 3));

        var seen = receive(nic, frames, pool);

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < rc.size(); i++) {
            ReceiveCase c = rc.get(i);
            ReceiveIndication ind = seen.get(i).value();
            if (c.selectorPort() == 443) {
                if (!ind.cryptoDone() || ind.cryptoStatus() != CryptoStatus.CRYPTO_SUCCESS
                        || !java.util.Arrays.equals(ind.frame(), results.get(i).expected()) || ind.nextCryptoDone()) {
                    failures.add(c.id() + ": " + ind.cryptoStatus() + " cryptoDone=" + ind.cryptoDone() + " reason="
                            + ind.notOffloadedReason());
                }
            } else if (ind.cryptoDone() || ind.notOffloadedReason() != NotOffloadedReason.SELECTOR_MISMATCH
                    || !java.util.Arrays.equals(ind.frame(), results.get(i).frame())) {
                failures.add(c.id() + ": expected unprocessed (selector mismatch), got " + ind.cryptoStatus() + " "
                        + ind.notOffloadedReason());
            }
        }
        ReceiveIndication wrongProtocol = seen.get(rc.size()).value();
        assertThat(wrongProtocol.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_INVALID_PROTOCOL);
        for (int k = 0; k < tampered.size(); k++) {
            ReceiveCase c = rc.get(tampered.get(k));
            ReceiveIndication ind = seen.get(rc.size() + 1 + k).value();
            CryptoStatus expected = CryptoStatus.authFailed(c.mode() == SaMode.TUNNEL, c.sa().ah() != null);
            if (ind.cryptoStatus() != expected || !ind.cryptoDone()) {
                failures.add("tampered " + c.id() + ": " + ind.cryptoStatus() + ", expected " + expected);
            }
        }
        ReceiveIndication truncated = seen.get(seen.size() - 1).value();
        assertThat(truncated.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_INVALID_PACKET_SYNTAX);
        assertThat(failures).isEmpty();
        assertThat(rc).hasSizeGreaterThan(40);
    }

    @Test
    void receive_espAhBundles_framesScapyVerifiedAreIndicatedDecryptedAndTamperedOnesFailAh() throws Exception {
        Random random = new Random(2402);
        Nic sender = newNic();
        Nic receiver = newNic();
        List<Map<String, Object>> scapy = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        List<byte[]> uppers = new ArrayList<>();
        List<SaMode> modes = new ArrayList<>();
        for (SaMode mode : SaMode.values()) {
            for (V1Fixture sa : V1Fixture.everyCombination(random)) {
                if (sa.ah() == null || !sa.hasEsp()) {
                    continue;
                }
                long out = add(sender, sa.request(SaDirection.OUTBOUND, sendSelector(mode, 5678), null));
                add(receiver, sa.request(SaDirection.INBOUND, sendSelector(mode, 5678), null));
                byte[] upper = TransportFramer.udpDatagram(1 + random.nextInt(300));
                var frame = TransportFramer.single(4, mode == SaMode.TUNNEL, upper, sa.portion(11, false));
                byte[] sent = sendOne(sender, frame.data(), out, 0);
                scapy.add(scapyCase(mode + "/" + sa, sent, upper,
                        List.of(layer(mode == SaMode.TUNNEL ? "tunnel" : "transport", false, sa))));
                frames.add(sent);
                uppers.add(upper);
                modes.add(mode);
            }
        }
        String out = ExternalTools.runPython(IpsecV2SenderOracleTest.script("scapy_send_verify.py"),
                JSON.writeValueAsString(scapy));
        for (JsonNode r : JSON.readTree(out)) {
            assertThat(r.get("ok").asBoolean()).as(r.get("id").asString() + ": " + r.get("error")).isTrue();
        }
        List<byte[]> input = new ArrayList<>(frames);
        for (byte[] f : frames) {
            byte[] t = f.clone();
            t[t.length - 1] ^= 0x01;
            input.add(t);
        }
        var seen = receive(receiver, input, pool);
        for (int i = 0; i < frames.size(); i++) {
            ReceiveIndication ok = seen.get(i).value();
            assertThat(ok.cryptoStatus()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
            assertThat(ok.cryptoDone()).isTrue();
            byte[] plain = ok.frame();
            byte[] upper = uppers.get(i);
            assertThat(java.util.Collections.indexOfSubList(toList(plain), toList(upper))).isPositive();
            ReceiveIndication bad = seen.get(frames.size() + i).value();
            assertThat(bad.cryptoStatus()).isEqualTo(CryptoStatus.authFailed(modes.get(i) == SaMode.TUNNEL, true));
            assertThat(bad.frame()).isEqualTo(input.get(frames.size() + i));
        }
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> l = new ArrayList<>(b.length);
        for (byte x : b) {
            l.add(x);
        }
        return l;
    }

    @Test
    void receive_transportOverTunnel_scapyFramesIndicatedWithNextCryptoDoneAndBothFiltersApplied() throws Exception {
        Random random = new Random(3948);
        Nic nic = newNic();
        List<Case> cases = new ArrayList<>();
        List<Boolean> selected = new ArrayList<>();
        for (V1Fixture transport : V1Fixture.everyCombination(random)) {
            if (transport.ah() != null && transport.hasEsp()) {
                continue; // scapy 2.5 signs AH over ESP wrongly (ORACLES.md)
            }
            V1Fixture tunnel = V1Fixture.of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_3_DES,
                    V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA, null, random);
            boolean select = cases.size() % 3 != 2; // every third: the transport SA's filter wants port 80
            add(nic, tunnel.request(SaDirection.INBOUND, receiveSelector(SaMode.TUNNEL, 0), null));
            add(nic, transport.request(SaDirection.INBOUND, receiveSelector(SaMode.TRANSPORT, select ? 443 : 80),
                    null));
            List<ScapyReceiveCases.Layer> layers = new ArrayList<>(tunnel.scapyLayers(SaMode.TUNNEL, 7, false));
            layers.addAll(transport.scapyLayers(SaMode.TRANSPORT, 3, false));
            cases.add(new Case(4, "tcp", 1 + random.nextInt(300), layers));
            selected.add(select);
        }
        List<Result> results = ScapyReceiveCases.encrypt(cases);
        List<byte[]> frames = results.stream().map(Result::frame).toList();
        var seen = receive(nic, frames, pool);
        for (int i = 0; i < cases.size(); i++) {
            ReceiveIndication ind = seen.get(i).value();
            if (selected.get(i)) {
                assertThat(ind.cryptoStatus()).as(cases.get(i).toString()).isEqualTo(CryptoStatus.CRYPTO_SUCCESS);
                assertThat(ind.cryptoDone()).isTrue();
                assertThat(ind.nextCryptoDone()).as(cases.get(i).toString()).isTrue();
                assertThat(ind.frame()).isEqualTo(results.get(i).expected());
            } else {
                assertThat(ind.cryptoDone()).isFalse();
                assertThat(ind.notOffloadedReason()).isEqualTo(NotOffloadedReason.SELECTOR_MISMATCH);
                assertThat(ind.frame()).isEqualTo(results.get(i).frame());
            }
        }
    }

    @Test
    void receive_udpEsp_parsedOnlyWhileAParserEntryExists() throws Exception {
        Random random = new Random(4500);
        Nic nic = newNic();
        V1UdpEspEntry entry = new V1UdpEspEntry(V1UdpEspEntry.Type.IPSEC_UDPESP_ENCAPTYPE_OTHER, 4500);
        V1Fixture first = V1Fixture.of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_DES,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_MD5, null, random);
        V1Fixture second = V1Fixture.of(V1ConfAlgorithm.OFFLOAD_IPSEC_CONF_3_DES,
                V1IntegrityAlgorithm.OFFLOAD_IPSEC_INTEGRITY_SHA, null, random);
        IpsecV1Sas.AddOutcome a = nic.addSaV1(first.request(SaDirection.INBOUND,
                receiveSelector(SaMode.TRANSPORT, 443), entry));
        IpsecV1Sas.AddOutcome b = nic.addSaV1(second.request(SaDirection.INBOUND,
                receiveSelector(SaMode.TRANSPORT, 443), entry));
        assertThat(b.encapTypeEntryOffldHandle()).isEqualTo(a.encapTypeEntryOffldHandle()).isNotZero();
        List<Result> r = ScapyReceiveCases.encrypt(List.of(
                new Case(4, "tcp", 100, first.scapyLayers(SaMode.TRANSPORT, 1, true)),
                new Case(4, "tcp", 100, second.scapyLayers(SaMode.TRANSPORT, 1, true))));
        assertThat(receive(nic, List.of(r.get(0).frame()), pool).get(0).value().cryptoStatus())
                .isEqualTo(CryptoStatus.CRYPTO_SUCCESS);

        assertThat(nic.deleteUdpEspSaV1(a.offloadHandle(), a.encapTypeEntryOffldHandle()).status())
                .isEqualTo(NdisStatus.SUCCESS);
        ReceiveIndication after = receive(nic, List.of(r.get(1).frame()), pool).get(0).value();
        assertThat(after.cryptoDone()).isFalse();
        assertThat(after.notOffloadedReason()).isEqualTo(NotOffloadedReason.UDP_ESP_UNSUPPORTED);
    }

    /** The frame without its last {@code n} bytes, IPv4 total length and checksum fixed. */
    private static byte[] truncate(byte[] frame, int n) {
        byte[] f = java.util.Arrays.copyOf(frame, frame.length - n);
        int ip = 14;
        int total = ((f[ip + 2] & 0xFF) << 8 | (f[ip + 3] & 0xFF)) - n;
        f[ip + 2] = (byte) (total >>> 8);
        f[ip + 3] = (byte) total;
        TransportFramer.ipv4Checksum(f, ip);
        return f;
    }
}
