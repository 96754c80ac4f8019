#!/usr/bin/env bash
# The long forms of the live fault tests (issue #9, docs/reliability.md): a longer reduced
# night with 60 SIGKILLs of tallyd (through the chaos proxy) and one with 60 SIGKILLs of
# device workers, then the network partition. Prints each test's "[figures]" lines.
# Usage: scripts/faults-long.sh   (about 10 minutes on a shared 2-core machine)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release live_fault_tests
TALLY_FAULTS_LONG=1 build/release/tests/faults/live_fault_tests \
  --gtest_filter='ServerCrashLoopTest.*:ClientCrashLoopTest.*:NetworkPartitionTest.*'
