package com.offloadnic.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.testing.WebDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI really works: headless Chromium opens it, authorizes with a tenant's token through the
 * "Authorize" dialog, runs "Create a NIC" with its example body, and sees the 201. The screenshot stays in
 * {@code target/browser/} as a test artifact; the NIC it created is there for that tenant over the API.
 */
class SwaggerUiBrowserTest extends ApiTestSupport {

    static final Path SCREENSHOT = Path.of("target", "browser", "swagger-ui-create-nic.png");
    static final Path FAILURE_SCREENSHOT = Path.of("target", "browser", "swagger-ui-failure.png");
    private static final String OPERATION = "#operations-NICs-createNic";
    private static final String TENANT_SCHEME = "//div[contains(@class,'auth-container')]"
            + "[.//h4[contains(normalize-space(.),'tenantToken')]]";

    @Test
    void swaggerUi_authorizeWithTenantToken_executeCreateNic_shows201() throws Exception {
        ContractClient tenant = newTenant();

        try (WebDriver browser = WebDriver.start(Duration.ofSeconds(30))) {
            try {
                runCreateNic(browser, tenant);
            } catch (RuntimeException | AssertionError e) {
                browser.screenshot(FAILURE_SCREENSHOT); // what the page showed when it went wrong
                throw e;
            }
        }
        assertThat(Files.size(SCREENSHOT)).isPositive();
    }

    private void runCreateNic(WebDriver browser, ContractClient tenant) throws java.io.IOException {
        {
            browser.open("http://localhost:" + port + "/swagger-ui.html");
            browser.find(OPERATION); // the contract is loaded and rendered

            browser.click(browser.find(".auth-wrapper button.authorize"));
            browser.type(browser.findXpath(TENANT_SCHEME + "//input"), tenant.token());
            browser.click(browser.findXpath(TENANT_SCHEME + "//button[contains(@class,'authorize')]"));
            browser.findXpath(TENANT_SCHEME + "//h6[normalize-space(.)='Authorized']");
            browser.click(browser.find(".dialog-ux button.close-modal"));

            browser.click(browser.find(OPERATION + " .opblock-summary-control"));
            browser.click(browser.find(OPERATION + " button.try-out__btn"));
            browser.click(browser.find(OPERATION + " button.execute"));

            String status = browser.find(OPERATION + " .live-responses-table .response .response-col_status");
            browser.scrollIntoView(status);
            String code = browser.text(status).strip();
            String body = browser.text(browser.find(OPERATION
                    + " .live-responses-table .response .response-col_description pre"));
            browser.screenshot(SCREENSHOT);

            assertThat(code).as(body).startsWith("201");
            Matcher nicId = Pattern.compile("\"nicId\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            assertThat(nicId.find()).as(body).isTrue();
            var nic = tenant.get("/v1/nics/" + nicId.group(1));
            assertThat(nic.status()).as("the NIC exists for the tenant whose token was entered").isEqualTo(200);
            assertThat(nic.json().path("ndisVersion").asString()).isEqualTo("6.30");
        }
    }
}
