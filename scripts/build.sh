#!/usr/bin/env bash
# Installs what is missing, configures and builds one CMake preset (default: release).
# Usage: scripts/build.sh [preset] [ninja target ...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true

scripts/setup.sh
if [[ ! -f "build/$preset/build.ninja" ]]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" ${1:+--target "$@"}
