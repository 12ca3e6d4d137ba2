// tests/support/generate.h
//
// Random valid scenarios for property tests and benchmarks. A scenario is a
// pure function of its seed, written as TOML text so that the loader is
// exercised too and a failing case can be saved and re-run with the CLI.
#pragma once

#include <cstdint>
#include <string>

namespace stargate::testing {

struct GenerateOptions {
  int min_sites = 1;
  int max_sites = 4;
  int max_phases_per_site = 4;
  int max_orders = 4;
  int horizon_years = 5;
};

// A valid scenario (TOML) drawn from `seed`.
std::string generate_scenario(std::uint64_t seed, const GenerateOptions& options = {});

// A large, regular scenario for benchmarks: `sites` sites × `phases` phases,
// `orders` orders, over `years` years of daily steps.
std::string generate_large_scenario(int sites, int phases, int orders, int years);

}  // namespace stargate::testing
