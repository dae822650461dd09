#!/usr/bin/env bash
# Read-path benchmark (docs/benchmarks.md, "Read path"): starts target/aperture.jar on 127.0.0.1 as scripts/run does
# (scripts/start, same JVM flags), seeds N error records and 28 open alerts into its SQLite store, then
# dev.aperture.bench.ReadPathBenchmark measures with wrk, one after the other and in this one run, GET /api/health,
# GET /api/alerts (API token) and GET /integrations (session from the login form): requests/s, p50/p99, ratio to
# /api/health, bytes allocated per request; then p99 of /api/alerts with LoadLoop (200 clients, ~1 s think time).
# Bounded: every wrk run has a fixed length, the server is stopped and its data dir deleted on any exit.
# Usage: bench/run-read-path.sh [records=1000000] [seconds=12] [connections=32] [warmup=5] [loopClients=200]
#        [loopSeconds=30] [thinkMillis=1000]   BENCH_SKIP_BUILD=1 reuses target/ as it is; BENCH_JFR_DIR=DIR records
#        each measured window with JFR (profile settings) into DIR/read-path-<endpoint>.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-3474}"
if ! command -v wrk >/dev/null; then
  # Debian's package; needs root (or sudo) and the distribution's mirror.
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get install -y -q wrk >/dev/null || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q wrk >/dev/null; }
fi
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -B -ntp -DskipTests package
  mvn -q -B -ntp test-compile
  mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
mkdir -p target
WORK="$(mktemp -d target/read-path.XXXXXX)"
PID=""
# Every step may fail (the server already gone, or its exit status after SIGTERM) without stopping the rest under -e.
cleanup() { if [[ -n "$PID" ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
PASSWORD=read-path-bench-password
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1)"
echo "server: scripts/start (APERTURE_JAVA_OPTS=${APERTURE_JAVA_OPTS:-unset}), commit $(git rev-parse --short HEAD)"
start_server() {
  APERTURE_DATA_DIR="$WORK/data" APERTURE_PORT="$PORT" APERTURE_HOST=127.0.0.1 APERTURE_ADMIN_PASSWORD="$PASSWORD" \
    APERTURE_HEALTH_TICK_SECONDS=0 scripts/start >>"$WORK/server.log" 2>&1 &
  PID=$!
  local deadline=$((SECONDS + 60))
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/health"; do
    (( SECONDS < deadline )) || { echo "no answer within 60 s"; cat "$WORK/server.log"; exit 1; }
    sleep 0.05
  done
}
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
# The first start creates the schema; the seed goes into the stopped server's store, because the alert store
# holds the open alerts in memory from its start and would not serve rows written behind its back.
start_server
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
java -cp "$CP" dev.aperture.bench.ReadPathBenchmark seed "$WORK/data" "${1:-1000000}"
start_server
timeout $(( 3 * (${2:-12} + ${4:-5}) + ${6:-30} + 400 )) java -cp "$CP" \
  dev.aperture.bench.ReadPathBenchmark "http://127.0.0.1:$PORT" "$PID" "$WORK/data" "$PASSWORD" 0 \
  "${2:-12}" "${3:-32}" "${4:-5}" "${5:-200}" "${6:-30}" "${7:-1000}" \
  || { echo "benchmark failed; server alive: $(kill -0 "$PID" 2>/dev/null && echo yes || echo no); its log ends:"; tail -20 "$WORK/server.log"; exit 1; }
echo "server errors logged: $(grep -c " ERROR " "$WORK/server.log" || true)"; grep -m3 -A2 " ERROR " "$WORK/server.log" || true
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
