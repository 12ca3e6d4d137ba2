// src/mpi/launch.h
//
// What the MPI launcher told this process through its environment, read
// without initialising MPI (used by both the MPI and the no-MPI builds).
#pragma once

namespace stargate::mpi {

struct Launch {
  bool launched = false;  // an MPI launcher (mpirun, mpiexec, srun --mpi=…) started us
  int size = -1;          // the number of processes it started; -1: not stated
};

Launch launch_from_environment();

}  // namespace stargate::mpi
