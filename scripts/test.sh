#!/usr/bin/env bash
# The README's test command (CI's .ci/run calls it): installs what is missing, builds and
# runs every test, in four stages:
#   1. release      the whole suite (engine, server, client, hostile, faults, integration,
#                   and the full Thái Nguyên night, label demo)
#   2. asan-ubsan   the whole suite under AddressSanitizer + UBSan, built with clang-14 (the
#                   full night, label demo, is left to stage 1: the reduced night runs the
#                   same code)
#   3. fuzz         every libFuzzer target for a short bounded time (scripts/fuzz.sh), from
#                   stage 2's build: one clang build serves both
#   4. tsan         the server and client tests (the concurrent ones) under ThreadSanitizer
# Each stage's time is printed at the end. The long runs (fuzzing for hours, the long fault
# forms, a million property schedules) are separate commands: docs/security.md,
# docs/reliability.md, bench/property-runs.md.
#
# Usage: scripts/test.sh            all four stages
#        scripts/test.sh PRESET     one preset's suite: release, debug, asan-ubsan or tsan
# Environment: TALLY_FUZZ_SECONDS   seconds per fuzz target in stage 3 (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests' own tools (packaging tools, promtool unpacked under build/test-tools/bin).
scripts/setup.sh --tests
export PATH="$PWD/build/test-tools/bin:$PATH"

run_suite() {
  scripts/build.sh "$1"
  ctest --preset "$1"
}

if [[ $# -gt 0 ]]; then
  run_suite "$1"
  exit 0
fi

timings=()
stage() {
  local name=$1
  shift
  local started=$SECONDS
  echo "==> test stage: $name"
  "$@"
  timings+=("$(printf '%-11s %5d s' "$name" $((SECONDS - started)))")
}

stage release run_suite release
stage asan-ubsan run_suite asan-ubsan
stage fuzz scripts/fuzz.sh "${TALLY_FUZZ_SECONDS:-10}"
stage tsan run_suite tsan

echo "==> every test stage passed"
printf '  %s\n' "${timings[@]}"
echo "  total       $SECONDS s"
