#!/usr/bin/env bash
# Instructions per deterministic run of the built-in scenario, counted by
# callgrind (repeatable whatever else the machine does). It runs the driver
# with 1 and with 101 runs and divides the difference by 100, so loading the
# scenario and starting the process are not counted.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build-release}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTARGATE_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target stargate_run_builtin >/dev/null
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$build/bench/stargate_run_builtin" "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for mode in summary timeline; do
  one=$(count 1 "$mode")
  many=$(count 101 "$mode")
  echo "$mode: $(( (many - one) / 100 )) instructions per run (1 run: $one, 101 runs: $many in total)"
done
