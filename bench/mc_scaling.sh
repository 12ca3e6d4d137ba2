#!/usr/bin/env bash
# Monte Carlo throughput and memory on the built-in scenario (daily steps):
# trials per second on 1 and 2 threads and their ratio (parallel
# efficiency), then peak memory at growing trial counts (10k, 100k and 1M by
# default; 1M takes ten minutes or so), which should stay flat: the quantile
# sketches hold a fixed number of values (src/sim/stats.h). A figure to
# report, not a bar: the machine is shared.
#   bench/mc_scaling.sh [BUILD_DIR] [TRIALS] [MEMORY_COUNTS...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
trials=${2:-4000}
shift 2 2>/dev/null || true
counts=("${@:-10000 100000 1000000}")
stargate="$build/stargate"

rate() {  # threads → trials per second
  local t0 t1
  t0=$(date +%s.%N)
  "$stargate" mc --trials "$trials" --threads "$1" --quiet > /dev/null
  t1=$(date +%s.%N)
  echo "$trials / ($t1 - $t0)" | bc -l
}
r1=$(rate 1)
r2=$(rate 2)
printf 'trials/s: 1 thread %.0f, 2 threads %.0f; speed-up %.2f (efficiency %.0f%%); %.0f trials/min on 2 threads\n' \
  "$r1" "$r2" "$(echo "$r2 / $r1" | bc -l)" "$(echo "50 * $r2 / $r1" | bc -l)" "$(echo "60 * $r2" | bc -l)"
for n in ${counts[@]}; do
  rss=$(/usr/bin/time -f '%M' "$stargate" mc --trials "$n" --threads 2 --quiet 2>&1 >/dev/null | tail -1)
  printf 'peak memory at %8d trials: %6.0f MB\n' "$n" "$(echo "$rss / 1024" | bc -l)"
done
