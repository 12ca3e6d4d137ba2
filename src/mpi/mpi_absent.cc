// mpi_monte_carlo() in a build without MPI (STARGATE_WITH_MPI off): a job of
// one process runs as a plain one; a larger job would have every process
// compute and write everything, so it is refused.
#include "mpi/launch.h"
#include "mpi/mpi_montecarlo.h"
#include "stargate/error.h"

namespace stargate {

MpiSession::MpiSession() {
  const mpi::Launch l = mpi::launch_from_environment();
  if (l.size == 1) return;
  throw Error(ErrorKind::kUnsupported,
              "this stargate was built without MPI, so it cannot share trials between the " +
                  (l.size > 1 ? std::to_string(l.size) + " " : std::string()) +
                  "processes of an MPI job: install libopenmpi-dev and rebuild (docs/mpi.md), "
                  "or run it without mpirun");
}

MpiSession::~MpiSession() = default;

McResults mpi_monte_carlo(const Scenario& scenario, const McOptions& options, int* rank) {
  *rank = 0;
  const MpiSession session;  // refuses a job of more than one process
  return monte_carlo(scenario, options);
}

McResults mpi_monte_carlo(MpiSession&, const Scenario& scenario, const McOptions& options) {
  return monte_carlo(scenario, options);
}

}  // namespace stargate
