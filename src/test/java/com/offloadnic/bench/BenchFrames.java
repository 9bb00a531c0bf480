package com.offloadnic.bench;

import com.offloadnic.packet.Checksums;

/**
 * The frames the service benchmark sends, framed the way the NDIS transport hands them to an IPsec offload v2 NIC
 * (SPEC section 5): Ethernet II + IPv4 (ESP, no options) + ESP header (SPI, sequence number) + 8 bytes of IV room +
 * TCP segment + RFC 4303 padding 1, 2, 3 ... + pad length + next header (6) + 16 bytes of ICV room. AES-GCM-256
 * (RFC 4106) in transport mode. The IP packet is {@value #IP_PACKET} bytes, the Ethernet frame {@value #FRAME}.
 */
public final class BenchFrames {

    static final int ETH = 14;
    static final int IPV4 = 20;
    static final int ESP_HEADER = 8;
    static final int IV = 8;
    static final int ICV = 16;
    static final int TCP = 20;
    static final int IP_PACKET = 1400;
    static final int FRAME = ETH + IP_PACKET;
    /** Offset of the ESP sequence number in the frame (what a client rewrites per request). */
    static final int SEQ_OFFSET = ETH + IPV4 + 4;
    /** Bytes encrypted per frame: TCP segment + padding + pad length + next header. */
    static final int ENCRYPTED = IP_PACKET - IPV4 - ESP_HEADER - IV - ICV;
    /** TCP payload per frame, and the MSS of the LSO case (its segments are the same 1400-byte packets). */
    static final int MSS = ENCRYPTED - TCP - 2;
    static final int PAD_LENGTH = 0;
    static final int NEXT_HEADER_TCP = 6;
    public static final long SPI = 0x1000;

    static {
        if (ENCRYPTED % 4 != 0) {
            throw new AssertionError("ESP trailer must end on a 4-byte boundary");
        }
    }

    private BenchFrames() {
    }

    /** One framed 1400-byte packet with ESP sequence number {@code seq}. */
    public static byte[] espFrame(long seq) {
        byte[] f = new byte[FRAME];
        int ip = ipv4(f, IP_PACKET);
        int esp = ip + IPV4;
        putInt(f, esp, (int) SPI);
        putInt(f, esp + 4, (int) seq);
        int tcp = esp + ESP_HEADER + IV;
        tcpHeader(f, tcp, 1000);
        for (int i = 0; i < MSS; i++) {
            f[tcp + TCP + i] = (byte) (i * 7);
        }
        int trailer = tcp + TCP + MSS;
        f[trailer] = PAD_LENGTH;
        f[trailer + 1] = NEXT_HEADER_TCP;
        return f;
    }

    /**
     * One large TCP packet for LSO + IPsec (SPEC section 6): the ESP header with the first sequence number and IV
     * room but no trailer; LSOv2 (IPv4 total length 0).
     */
    static byte[] lsoFrame(long seq, int tcpPayload) {
        byte[] f = new byte[ETH + IPV4 + ESP_HEADER + IV + TCP + tcpPayload];
        int ip = ipv4(f, 0);
        int esp = ip + IPV4;
        putInt(f, esp, (int) SPI);
        putInt(f, esp + 4, (int) seq);
        int tcp = esp + ESP_HEADER + IV;
        tcpHeader(f, tcp, 1000);
        for (int i = 0; i < tcpPayload; i++) {
            f[tcp + TCP + i] = (byte) (i * 7);
        }
        // LSO: the transport leaves the pseudo-header sum (without length) in the checksum field
        int pseudo = Checksums.ipv4PseudoHeaderSum(f, ip + 12, ip + 16, NEXT_HEADER_TCP, 0);
        f[tcp + 16] = (byte) (pseudo >>> 8);
        f[tcp + 17] = (byte) pseudo;
        return f;
    }

    static int lsoTcpHeaderOffset() {
        return ETH + IPV4 + ESP_HEADER + IV;
    }

    /** Segments an LSO packet of {@code tcpPayload} bytes produces at {@link #MSS}. */
    static int lsoSegments(int tcpPayload) {
        return (tcpPayload + MSS - 1) / MSS;
    }

    private static int ipv4(byte[] f, int totalLength) {
        byte[] head = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0};
        System.arraycopy(head, 0, f, 0, ETH);
        int ip = ETH;
        f[ip] = 0x45;
        f[ip + 2] = (byte) (totalLength >>> 8);
        f[ip + 3] = (byte) totalLength;
        f[ip + 4] = 0x12;
        f[ip + 6] = 0x40; // DF
        f[ip + 8] = 64;
        f[ip + 9] = 50; // ESP
        byte[] addrs = {(byte) 192, (byte) 168, 1, 10, (byte) 192, (byte) 168, 1, 20};
        System.arraycopy(addrs, 0, f, ip + 12, 8);
        int sum = Checksums.finish(Checksums.sum(f, ip, IPV4));
        f[ip + 10] = (byte) (sum >>> 8);
        f[ip + 11] = (byte) sum;
        return ip;
    }

    private static void tcpHeader(byte[] f, int tcp, int seq) {
        f[tcp] = 0x30;
        f[tcp + 1] = 0x39; // 12345
        f[tcp + 2] = 0x00;
        f[tcp + 3] = 0x50; // 80
        putInt(f, tcp + 4, seq);
        f[tcp + 12] = 0x50; // data offset 5
        f[tcp + 13] = 0x18; // PSH ACK
        f[tcp + 14] = (byte) 0xff;
        f[tcp + 15] = (byte) 0xff;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** 32-byte AES key followed by the 4-byte salt (RFC 4106 keying material; NDIS keyLength 36). */
    public static byte[] keyMaterial() {
        byte[] k = new byte[36];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (0x40 + i);
        }
        return k;
    }
}
