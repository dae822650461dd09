#!/usr/bin/env bash
# Pacing benchmark (docs/benchmarks.md): Aperture's pacing vs the fixed-delay baseline vs resilience4j against
# a fake enforcing L requests/s, then health-check recovery latency. Usage: bench/run-pacing.sh [N] [L]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.aperture.bench.PacingBenchmark "$@"
