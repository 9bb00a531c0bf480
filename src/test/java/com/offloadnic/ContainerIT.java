package com.offloadnic;

import static org.assertj.core.api.Assertions.assertThat;

import com.offloadnic.testing.ExternalTools;
import com.offloadnic.testing.ExternalTools.Tool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image as it ships: built from the repository's Dockerfile, started with its configuration in the
 * environment, and driven over HTTP through the README's flow — tenant, NIC, capabilities, offload parameters,
 * the status indication they cause, deletion.
 *
 * <p>Runs in {@code mvn verify} (failsafe), after the fast unit tests. Needs a Docker engine with the base
 * images present ({@code ../shared/ci/docker-offline-setup.sh}); without one it skips, and fails under CI.
 */
class ContainerIT {

    private static final int PORT = 8080;
    /** Kept after the run (not deleted on exit): the next run builds on its cached layers in seconds. */
    private static final String IMAGE = "offloadnic-it:latest";
    private static final String PROBLEM_JSON = "application/problem+json";

    private static final String ADMIN_TOKEN = randomToken("it-admin-");
    private static final String DEFAULT_TENANT_TOKEN = randomToken("it-default-");

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final HttpClient FOLLOWING_REDIRECTS = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    private static final ToStringConsumer LOGS = new ToStringConsumer();

    private static GenericContainer<?> container;
    private static String baseUrl;

    @BeforeAll
    static void startImageBuiltFromDockerfile() {
        ExternalTools.require(Tool.DOCKER);
        Path dockerfile = Path.of("Dockerfile").toAbsolutePath();
        container = new GenericContainer<>(new ImageFromDockerfile(IMAGE, false).withDockerfile(dockerfile))
                .withEnv("OFFLOADNIC_ADMIN_TOKEN", ADMIN_TOKEN)
                .withEnv("OFFLOADNIC_DEFAULT_TENANT_TOKEN", DEFAULT_TENANT_TOKEN)
                .withEnv("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
                .withExposedPorts(PORT)
                .withLogConsumer(LOGS)
                // Started means the image's own HEALTHCHECK said healthy: the check itself is under test.
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(3)));
        container.start();
        baseUrl = "http://" + container.getHost() + ":" + container.getMappedPort(PORT);
    }

    @AfterAll
    static void stopContainer() {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void image_runsAsNonRootUserAndItsHealthcheckReportsHealthy() {
        var info = container.getCurrentContainerInfo();

        assertThat(info.getConfig().getUser()).isEqualTo("10001:10001");
        assertThat(info.getState().getHealth().getStatus()).isEqualTo("healthy");
    }

    @Test
    void actuator_healthLivenessAndReadiness_answerUp() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> response = send(get(path, null));

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(json(response).path("status").asString()).as(path).isEqualTo("UP");
        }
    }

    @Test
    void image_servesThePublishedContractAndSwaggerUi() throws Exception {
        HttpResponse<String> contract = send(request("/openapi.yaml", null).GET().build());
        assertThat(contract.statusCode()).isEqualTo(200);
        assertThat(contract.body()).isEqualTo(Files.readString(Path.of("openapi.yaml")));

        // The documented entry point redirects to the UI page.
        HttpResponse<String> swaggerUi =
                FOLLOWING_REDIRECTS.send(request("/swagger-ui.html", null).GET().build(), BodyHandlers.ofString());
        assertThat(swaggerUi.statusCode()).isEqualTo(200);
        assertThat(swaggerUi.body()).contains("Swagger UI");
    }

    @Test
    void readmeFlow_tenantNicOffloadParametersIndicationDelete_worksAgainstTheImage() throws Exception {
        // An operator creates a tenant with the admin token; its token is shown this once.
        HttpResponse<String> tenantCreated = send(post("/v1/admin/tenants", ADMIN_TOKEN, """
                {"name": "container-it"}"""));
        assertThat(tenantCreated.statusCode()).as(tenantCreated.body()).isEqualTo(201);
        JsonNode tenant = json(tenantCreated);
        assertThat(tenant.path("name").asString()).isEqualTo("container-it");
        assertThat(tenant.path("tenantId").asString()).isNotBlank();
        String tenantToken = tenant.path("token").asString();
        assertThat(tenantToken).isNotBlank();

        // The tenant creates an NDIS 6.30 NIC and reads what its hardware offers.
        HttpResponse<String> nicCreated = send(post("/v1/nics", tenantToken, """
                {"ndisVersion": "6.30"}"""));
        assertThat(nicCreated.statusCode()).as(nicCreated.body()).isEqualTo(201);
        String nicId = json(nicCreated).path("nicId").asString();
        assertThat(nicId).isNotBlank();
        String nic = "/v1/nics/" + nicId;

        HttpResponse<String> capabilities = send(get(nic + "/capabilities", tenantToken));
        assertThat(capabilities.statusCode()).as(capabilities.body()).isEqualTo(200);
        assertThat(json(capabilities).isObject()).isTrue();
        assertThat(capabilities.body()).containsIgnoringCase("ipsec");

        // OID_TCP_OFFLOAD_PARAMETERS turns LSOv2 for IPv4 off: the current configuration changes, and the NIC
        // queues an NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG status indication for the rig to poll.
        HttpResponse<String> configBefore = send(get(nic + "/oids/tcp-offload-current-config", tenantToken));
        assertThat(configBefore.statusCode()).as(configBefore.body()).isEqualTo(200);

        HttpResponse<String> parameters = send(post(nic + "/oids/tcp-offload-parameters", tenantToken, """
                {"lsoV2Ipv4": "NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED"}"""));
        assertThat(parameters.statusCode()).as(parameters.body()).isBetween(200, 204);

        HttpResponse<String> configAfter = send(get(nic + "/oids/tcp-offload-current-config", tenantToken));
        assertThat(configAfter.statusCode()).as(configAfter.body()).isEqualTo(200);
        assertThat(json(configAfter)).isNotEqualTo(json(configBefore));

        HttpResponse<String> indications =
                send(get(nic + "/status-indications?cursor=0&timeoutMs=1000", tenantToken));
        assertThat(indications.statusCode()).as(indications.body()).isEqualTo(200);
        assertThat(stringValues(json(indications))).contains("NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG");

        // Another tenant (the default one, configured through the environment) does not see the NIC at all.
        HttpResponse<String> foreign = send(get(nic + "/capabilities", DEFAULT_TENANT_TOKEN));
        assertProblem(foreign, 404);

        // No token: unauthorized, as a problem document.
        assertProblem(send(get(nic + "/capabilities", null)), 401);

        // Adapter removal; afterwards the NIC is gone.
        HttpResponse<String> deleted = send(request(nic, tenantToken).DELETE().build());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertProblem(send(get(nic + "/capabilities", tenantToken)), 404);

        // Tokens are secrets: the configured ones and the one just issued never reach the log.
        assertThat(LOGS.toUtf8String()).doesNotContain(ADMIN_TOKEN, DEFAULT_TENANT_TOKEN, tenantToken);
    }

    @Test
    void logs_areOneJsonObjectPerLine() {
        List<String> lines = LOGS.toUtf8String().lines().filter(line -> !line.isBlank()).toList();
        // The JVM itself may write a few lines to stderr ("Picked up JAVA_TOOL_OPTIONS", "WARNING: ..."); they
        // are not log events. Every log event is one JSON object.
        List<String> events = lines.stream().filter(line -> !isJvmMessage(line)).toList();

        assertThat(events).isNotEmpty().allSatisfy(line -> {
            JsonNode event = JSON.readTree(line);
            assertThat(event.has("@timestamp")).as(line).isTrue();
            assertThat(event.has("message")).as(line).isTrue();
        });
        assertThat(events).anySatisfy(line -> assertThat(line).contains("Started OffloadNicApplication"));
    }

    private static boolean isJvmMessage(String line) {
        return line.startsWith("Picked up ") || line.startsWith("WARNING: ");
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(PROBLEM_JSON));
        assertThat(json(response).path("status").asInt()).isEqualTo(status);
    }

    /** Every string value anywhere in {@code node}: finds a status code whatever envelope carries it. */
    private static List<String> stringValues(JsonNode node) {
        List<String> values = new ArrayList<>();
        collectStrings(node, values);
        return values;
    }

    private static void collectStrings(JsonNode node, List<String> into) {
        if (node.isString()) {
            into.add(node.asString());
        }
        for (JsonNode child : node.values()) {
            collectStrings(child, into);
        }
    }

    private static HttpRequest get(String path, String token) {
        return request(path, token).GET().build();
    }

    private static HttpRequest post(String path, String token, String body) {
        return request(path, token)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))
                .build();
    }

    private static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, " + PROBLEM_JSON);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static String randomToken(String prefix) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }
}
