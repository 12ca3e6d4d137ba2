// apps/cli/mc.h: `stargate mc`, Monte Carlo from the command line.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "stargate/scenario.h"

namespace stargate::cli {

struct McArgs {
  std::string scenario;
  std::int64_t trials = 1000;
  int threads = 0;
  std::string seed;  // "" uses the scenario's
  std::string out;
  std::string step;
  std::string format = "table";
  bool quiet = false;
  bool sensitivity = false;
  std::vector<std::string> set;          // --set path=value, applied when the scenario is read
  std::string xlsx;                      // --xlsx FILE: quantiles and the base case
  std::string report_file;               // --report FILE; "" means report.html in --out (or here)
  CLI::Option* report_option = nullptr;  // whether --report was given: its count()
};

CLI::App* add_mc_command(CLI::App& app, McArgs& args);
// Runs it; Ctrl-C stops it cleanly (nothing is written as if complete).
int run_mc(const McArgs& args, const Scenario& scenario);

}  // namespace stargate::cli
