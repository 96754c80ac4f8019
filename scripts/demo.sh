#!/usr/bin/env bash
# The README's main command: set up, build and replay the Thái Nguyên 2021 election night
# with tally-night (docs/demo.md): the real tallyd, the real client library, 1,439 stations.
# It prints the web console's address and an operator login; --keep leaves tallyd up.
# Usage: scripts/demo.sh [tally-night options, e.g. --stations 300 --seed 7 --keep]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh release tally-night tallyd tally-officer
exec build/release/demo/tally-night \
  --definition schemas/elections/thai-nguyen-2021.json \
  --records schemas/elections/thai-nguyen-2021.records.json "$@"
