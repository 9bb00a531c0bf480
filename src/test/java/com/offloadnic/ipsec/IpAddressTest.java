package com.offloadnic.ipsec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
            "192.0.2.1, 192.0.2.1",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "2001:db8::1, 2001:db8::1",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "::ffff:192.0.2.1, ::ffff:c000:201",
    })
    void parse_thenToString_givesTheCanonicalForm(String text, String canonical) {
        assertThat(IpAddress.parse(text).toString()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "01.2.3.4", "1.2.3.256", "1.2.3.4.5", "a.b.c.d", "1:2:3:4:5:6:7:8:9",
            "1::2::3", "fe80::1%eth0", "12345::", ":::", "", "1:2:3:4:5:6:7", "example.com"})
    void parse_rejectsNonLiterals(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytes_roundTrip_andAgreeWithTheJdk() throws Exception {
        for (String text : new String[] {"198.51.100.7", "2001:db8:85a3::8a2e:370:7334", "fe80::1"}) {
            IpAddress a = IpAddress.parse(text);
            byte[] jdk = InetAddress.getByName(text).getAddress();
            assertThat(a.toBytes()).isEqualTo(jdk);
            assertThat(IpAddress.ofBytes(jdk)).isEqualTo(a);
        }
    }

    @Test
    void equalsBytes_andAdmits_readThePacketInPlace() {
        byte[] packet = new byte[40];
        IpAddress dst = IpAddress.parse("2001:db8::2");
        dst.writeTo(packet, 24);
        assertThat(dst.equalsBytes(packet, 24)).isTrue();
        assertThat(IpAddress.parse("2001:db8::3").admits(packet, 24)).isFalse();
        assertThat(IpAddress.IPV6_UNSPECIFIED.admits(packet, 24)).isTrue();
        assertThat(IpAddress.IPV4_UNSPECIFIED.admits(IpAddress.parse("10.0.0.1"))).isTrue();
        assertThat(IpAddress.IPV4_UNSPECIFIED.admits(dst)).isFalse();
    }

    @Test
    void ofBytes_wrongLength_isRejected() {
        assertThatThrownBy(() -> IpAddress.ofBytes(new byte[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 bytes");
    }
}
