#!/usr/bin/env bash
# CTest (docs/mpi.md): `mpirun -n K stargate mc` on 1, 2 and 3 ranks writes
# the same files, byte for byte, as `stargate mc` without mpirun, for the same
# seed and trial count (mc_summary.json apart from its generated_at line).
#
# usage: ranks_match_plain_run.sh STARGATE MPIRUN SCENARIO WORKDIR
#
# 300 trials make 19 blocks of 16 (McOptions::block), so every rank gets
# several, and rank 0 merges blocks from all of them, interleaved. Means and
# variances merged in another order differ in their last bits, so a merge
# out of block order shows up here; so does a job in which every rank ran
# all the trials (K summaries on stdout instead of one).
set -euo pipefail
stargate=$1 mpirun=$2 scenario=$3 work=$4
args=(mc "$scenario" --trials 300 --quiet --sensitivity)
files=(mc_summary.csv mc_summary.json fan.csv dates.csv questions.csv sensitivity.csv)
rm -rf "$work"
mkdir -p "$work"

# The plain run, certainly outside MPI even if ctest itself runs under a launcher.
plain_env=(env -u OMPI_COMM_WORLD_SIZE -u OMPI_COMM_WORLD_RANK -u PMIX_RANK -u PMI_RANK -u PMI_SIZE)
"${plain_env[@]}" "$stargate" "${args[@]}" --out "$work/plain" > "$work/plain.log"
for f in "${files[@]}"; do
  [ -s "$work/plain/$f" ] || { echo "FAIL: the plain run wrote no $f"; exit 1; }
done
# The files depend on the draws: another seed changes them. (Otherwise
# comparing them would prove nothing.)
"${plain_env[@]}" "$stargate" "${args[@]}" --seed 8 --out "$work/other_seed" > /dev/null
if cmp -s "$work/plain/mc_summary.csv" "$work/other_seed/mc_summary.csv"; then
  echo "FAIL: mc_summary.csv does not change with the seed: the scenario has no uncertainty"
  exit 1
fi

summary_line="Monte Carlo, 300 of 300 trials"
status=0
for n in 1 2 3; do
  dir="$work/ranks$n"
  if ! "$mpirun" --allow-run-as-root --oversubscribe -n "$n" "$stargate" "${args[@]}" \
      --out "$dir" > "$work/ranks$n.log" 2>&1; then
    echo "FAIL: mpirun -n $n exited with an error:"
    cat "$work/ranks$n.log"
    exit 1
  fi
  summaries=$(grep -c "$summary_line" "$work/ranks$n.log" || true)
  if [ "$summaries" != 1 ]; then
    echo "FAIL: mpirun -n $n printed $summaries summaries, expected 1 (from rank 0 alone):"
    cat "$work/ranks$n.log"
    status=1
  fi
  for f in "${files[@]}"; do
    if [ "$f" = mc_summary.json ]; then
      if ! diff <(grep -v '"generated_at"' "$work/plain/$f") <(grep -v '"generated_at"' "$dir/$f") \
          > "$work/ranks$n.$f.diff"; then
        echo "FAIL: -n $n: $f differs from the plain run's:"
        head -20 "$work/ranks$n.$f.diff"
        status=1
      fi
    elif ! cmp "$work/plain/$f" "$dir/$f"; then
      echo "FAIL: -n $n: $f differs from the plain run's:"
      diff "$work/plain/$f" "$dir/$f" | head -20 || true
      status=1
    fi
  done
  extra=""
  for path in "$dir"/*; do
    name=$(basename "$path")
    [[ " ${files[*]} " == *" $name "* ]] || extra="$extra $name"
  done
  if [ -n "$extra" ]; then
    echo "FAIL: -n $n wrote files the plain run did not: $extra"
    status=1
  fi
  [ $status -eq 0 ] && echo "ok: mpirun -n $n: ${files[*]} identical to the plain run"
done
exit $status
