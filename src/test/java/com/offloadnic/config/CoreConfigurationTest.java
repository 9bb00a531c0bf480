package com.offloadnic.config;

import com.offloadnic.tenant.TenantStore;
import com.offloadnic.tenant.TenantTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CoreConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(CoreConfiguration.class);

    @Test
    void defaults_bindAndCreateTheDefaultTenantLoggingItsTokenOnce(CapturedOutput output) {
        runner.run(ctx -> {
            OffloadNicProperties p = ctx.getBean(OffloadNicProperties.class);
            assertThat(p.defaultQuotas().maxNics()).isEqualTo(16);
            assertThat(p.limits().statusRingCapacity()).isEqualTo(256);
            TenantStore store = ctx.getBean(TenantStore.class);
            assertThat(store.list()).extracting(t -> t.name()).containsExactly("default");
            String logged = output.getOut().replaceAll("(?s).*created tenant 'default' \\([^)]*\\) with token: (\\S+).*", "$1");
            assertThat(store.authenticate(logged)).isPresent();
            String admin = output.getOut().replaceAll("(?s).*generated admin token: (\\S+).*", "$1");
            assertThat(ctx.getBean(AdminCredentials.class).matches(admin)).isTrue();
            assertThat(output.getOut().split(logged, -1)).hasSize(2);
        });
    }

    @Test
    void fixedTokens_areUsedAndNotLogged(CapturedOutput output) {
        runner.withPropertyValues("offloadnic.admin-token=fixed-admin-token-0123456789",
                "offloadnic.default-tenant-token=fixed-tenant-token-0123456789").run(ctx -> {
            assertThat(ctx.getBean(AdminCredentials.class).matches("fixed-admin-token-0123456789")).isTrue();
            assertThat(ctx.getBean(TenantStore.class).authenticate("fixed-tenant-token-0123456789")).isPresent();
            assertThat(output.getOut()).doesNotContain("fixed-admin-token-0123456789", "fixed-tenant-token-0123456789");
        });
    }

    @Test
    void configuredTenants_replaceTheDefaultTenant() {
        String hash = HexFormat.of().formatHex(TenantTokens.hash("ops-token-0123456789"));
        runner.withPropertyValues("offloadnic.tenants[0].name=ops", "offloadnic.tenants[0].token-sha256=" + hash)
                .run(ctx -> {
                    TenantStore store = ctx.getBean(TenantStore.class);
                    assertThat(store.list()).extracting(t -> t.name()).containsExactly("ops");
                    assertThat(store.authenticate("ops-token-0123456789")).isPresent();
                });
    }

    @Test
    void outOfRangeLimits_failStartup() {
        runner.withPropertyValues("offloadnic.limits.max-indications-per-poll=0").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("offloadnic.limits.status-ring-capacity=100").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("offloadnic.admin-token=short").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("offloadnic.default-quotas.max-nics=0").run(ctx -> assertThat(ctx).hasFailed());
    }
}
