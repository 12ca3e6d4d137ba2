#include "mpi/launch.h"

#include <cstdlib>
#include <string>

#include "mpi/mpi_montecarlo.h"

namespace stargate {
namespace mpi {
namespace {

int number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return -1;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  return *end == '\0' && n >= 0 ? static_cast<int>(n) : -1;
}

bool present(const char* name) { return std::getenv(name) != nullptr; }

}  // namespace

// Open MPI's mpirun sets OMPI_COMM_WORLD_*; a PMIx launcher (Open MPI 4+,
// srun --mpi=pmix) sets PMIX_RANK; MPICH's Hydra and srun --mpi=pmi2 set
// PMI_RANK and PMI_SIZE. SLURM_PROCID alone is not enough (a batch script
// has it too), but a task of an srun step of several tasks is launched even
// without an MPI plugin: MPI then cannot connect the tasks, and
// mpi_monte_carlo() says so, rather than each task writing everything.
Launch launch_from_environment() {
  Launch l;
  l.launched = present("OMPI_COMM_WORLD_SIZE") || present("PMIX_RANK") || present("PMI_RANK") ||
               present("PMI_SIZE") ||
               (present("SLURM_PROCID") && number("SLURM_STEP_NUM_TASKS") > 1);
  if (!l.launched) return l;
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (l.size < 0) l.size = number(v);
  }
  // srun states the task count of its step even when the PMI does not.
  if (l.size < 0 && present("SLURM_PROCID")) l.size = number("SLURM_STEP_NUM_TASKS");
  return l;
}

}  // namespace mpi

bool launched_by_mpi() { return mpi::launch_from_environment().launched; }

}  // namespace stargate
