package com.offloadnic.ipsec;

/** A bundle the NIC refuses to offload, with the {@link SaRefusal} that says why. */
public final class SaRefusedException extends Exception {

    private final transient SaRefusal refusal;

    public SaRefusedException(SaRefusal refusal) {
        super(refusal.reason() + ": " + refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    public SaRefusedException(SaRefusalReason reason, String message, String field) {
        this(new SaRefusal(reason, message, field));
    }

    public SaRefusal refusal() {
        return refusal;
    }
}
