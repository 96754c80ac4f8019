#!/usr/bin/env bash
# The packaging test of an app developer's view (docs/packaging.md): installs the build into
# a temporary prefix, checks libtallysync.so's SONAME and exports, builds a C99 consumer and
# a C++ consumer against the install, once with find_package and once with pkg-config, and
# runs all four against a real tallyd on 127.0.0.1 (enrol with a one-time code, record and
# sync one count). Then configures the tree with tests and benchmarks off and GoogleTest and
# Google Benchmark made unfindable: that configure must not need them.
# Usage: consumers.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
source "$source_dir/tests/packaging/tallyd_for_test.sh"
# Runs a build step quietly, showing its output only if it fails.
quietly() {
  local output
  if ! output=$("$@" 2>&1); then
    echo "failed: $*" >&2
    echo "$output" >&2
    return 1
  fi
}

prefix=$work/prefix
quietly cmake --install "$build_dir" --prefix "$prefix"
libdir=$(dirname "$(find "$prefix" -name libtallysync.so -print -quit)")

echo "== libtallysync.so: SONAME and exports"
objdump -p "$libdir/libtallysync.so" | grep -E '^ +SONAME +libtallysync\.so\.0$'
exports=$(nm -D --defined-only "$libdir/libtallysync.so" | awk '{print $3}')
foreign=$(grep -v '^tally_' <<<"$exports" || true)
if [[ -n "$foreign" ]]; then
  echo "libtallysync.so exports more than tally_*:" >&2
  echo "$foreign" >&2
  exit 1
fi
grep -qx tally_open <<<"$exports"
echo "$(wc -l <<<"$exports") symbols, all tally_*"

start_tallyd "$prefix/bin/tallyd" "$work/data"
url=ws://127.0.0.1:$TALLYD_PORT/sync
consume() {
  local name=$1
  local binary=$2
  "$binary" "$work/$name.db" "$url" "$(enrolment_code)" TN-0001/NA-01
}

echo "== find_package(TallySync)"
consumer_source=$source_dir/tests/packaging/consumer
quietly cmake -S "$consumer_source" -B "$work/cmake-consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix"
quietly cmake --build "$work/cmake-consumer"
consume cmake-c "$work/cmake-consumer/c_consumer"
consume cmake-cpp "$work/cmake-consumer/cpp_consumer"

echo "== pkg-config"
export PKG_CONFIG_PATH=$libdir/pkgconfig
# shellcheck disable=SC2046 # the flags are words
gcc -std=c99 -Wall -Werror -o "$work/pc-c" "$consumer_source/c_consumer.c" \
  $(pkg-config --cflags --libs tallysync) -Wl,-rpath,"$(pkg-config --variable=libdir tallysync)"
# shellcheck disable=SC2046
g++ -std=c++20 -Wall -Werror -o "$work/pc-cpp" "$consumer_source/cpp_consumer.cpp" \
  $(pkg-config --static --cflags --libs tallysync++)
consume pc-c "$work/pc-c"
consume pc-cpp "$work/pc-cpp"
stop_tallyd

echo "== configure with tests and benchmarks off, without GoogleTest and Google Benchmark"
quietly cmake -S "$source_dir" -B "$work/no-tests" -G Ninja -DTALLY_BUILD_TESTS=OFF \
  -DTALLY_BUILD_BENCH=OFF -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
echo "packaging consumers: passed"
