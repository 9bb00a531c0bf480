package com.offloadnic.ipsec;

import com.offloadnic.crypto.SecretBytes;

/**
 * {@code IPSEC_OFFLOAD_V2_ADD_SA_EX}, the one bundle of {@code OID_TCP_TASK_IPSEC_OFFLOAD_V2_ADD_SA_EX}
 * (NDIS 6.30+).
 *
 * <p>In the structure, {@code KeyOffset} is the distance from the start of the structure to the key array and
 * {@code KeyLength} the array's length; the algorithms' {@code keyOffsetBytes} count from the start of that
 * array. Here {@code buffer} stands for the structure's memory: the key array is
 * {@code buffer[keyOffset, keyOffset + keyLength)} and bytes before it are ignored. A rig with no structure in
 * front of it passes {@code keyOffset = 0} and {@code keyLength = buffer.length()}.
 *
 * <p>Adding consumes the buffer: the table copies out the keys it needs and destroys it.
 *
 * @param parameters         the bundle (flags, endpoints, UDP-ESP type, {@code SecAssoc[NumExtHdrs]})
 * @param keyLength          {@code KeyLength}: bytes in the key array
 * @param keyOffset          {@code KeyOffset}: where the key array starts in {@code buffer}
 * @param sourceSwitchPortId {@code SourceSwitchPortId}: reserved, must be 0
 * @param vlanId             {@code VlanId}: reserved, must be 0
 * @param buffer             the memory {@code keyOffset} points into
 */
public record AddSaEx(SaParameters parameters, int keyLength, int keyOffset, int sourceSwitchPortId, int vlanId,
                      SecretBytes buffer) {

    public AddSaEx {
        if (parameters == null) {
            throw new IllegalArgumentException("SA parameters are required");
        }
        if (buffer == null) {
            throw new IllegalArgumentException("key buffer is required (may be empty)");
        }
        if (keyLength < 0) {
            throw new IllegalArgumentException("keyLength is negative: " + keyLength);
        }
        if (keyOffset < 0) {
            throw new IllegalArgumentException("keyOffset is negative: " + keyOffset);
        }
    }

    /** The common case: the whole of {@code keys} is the key array. */
    public static AddSaEx of(SaParameters parameters, SecretBytes keys) {
        return new AddSaEx(parameters, keys.length(), 0, 0, 0, keys);
    }
}
