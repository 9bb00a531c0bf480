package com.offloadnic.config;

import com.offloadnic.tenant.TenantTokens;

/** The admin bearer token, kept only as its SHA-256. */
public final class AdminCredentials {

    private final byte[] tokenHash;

    AdminCredentials(String token) {
        this.tokenHash = TenantTokens.hash(token);
    }

    /** Constant-time check of a presented token. */
    public boolean matches(String presentedToken) {
        return presentedToken != null && TenantTokens.matches(tokenHash, TenantTokens.hash(presentedToken));
    }

    @Override
    public String toString() {
        return "AdminCredentials[redacted]";
    }
}
