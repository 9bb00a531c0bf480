package com.offloadnic.ipsec;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Test stand-in for the TCP/IP transport of NDIS: frames packets the way it hands them to an IPsec offload v2
 * NIC — ESP header with SPI and sequence number, IV room (zeros), payload, padding 1, 2, 3 ..., pad length, next
 * header and zeroed ICV room; AH headers with SPI, sequence number and zeroed IV/ICV room — and reports the
 * header information ({@link SendHeaderInfo}) for the transport (offloadHandle) portion.
 */
public final class TransportFramer {

    public static final byte[] SRC4 = {(byte) 192, (byte) 168, 1, 10};
    public static final byte[] DST4 = {(byte) 192, (byte) 168, 1, 20};
    public static final byte[] OUTER_SRC4 = {10, 0, 0, 1};
    public static final byte[] OUTER_DST4 = {10, 0, 0, 2};
    public static final byte[] SRC6 = HexFormat.of().parseHex("20010db8000000000000000000000010");
    public static final byte[] DST6 = HexFormat.of().parseHex("20010db8000000000000000000000020");
    public static final byte[] OUTER_SRC6 = HexFormat.of().parseHex("20010db800ff00000000000000000001");
    public static final byte[] OUTER_DST6 = HexFormat.of().parseHex("20010db800ff00000000000000000002");
    public static final int ETH_HEADER = 14;

    /** The ESP entry as the transport frames it. */
    public record Esp(long spi, long seq, int ivLength, int icvLength, int blockSize, boolean udp) {
    }

    /** The AH entry as the transport frames it. */
    public record Ah(long spi, long seq, int ivLength, int icvLength) {
    }

    /** One IPsec portion: AH and/or ESP (AH outside ESP when both). */
    public record Portion(Ah ah, Esp esp) {
    }

    /** A framed IP packet and where its headers are (offsets within the IP packet). */
    public record Framed(byte[] ip, int ahOffset, int espOffset, int padLength, int nextHeader) {
    }

    /** A frame and the NDIS header information for its transport portion. */
    public record Frame(byte[] data, SendHeaderInfo headerInfo) {
    }

    private TransportFramer() {
    }

    /** A UDP datagram (src port 1234 → 5678) carrying {@code payloadLength} bytes 0, 1, 2 ... as upper layer. */
    public static byte[] udpDatagram(int payloadLength) {
        byte[] d = new byte[8 + payloadLength];
        put16(d, 0, 1234);
        put16(d, 2, 5678);
        put16(d, 4, d.length);
        for (int i = 0; i < payloadLength; i++) {
            d[8 + i] = (byte) i;
        }
        return d;
    }

    /** A plain IP packet: header (checksum right) + payload. */
    public static byte[] ipPacket(int version, byte[] src, byte[] dst, int protocol, byte[] payload) {
        if (version == 4) {
            byte[] p = new byte[20 + payload.length];
            p[0] = 0x45;
            p[1] = 0x10;
            put16(p, 2, p.length);
            put16(p, 4, 0x1c46);
            put16(p, 6, 0x4000);
            p[8] = 64;
            p[9] = (byte) protocol;
            System.arraycopy(src, 0, p, 12, 4);
            System.arraycopy(dst, 0, p, 16, 4);
            System.arraycopy(payload, 0, p, 20, payload.length);
            ipv4Checksum(p, 0);
            return p;
        }
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x60;
        p[1] = 0x01;
        p[2] = 0x23;
        p[3] = 0x45;
        put16(p, 4, payload.length);
        p[6] = (byte) protocol;
        p[7] = 64;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    /**
     * Protects {@code payload} (of protocol {@code nextHeader}) under an IP header of {@code version}: the result
     * is IP / [AH] / [UDP 4500] / ESP ... or IP / AH / payload.
     */
    public static Framed protect(int version, byte[] src, byte[] dst, int nextHeader, byte[] payload, Portion portion) {
        int headerLength = version == 4 ? 20 : 40;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int ahOffset = -1;
        int espOffset = -1;
        int padLength = 0;
        Ah ah = portion.ah();
        Esp esp = portion.esp();
        int ahLength = 0;
        if (ah != null) {
            int align = version == 6 ? 8 : 4;
            ahLength = (12 + ah.ivLength() + ah.icvLength() + align - 1) / align * align;
        }
        int afterAh = esp == null ? nextHeader : esp.udp() ? 17 : 50;
        byte[] espBytes = null;
        if (esp != null) {
            int align = esp.blockSize() < 0 ? -esp.blockSize() : Math.max(4, esp.blockSize()); // < 0: misalign on purpose
            padLength = (align - (payload.length + 2) % align) % align;
            int espLength = 8 + esp.ivLength() + payload.length + padLength + 2 + esp.icvLength();
            int udp = esp.udp() ? 8 : 0;
            espBytes = new byte[udp + espLength];
            if (esp.udp()) {
                put16(espBytes, 0, 4500);
                put16(espBytes, 2, 4500);
                put16(espBytes, 4, 8); // deliberately wrong: the NIC must fix the UDP length (RFC 3948)
                put16(espBytes, 6, 0xBEEF);
            }
            put32(espBytes, udp, esp.spi());
            put32(espBytes, udp + 4, esp.seq());
            int p = udp + 8 + esp.ivLength();
            System.arraycopy(payload, 0, espBytes, p, payload.length);
            p += payload.length;
            for (int i = 1; i <= padLength; i++) {
                espBytes[p++] = (byte) i;
            }
            espBytes[p++] = (byte) padLength;
            espBytes[p] = (byte) nextHeader;
            espOffset = headerLength + ahLength + udp;
        }
        if (ah != null) {
            byte[] a = new byte[ahLength];
            a[0] = (byte) afterAh;
            a[1] = (byte) (ahLength / 4 - 2);
            put32(a, 4, ah.spi());
            put32(a, 8, ah.seq());
            body.writeBytes(a);
            ahOffset = headerLength;
        }
        body.writeBytes(espBytes != null ? espBytes : payload);
        int ipProtocol = ah != null ? 51 : afterAh;
        byte[] ip = ipPacket(version, src, dst, ipProtocol, body.toByteArray());
        return new Framed(ip, ahOffset, espOffset, padLength, nextHeader);
    }

    /** Wraps an IP packet into an Ethernet II frame. */
    public static byte[] ethernet(byte[] ip) {
        byte[] f = new byte[ETH_HEADER + ip.length];
        byte[] mac = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01};
        System.arraycopy(mac, 0, f, 0, 12);
        int version = (ip[0] & 0xFF) >>> 4;
        put16(f, 12, version == 4 ? 0x0800 : 0x86DD);
        System.arraycopy(ip, 0, f, ETH_HEADER, ip.length);
        return f;
    }

    /** Transport or tunnel mode with one SA bundle: the frame and its header information. */
    public static Frame single(int version, boolean tunnel, byte[] upper, Portion portion) {
        byte[] src = version == 4 ? SRC4 : SRC6;
        byte[] dst = version == 4 ? DST4 : DST6;
        Framed f;
        if (tunnel) {
            byte[] inner = ipPacket(version, src, dst, 17, upper);
            f = protect(version, version == 4 ? OUTER_SRC4 : OUTER_SRC6, version == 4 ? OUTER_DST4 : OUTER_DST6,
                    version == 4 ? 4 : 41, inner, portion);
        } else {
            f = protect(version, src, dst, 17, upper, portion);
        }
        return new Frame(ethernet(f.ip()), info(f, 0));
    }

    /** Transport over tunnel: {@code transport} protects {@code upper}, {@code tunnel} the inner IP packet. */
    public static Frame transportOverTunnel(int version, byte[] upper, Portion transport, Portion tunnel) {
        byte[] src = version == 4 ? SRC4 : SRC6;
        byte[] dst = version == 4 ? DST4 : DST6;
        Framed inner = protect(version, src, dst, 17, upper, transport);
        Framed outer = protect(version, version == 4 ? OUTER_SRC4 : OUTER_SRC6,
                version == 4 ? OUTER_DST4 : OUTER_DST6, version == 4 ? 4 : 41, inner.ip(), tunnel);
        int innerStart = outer.espOffset() >= 0
                ? outer.espOffset() + 8 + tunnel.esp().ivLength()
                : outer.ahOffset() + (outer.ip().length - inner.ip().length - outer.ahOffset());
        return new Frame(ethernet(outer.ip()), info(inner, innerStart));
    }

    private static SendHeaderInfo info(Framed f, int shift) {
        return new SendHeaderInfo(f.espOffset() >= 0 ? f.nextHeader() : 0, f.padLength(),
                f.ahOffset() >= 0 ? (f.ahOffset() + shift) / 4 : 0, f.espOffset() >= 0 ? (f.espOffset() + shift) / 4 : 0);
    }

    public static void ipv4Checksum(byte[] p, int off) {
        p[off + 10] = 0;
        p[off + 11] = 0;
        int ihl = (p[off] & 0x0F) * 4;
        long sum = 0;
        for (int i = 0; i < ihl; i += 2) {
            sum += ((p[off + i] & 0xFF) << 8) | (p[off + i + 1] & 0xFF);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        put16(p, off + 10, (int) ~sum & 0xFFFF);
    }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
