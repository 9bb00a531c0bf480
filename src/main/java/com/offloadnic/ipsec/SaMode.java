package com.offloadnic.ipsec;

/** Whether an SA protects the transport-mode or the tunnel-mode portion of a packet. */
public enum SaMode {
    TRANSPORT,
    TUNNEL
}
