package com.offloadnic.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Send-request bodies built once per client and patched in place per request: only the ESP sequence numbers
 * change between requests, so a client rewrites those bytes (6 base64 characters in JSON, 4 raw bytes in CBOR)
 * and the load generator spends its time waiting for the service, not encoding.
 */
final class BenchBodies {

    /** A body and, per frame, where its sequence number lives in it. */
    record Body(byte[] bytes, int[] seqAt, boolean base64, String contentType) {

        /** Writes {@code first}, {@code first + step}, ... into the frames' ESP sequence numbers. */
        void setSequenceNumbers(long first, int step) {
            for (int i = 0; i < seqAt.length; i++) {
                int seq = (int) (first + (long) i * step);
                if (base64) {
                    // frame bytes 36..41 are base64 groups 12 and 13 (8 characters): the SPI's low two bytes,
                    // which stay, and the 4-byte sequence number
                    byte[] six = {(byte) (BenchFrames.SPI >>> 8), (byte) BenchFrames.SPI, (byte) (seq >>> 24),
                            (byte) (seq >>> 16), (byte) (seq >>> 8), (byte) seq};
                    byte[] enc = Base64.getEncoder().encode(six);
                    System.arraycopy(enc, 0, bytes, seqAt[i], 8);
                } else {
                    BenchFrames.putInt(bytes, seqAt[i], seq);
                }
            }
        }
    }

    private BenchBodies() {
    }

    /** {@code nbls} NBLs of one 1400-byte frame each, over SA {@code handle}. */
    static Body json(int nbls, String handle) {
        var out = new ByteArrayOutputStream();
        int[] seqAt = new int[nbls];
        write(out, "{\"netBufferLists\":[");
        for (int i = 0; i < nbls; i++) {
            write(out, (i == 0 ? "" : ",") + "{\"netBuffers\":[{\"data\":\"");
            int start = out.size();
            seqAt[i] = start + 48;
            write(out, Base64.getEncoder().encodeToString(BenchFrames.espFrame(1)));
            write(out, "\"}],\"ipsecOffloadV2\":{\"offloadHandle\":\"" + handle + "\"},\"ipsecOffloadV2Header\":"
                    + "{\"nextHeader\":6,\"padLength\":" + BenchFrames.PAD_LENGTH + ",\"espHeaderOffset\":5}}");
        }
        write(out, "],\"returnFrames\":false}");
        return new Body(out.toByteArray(), seqAt, true, "application/json");
    }

    /** The same request as {@link #json} in CBOR, frames as byte strings. */
    static Body cbor(int nbls, String handle) {
        var c = new Cbor();
        int[] seqAt = new int[nbls];
        c.map(2).text("netBufferLists").array(nbls);
        for (int i = 0; i < nbls; i++) {
            c.map(3).text("netBuffers").array(1).map(1).text("data");
            seqAt[i] = c.bytes(BenchFrames.espFrame(1)) + BenchFrames.SEQ_OFFSET;
            c.text("ipsecOffloadV2").map(1).text("offloadHandle").text(handle);
            c.text("ipsecOffloadV2Header").map(3).text("nextHeader").uint(6).text("padLength")
                    .uint(BenchFrames.PAD_LENGTH).text("espHeaderOffset").uint(5);
        }
        c.text("returnFrames").bool(false);
        return new Body(c.out.toByteArray(), seqAt, false, "application/cbor");
    }

    /** One LSOv2 + ESP NBL carrying {@code tcpPayload} bytes, as JSON or CBOR. */
    static Body lso(boolean cbor, String handle, int tcpPayload) {
        byte[] frame = BenchFrames.lsoFrame(1, tcpPayload);
        int tcpOffset = BenchFrames.lsoTcpHeaderOffset();
        if (cbor) {
            var c = new Cbor();
            c.map(2).text("netBufferLists").array(1).map(4).text("netBuffers").array(1).map(1).text("data");
            int at = c.bytes(frame) + BenchFrames.SEQ_OFFSET;
            c.text("ipsecOffloadV2").map(1).text("offloadHandle").text(handle);
            c.text("ipsecOffloadV2Header").map(3).text("nextHeader").uint(6).text("padLength").uint(0)
                    .text("espHeaderOffset").uint(5);
            c.text("tcpLargeSendOffload").map(4).text("type").text("NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE").text("mss").uint(BenchFrames.MSS)
                    .text("tcpHeaderOffset").uint(tcpOffset).text("ipVersion").uint(4);
            c.text("returnFrames").bool(false);
            return new Body(c.out.toByteArray(), new int[] {at}, false, "application/cbor");
        }
        var out = new ByteArrayOutputStream();
        write(out, "{\"netBufferLists\":[{\"netBuffers\":[{\"data\":\"");
        int at = out.size() + 48;
        write(out, Base64.getEncoder().encodeToString(frame));
        write(out, "\"}],\"ipsecOffloadV2\":{\"offloadHandle\":\"" + handle + "\"},\"ipsecOffloadV2Header\":"
                + "{\"nextHeader\":6,\"padLength\":0,\"espHeaderOffset\":5},\"tcpLargeSendOffload\":{\"type\":\"NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE\","
                + "\"mss\":" + BenchFrames.MSS + ",\"tcpHeaderOffset\":" + tcpOffset + ",\"ipVersion\":4}}],"
                + "\"returnFrames\":false}");
        return new Body(out.toByteArray(), new int[] {at}, true, "application/json");
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The few CBOR (RFC 8949) items these bodies need, definite lengths only. */
    static final class Cbor {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private Cbor head(int major, long n) {
            int m = major << 5;
            if (n < 24) {
                out.write(m | (int) n);
            } else if (n < 0x100) {
                out.write(m | 24);
                out.write((int) n);
            } else if (n < 0x10000) {
                out.write(m | 25);
                out.write((int) (n >>> 8));
                out.write((int) n);
            } else {
                out.write(m | 26);
                for (int s = 24; s >= 0; s -= 8) {
                    out.write((int) (n >>> s));
                }
            }
            return this;
        }

        Cbor uint(long n) {
            return head(0, n);
        }

        /** Writes a byte string; returns the offset of its first content byte. */
        int bytes(byte[] b) {
            head(2, b.length);
            int at = out.size();
            out.writeBytes(b);
            return at;
        }

        Cbor text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            head(3, b.length);
            out.writeBytes(b);
            return this;
        }

        Cbor array(int n) {
            return head(4, n);
        }

        Cbor map(int n) {
            return head(5, n);
        }

        Cbor bool(boolean v) {
            out.write(v ? 0xf5 : 0xf4);
            return this;
        }
    }
}
