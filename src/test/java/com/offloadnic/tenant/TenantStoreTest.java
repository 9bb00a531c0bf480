package com.offloadnic.tenant;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantStoreTest {

    private static final Quotas QUOTAS = new Quotas(4, 100, 10, 1 << 20, 10);
    private final TenantStore store = new TenantStore(Clock.systemUTC());

    @Test
    void create_generatesA256BitTokenThatAuthenticates() {
        CreatedTenant created = store.create("team-a", QUOTAS);
        assertThat(created.token()).startsWith(TenantTokens.PREFIX).hasSize(TenantTokens.PREFIX.length() + 43);
        assertThat(store.authenticate(created.token())).contains(created.tenant());
        assertThat(created.toString()).doesNotContain(created.token());
    }

    @Test
    void create_tokensDiffer() {
        assertThat(store.create("a", QUOTAS).token()).isNotEqualTo(store.create("b", QUOTAS).token());
    }

    @Test
    void authenticate_unknownOrEmptyToken_findsNobody() {
        store.create("a", QUOTAS);
        assertThat(store.authenticate("onic_nope")).isEmpty();
        assertThat(store.authenticate("")).isEmpty();
        assertThat(store.authenticate(null)).isEmpty();
    }

    @Test
    void createWithTokenHash_authenticatesTheTokenWithThatHash() {
        String token = "operator-chosen-token-123";
        String hex = HexFormat.of().formatHex(TenantTokens.hash(token));
        Tenant t = store.createWithTokenHash("ops", QUOTAS, TenantTokens.parseHexHash(hex));
        assertThat(store.authenticate(token)).contains(t);
    }

    @Test
    void createWithToken_refusesShortTokens() {
        assertThatThrownBy(() -> store.createWithToken("x", QUOTAS, "short")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void create_duplicateName_isRefused() {
        store.create("a", QUOTAS);
        assertThatThrownBy(() -> store.create("a", QUOTAS)).isInstanceOf(DuplicateTenantException.class);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void create_badName_isRefused() {
        assertThatThrownBy(() -> store.create("-x", QUOTAS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create("a b", QUOTAS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void delete_revokesTheToken() {
        CreatedTenant c = store.create("a", QUOTAS);
        assertThat(store.delete(c.tenant().tenantId())).contains(c.tenant());
        assertThat(store.authenticate(c.token())).isEmpty();
        assertThat(store.delete(c.tenant().tenantId())).isEmpty();
    }

    @Test
    void updateQuotas_keepsTokenAndIdentity() {
        CreatedTenant c = store.create("a", QUOTAS);
        Quotas more = QUOTAS.with(8, null, null, null, null, null);
        Tenant updated = store.updateQuotas(c.tenant().tenantId(), more).orElseThrow();
        assertThat(updated.quotas().maxNics()).isEqualTo(8);
        assertThat(updated.quotas().maxSecurityAssociations()).isEqualTo(100);
        assertThat(store.authenticate(c.token())).contains(updated);
    }

    @Test
    void quotas_outOfRange_nameTheQuota() {
        assertThatThrownBy(() -> new Quotas(0, 1, 1, 1, 1)).isInstanceOfSatisfying(InvalidQuotaException.class,
                e -> assertThat(e.field()).isEqualTo("maxNics"));
        assertThatThrownBy(() -> QUOTAS.with(null, null, null, Quotas.MAX_REQUEST_BODY_BYTES_LIMIT + 1, null, null))
                .isInstanceOfSatisfying(InvalidQuotaException.class,
                        e -> assertThat(e.field()).isEqualTo("maxRequestBodyBytes"));
        assertThatThrownBy(() -> QUOTAS.with(null, null, null, null, null, Quotas.MAX_CRYPTO_POOL_WEIGHT_LIMIT + 1))
                .isInstanceOfSatisfying(InvalidQuotaException.class,
                        e -> assertThat(e.field()).isEqualTo("cryptoPoolWeight"));
        assertThatThrownBy(() -> new Quotas(1, 1, 1, 1, 1, 0)).isInstanceOfSatisfying(InvalidQuotaException.class,
                e -> assertThat(e.field()).isEqualTo("cryptoPoolWeight"));
    }

    @Test
    void quotas_withoutAWeight_getAnEqualShare() {
        assertThat(new Quotas(1, 1, 1, 1, 1).cryptoPoolWeight()).isEqualTo(Quotas.DEFAULT_CRYPTO_POOL_WEIGHT)
                .isEqualTo(1);
        assertThat(QUOTAS.with(null, null, null, null, null, 3).cryptoPoolWeight()).isEqualTo(3);
    }
}
