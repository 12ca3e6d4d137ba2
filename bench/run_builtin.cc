// Runs the built-in scenario's base case N times in one process (default 1),
// summary only: the workload bench/callgrind.sh counts instructions of.
#include <cstdlib>
#include <iostream>

#include "stargate/scenario.h"
#include "stargate/simulate.h"

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 1;
  const stargate::Scenario s = stargate::Scenario::builtin();
  stargate::RunOptions options;
  options.record_timeline = argc > 2 && std::string(argv[2]) == "timeline";
  double check = 0.0;
  for (int i = 0; i < n; ++i) check += stargate::simulate(s, options).energy.total.value();
  std::cout << n << " runs, energy check " << check / n << " MWh\n";
  return 0;
}
