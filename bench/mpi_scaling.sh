#!/usr/bin/env bash
# Monte Carlo across MPI ranks (docs/mpi.md) on the built-in scenario (daily
# steps): trials per second on 1 and 2 ranks, one thread each, same trials and
# seed, and their ratio. The time is mpirun's wall clock, start-up included,
# as a user sees it. The two runs' mc_summary.csv must be identical; the
# script says so. A figure to report, not a bar: the machine is shared.
#   bench/mpi_scaling.sh [BUILD_DIR] [TRIALS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
trials=${2:-4000}
stargate="$build/stargate"
if [ ! -x "$stargate" ]; then
  echo "no $stargate: build it first (make bench builds build-release), or pass a build dir" >&2
  exit 1
fi
mpirun=$(command -v mpirun) || { echo "mpirun not found: run scripts/setup.sh" >&2; exit 1; }
root=()
[ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

rate() {  # ranks → trials per second
  local t0 t1
  t0=$(date +%s.%N)
  "$mpirun" "${root[@]}" --oversubscribe -n "$1" "$stargate" mc --trials "$trials" --threads 1 \
    --quiet --out "$out/ranks$1" > /dev/null
  t1=$(date +%s.%N)
  echo "$trials / ($t1 - $t0)" | bc -l
}
r1=$(rate 1)
r2=$(rate 2)
same="identical"
cmp -s "$out/ranks1/mc_summary.csv" "$out/ranks2/mc_summary.csv" || same="DIFFERENT (a bug)"
printf 'trials/s (%d trials, 1 thread per rank): 1 rank %.0f, 2 ranks %.0f; speed-up %.2f (efficiency %.0f%%); outputs %s\n' \
  "$trials" "$r1" "$r2" "$(echo "$r2 / $r1" | bc -l)" "$(echo "50 * $r2 / $r1" | bc -l)" "$same"
