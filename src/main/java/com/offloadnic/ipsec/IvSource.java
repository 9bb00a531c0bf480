package com.offloadnic.ipsec;

/** Who supplies the IV on send (an emulator choice, under {@code emulation}). */
public enum IvSource {
    /** The NIC writes the IV: GCM/GMAC the 64-bit sequence number (RFC 4106 section 3.1), CBC random bytes. */
    GENERATE,
    /** The NIC keeps the IV bytes the transport wrote, so published vectors reproduce byte for byte. */
    PACKET
}
