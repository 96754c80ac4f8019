#!/usr/bin/env bash
# Installs the Debian 12 packages TallySync builds with, if any are missing.
# As root it runs apt-get (update once, then install only what is missing); otherwise it
# names the missing packages and exits 1. Safe to run any number of times.
# Usage: scripts/setup.sh [extra-package ...]
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev libboost-url1.81-dev
  libsqlite3-dev libcereal-dev libssl-dev openssl
  libgtest-dev libgmock-dev libbenchmark-dev
  prometheus
  "$@"
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
