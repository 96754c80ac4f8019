#!/usr/bin/env bash
# The soak of issue 21: the real tallyd over TLS for an hour at twice the demo night's rate
# (docs/demo.md: 102,917 ops in about 45 s, 2,300 ops/s; twice: 4,600 ops/s), with 1,439
# officer devices (Thái Nguyên's stations). Not part of the test command. Writes the report
# to bench/soak-run.md (scripts/bench.sh appends it to bench/RESULTS.md) and into
# docs/reliability.md between its soak markers.
# Usage: scripts/soak.sh [--minutes N] [--rate OPS_PER_S]
# Exit codes: 0 every goal met; 1 a goal missed or the run failed; 2 usage error.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh release
status=0
build/release/bench/tally-soak "$@" --out bench/soak-run.md || status=$?
if [[ -s bench/soak-run.md ]]; then
  python3 - <<'PY'
import re
report = open("bench/soak-run.md").read().strip()
# The section's own heading stays the document's; the report's is dropped.
body = report.split("\n", 1)[1].strip()
path = "docs/reliability.md"
text = open(path).read()
begin, end = "<!-- soak:begin (scripts/soak.sh writes this part) -->", "<!-- soak:end -->"
pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
if not pattern.search(text):
    raise SystemExit("soak: docs/reliability.md has no soak markers")
open(path, "w").write(pattern.sub(lambda _: begin + "\n" + body + "\n" + end, text))
PY
  echo "soak: wrote bench/soak-run.md and docs/reliability.md" >&2
fi
exit "$status"
