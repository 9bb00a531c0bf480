package com.offloadnic.ipsec;

/**
 * The outcome of one element of an SA OID. ADD_SA/ADD_SA_EX: the new handle, or 0 with the refusal.
 * DELETE_SA/UPDATE_SA: the handle asked for, with a refusal when that element failed.
 */
public record SaOutcome(long offloadHandle, SaRefusal refusal) {

    public static SaOutcome ok(long offloadHandle) {
        return new SaOutcome(offloadHandle, null);
    }

    public boolean succeeded() {
        return refusal == null;
    }
}
