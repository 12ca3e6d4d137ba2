// src/mpi/mpi_montecarlo.h
//
// Monte Carlo across the ranks of an MPI job (MODEL.md §7, docs/mpi.md):
// `mpirun -n K stargate mc …` gives the same outputs, bit for bit, as
// `stargate mc …` with the same seed and trial count.
//
// How: trials are cut into the same fixed blocks as on threads (McRun).
// Block b belongs to rank b % K; each rank computes its blocks in increasing
// order (on its own threads) and sends each one, as McBlock::save's flat
// buffer of doubles, to rank 0. Rank 0 walks b = 0, 1, 2, … merging its own
// blocks and receiving the others' in that order, so the merge is the one a
// single process does, and rank 0 holds only a few blocks at a time.
//
// This header does not include mpi.h: the library's core never sees MPI. In
// a build without MPI (STARGATE_WITH_MPI off), mpi_monte_carlo() runs a
// one-rank job as monte_carlo() does and refuses a larger one.
#pragma once

#include "stargate/montecarlo.h"
#include "stargate/scenario.h"

namespace stargate {

// True when an MPI launcher started this process (mpirun/mpiexec of Open MPI
// or MPICH, or Slurm's srun), judged from the environment (OMPI_COMM_WORLD_SIZE,
// PMIX_RANK, PMI_RANK, PMI_SIZE, or SLURM_PROCID in an srun step of several
// tasks) without initialising MPI, so that a plain run never pays MPI's
// start-up.
bool launched_by_mpi();

// Runs the Monte Carlo across MPI_COMM_WORLD. Initialises MPI and finalises it
// before returning, so it may be called once per process. Sets *rank.
//
// On rank 0 the results are those of monte_carlo(scenario, options) (except
// `threads`, the worker threads of all ranks, and `seconds`); rank 0 reports
// for the job, and the other ranks get results that say only whether their
// own part ran to the end (`complete`).
// `options.threads` is per rank; 0 uses the rank's share of its node: the
// cores it is bound to (mpirun and srun bind ranks), at most the node's cores
// divided by the ranks on the node. `options.progress` is called on
// rank 0 only, with the trials merged so far. `options.cancel`, or SIGTERM
// (what mpirun sends on Ctrl-C, and scancel), stops this rank; a rank that
// stops stops the others, and rank 0's results then say complete = false.
//
// Throws what monte_carlo() throws, on every rank alike for a bad scenario;
// Error{kInternal} on rank 0 when another rank failed (that rank reports its
// own error); Error{kUnsupported} when the launcher started more processes
// than MPI connects (a launcher of another MPI), or, in a build without MPI,
// for any job of more than one process.
McResults mpi_monte_carlo(const Scenario& scenario, const McOptions& options, int* rank);

// MPI for the life of this object, for a front end that runs several Monte
// Carlos in one job (a sweep's points): MPI_Init_thread on construction,
// MPI_Finalize on destruction (skipped after SIGTERM, when the launcher is
// ending the job). At most one per process, and not alongside the one-job
// mpi_monte_carlo() above.
// Throws: Error{kUnsupported} as mpi_monte_carlo() does: a launcher of
// another MPI, or, in a build without MPI, a job of more than one process.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0, size_ = 1;
};

// One Monte Carlo across the session's ranks, as mpi_monte_carlo() above
// runs it. Collective: every rank calls it with the same scenario and
// options, and all of them run the same sequence of calls.
McResults mpi_monte_carlo(MpiSession& session, const Scenario& scenario, const McOptions& options);

}  // namespace stargate
