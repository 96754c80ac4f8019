#!/usr/bin/env bash
# scripts/hostile-run.sh [SECONDS]: the long hostile run of docs/security.md ("Hostile run").
# Starts a real tallyd (TLS, 127.0.0.1, descriptor limit 1,024 by ulimit so that exhaustion
# is reachable quickly) on a fresh data directory, then runs build/release's hostile-run
# against it for SECONDS (default 600): attacks from 127.0.0.2..9 (descriptor exhaustion,
# silent TLS handshakes, oversized headers, garbage, slowloris, bad enrolments and Hellos)
# while /healthz must answer within 1 s and two devices connected before keep syncing.
# Then checks that tallyd's log stayed under 1 MB. Loopback only; bounded by a timeout;
# not part of the test command. Build first: cmake --build --preset release.
set -euo pipefail

seconds=${1:-600}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TALLY_BUILD_DIR:-$root/build/release}
work=$(mktemp -d /tmp/tally-hostile-run-XXXXXX)
tallyd_pid=""
cleanup() {
  if [[ -n $tallyd_pid ]] && kill -0 "$tallyd_pid" 2>/dev/null; then
    kill "$tallyd_pid"
    wait "$tallyd_pid" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A copy of the binaries: a rebuild during the run does not change what is measured.
cp "$build/server/tallyd" "$build/tests/hostile/hostile-run" "$work/"
data=$work/data
"$work/tallyd" init --data "$data" --definition "$root/tests/server/data/mini-election.json" \
  --schema "$root/schemas/forms/station-count-1.json" >/dev/null

# 1,024 descriptors, hard and soft (tallyd raises the soft limit to the hard one); eight
# attacking addresses of at most 100 connections each cannot take the 960 it may use.
(
  ulimit -Sn 1024
  ulimit -Hn 1024
  exec "$work/tallyd" serve --data "$data" --listen 127.0.0.1:0 --max-connections-per-address 100
) 2>"$work/serve.log" >/dev/null &
tallyd_pid=$!
for _ in $(seq 100); do
  [[ -s $data/tallyd.port ]] && break
  sleep 0.1
done
if [[ ! -s $data/tallyd.port ]]; then
  echo "tallyd did not start:"
  cat "$work/serve.log"
  exit 1
fi
port=$(cat "$data/tallyd.port")
codes=()
for _ in 1 2; do
  codes+=(--code "$("$work/tallyd" enrol --data "$data" --station TN-0002 --role officer)")
done
echo "tallyd pid $tallyd_pid on 127.0.0.1:$port, descriptor limit $(prlimit --pid "$tallyd_pid" --nofile --noheadings --output SOFT)"

status=0
timeout $((seconds + 120)) "$work/hostile-run" --port "$port" --ca "$data/tls-cert.pem" \
  "${codes[@]}" --seconds "$seconds" || status=$?

log_bytes=$(stat -c %s "$work/serve.log")
echo "tallyd log: $log_bytes bytes ($(wc -l <"$work/serve.log") lines); accept pauses logged: $(grep -c '"accept_paused"' "$work/serve.log" || true)"
echo "tallyd still running: $(kill -0 "$tallyd_pid" 2>/dev/null && echo yes || echo NO)"
if ((log_bytes >= 1024 * 1024)); then
  echo "FAILED: the log reached 1 MB"
  status=1
fi
if ((status == 0)); then echo "hostile run: OK"; else echo "hostile run: FAILED"; fi
exit $status
