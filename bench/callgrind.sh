#!/usr/bin/env bash
# Instructions per deterministic run of the built-in scenario, counted by
# callgrind inside stargate::simulate only (repeatable whatever else the
# machine does; loading the scenario and starting the process are not
# counted): the count over 5 runs, divided by 5.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build-release}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target stargate_run_builtin >/dev/null
for mode in summary timeline; do
  total=$(valgrind --tool=callgrind --toggle-collect='stargate::simulate*' --callgrind-out-file=/dev/null \
    "$build/bench/stargate_run_builtin" 5 "$mode" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  echo "$mode: $((total / 5)) instructions per run"
done
