package com.offloadnic.nic;

/**
 * A request the NIC refuses, leaving its state as it was. {@link #pointer()} is the JSON pointer of the field
 * at fault (relative to the request body), or null when no single field is.
 */
public final class NicException extends RuntimeException {

    /** Why the NIC refused. */
    public enum Kind {
        /** A value outside what the field allows (HTTP 400). */
        INVALID_FIELD,
        /** Asks for an offload the NIC's hardware capabilities do not have (HTTP 409). */
        UNSUPPORTED_BY_HARDWARE,
        /** Belongs to another NDIS profile than the NIC's (HTTP 409). */
        WRONG_PROFILE,
        /** Offloads that cannot be on together in this profile (HTTP 409). */
        OFFLOAD_CONFLICT,
        /** The tenant holds as many NICs as its quota allows (HTTP 429). */
        QUOTA_EXCEEDED
    }

    private final Kind kind;
    private final String pointer;

    public NicException(Kind kind, String pointer, String message) {
        super(message);
        this.kind = kind;
        this.pointer = pointer;
    }

    public Kind kind() {
        return kind;
    }

    public String pointer() {
        return pointer;
    }

    static NicException invalid(String pointer, String message) {
        return new NicException(Kind.INVALID_FIELD, pointer, message);
    }
}
