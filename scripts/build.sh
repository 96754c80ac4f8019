#!/usr/bin/env bash
# Installs what is missing, configures and builds one CMake preset (default: release).
# Usage: scripts/build.sh [preset] [ninja target ...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true

# The asan-ubsan and fuzz presets compile with clang-14 (libFuzzer needs it).
if [[ "$preset" == asan-ubsan || "$preset" == fuzz ]]; then
  scripts/setup.sh clang-14 libclang-rt-14-dev
else
  scripts/setup.sh
fi
if [[ ! -f "build/$preset/build.ninja" ]]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" ${1:+--target "$@"}
