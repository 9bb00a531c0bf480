package com.offloadnic.tenant;

/**
 * The result of creating a tenant: the only moment its bearer token exists in clear.
 * The caller shows {@link #token()} once and forgets it.
 */
public record CreatedTenant(Tenant tenant, String token) {

    @Override
    public String toString() {
        return "CreatedTenant[tenant=" + tenant + ", token=redacted]";
    }
}
