package com.offloadnic.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract itself: the check every HTTP test runs really rejects what openapi.yaml does not document, and
 * the service publishes that same file to Swagger UI.
 */
class ContractTest extends ApiTestSupport {

    private static final String NIC = """
            {"nicId":"n","name":"a","ndisVersion":"6.30","ipsecOffloadVersion":2,"mtu":1500,
             "macAddress":"02:00:00:00:00:01","createdAt":"2026-01-01T00:00:00Z"%s}""";

    @Test
    void check_acceptsADocumentedResponse() {
        assertThat(ContractClient.validateResponse("GET", "/v1/nics/n", 200, "application/json", NIC.formatted(""))
                .hasErrors()).isFalse();
    }

    @Test
    void check_rejectsAnUndocumentedField() {
        assertThat(ContractClient.validateResponse("GET", "/v1/nics/n", 200, "application/json",
                NIC.formatted(",\"secret\":1")).hasErrors()).isTrue();
    }

    @Test
    void check_rejectsAnUndocumentedStatus() {
        assertThat(ContractClient.validateResponse("GET", "/v1/nics/n", 418, "application/json", NIC.formatted(""))
                .hasErrors()).isTrue();
    }

    @Test
    void check_rejectsAnUndocumentedPath() {
        assertThat(ContractClient.validateResponse("GET", "/v1/secret", 200, "application/json", "{}").hasErrors())
                .isTrue();
    }

    @Test
    void check_rejectsAProblemWithoutType() {
        assertThat(ContractClient.validateResponse("GET", "/v1/nics/n", 404, "application/problem+json",
                "{\"title\":\"Not found\",\"status\":404}").hasErrors()).isTrue();
    }

    @Test
    void openapiYaml_servedIsTheRepositoryRootFile() throws Exception {
        var r = anonymous().unchecked().get("/openapi.yaml");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Files.readString(Path.of("openapi.yaml")));
    }

    @Test
    void swaggerUi_pointsAtThePublishedContract() {
        var config = anonymous().unchecked().get("/v3/api-docs/swagger-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).contains("/openapi.yaml");
        assertThat(anonymous().unchecked().get("/v3/api-docs").json().path("paths").isEmpty())
                .as("the generated document stays empty: openapi.yaml is the only contract").isTrue();
        var ui = anonymous().unchecked().get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }
}
