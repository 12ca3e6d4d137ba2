// apps/cli/sweep.h: `stargate sweep`, a grid of overrides from the command line.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "stargate/scenario.h"

namespace stargate::cli {

struct SweepArgs {
  std::string scenario;
  std::vector<std::string> grid;  // "path=v1,v2,…", one per axis
  std::vector<std::string> set;   // "path=value", applied to every point
  std::int64_t trials = 0;        // 0: the base case at each point
  int threads = 0;
  std::string seed;  // "" uses the scenario's
  std::string out;
  std::string step;
  bool quiet = false;
};

CLI::App* add_sweep_command(CLI::App& app, SweepArgs& args);
// Runs it on `scenario` (already read with args.set); Ctrl-C stops it
// cleanly (nothing is written as if complete).
int run_sweep(const SweepArgs& args, const Scenario& scenario);

}  // namespace stargate::cli
