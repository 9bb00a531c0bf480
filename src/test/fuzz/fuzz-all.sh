#!/usr/bin/env bash
# The longer fuzzing run (README, "Fuzzing"): fuzzes each @FuzzTest target for a while, one after another.
# Usage: src/test/fuzz/fuzz-all.sh [seconds per target, default 300] [Class#method ...]
# New corpus entries collect in .cifuzz-corpus/ (ignored by git); a crashing input is written beside the committed
# corpus in src/test/resources/.../<Class>Inputs/<method>/ and so becomes a regression test once committed.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SECONDS_PER_TARGET=${1:-300}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(
    PacketParsersFuzzTest#ethernetFrameAndHeaderChain PacketParsersFuzzTest#ipPacket
    PacketParsersFuzzTest#tcpHeader PacketParsersFuzzTest#udpHeader PacketParsersFuzzTest#espPacket
    PacketParsersFuzzTest#ahHeader PacketParsersFuzzTest#pcapFile
    ReceivePipelineFuzzTest#receiveFrame SendPipelineFuzzTest#sendNbl
    HttpPathsFuzzTest#injectJson HttpPathsFuzzTest#injectPcap HttpPathsFuzzTest#sendJson
    BulkCborFuzzTest#leanReader
  )
fi
mvn -B -q test-compile
status=0
for t in "${TARGETS[@]}"; do
  echo "=== fuzzing $t for ${SECONDS_PER_TARGET}s"
  JAZZER_FUZZ=1 mvn -B -q surefire:test -Dtest="$t" -Djazzer.max_duration="${SECONDS_PER_TARGET}s" \
      -Dsurefire.failIfNoSpecifiedTests=false || status=1
done
exit $status
