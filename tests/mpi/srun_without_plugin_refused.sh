#!/usr/bin/env bash
# CTest (docs/mpi.md): a task of `srun -n 2` without an MPI plugin (no PMI in
# its environment) is one of two copies that MPI cannot connect. stargate
# must refuse rather than have each copy compute and write everything; a
# Slurm batch script (SLURM_PROCID=0, one task) runs as a plain process.
#
# usage: srun_without_plugin_refused.sh STARGATE MPIRUN SCENARIO WORKDIR
# (MPIRUN unused: the launcher's environment is set by hand.)
set -euo pipefail
stargate=$1 scenario=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
status=0
plain=(env -u OMPI_COMM_WORLD_SIZE -u OMPI_COMM_WORLD_RANK -u PMIX_RANK -u PMI_RANK -u PMI_SIZE)

rc=0
"${plain[@]}" SLURM_PROCID=1 SLURM_STEP_NUM_TASKS=2 "$stargate" mc "$scenario" --trials 30 \
  --quiet --out "$work/task1" > "$work/task1.log" 2>&1 || rc=$?
expected="stargate: error: the launcher started 2 processes but MPI sees 1: use the mpirun of the MPI stargate was built with (Open MPI), or srun --mpi=pmix (docs/mpi.md)"
if [ $rc -ne 4 ] || ! grep -q -x -F "$expected" "$work/task1.log" || [ -e "$work/task1" ]; then
  echo "FAIL: an srun task without PMI: exit $rc (expected 4), output:"
  cat "$work/task1.log"
  status=1
else
  echo "ok: an srun task without PMI is refused, nothing written"
fi

"${plain[@]}" SLURM_PROCID=0 SLURM_STEP_NUM_TASKS=1 SLURM_NTASKS=4 "$stargate" mc "$scenario" \
  --trials 30 --quiet --out "$work/batch" > "$work/batch.log" 2>&1 || {
  echo "FAIL: a batch script's stargate mc failed:"
  cat "$work/batch.log"
  status=1
}
[ -s "$work/batch/mc_summary.csv" ] && echo "ok: in a batch script it runs as a plain process"
exit $status
