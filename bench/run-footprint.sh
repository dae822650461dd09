#!/usr/bin/env bash
# Footprint benchmark (docs/benchmarks.md): time from `java … -jar target/aperture.jar` to the first 200 of
# GET /api/health, and resident memory after a warm-up, over N starts on 127.0.0.1.
# Usage: bench/run-footprint.sh [N] [none]
#   default: started as scripts/run starts it (scripts/start: its JVM flags; APERTURE_JAVA_OPTS overrides them);
#   "none": the bare `java -jar target/aperture.jar`, no flags.
# The first start is a first start (fresh data dir: migrations, key, admin); the others reuse the data dir.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-5}"
if [[ "${2:-}" == "none" ]]; then START=(java -jar target/aperture.jar); else START=(scripts/start); fi
PORT="${BENCH_PORT:-3471}"
BASE="http://127.0.0.1:$PORT"
WARMUP="${BENCH_WARMUP:-400}"

[[ -f target/aperture.jar && "${BENCH_SKIP_BUILD:-}" == "1" ]] || mvn -B -ntp -q -DskipTests package
WORK="$(mktemp -d)"
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

export APERTURE_DATA_DIR="$WORK/data" APERTURE_PORT="$PORT" APERTURE_HOST=127.0.0.1 \
       APERTURE_ADMIN_PASSWORD=footprint-bench-password APERTURE_HEALTH_TICK_SECONDS=0
echo "command: ${START[*]} (APERTURE_JAVA_OPTS=${APERTURE_JAVA_OPTS:-unset})"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %12s %14s %14s %12s\n' run "start ms" "RSS idle MB" "RSS warm MB" "HWM MB"
starts=(); rss=()
for i in $(seq 1 "$N"); do
  t0=$(date +%s%N)
  "${START[@]}" >"$WORK/run$i.log" 2>&1 &
  PID=$!
  deadline=$((SECONDS + 60))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/health" || true)" == "200" ]]; do
    (( SECONDS < deadline )) || { echo "no answer within 60 s"; cat "$WORK/run$i.log"; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  start_ms=$(( (t1 - t0) / 1000000 ))
  idle=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
  # Warm-up: what an admin's browser and a script do: log in, the pages, the alerts API.
  csrf=$(curl -s -c "$WORK/jar" -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$APERTURE_ADMIN_PASSWORD\"}" "$BASE/api/auth/login" | jq -r .csrfToken)
  token=$(curl -s -b "$WORK/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -d '{"name":"bench"}' "$BASE/api/tokens" | jq -r .token)
  : > "$WORK/urls"
  for _ in $(seq 1 $((WARMUP / 4))); do
    for p in /api/alerts /api/integrations /api/jobs /api/quotas; do echo "url = \"$BASE$p\""; echo 'output = "/dev/null"'; done >> "$WORK/urls"
  done
  curl -s -H "Authorization: Bearer $token" -K "$WORK/urls"
  : > "$WORK/pages"
  for _ in $(seq 1 $((WARMUP / 8))); do
    for p in / /integrations /alerts /jobs; do echo "url = \"$BASE$p\""; echo 'output = "/dev/null"'; done >> "$WORK/pages"
  done
  curl -s -b "$WORK/jar" -K "$WORK/pages"
  warm=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
  hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$PID/status")
  printf '%-5s %12s %14s %14s %12s\n' "$i" "$start_ms" "$idle" "$warm" "$hwm"
  starts+=("$start_ms"); rss+=("$warm")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(median "${starts[@]:1}"); mb=$(median "${rss[@]}")
echo "first start: ${starts[0]} ms; median of later starts: $ms ms (target 2500, ratio $(awk "BEGIN {printf \"%.2f\", $ms/2500}"))"
echo "median RSS after warm-up: $mb MB (target 200, ratio $(awk "BEGIN {printf \"%.2f\", $mb/200}"))"
