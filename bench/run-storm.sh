#!/usr/bin/env bash
# Failure-storm benchmark (docs/benchmarks.md): µs per recorded failure, ours (write-behind) vs the original
# TypeScript Aperture's COUNT-then-INSERT per error, and GET /api/alerts latency during each storm.
# Usage: bench/run-storm.sh [N] [baseline seconds cap] [sqlite|postgresql ...]   (PostgreSQL: scripts/ensure-postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -o test-compile
mvn -q -B -ntp -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Daperture.logFormat=text -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    dev.aperture.bench.StormBenchmark "$@" 2>&1 | grep -v " WARN \| INFO "
