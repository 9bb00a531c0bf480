package com.offloadnic.ipsec;

/**
 * A send that would cycle an SA's sequence number counter (RFC 4303 section 3.3.3: the counter must not cycle;
 * a new SA is needed first). Carries no stack trace: it is an outcome of a send, not a program error.
 */
public final class SequenceNumberExhaustedException extends Exception {

    public SequenceNumberExhaustedException(String message) {
        super(message, null, false, false);
    }
}
