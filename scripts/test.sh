#!/usr/bin/env bash
# The README's test command: set up, build and run every test under ctest.
# Usage: scripts/test.sh [preset]   (default: release; also debug, asan-ubsan, tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}

scripts/build.sh "$preset"
ctest --preset "$preset"
