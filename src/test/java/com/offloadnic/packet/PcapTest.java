package com.offloadnic.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.offloadnic.testing.ExternalTools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapTest {

    static final byte[] FRAME_A = Bytes.concat(Bytes.hex("020000000002 020000000001 0800"), HeaderViewsTest.IPV4,
            Bytes.hex("0035 0035 005f 0000"), new byte[87]);
    static final byte[] FRAME_B = IpPacketTest.V6_CHAIN;

    @Test
    void writer_producesExactGlobalAndRecordHeaders() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out)) {
            w.write(0x01020304L, 5, new byte[] {(byte) 0xAB}, 0, 1);
        }
        assertThat(Bytes.toHex(out.toByteArray())).isEqualTo(""
                + "d4c3b2a1" // magic, little-endian, microseconds
                + "0200" + "0400" // version 2.4
                + "00000000" + "00000000" // thiszone, sigfigs
                + "00000400" // snaplen 262144
                + "01000000" // linktype 1 Ethernet
                + "04030201" + "05000000" // ts 0x01020304 s, 5 us
                + "01000000" + "01000000" // captured 1, original 1
                + "ab");
    }

    @Test
    void roundTrip_keepsFramesAndMicrosecondTimestamps() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(out);
        Instant t1 = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        w.write(t1, FRAME_A, 0, FRAME_A.length);
        w.write(t1.plusSeconds(1), FRAME_B, 0, FRAME_B.length);
        List<PcapRecord> records = PcapReader.readAll(out.toByteArray());
        assertThat(records).hasSize(2);
        assertThat(records.get(0).data()).isEqualTo(FRAME_A);
        assertThat(records.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_000));
        assertThat(records.get(1).data()).isEqualTo(FRAME_B);
        assertThat(records.get(1).originalLength()).isEqualTo(FRAME_B.length);
        assertThat(records.get(1).truncated()).isFalse();
    }

    @Test
    void reader_bigEndianNanosecondFile_isRead() throws IOException {
        byte[] file = Bytes.hex("""
                a1b23c4d 0002 0004 00000000 00000000 0000ffff 00000001 // BE, ns magic, snaplen 65535, Ethernet
                00000010 3b9ac9ff 00000002 00000003                   // ts 16 s 999999999 ns, 2 of 3 bytes
                abcd
                """);
        PcapReader reader = new PcapReader(new ByteArrayInputStream(file));
        assertThat(reader.bigEndian()).isTrue();
        assertThat(reader.nanosecondTimestamps()).isTrue();
        PcapRecord r = reader.next();
        assertThat(r.seconds()).isEqualTo(16);
        assertThat(r.nanoseconds()).isEqualTo(999_999_999);
        assertThat(r.data()).containsExactly(0xAB, 0xCD);
        assertThat(r.truncated()).isTrue();
        assertThat(reader.next()).isNull();
    }

    @Test
    void reader_nonEthernetLinkType_isRejectedNamingIt() {
        byte[] file = Bytes.hex("d4c3b2a1 0200 0400 00000000 00000000 ffff0000 65000000");
        assertThatThrownBy(() -> new PcapReader(new ByteArrayInputStream(file)))
                .isInstanceOf(PacketFormatException.class)
                .hasMessage("pcap link type 101 is not supported (expected 1, Ethernet)");
    }

    @Test
    void reader_pcapngOrGarbage_isRejected() {
        byte[] file = Bytes.hex("0a0d0d0a 00000000 00000000 00000000 00000000 00000000");
        assertThatThrownBy(() -> new PcapReader(new ByteArrayInputStream(file)))
                .isInstanceOf(PacketFormatException.class).hasMessageContaining("not a classic pcap file");
    }

    @Test
    void reader_absurdRecordLength_isRejectedBeforeAllocating() {
        byte[] file = Bytes.hex("""
                d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000
                00000000 00000000 ffffff7f ffffff7f // claims 2 GiB
                """);
        assertThatThrownBy(() -> PcapReader.readAll(file)).isInstanceOf(PacketFormatException.class)
                .hasMessage("pcap record 0 claims 2147483647 captured bytes (expected at most the snaplen 65535)");
    }

    @Test
    void reader_capturedLongerThanOriginal_isRejected() {
        byte[] file = Bytes.hex("""
                d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000
                00000000 00000000 02000000 01000000 abcd
                """);
        assertThatThrownBy(() -> PcapReader.readAll(file)).isInstanceOf(PacketFormatException.class)
                .hasMessageContaining("original length of only 1");
    }

    @Test
    void reader_truncationAtEveryOffset_throwsPacketFormatExceptionOnly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(out);
        w.write(1, 2, FRAME_A, 0, FRAME_A.length);
        w.write(3, 4, FRAME_B, 0, FRAME_B.length);
        byte[] file = out.toByteArray();
        int firstEnd = 24 + 16 + FRAME_A.length;
        for (int len = 0; len < file.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(file, len);
            if (len == 24 || len == firstEnd) {
                assertThat(PcapReader.readAll(cut)).hasSize(len == 24 ? 0 : 1);
                continue;
            }
            int n = len;
            assertThatThrownBy(() -> PcapReader.readAll(cut)).as("cut at %d", n)
                    .isInstanceOf(PacketFormatException.class);
        }
    }

    @Test
    void ourPcap_isReadByScapyRdpcap(@TempDir Path dir) throws IOException {
        ExternalTools.require(ExternalTools.Tool.SCAPY);
        Path file = dir.resolve("ours.pcap");
        try (PcapWriter w = new PcapWriter(Files.newOutputStream(file))) {
            w.write(Instant.ofEpochSecond(1_600_000_000L, 250_000_000), FRAME_A, 0, FRAME_A.length);
            w.write(Instant.ofEpochSecond(1_600_000_001L, 999_999_000), FRAME_B, 0, FRAME_B.length);
        }
        String out = ExternalTools.runPython("""
                import sys
                from scapy.all import rdpcap, Ether, IPv6
                for p in rdpcap(sys.stdin.readline().strip()):
                    kind = "v6" if IPv6 in p else "v4"
                    us = round((p.time - int(p.time)) * 1000000)
                    print("%d.%06d %s %s" % (int(p.time), us, kind, bytes(p).hex()))
                """, file.toString() + "\n");
        assertThat(out.strip().split("\n")).containsExactly(
                "1600000000.250000 v4 " + Bytes.toHex(FRAME_A),
                "1600000001.999999 v6 " + Bytes.toHex(FRAME_B));
    }

    @Test
    void scapyWrpcap_isReadByUs(@TempDir Path dir) throws IOException {
        ExternalTools.require(ExternalTools.Tool.SCAPY);
        for (String variant : new String[] {"le-us", "be-ns"}) {
            Path file = dir.resolve(variant + ".pcap");
            ExternalTools.runPython("""
                    import sys
                    from scapy.all import Ether, IP, TCP, RawPcapWriter
                    path, variant = sys.stdin.readline().split()
                    w = RawPcapWriter(path, linktype=1, endianness=">" if variant == "be-ns" else "<",
                                      nano=variant == "be-ns")
                    p1 = bytes(Ether()/IP(dst="10.0.0.1")/TCP())
                    w.write_header(p1)
                    w.write_packet(p1, sec=1234, usec=567)
                    w.write_packet(bytes(range(200)), sec=1235, usec=1)
                    w.close()
                    """, file + " " + variant + "\n");
            PcapReader reader = new PcapReader(Files.newInputStream(file));
            assertThat(reader.bigEndian()).isEqualTo(variant.startsWith("be"));
            assertThat(reader.nanosecondTimestamps()).isEqualTo(variant.endsWith("ns"));
            PcapRecord first = reader.next();
            assertThat(first.seconds()).isEqualTo(1234);
            assertThat(first.nanoseconds()).isEqualTo(variant.endsWith("ns") ? 567 : 567_000);
            EthernetFrame eth = EthernetFrame.parse(first.data(), 0, first.data().length);
            IpPacket ip = IpPacket.parse(first.data(), eth.l3Offset(), eth.l3Length());
            assertThat(ip.protocol()).isEqualTo(6);
            assertThat(ip.destinationAddress(first.data())).containsExactly(10, 0, 0, 1);
            PcapRecord second = reader.next();
            assertThat(HexFormat.of().formatHex(second.data())).startsWith("000102030405");
            assertThat(second.data()).hasSize(200);
            assertThat(reader.next()).isNull();
        }
    }
}
