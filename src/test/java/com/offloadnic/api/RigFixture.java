package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What a rig does in the reliability tests: an NDIS 6.30 NIC with an outbound ESP AES-GCM-128 transport SA and a
 * linked NIC with the matching inbound SA, frames framed as a transport would hand them to the NIC, and the JSON
 * bodies for send and inject. Keys are random per fixture, so the key-hygiene scan looks for bytes nobody else uses.
 */
final class RigFixture {

    static final byte[] ETH = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
    static final byte[] SRC = {(byte) 192, 0, 2, 1};
    static final byte[] DST = {(byte) 192, 0, 2, 2};
    static final int GCM_KEY_LENGTH = 20; // 16-byte AES key + 4-byte salt (RFC 4106)

    private static final SecureRandom RANDOM = new SecureRandom();

    final byte[] key = new byte[GCM_KEY_LENGTH];

    RigFixture() {
        RANDOM.nextBytes(key);
    }

    String keyBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    /** ADD_SA_EX body: one ESP AES-GCM-128 SA with this fixture's key. */
    String addSaEx(long spi, boolean inbound) {
        return "{\"inbound\":" + inbound + ",\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":"
                + spi + ",\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_128\","
                + "\"keyLength\":" + GCM_KEY_LENGTH + ",\"additionalInfo\":16},\"esn\":false,"
                + "\"sequenceNumberHighOrder\":0}],\"keyData\":\"" + keyBase64() + "\",\"emulation\":{\"mode\":\"transport\"}}";
    }

    /** Adds the SA and returns its handle. */
    static String addSa(ContractClient tenant, String nicId, String body) {
        var r = tenant.post("/v1/nics/" + nicId + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("status").asString()).as(r.body()).isEqualTo("NDIS_STATUS_SUCCESS");
        return r.json().path("offloadHandle").asString();
    }

    /** Links two NICs of one tenant. */
    static void link(ContractClient tenant, String a, String b) {
        var r = tenant.put("/v1/nics/" + a + "/link", "{\"peerNicId\":\"" + b + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /**
     * An Ethernet + IPv4 + ESP frame as the transport frames it for an AES-GCM SA: header with SPI and sequence
     * number, 8 bytes of IV room, a UDP datagram of {@code payloadLength} bytes in clear, padding, pad length,
     * next header 17, and 16 bytes of ICV room. espHeaderOffset 5 (20 bytes), nextHeader 17.
     */
    static byte[] espFrame(long spi, long seq, int payloadLength) {
        int udp = 8 + payloadLength;
        int pad = Math.floorMod(-(udp + 2), 4);
        int esp = 8 + 8 + udp + pad + 2 + 16;
        int total = 20 + esp;
        ByteBuffer b = ByteBuffer.allocate(ETH.length + total);
        b.put(ETH);
        int ip = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) seq).putShort((short) 0)
                .put((byte) 64).put((byte) 50).putShort((short) 0).put(SRC).put(DST);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += b.getShort(ip + i) & 0xFFFF;
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        b.putShort(ip + 10, (short) ~sum);
        b.putInt((int) spi).putInt((int) seq).put(new byte[8]);
        b.putShort((short) 1234).putShort((short) 5678).putShort((short) udp).putShort((short) 0);
        for (int i = 0; i < payloadLength; i++) {
            b.put((byte) (i * 7));
        }
        for (int i = 1; i <= pad; i++) {
            b.put((byte) i);
        }
        b.put((byte) pad).put((byte) 17).put(new byte[16]);
        return b.array();
    }

    static int padLength(int payloadLength) {
        return Math.floorMod(-(8 + payloadLength + 2), 4);
    }

    /** A send body: one NBL per frame, each naming {@code handle}. */
    static String sendBody(String handle, long spi, long firstSeq, int frames, int payloadLength) {
        StringBuilder s = new StringBuilder("{\"netBufferLists\":[");
        for (int i = 0; i < frames; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"netBuffers\":[{\"data\":\"")
                    .append(Base64.getEncoder().encodeToString(espFrame(spi, firstSeq + i, payloadLength)))
                    .append("\"}],\"ipsecOffloadV2\":{\"offloadHandle\":\"").append(handle)
                    .append("\"},\"ipsecOffloadV2Header\":{\"nextHeader\":17,\"padLength\":")
                    .append(padLength(payloadLength)).append(",\"ahHeaderOffset\":0,\"espHeaderOffset\":5}}");
        }
        return s.append("]}").toString();
    }

    /** An inject body of {@code frames} plain (not IPsec) UDP frames. */
    static String injectBody(int frames) {
        StringBuilder s = new StringBuilder("{\"frames\":[");
        for (int i = 0; i < frames; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"data\":\"").append(Base64.getEncoder().encodeToString(plainFrame(i))).append("\"}");
        }
        return s.append("]}").toString();
    }

    /** Ethernet + IPv4 + UDP, 60 bytes. */
    static byte[] plainFrame(int id) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 18);
        b.put(ETH).put((byte) 0x45).put((byte) 0).putShort((short) 46).putShort((short) id).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(SRC).put(DST)
                .putShort((short) 9).putShort((short) 9).putShort((short) 26).putShort((short) 0);
        return b.array();
    }
}
