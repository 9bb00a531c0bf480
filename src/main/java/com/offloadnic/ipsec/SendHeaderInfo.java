package com.offloadnic.ipsec;

/**
 * {@code NDIS_IPSEC_OFFLOAD_V2_HEADER_NET_BUFFER_LIST_INFO.Transmit}: what the transport says about the packet it
 * framed. The NIC checks each field against what it parses (SPEC section 5 step 3).
 *
 * <p>The offsets count from the first byte of the frame's (outer) IP header in units of 4 bytes and locate the
 * headers of the SA named by {@code offloadHandle}: in transport over tunnel, the transport SA's headers inside
 * the tunnel payload. {@code nextHeader} and {@code padLength} describe that SA's ESP trailer. All four are
 * 8-bit fields in NDIS; 0 means "no such header" for the offsets.
 *
 * @param nextHeader      the next header value the ESP trailer carries
 * @param padLength       the ESP pad length
 * @param ahHeaderOffset  offset of the AH header / 4, 0 when the SA has no AH
 * @param espHeaderOffset offset of the ESP header / 4, 0 when the SA has no ESP
 */
public record SendHeaderInfo(int nextHeader, int padLength, int ahHeaderOffset, int espHeaderOffset) {

    /** No header information (both handles zero). */
    public static final SendHeaderInfo NONE = new SendHeaderInfo(0, 0, 0, 0);

    public SendHeaderInfo {
        check("nextHeader", nextHeader);
        check("padLength", padLength);
        check("ahHeaderOffset", ahHeaderOffset);
        check("espHeaderOffset", espHeaderOffset);
    }

    private static void check(String field, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(field + " out of range: " + value + " (expected 0-255)");
        }
    }
}
