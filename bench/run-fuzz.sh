#!/usr/bin/env bash
# Fuzz soak (issue 17): 100,000 random answers per service and seed through each classifier and the pipeline,
# the size the test suite once ran on every build. The suite plays 2,000 per seed. Usage:
#   bench/run-fuzz.sh [ANSWERS] [SEED]   (no SEED: the fixed seeds and one fresh seed, which is logged)
set -euo pipefail
cd "$(dirname "$0")/.."
answers=${1:-100000}
seed_arg=()
if [ -n "${2:-}" ]; then seed_arg=(-Dfuzz.seed="$2"); fi
exec mvn -B -ntp test -Dtest=FuzzedAnswersTest -Dfuzz.answers="$answers" "${seed_arg[@]}" -Dsurefire.failIfNoSpecifiedTests=false
