package com.offloadnic.packet;

/**
 * One header in a chain after the fixed IP header: an IPv6 extension header (RFC 8200 section 4) or AH.
 *
 * @param type                  its protocol number (0, 43, 44, 60 or 51)
 * @param offset                absolute offset of its first byte
 * @param length                its length in bytes
 * @param nextHeaderFieldOffset absolute offset of the byte that names this header (the IPv6 next-header field,
 *                              the IPv4 protocol field, or the previous header's next-header byte)
 */
public record ExtensionHeader(int type, int offset, int length, int nextHeaderFieldOffset) {

    public IpProtocol protocol() {
        return IpProtocol.valueOf(type);
    }

    public int end() {
        return offset + length;
    }
}
