#!/usr/bin/env bash
# CTest (docs/mpi.md): `mpirun -n K stargate sweep` writes the sweep.csv of
# the same sweep without mpirun, byte for byte: a Monte Carlo sweep, whose
# points each share their trials between the ranks, on 2 and 3 ranks; and a
# base-case sweep, which rank 0 runs alone, on 2 ranks. Exactly one table is
# printed (by rank 0), so no rank ran the sweep by itself.
#
# usage: sweep_ranks_match_plain_run.sh STARGATE MPIRUN SCENARIO WORKDIR
set -euo pipefail
stargate=$1 mpirun=$2 scenario=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
grid=(--grid 'sites.tiny.phases.hall-2.capex=$300M,$600M' --grid 'orders.gpus.ramp=1mo,6mo')
plain_env=(env -u OMPI_COMM_WORLD_SIZE -u OMPI_COMM_WORLD_RANK -u PMIX_RANK -u PMI_RANK -u PMI_SIZE)
status=0

check() {  # name, ranks, sweep arguments...
  local name=$1 n=$2
  shift 2
  "${plain_env[@]}" "$stargate" sweep "$scenario" "${grid[@]}" "$@" --quiet \
    --out "$work/$name.plain" > "$work/$name.plain.log"
  [ -s "$work/$name.plain/sweep.csv" ] || { echo "FAIL: $name: the plain sweep wrote no sweep.csv"; exit 1; }
  if ! "$mpirun" --allow-run-as-root --oversubscribe -n "$n" "$stargate" sweep "$scenario" \
      "${grid[@]}" "$@" --quiet --out "$work/$name.ranks$n" > "$work/$name.ranks$n.log" 2>&1; then
    echo "FAIL: $name: mpirun -n $n exited with an error:"
    cat "$work/$name.ranks$n.log"
    exit 1
  fi
  local tables
  tables=$(grep -c "Wrote $work/$name.ranks$n/sweep.csv" "$work/$name.ranks$n.log" || true)
  if [ "$tables" != 1 ]; then
    echo "FAIL: $name: mpirun -n $n reported $tables times, expected once (rank 0):"
    cat "$work/$name.ranks$n.log"
    status=1
  fi
  if cmp "$work/$name.plain/sweep.csv" "$work/$name.ranks$n/sweep.csv"; then
    echo "ok: $name: mpirun -n $n writes the plain sweep's sweep.csv"
  else
    echo "FAIL: $name: mpirun -n $n: sweep.csv differs from the plain sweep's:"
    diff "$work/$name.plain/sweep.csv" "$work/$name.ranks$n/sweep.csv" | head -20 || true
    status=1
  fi
}

check mc 2 --trials 200
check mc 3 --trials 200
check base 2
# The Monte Carlo sweep's P10/P50/P90 depend on the draws: another seed
# changes them (else comparing the files would prove little).
"${plain_env[@]}" "$stargate" sweep "$scenario" "${grid[@]}" --trials 200 --seed 8 --quiet \
  --out "$work/other_seed" > /dev/null
if cmp -s "$work/mc.plain/sweep.csv" "$work/other_seed/sweep.csv"; then
  echo "FAIL: sweep.csv does not change with the seed"
  status=1
fi
exit $status
