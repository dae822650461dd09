#!/usr/bin/env bash
# Load benchmark (docs/benchmarks.md): starts target/aperture.jar on 127.0.0.1 as scripts/run does (scripts/start),
# seeds N error records into its SQLite store, then C clients alternate GET /api/alerts and GET /integrations for
# S seconds (dev.aperture.bench.LoadBenchmark). Bounded: the server is stopped at the end or on any exit.
# Usage: bench/run-load.sh [clients=200] [seconds=60] [records=1000000] [warmup=10] [thinkMillis=0]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-3473}"
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -B -ntp -DskipTests package
  mvn -q -B -ntp test-compile
  mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
WORK="$(mktemp -d)"
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
PASSWORD=load-bench-password
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: scripts/start (APERTURE_JAVA_OPTS=${APERTURE_JAVA_OPTS:-unset})"
APERTURE_DATA_DIR="$WORK/data" APERTURE_PORT="$PORT" APERTURE_HOST=127.0.0.1 APERTURE_ADMIN_PASSWORD="$PASSWORD" \
  APERTURE_HEALTH_TICK_SECONDS=0 scripts/start >"$WORK/server.log" 2>&1 &
PID=$!
deadline=$((SECONDS + 60))
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/health"; do
  (( SECONDS < deadline )) || { echo "no answer within 60 s"; cat "$WORK/server.log"; exit 1; }
  sleep 0.05
done
timeout $(( ${2:-60} + ${4:-10} + 300 )) java -Xss512k -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.aperture.bench.LoadBenchmark "http://127.0.0.1:$PORT" "$PID" "$WORK/data" "$PASSWORD" "${1:-200}" "${2:-60}" \
  "${3:-1000000}" "${4:-10}" "${5:-0}"
echo "server errors logged: $(grep -c ' ERROR ' "$WORK/server.log" || true)"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
