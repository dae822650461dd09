#!/usr/bin/env bash
# Live updates benchmark (docs/benchmarks.md, "Live updates"): starts target/aperture.jar on 127.0.0.1 as
# scripts/run does, logs in with a browser session, then measures the poll every open page sends every 3 s
# (GET /live?v=<version>, answered 204 while nothing changed) with wrk, and the bytes of one poll and of one
# refresh. Bounded: the server is stopped at the end or on any exit; the session cookie lives in a temp dir.
# Usage: bench/run-live.sh [seconds=20] [connections=4]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-3474}"
SECONDS_RUN="${1:-20}"
CONNECTIONS="${2:-4}"
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -B -ntp -DskipTests package >/dev/null
fi
WORK="$(mktemp -d)"
PID=""
cleanup() {
  if [[ -n "$PID" ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
PASSWORD=live-bench-password
BASE="http://127.0.0.1:$PORT"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
APERTURE_DATA_DIR="$WORK/data" APERTURE_PORT="$PORT" APERTURE_HOST=127.0.0.1 APERTURE_ADMIN_PASSWORD="$PASSWORD" \
  APERTURE_HEALTH_TICK_SECONDS=0 scripts/start >"$WORK/server.log" 2>&1 &
PID=$!
deadline=$((SECONDS + 60))
until curl -sf -o /dev/null "$BASE/api/health"; do
  (( SECONDS < deadline )) || { echo "no answer within 60 s"; cat "$WORK/server.log"; exit 1; }
  sleep 0.05
done
curl -sf -o /dev/null -c "$WORK/jar" -d "username=admin&password=$PASSWORD" "$BASE/login"
SESSION="$(awk '$6 == "aperture_session" {print $7}' "$WORK/jar")"
COOKIE="aperture_session=$SESSION"
POLL="$(curl -sf -b "$COOKIE" "$BASE/" | grep -o '/live?v=[0-9a-f]*' | head -1)"
[[ -n "$POLL" ]] || { echo "no poller on the dashboard"; exit 1; }
echo "poll: $POLL"
echo "unchanged poll (status, header bytes, body bytes): $(curl -s -o /dev/null -b "$COOKIE" -H 'HX-Request: true' \
  -w '%{http_code} %{size_header} %{size_download}' "$BASE$POLL")"
echo "changed poll (status, header bytes, body bytes): $(curl -s -o /dev/null -b "$COOKIE" -H 'HX-Request: true' \
  -w '%{http_code} %{size_header} %{size_download}' "$BASE/live?v=0")"
echo "refresh of the dashboard after a change (body bytes): $(curl -s -o /dev/null -b "$COOKIE" \
  -w '%{size_download}' "$BASE/")"
echo "refresh of the Integrations page after a change (body bytes): $(curl -s -o /dev/null -b "$COOKIE" \
  -w '%{size_download}' "$BASE/integrations")"
echo "--- wrk: unchanged polls, $CONNECTIONS connections, ${SECONDS_RUN} s"
wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_RUN}s" --latency -H "Cookie: $COOKIE" -H 'HX-Request: true' "$BASE$POLL"
echo "--- wrk: the dashboard page itself, for comparison"
wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_RUN}s" --latency -H "Cookie: $COOKIE" "$BASE/"
echo "server errors logged: $(grep -c ' ERROR ' "$WORK/server.log" || true)"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
