package com.offloadnic.lso;

/** Internal control flow for a refused offload; never escapes this package. */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    final OffloadFailureReason reason;

    Refusal(OffloadFailureReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    OffloadFailure failure() {
        return new OffloadFailure(reason, getMessage());
    }
}
