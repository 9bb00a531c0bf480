package com.offloadnic.ipsec;

import com.offloadnic.crypto.SecretBytes;
import java.util.List;

/**
 * {@code OFFLOAD_IPSEC_ADD_SA} (OID_TCP_TASK_IPSEC_ADD_SA) or, with {@code udpEsp}, {@code OFFLOAD_IPSEC_ADD_UDPESP_SA}
 * (OID_TCP_TASK_IPSEC_ADD_UDPESP_SA): an IPsec offload v1 SA of one or two operations and its {@code KeyMat}.
 *
 * <p>Structural rules hold on construction (breaking them is malformed input, not a refusal): one or two
 * {@code SecAssoc} entries ({@code NumSAs}), and {@code KeyLen} equal to the sum of the entries' key lengths —
 * {@code KeyMat} holds, entry by entry, the confidentiality key first and then the integrity key. Adding consumes
 * the key material: it is destroyed whether the SA is offloaded or refused.
 *
 * @param direction                 {@code Flags}: OFFLOAD_INBOUND_SA or OFFLOAD_OUTBOUND_SA
 * @param selector                  the filter and tunnel endpoints
 * @param secAssoc                  {@code SecAssoc[NumSAs]} in processing order (ESP then AH)
 * @param keyMat                    {@code KeyMat} ({@code KeyLen} is its length)
 * @param udpEsp                    {@code EncapTypeEntry} of ADD_UDPESP_SA; null for ADD_SA
 * @param encapTypeEntryOffldHandle {@code EncapTypeEntryOffldHandle}: 0 to create (or find) the parser entry
 * @param emulation                 beyond NDIS: the lifetimes after which the NIC sets {@code saDeleteReq}; its
 *                                  mode and IV source are not used (v1 SAs take their mode from the tunnel
 *                                  endpoints, and the NIC generates DES/3DES IVs)
 */
public record AddSaV1(SaDirection direction, TrafficSelector selector, List<V1SecAssoc> secAssoc, SecretBytes keyMat,
        V1UdpEspEntry udpEsp, long encapTypeEntryOffldHandle, SaEmulation emulation) {

    /** Without emulation options. */
    public AddSaV1(SaDirection direction, TrafficSelector selector, List<V1SecAssoc> secAssoc, SecretBytes keyMat,
            V1UdpEspEntry udpEsp, long encapTypeEntryOffldHandle) {
        this(direction, selector, secAssoc, keyMat, udpEsp, encapTypeEntryOffldHandle, null);
    }

    public AddSaV1 {
        if (emulation == null) {
            emulation = SaEmulation.DEFAULT;
        }
        if (direction == null) {
            throw new IllegalArgumentException("flags (inbound or outbound) is required");
        }
        if (selector == null) {
            selector = TrafficSelector.ANY;
        }
        if (secAssoc == null || secAssoc.isEmpty() || secAssoc.size() > 2) {
            throw new IllegalArgumentException("secAssoc must have 1 or 2 entries (NumSAs), got "
                    + (secAssoc == null ? 0 : secAssoc.size()));
        }
        secAssoc = List.copyOf(secAssoc);
        if (keyMat == null) {
            throw new IllegalArgumentException("keyMat is required (may be empty)");
        }
        int needed = secAssoc.stream().mapToInt(V1SecAssoc::keyMaterialLength).sum();
        if (keyMat.length() != needed) {
            throw new IllegalArgumentException("keyMat is " + keyMat.length() + " bytes but the secAssoc entries'"
                    + " algoKeylen values add up to " + needed);
        }
    }
}
