package com.offloadnic.tenant;

/** A quota value outside its allowed range; {@link #field()} names the quota. */
public final class InvalidQuotaException extends IllegalArgumentException {

    private final String field;

    public InvalidQuotaException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
