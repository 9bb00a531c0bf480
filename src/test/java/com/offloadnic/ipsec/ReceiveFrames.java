package com.offloadnic.ipsec;

import com.offloadnic.crypto.EspTransform;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Builds received test frames: Ethernet II, IPv4 or IPv6, optionally UDP 4500, ESP sealed by a transform. */
final class ReceiveFrames {

    static final byte[] SRC4 = {(byte) 192, 0, 2, 1};
    static final byte[] DST4 = {(byte) 198, 51, 100, 2};
    static final byte[] DST6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    static final byte[] SRC6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private ReceiveFrames() {
    }

    static byte[] payload(int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) (i * 13 + 1);
        }
        return p;
    }

    /** The ESP span (header .. ICV) of {@code payload}, sealed by {@code t} with RFC 4303 default padding. */
    static byte[] espSpan(EspTransform t, long spi, int seq, int seqHigh, byte[] payload, int nextHeader) {
        int align = Math.max(4, t.blockSize());
        int padLength = Math.floorMod(-(payload.length + 2), align);
        int length = 8 + t.ivLength() + payload.length + padLength + 2 + t.icvLength();
        byte[] span = new byte[length];
        ByteBuffer b = ByteBuffer.wrap(span);
        b.putInt((int) spi).putInt(seq);
        b.position(8 + t.ivLength());
        b.put(payload);
        for (int i = 1; i <= padLength; i++) {
            b.put((byte) i);
        }
        b.put((byte) padLength).put((byte) nextHeader);
        t.writeIv(span, 0, seqHigh);
        t.seal(span, 0, length, seqHigh);
        return span;
    }

    /** Ethernet + IPv4 (with {@code options}) + [UDP 4500] + {@code ipPayload}; IP protocol {@code protocol}. */
    static byte[] ipv4(int protocol, byte[] options, byte[] ipPayload, boolean udp) {
        int headerLength = 20 + options.length;
        int udpLength = udp ? 8 : 0;
        int total = headerLength + udpLength + ipPayload.length;
        ByteBuffer b = ByteBuffer.allocate(14 + total);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) (0x40 | headerLength / 4)).put((byte) 0).putShort((short) total);
        b.putShort((short) 0x1234).putShort((short) 0x4000).put((byte) 64)
                .put((byte) (udp ? 17 : protocol)).putShort((short) 0);
        b.put(SRC4).put(DST4).put(options);
        if (udp) {
            b.putShort((short) 4500).putShort((short) 4500).putShort((short) (8 + ipPayload.length)).putShort((short) 0);
        }
        b.put(ipPayload);
        return b.array();
    }

    /** Ethernet + IPv6 + extension header bytes (already chained) + [UDP] + payload. */
    static byte[] ipv6(int firstNextHeader, byte[] extensionHeaders, byte[] ipPayload, boolean udp) {
        int udpLength = udp ? 8 : 0;
        int payloadLength = extensionHeaders.length + udpLength + ipPayload.length;
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + payloadLength);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x86DD);
        b.putInt(0x6000_0000).putShort((short) payloadLength).put((byte) firstNextHeader).put((byte) 64);
        b.put(SRC6).put(DST6).put(extensionHeaders);
        if (udp) {
            b.putShort((short) 4500).putShort((short) 4500).putShort((short) (8 + ipPayload.length)).putShort((short) 0);
        }
        b.put(ipPayload);
        return b.array();
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
