#!/usr/bin/env bash
# The end-to-end benchmark of issue 7 (README "Benchmark", docs/benchmarks.md). Builds the service jar, starts it
# on loopback, runs the Python peers and then the Java load generator, which prints every result side by side and
# writes target/bench/results.md and target/bench/throughput-vs-batch.png.
#
#   bench/run.sh [--seconds S] [--warmup-seconds W] [--service-warmup-seconds T] [--quick | --fairness-only]
#       (default: each case 3 s after 1.5 s of warm-up, after 12 s warming the service on every kind of request)
#   BENCH_SERVICE_OPTS="-XX:StartFlightRecording=filename=target/bench/service.jfr" bench/run.sh --profile-case \
#       --seconds 10 && bench/jfr-top.py target/bench/service.jfr      (where the service spends CPU, CBOR 64 x 4)
#   BENCH_LOADGEN_OPTS="..." adds JVM flags to the load generator (not -XX:TieredStopAtLevel=1: the same JVM measures
#   the in-process limit). The service's PID is passed so every case reports the service's CPU time per frame.
#
# Needs JAVA_HOME (Java 25), Maven, /usr/bin/python3 with python3-cryptography and python3-scapy. Not part of
# `mvn verify`: nothing here runs in the build.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
PORT="${BENCH_PORT:-18080}"
OUT=target/bench
ADMIN="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$OUT"

PEER_SECONDS=3
for ((i = 1; i <= $#; i++)); do
    if [[ "${!i}" == --seconds ]]; then j=$((i + 1)); PEER_SECONDS="${!j}"; fi
done

echo "building (mvn package -DskipTests, test classpath) ..."
mvn -B -q -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

echo "starting the service on 127.0.0.1:$PORT ..."
"$JAVA" -Xms512m -Xmx1g ${BENCH_SERVICE_OPTS:-} -jar target/offloadnic.jar --server.port="$PORT" --server.address=127.0.0.1 \
    --offloadnic.admin-token="$ADMIN" --logging.level.root=WARN > "$OUT/service.log" 2>&1 &
SERVICE=$!
trap 'kill "$SERVICE" 2>/dev/null; wait "$SERVICE" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PORT/actuator/health" > /dev/null 2>&1; then break; fi
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/actuator/health" > /dev/null

echo "peers (bench/peers.py, ${PEER_SECONDS}s each) ..."
/usr/bin/python3 bench/peers.py "$PEER_SECONDS" > "$OUT/peers.json"

"$JAVA" -Xmx1g ${BENCH_LOADGEN_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    com.offloadnic.bench.ServiceBench --base "http://127.0.0.1:$PORT" --admin-token "$ADMIN" \
    --service-pid "$SERVICE" --peers "$OUT/peers.json" --out "$OUT" "$@" | tee "$OUT/output.txt"
