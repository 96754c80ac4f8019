#!/usr/bin/env bash
# The README's main command: set up, build and run the Thái Nguyên 2021 election night.
# Usage: scripts/demo.sh [options passed to the demo]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh release
exec build/release/engine/tally-offline \
  --definition schemas/elections/thai-nguyen-2021.json \
  --records schemas/elections/thai-nguyen-2021.records.json "$@"
