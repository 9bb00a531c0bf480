package com.offloadnic.ipsec;

import java.util.List;

/**
 * Everything {@code IPSEC_OFFLOAD_V2_ADD_SA(_EX)} says about an SA bundle except the key bytes (which travel
 * separately, as {@link com.offloadnic.crypto.SecretBytes}), plus the emulator's {@link SaEmulation}.
 *
 * <p>Structural rules hold on construction (they cannot be expressed in the NDIS structure, so breaking them is
 * malformed input, not a refusal): one or two {@code secAssoc} entries ({@code NumExtHdrs}), addresses of the
 * stated IP version.
 *
 * @param direction           {@code IPSEC_OFFLOAD_V2_INBOUND} flag
 * @param ipVersion           {@code IPSEC_OFFLOAD_V2_IPv6} flag
 * @param sourceAddress       {@code SrcAddr}; the all-zero address is a wildcard
 * @param destinationAddress  {@code DestAddr}; the all-zero address is a wildcard
 * @param udpEspEncapsulation {@code UdpEspEncapsulation} with the ports the NIC matches; null reads as NONE
 * @param secAssoc            {@code SecAssoc[NumExtHdrs]}, in processing order (ESP then AH for a bundle)
 * @param emulation           emulator options; null reads as {@link SaEmulation#DEFAULT}
 */
public record SaParameters(SaDirection direction, IpVersion ipVersion, IpAddress sourceAddress,
                           IpAddress destinationAddress, UdpEspEncapsulation udpEspEncapsulation,
                           List<SecAssoc> secAssoc, SaEmulation emulation) {

    public SaParameters {
        if (direction == null) {
            throw new IllegalArgumentException("direction is required");
        }
        if (ipVersion == null) {
            throw new IllegalArgumentException("ipVersion is required");
        }
        if (sourceAddress == null) {
            sourceAddress = IpAddress.unspecified(ipVersion);
        }
        if (destinationAddress == null) {
            destinationAddress = IpAddress.unspecified(ipVersion);
        }
        if (sourceAddress.version() != ipVersion) {
            throw new IllegalArgumentException("sourceAddress " + sourceAddress + " is not " + ipVersion);
        }
        if (destinationAddress.version() != ipVersion) {
            throw new IllegalArgumentException("destinationAddress " + destinationAddress + " is not " + ipVersion);
        }
        if (udpEspEncapsulation == null) {
            udpEspEncapsulation = UdpEspEncapsulation.NONE;
        }
        if (secAssoc == null || secAssoc.isEmpty() || secAssoc.size() > 2) {
            throw new IllegalArgumentException("secAssoc must have 1 or 2 entries (NumExtHdrs), got "
                    + (secAssoc == null ? 0 : secAssoc.size()));
        }
        secAssoc = List.copyOf(secAssoc);
        if (emulation == null) {
            emulation = SaEmulation.DEFAULT;
        }
    }

    /** {@code NumExtHdrs}. */
    public int numExtHdrs() {
        return secAssoc.size();
    }

    /** The SA's mode: from the UDP-ESP type when it names one, else {@code emulation.mode}, else null. */
    public SaMode mode() {
        return udpEspEncapsulation.type().impliedMode().orElse(emulation.mode());
    }

    /** Index of the entry for {@code operation}, or -1. */
    public int indexOf(IpsecOperation operation) {
        for (int i = 0; i < secAssoc.size(); i++) {
            if (secAssoc.get(i).operation() == operation) {
                return i;
            }
        }
        return -1;
    }
}
