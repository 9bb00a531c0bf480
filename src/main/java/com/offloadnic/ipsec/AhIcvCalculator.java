package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.packet.AhHeader;
import com.offloadnic.packet.AhMutableFields;
import com.offloadnic.packet.PacketFormatException;
import java.util.Arrays;

/**
 * The AH integrity check value of a packet (RFC 4302 section 3.3.3), computed for send and verified on
 * receive with the same input:
 *
 * <ol>
 *   <li>the IP header and every header before AH, with mutable fields zeroed and mutable-but-predictable
 *       fields set to their value at the receiver ({@link AhMutableFields});</li>
 *   <li>the AH header with its ICV field (and any alignment padding after it) zeroed; with AES-GMAC the 8-byte
 *       IV stays, as RFC 4543 section 5 makes it part of the AAD;</li>
 *   <li>everything after the AH header up to the end of the IP packet;</li>
 *   <li>with ESN, the high-order 32 bits of the sequence number (section 3.3.3.3; not transmitted).</li>
 * </ol>
 *
 * <p>The IP header is normalized into a per-thread scratch buffer, never in place, so the packet is left as it
 * was apart from the ICV written by {@link #writeIcv}. Allocation-free after the first call on a thread.
 */
public final class AhIcvCalculator {

    /** IPv6 header plus extension headers before AH cannot exceed the 64 KiB of one packet. */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {
        new byte[256], new byte[256]});

    private AhIcvCalculator() {
    }

    /**
     * Computes the ICV of the packet and writes it into the AH header's ICV field.
     *
     * @param ipOffset first byte of the IP header this AH header belongs to (the inner one for an inner AH)
     * @param ahOffset first byte of the AH header
     * @param end      first byte after the IP packet
     * @param esn      whether the SA uses extended sequence numbers
     * @param seqHigh  the high-order 32 bits of the 64-bit sequence number (ignored without ESN)
     * @throws PacketFormatException when the AH header does not fit the packet or cannot hold the ICV
     */
    public static void writeIcv(AhTransform ah, byte[] buf, int ipOffset, int ahOffset, int end, boolean esn,
            int seqHigh) {
        int icvOffset = ahOffset + AhHeader.ICV + ah.ivLength();
        AhTransform.Computation c = compute(ah, buf, ipOffset, ahOffset, end, esn, seqHigh);
        c.writeIcv(buf, icvOffset);
    }

    /**
     * Verifies, in constant time, the ICV the AH header carries.
     *
     * @return whether the ICV matches
     * @throws PacketFormatException when the AH header does not fit the packet or cannot hold the ICV
     */
    public static boolean verifyIcv(AhTransform ah, byte[] buf, int ipOffset, int ahOffset, int end, boolean esn,
            int seqHigh) {
        int icvOffset = ahOffset + AhHeader.ICV + ah.ivLength();
        AhTransform.Computation c = compute(ah, buf, ipOffset, ahOffset, end, esn, seqHigh);
        return c.verify(buf, icvOffset);
    }

    /** The AH header length (bytes) an SA with this transform needs: IV and ICV padded to 4 (IPv4) or 8 (IPv6). */
    public static int ahHeaderLength(AhTransform ah, int ipVersion) {
        int unpadded = AhHeader.ICV + ah.ivLength() + ah.icvLength();
        int align = ipVersion == 6 ? 8 : 4;
        return (unpadded + align - 1) / align * align;
    }

    private static AhTransform.Computation compute(AhTransform ah, byte[] buf, int ipOffset, int ahOffset, int end,
            boolean esn, int seqHigh) {
        if (ahOffset < ipOffset || end > buf.length || ahOffset + AhHeader.MIN_LENGTH > end) {
            throw new PacketFormatException("AH header at offset " + ahOffset + " does not fit the IP packet ["
                    + ipOffset + ", " + end + ")");
        }
        int ahLength = ((buf[ahOffset + AhHeader.PAYLOAD_LENGTH] & 0xFF) + 2) * 4;
        int fieldStart = AhHeader.ICV + ah.ivLength();
        if (ahLength < fieldStart + ah.icvLength() || ahOffset + ahLength > end) {
            throw new PacketFormatException("AH header of " + ahLength + " bytes cannot hold a "
                    + ah.ivLength() + "-byte IV and a " + ah.icvLength() + "-byte ICV within the packet");
        }
        byte[][] scratch = SCRATCH.get();
        int headerLength = ahOffset - ipOffset;
        if (scratch[0].length < headerLength) {
            scratch[0] = new byte[Integer.highestOneBit(headerLength) << 1];
        }
        if (scratch[1].length < ahLength) {
            scratch[1] = new byte[Integer.highestOneBit(ahLength) << 1];
        }
        byte[] ipScratch = scratch[0];
        byte[] ahScratch = scratch[1];
        AhMutableFields.normalizeInto(buf, ipOffset, ahOffset, ipScratch, 0);
        System.arraycopy(buf, ahOffset, ahScratch, 0, ahLength);
        Arrays.fill(ahScratch, fieldStart, ahLength, (byte) 0);

        AhTransform.Computation c = ah.start(buf, ahOffset + AhHeader.ICV);
        c.update(ipScratch, 0, headerLength);
        c.update(ahScratch, 0, ahLength);
        c.update(buf, ahOffset + ahLength, end - ahOffset - ahLength);
        if (esn) {
            c.updateInt(seqHigh);
        }
        return c;
    }
}
