#!/usr/bin/env bash
# Builds the fuzz targets of a clang-14 preset (libFuzzer + ASan + UBSan: asan-ubsan, which
# the test command's sanitizer stage has built already, or fuzz, the same at -O1 for long
# runs) and runs each fuzz target of
# tests/fuzz for a bounded time on a scratch copy of its seed corpus and regressions, with
# its dictionary if it has one. Prints executions and coverage per target; fails if any
# target crashes, leaks, times out or trips a sanitizer (the input is kept under
# build/<preset>/artifacts/: add it to tests/fuzz/regressions/<target>/ once fixed).
# Usage: [TALLY_FUZZ_PRESET=fuzz] scripts/fuzz.sh [seconds-per-target] [target ...]
#   seconds-per-target  default 30; the README's test command uses a short time
#   target              e.g. wire_message; default: every tests/fuzz/*_fuzzer.cpp
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: seconds per target must be a positive integer, not '$seconds'" >&2
  exit 2
fi

preset=${TALLY_FUZZ_PRESET:-asan-ubsan}
scripts/build.sh "$preset" fuzzers

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for source in tests/fuzz/*_fuzzer.cpp; do
    name=$(basename "$source" _fuzzer.cpp)
    targets+=("$name")
  done
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# What a target writes to its temporary directory goes with the scratch copy, even when the
# target ends without running its destructors (a crash, a timeout, a kill).
export TMPDIR=$scratch/tmp
mkdir -p "$TMPDIR"
artifacts=build/$preset/artifacts
mkdir -p "$artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for name in "${targets[@]}"; do
  binary=build/$preset/tests/fuzz/fuzz-${name//_/-}
  if [[ ! -x "$binary" ]]; then
    echo "fuzz: no target '$name' ($binary)" >&2
    exit 2
  fi
  corpus=$scratch/$name
  mkdir -p "$corpus"
  cp tests/fuzz/corpus/"$name"/* "$corpus"/
  if [[ -d tests/fuzz/regressions/$name ]]; then
    cp tests/fuzz/regressions/"$name"/* "$corpus"/
  fi
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$artifacts/$name-")
  if [[ -f tests/fuzz/dict/$name.dict ]]; then
    args+=(-dict=tests/fuzz/dict/"$name".dict)
  fi
  log=$scratch/$name.log
  status=0
  "$binary" "${args[@]}" "$corpus" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  coverage=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -n 1 || true)
  if [[ $status -eq 0 ]]; then
    printf 'fuzz %-20s ok: %s executions in %ss, %s\n' "$name" "${execs:-?}" "$seconds" "$coverage"
  else
    printf 'fuzz %-20s FAILED (exit %d) after %s executions\n' "$name" "$status" "${execs:-?}"
    grep -E -A 30 '^==[0-9]+==ERROR|runtime error|fuzz property violated|ERROR: libFuzzer' "$log" |
      head -n 60 >&2 || tail -n 40 "$log" >&2
    failed+=("$name")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: failed: ${failed[*]} (inputs under $artifacts/)" >&2
  exit 1
fi
