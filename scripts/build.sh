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
# Configured every time (seconds when nothing changed): what the configure finds can change
# between runs, as the browser tests' node_modules after `setup.sh --tests`.
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" ${1:+--target "$@"}
