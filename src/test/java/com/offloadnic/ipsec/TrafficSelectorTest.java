package com.offloadnic.ipsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The OFFLOAD_IPSEC_ADD_SA filter: zero members and zero masks select everything; the rest must match. */
class TrafficSelectorTest {

    private static long ip(String a) {
        return IpAddress.parse(a).low();
    }

    private static ProtectedTraffic traffic(String src, String dst, int protocol, int sport, int dport) {
        return new ProtectedTraffic(ip("10.0.0.1"), ip("10.0.0.2"), ip(src), ip(dst), protocol, sport, dport,
                List.of());
    }

    @Test
    void mismatch_allZero_selectsEveryPacket() {
        assertThat(TrafficSelector.ANY.mismatch(traffic("1.2.3.4", "5.6.7.8", 1, -1, -1))).isNull();
        assertThat(TrafficSelector.ANY.isTunnel()).isFalse();
    }

    @Test
    void mismatch_namesTheMemberThatDoesNotMatch() {
        TrafficSelector s = new TrafficSelector(IpAddress.parse("192.0.2.0"), IpAddress.parse("255.255.255.0"),
                IpAddress.parse("198.51.100.2"), IpAddress.parse("255.255.255.255"), 6, 0, 443, null, null);
        assertThat(s.mismatch(traffic("192.0.2.77", "198.51.100.2", 6, 40000, 443))).isNull();
        assertThat(s.mismatch(traffic("192.0.3.1", "198.51.100.2", 6, 40000, 443))).contains("srcAddr");
        assertThat(s.mismatch(traffic("192.0.2.1", "198.51.100.3", 6, 40000, 443))).contains("destAddr");
        assertThat(s.mismatch(traffic("192.0.2.1", "198.51.100.2", 17, 40000, 443))).contains("protocol 17");
        assertThat(s.mismatch(traffic("192.0.2.1", "198.51.100.2", 6, 40000, 80))).contains("destPort 443");
        assertThat(s.mismatch(traffic("192.0.2.1", "198.51.100.2", 6, -1, -1))).contains("no TCP/UDP destination");
    }

    @Test
    void mismatch_tunnelEndpointsAgainstTheOuterHeader() {
        TrafficSelector s = new TrafficSelector(null, null, null, null, 0, 0, 0, IpAddress.parse("10.0.0.1"),
                IpAddress.parse("10.0.0.9"));
        assertThat(s.isTunnel()).isTrue();
        assertThat(s.mismatch(traffic("1.1.1.1", "2.2.2.2", 6, 1, 2))).contains("destTunnelAddr 10.0.0.9");
    }

    @Test
    void construct_nonContiguousMaskOrIpv6_isMalformedNamingTheMember() {
        assertThatThrownBy(() -> new TrafficSelector(null, IpAddress.parse("255.0.255.0"), null, null, 0, 0, 0, null,
                null)).hasMessageStartingWith("srcMask");
        assertThatThrownBy(() -> new TrafficSelector(null, null, IpAddress.parse("2001:db8::1"), null, 0, 0, 0, null,
                null)).hasMessageStartingWith("destAddr");
        assertThatThrownBy(() -> new TrafficSelector(null, null, null, null, 0, 70000, 0, null, null))
                .hasMessageStartingWith("srcPort");
    }

    @Test
    void protectedTraffic_hostileFrames_neverThrowAndNeverMatchWhatTheyDoNotHold() {
        java.util.Random random = new java.util.Random(1);
        SecAssoc esp = new SecAssoc(IpsecOperation.ESP, 0x100, EncryptionAlgorithmInfo.of(
                com.offloadnic.crypto.EncryptionAlgorithm.DES_CBC, 0), IntegrityAlgorithmInfo.of(
                com.offloadnic.crypto.IntegrityAlgorithm.MD5, 8), false, 0);
        byte[] good = TransportFramer.single(4, true, TransportFramer.udpDatagram(40),
                new TransportFramer.Portion(new TransportFramer.Ah(0x200, 1, 0, 12),
                        new TransportFramer.Esp(0x100, 1, 8, 12, 8, false))).data();
        ProtectedTraffic.EspLookup lookup = (spi, dst) -> spi == 0x100 ? esp : null;
        ProtectedTraffic t = ProtectedTraffic.of(good, lookup);
        assertThat(t).isNotNull();
        assertThat(t.protocol()).isEqualTo(17);
        assertThat(t.destPort()).isEqualTo(5678);
        assertThat(t.ipsec()).extracting(ProtectedTraffic.Header::operation)
                .containsExactly(IpsecOperation.AH, IpsecOperation.ESP);
        for (int i = 0; i < 20_000; i++) {
            byte[] f = java.util.Arrays.copyOf(good, random.nextInt(good.length + 1));
            for (int k = random.nextInt(4); k >= 0 && f.length > 0; k--) {
                f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            }
            ProtectedTraffic.of(f, lookup); // null or a result: never an exception
        }
    }
}
