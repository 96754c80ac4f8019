#!/usr/bin/env bash
# Installs the Debian 12 packages a command needs, if any are missing.
#   scripts/setup.sh [extra-package ...]          what the build needs (the main command)
#   scripts/setup.sh --tests [extra-package ...]  and what the test command needs besides:
#       the packaging tools (lintian, dpkg-dev, fakeroot, file, systemd-analyze, curl), promtool,
#       and the browser tests' chromium, nodejs and npm, with `npm ci` in tests/browser
#       (playwright-core from the committed lock file; never a browser download)
# No server package is installed: promtool (Debian's prometheus package, which would start a
# Prometheus service) is taken out of the downloaded .deb into build/test-tools/ and linked
# from build/test-tools/bin/, which the test command puts on its PATH; a promtool already on
# the PATH is used as it is.
# As root it runs apt-get (update once, then install only what is missing); otherwise it
# names the missing packages and exits 1. Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=false
if [[ "${1:-}" == --tests ]]; then
  for_tests=true
  shift
fi

packages=(
  g++ cmake ninja-build pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev libboost-url1.81-dev
  libsqlite3-dev libcereal-dev libssl-dev openssl libqrencode-dev libarchive-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  "$@"
)
if $for_tests; then
  packages+=(lintian dpkg-dev fakeroot file gzip systemd curl chromium)
  # Node.js and npm count by their commands: a machine may have them from another source
  # (NodeSource's nodejs carries npm, and Debian's npm cannot be installed beside it).
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
promtool_dir=build/test-tools
need_promtool=false
if $for_tests && ! command -v promtool >/dev/null && [[ ! -x $promtool_dir/bin/promtool ]]; then
  need_promtool=true
fi

# The browser tests' npm packages: installed from the lock file when node_modules is
# missing or older than the lock file (any user may run this part; it needs node and npm).
browser_dir=tests/browser
install_browser_packages() {
  $for_tests || return 0
  local installed=$browser_dir/node_modules/.package-lock.json
  [[ -f $installed && ! $browser_dir/package-lock.json -nt $installed ]] && return 0
  echo "setup: npm ci in $browser_dir"
  (cd "$browser_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
}

if [[ ${#missing[@]} -eq 0 ]] && ! $need_promtool; then
  install_browser_packages
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them as root: apt-get install ${missing[*]}" >&2
  fi
  $need_promtool && echo "setup: promtool is missing: run scripts/setup.sh --tests as root" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup: installing ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if $need_promtool; then
  echo "setup: unpacking promtool from the prometheus package into $promtool_dir"
  rm -rf "$promtool_dir"
  mkdir -p "$promtool_dir/deb" "$promtool_dir/bin"
  (cd "$promtool_dir/deb" && apt-get download -qq -o APT::Sandbox::User=root prometheus)
  dpkg-deb -x "$promtool_dir"/deb/prometheus_*.deb "$promtool_dir/root"
  ln -s ../root/usr/bin/promtool "$promtool_dir/bin/promtool"
  "$promtool_dir/bin/promtool" --version >/dev/null
fi
install_browser_packages
