#!/usr/bin/env bash
# The packaging test of an operator's view (docs/packaging.md): builds the .deb files
# (scripts/package.sh), fails on any lintian error, unpacks them with dpkg-deb -x into a
# temporary root, checks the unit with systemd-analyze verify (ExecStart pointed at the
# unpacked binary), then starts the unpacked tallyd with the packaged config (data directory
# and listen address overridden on the command line) and checks GET /healthz answers 200.
# Usage: debs.sh SOURCE_DIR WORK_DIR
set -euo pipefail
source_dir=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
source "$source_dir/tests/packaging/tallyd_for_test.sh"

"$source_dir/scripts/package.sh" >"$work/package.log" 2>&1 || {
  cat "$work/package.log" >&2
  exit 1
}
debs=("$source_dir"/build/package/*.deb)
echo "== lintian ${debs[*]##*/}"
lintian --fail-on error "${debs[@]}"

echo "== tallyd depends on the libraries of its QR images and export archive"
depends=$(dpkg-deb -f "$source_dir"/build/package/tallyd_*.deb Depends)
for library in libqrencode4 libarchive13; do
  [[ "$depends" == *"$library"* ]] || {
    echo "tallyd's Depends lacks $library: $depends" >&2
    exit 1
  }
done

root=$work/root
for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$root"; done

echo "== systemd-analyze verify tallyd.service"
unit=$work/tallyd.service
sed "s|^ExecStart=/usr/bin/tallyd |ExecStart=$root/usr/bin/tallyd |" \
  "$root/lib/systemd/system/tallyd.service" >"$unit"
# --man=no: the man page is in the unpacked tree, not where man(1) looks.
systemd-analyze verify --man=no "$unit"

echo "== the unpacked tallyd with the packaged config answers /healthz"
# The data directory and the address are flags, which win over the config file's keys.
start_tallyd "$root/usr/bin/tallyd" "$work/data" --config "$root/etc/tallysync/tallyd.conf"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$TALLYD_PORT/healthz")
[[ "$status" == 200 ]] || {
  echo "GET /healthz answered $status" >&2
  exit 1
}
echo "packaging debs: passed"
