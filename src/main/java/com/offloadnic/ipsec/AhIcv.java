package com.offloadnic.ipsec;

import com.offloadnic.crypto.AhTransform;
import com.offloadnic.packet.AhMutableFields;

/**
 * Checks an AH ICV as RFC 4302 section 3.3.3 computes it: the IP header with mutable fields zeroed, the AH header
 * with its ICV zeroed, the payload, and with ESN the high-order sequence bits (section 3.3.3.3).
 */
final class AhIcv {

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[512]);

    private AhIcv() {
    }

    /**
     * @param ipOffset  the IP header that AH follows (extension headers up to AH included in the ICV input)
     * @param icvOffset the ICV inside the AH header
     * @param end       the end of the IP packet
     * @throws com.offloadnic.packet.PacketFormatException when the headers before AH are malformed
     */
    static boolean verify(AhTransform ah, byte[] buf, int ipOffset, int ahOffset, int ahLength, int icvOffset,
            int end, boolean esn, int sequenceHigh) {
        int headerLength = ahOffset - ipOffset;
        byte[] scratch = SCRATCH.get();
        if (scratch.length < headerLength + ahLength) {
            scratch = new byte[Integer.highestOneBit(headerLength + ahLength) * 2];
            SCRATCH.set(scratch);
        }
        AhMutableFields.normalizeInto(buf, ipOffset, ahOffset, scratch, 0);
        System.arraycopy(buf, ahOffset, scratch, headerLength, ahLength);
        java.util.Arrays.fill(scratch, headerLength + (icvOffset - ahOffset),
                headerLength + (icvOffset - ahOffset) + ah.icvLength(), (byte) 0);
        AhTransform.Computation icv = ah.start(buf, ahOffset + 12);
        icv.update(scratch, 0, headerLength + ahLength);
        icv.update(buf, ahOffset + ahLength, end - ahOffset - ahLength);
        if (esn) {
            icv.updateInt(sequenceHigh);
        }
        return icv.verify(buf, icvOffset);
    }
}
