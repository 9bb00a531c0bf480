package com.offloadnic.tenant;

/** A tenant with this name exists already. */
public final class DuplicateTenantException extends IllegalStateException {

    private final String name;

    public DuplicateTenantException(String name) {
        super("a tenant named '" + name + "' exists already");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
