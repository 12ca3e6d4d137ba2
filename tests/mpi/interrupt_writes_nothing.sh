#!/usr/bin/env bash
# CTest (docs/mpi.md): an MPI Monte Carlo that is interrupted writes nothing,
# and rank 0 says so.
#
# usage: interrupt_writes_nothing.sh STARGATE MPIRUN SCENARIO WORKDIR
#
# Two ways a Ctrl-C arrives:
#   mpirun: at the terminal, Ctrl-C goes to mpirun's process group, which the
#     ranks are not in; Open MPI's mpirun then sends each rank SIGTERM and,
#     a second later, SIGKILL. Expected: mpirun fails, rank 0 has printed
#     "interrupted after …; nothing written", and --out does not exist.
#   rank 1: SIGINT to one rank (srun forwards Ctrl-C to the tasks). Expected:
#     that rank stops the job, rank 0 reports it, exit code 130, no --out.
set -euo pipefail
stargate=$1 mpirun=$2 scenario=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
status=0

run_and_interrupt() {  # name, target (mpirun | rank1)
  local name=$1 target=$2 out="$work/$1.out" log="$work/$1.log"
  # Far more trials than can run before the signal; setsid gives mpirun a
  # process group of its own, as a shell gives a foreground job.
  setsid "$mpirun" --allow-run-as-root --oversubscribe -n 2 "$stargate" mc "$scenario" \
    --trials 100000000 --quiet --out "$out" > "$log" 2>&1 &
  local pid=$!
  # Wait until both ranks are up and computing (past MPI_Init), then a little.
  local ranks=""
  for _ in $(seq 1 100); do
    ranks=$(pgrep -P "$pid" -d ' ' . || true)
    [ "$(wc -w <<< "$ranks")" -ge 2 ] && break
    sleep 0.1
  done
  sleep 3
  case $target in
    mpirun) kill -INT "$pid" ;;
    rank1) kill -INT "$(awk '{print $2}' <<< "$ranks")" ;;
  esac
  local rc=0
  wait "$pid" || rc=$?
  if [ $rc -eq 0 ]; then
    echo "FAIL: $name: mpirun exited 0 after the interrupt"
    status=1
  fi
  if [ "$target" = rank1 ] && [ $rc -ne 130 ]; then
    echo "FAIL: $name: exit code $rc, expected 130 (rank 0's: interrupted)"
    status=1
  fi
  if ! grep -q "interrupted after [0-9]* of 100000000 trials; nothing written" "$log"; then
    echo "FAIL: $name: rank 0 did not report the interruption:"
    cat "$log"
    status=1
  fi
  if [ -e "$out" ]; then
    echo "FAIL: $name: $out was written"
    status=1
  fi
  [ $status -eq 0 ] && echo "ok: $name: exit $rc, $(grep -o 'interrupted after [0-9]* of' "$log"), nothing written"
  return 0
}

run_and_interrupt ctrl_c_to_mpirun mpirun
run_and_interrupt sigint_to_rank1 rank1
exit $status
