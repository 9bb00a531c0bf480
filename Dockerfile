# OffloadNIC container image.
#
#   docker build -t offloadnic .
#   docker run --rm -p 8080:8080 -e OFFLOADNIC_ADMIN_TOKEN=... offloadnic
#
# Base images: only maven:3.9-eclipse-temurin-25 and eclipse-temurin:25-jre, and no "# syntax=" line, because
# CI machines reach no container registry: ../shared/ci/docker-offline-setup.sh builds exactly these tags locally.
# For the same reason this file uses only what Docker's legacy builder understands (no RUN --mount): that is
# also what Testcontainers (ContainerIT) builds with.
#
# The jar is built inside the image, not copied from the host's target/: the image then depends only on the
# sources, whatever the host has built (or not). The build stage downloads from Maven Central, which containers
# on the default bridge network reach on these machines as the host does.

# ---- build: compile and package, then split the jar into layers ---------------------------------------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build

# Dependencies first: this layer is rebuilt only when pom.xml changes, not on every source edit.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline

# Only main sources and the published contract (the jar serves openapi.yaml to Swagger UI): editing a test does
# not invalidate the image. Tests run in `mvn verify`, not here.
COPY src/main ./src/main
COPY openapi.yaml ./
RUN mvn -B -q package -Dmaven.test.skip=true \
    && java -Djarmode=tools -jar target/offloadnic.jar extract --layers --destination extracted

# ---- runtime: a JRE, the layers from least to most often changed, a non-root user ------------------------------
FROM eclipse-temurin:25-jre

LABEL org.opencontainers.image.title="OffloadNIC" \
      org.opencontainers.image.description="Emulated NICs with NDIS IPsec task offload (v1, v2) and large send offload, over HTTP"

# A fixed numeric uid/gid, so orchestrators can verify "runAsNonRoot" without reading /etc/passwd.
RUN groupadd --system --gid 10001 offloadnic \
    && useradd --system --uid 10001 --gid offloadnic --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin offloadnic

WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

USER 10001:10001
EXPOSE 8080

# The JVM sizes its heap from the container's memory limit, not the host's; an OutOfMemoryError ends the
# process so the orchestrator restarts it, instead of a half-working service. Add flags with JAVA_TOOL_OPTIONS.
# The port is pinned: EXPOSE, the health check and docker-compose.yml all say 8080; publish it elsewhere with -p.
ENV SERVER_PORT=8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/offloadnic.jar"]

# Healthy = ready for traffic: the readiness group answers 200 when the service accepts requests and 503 while it
# starts, is DOWN, or drains on shutdown. The JRE image need not have curl: bash's /dev/tcp sends one HTTP/1.0
# request and the check passes on status 200 only.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r _ code _ <&3 && [ \"$code\" = 200 ]"]
