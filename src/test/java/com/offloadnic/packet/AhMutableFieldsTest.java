package com.offloadnic.packet;

import static com.offloadnic.packet.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AhMutableFieldsTest {

    static final byte[] V4_WITH_OPTIONS = hex("""
            48          // version 4, IHL 8 (32 bytes)
            b8          // DSCP 46 (EF), ECN 0 -> zeroed
            0040        // total length (immutable)
            abcd        // identification (immutable)
            4000        // DF -> zeroed
            3f          // TTL 63 -> zeroed
            33          // protocol AH (immutable)
            1234        // header checksum -> zeroed
            0a000001 0a000002
            94040000    // router alert (immutable)
            070704 0a000009 // record route, pointer 4, one slot (mutable: whole option zeroed)
            00          // end of options list
            """);

    @Test
    void ipv4_mutableFieldsAndOptionsAreZeroed_immutableKept() {
        byte[] expected = hex("""
                48 00 0040 abcd 0000 00 33 0000 0a000001 0a000002
                94040000
                00000000000000
                00
                """);
        byte[] buf = Bytes.embed(V4_WITH_OPTIONS, 4, 10);
        assertThat(AhMutableFields.normalizedCopy(buf, 4, 4 + 32)).isEqualTo(expected);
        byte[] scratch = new byte[40];
        int n = AhMutableFields.normalizeInto(buf, 4, 36, scratch, 3);
        assertThat(n).isEqualTo(32);
        assertThat(java.util.Arrays.copyOfRange(scratch, 3, 35)).isEqualTo(expected);
        assertThat(buf).isEqualTo(Bytes.embed(V4_WITH_OPTIONS, 4, 10));
    }

    @Test
    void ipv4_looseSourceRoute_usesFinalDestination() {
        byte[] header = hex("""
                49 00 0040 0000 0000 40 33 0000 0a000001 0a000002 // IHL 9
                83 0b 04 0a000003 0a000004 // LSRR: route 10.0.0.3, 10.0.0.4
                00 00000000                // end of options, padding
                """);
        byte[] n = AhMutableFields.normalizedCopy(header, 0, 36);
        assertThat(Bytes.toHex(n, 16, 4)).isEqualTo("0a000004");
        assertThat(Bytes.toHex(n, 20, 16)).isEqualTo("00000000000000000000000000000000");
    }

    @Test
    void ipv6_mutableOptionDataAndHeaderFieldsAreZeroed() {
        byte[] pkt = hex("""
                6b8abcde 0020 00 40
                20010db8000000000000000000000001 20010db8000000000000000000000002
                33 00 3e02abcd 01 00  // HBH: mutable option 0x3e, then PadN(0)
                """);
        byte[] n = AhMutableFields.normalizedCopy(pkt, 0, 48);
        assertThat(Bytes.toHex(n, 0, 8)).isEqualTo("6000000000200000");
        assertThat(Bytes.toHex(n, 40, 8)).isEqualTo("33003e0200000100");
    }

    @Test
    void ipv6_routingHeader_isPresentedAsTheReceiverSeesIt() {
        byte[] pkt = hex("""
                60000000 0038 2b 40
                20010db8000000000000000000000001 20010db8000000000000000000000002 // dst = first hop
                33 04 00 02 00000000 // routing type 0, segments left 2, next AH
                20010db8000000000000000000000003 20010db8000000000000000000000004
                """);
        byte[] n = AhMutableFields.normalizedCopy(pkt, 0, pkt.length);
        assertThat(Bytes.toHex(n, 24, 16)).isEqualTo("20010db8000000000000000000000004");
        assertThat(n[43]).isZero();
        assertThat(Bytes.toHex(n, 48, 16)).isEqualTo("20010db8000000000000000000000002");
        assertThat(Bytes.toHex(n, 64, 16)).isEqualTo("20010db8000000000000000000000003");
    }

    @Test
    void ahOffsetNotAfterTheIpHeaders_isRejected() {
        assertThatThrownBy(() -> AhMutableFields.normalizedCopy(HeaderViewsTest.IPV4, 0, 18))
                .isInstanceOf(PacketFormatException.class);
        byte[] pkt = hex("""
                60000000 0008 06 40
                20010db8000000000000000000000001 20010db8000000000000000000000002
                """);
        assertThatThrownBy(() -> AhMutableFields.normalizedCopy(pkt, 0, 40)).isInstanceOf(PacketFormatException.class)
                .hasMessageContaining("is not the next header");
    }
}
