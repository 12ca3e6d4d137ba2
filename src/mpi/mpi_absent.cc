// mpi_monte_carlo() in a build without MPI (STARGATE_WITH_MPI off): a job of
// one process runs as a plain one; a larger job would have every process
// compute and write everything, so it is refused.
#include "mpi/launch.h"
#include "mpi/mpi_montecarlo.h"
#include "stargate/error.h"

namespace stargate {

McResults mpi_monte_carlo(const Scenario& scenario, const McOptions& options, int* rank) {
  const mpi::Launch l = mpi::launch_from_environment();
  *rank = 0;
  if (l.size == 1) return monte_carlo(scenario, options);
  throw Error(ErrorKind::kUnsupported,
              "this stargate was built without MPI, so it cannot share trials between the " +
                  (l.size > 1 ? std::to_string(l.size) + " " : std::string()) +
                  "processes of an MPI job: install libopenmpi-dev and rebuild (docs/mpi.md), "
                  "or run it without mpirun");
}

}  // namespace stargate
