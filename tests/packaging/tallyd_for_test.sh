# Sourced by the packaging tests: a real tallyd on 127.0.0.1 for the length of the script.
#   start_tallyd TALLYD DATA_DIR [serve options...]   init DATA_DIR with the test election and
#                                                     serve it on a free port (plain ws://)
#   enrolment_code                                    a one-time officer code for TN-0001
# Sets TALLYD_PORT; the EXIT trap stops tallyd (SIGTERM, then waits for it). Needs
# $source_dir (the source tree, for the test election and schema).
tallyd_binary=
tallyd_data=
tallyd_pid=

stop_tallyd() {
  if [[ -n "$tallyd_pid" ]]; then
    kill -TERM "$tallyd_pid" 2>/dev/null || true
    wait "$tallyd_pid" 2>/dev/null || true
    tallyd_pid=
  fi
}

start_tallyd() {
  tallyd_binary=$1
  tallyd_data=$2
  shift 2
  "$tallyd_binary" init --data "$tallyd_data" \
    --definition "$source_dir/tests/server/data/mini-election.json" \
    --schema "$source_dir/schemas/forms/station-count-1.json" >/dev/null
  trap stop_tallyd EXIT
  # tallyd prints "listening on HOST:PORT" once it listens (after writing DATA/tallyd.port):
  # the script waits on that line; the timeout only catches a hang.
  coproc TALLYD_SERVE { exec "$tallyd_binary" serve --data "$tallyd_data" \
    --listen 127.0.0.1:0 --plain "$@" 2>"$tallyd_data.log"; }
  tallyd_pid=$TALLYD_SERVE_PID
  local line=
  if ! read -r -t 60 line <&"${TALLYD_SERVE[0]}" || [[ "$line" != "listening on "* ]]; then
    echo "tallyd did not start: ${line}" >&2
    cat "$tallyd_data.log" >&2
    return 1
  fi
  TALLYD_PORT=$(<"$tallyd_data/tallyd.port")
}

enrolment_code() {
  "$tallyd_binary" enrol --data "$tallyd_data" --role officer --station TN-0001
}
