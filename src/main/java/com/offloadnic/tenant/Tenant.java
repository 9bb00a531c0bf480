package com.offloadnic.tenant;

import java.time.Instant;

/** A tenant as everyone may see it: never carries its token or the token's hash. */
public record Tenant(String tenantId, String name, Quotas quotas, Instant createdAt) {
}
