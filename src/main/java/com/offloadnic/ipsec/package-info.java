/**
 * IPsec offload v2 security associations: the bundles of {@code OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA(_EX)}, their
 * validation against the NIC's current configuration, and the per-NIC {@link com.offloadnic.ipsec.SaTable}.
 *
 * <p>Parameters apart from keys: {@link com.offloadnic.ipsec.SaParameters} and its records carry no key bytes;
 * keys travel as {@link com.offloadnic.crypto.SecretBytes} in {@link com.offloadnic.ipsec.AddSa} /
 * {@link com.offloadnic.ipsec.AddSaEx}, are copied per entry into {@link com.offloadnic.ipsec.SecAssocKeys}, and
 * are zeroed on DELETE_SA and on NIC removal ({@link com.offloadnic.ipsec.SaTable#clear()}). Listings
 * ({@link com.offloadnic.ipsec.SaView}) hold no key material.
 *
 * <p>Choices where NDIS leaves room, in one place:
 * <ul>
 *   <li>Handles: non-zero, counted up from a random start below 2^48, never reused while the table lives.</li>
 *   <li>ADD_SA: each bundle on its own, NDIS_STATUS_SUCCESS if any was offloaded. DELETE_SA: unknown handles are
 *       reported per handle and the others deleted; NDIS_STATUS_INVALID_PARAMETER if any was unknown. UPDATE_SA:
 *       all or nothing, NDIS_STATUS_INVALID_PARAMETER for an unknown handle, a missing entry or an entry without
 *       ESN.</li>
 *   <li>Inbound SPI uniqueness per (destination, protocol, IP version), a wildcard destination colliding with
 *       every destination.</li>
 *   <li>AES-GCM in ESP: {@code authenticationAlgorithm} absent, or the matching {@code AUTHENTICATION_AES_GCM_*}
 *       with key length 0; ICV length in {@code additionalInfo} (8, 12, 16 and allowed by the NIC).</li>
 *   <li>ESN inference: RFC 4303 appendix A with W = 2^31 ({@link com.offloadnic.ipsec.EsnInference}); the first
 *       packet after ADD_SA / UPDATE_SA uses the given high-order bits exactly.</li>
 *   <li>{@code saDeleteReq}: an {@code emulation} lifetime reached, or a non-ESN sequence number within 2^20 of
 *       2^32 - 1 ({@link com.offloadnic.ipsec.SequenceState#NON_ESN_DELETE_REQUEST_MARGIN}); sticky.</li>
 * </ul>
 */
package com.offloadnic.ipsec;
