// apps/cli/value_options.h: --step and --seed, read alike by run, mc and
// sweep (CLI11 has already checked --step against day, week and month).
#pragma once

#include <cstdint>
#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "stargate/units.h"

namespace stargate::cli {

// --step's value; none when it was not given.
inline std::optional<StepKind> step_option(const std::string& step) {
  if (step == "day") return StepKind::kDay;
  if (step == "week") return StepKind::kWeek;
  if (step == "month") return StepKind::kMonth;
  return std::nullopt;
}

// --seed's value into `seed` (left alone when not given); false, with the
// message on stderr, when it is not a non-negative integer.
inline bool seed_option(const std::string& text, std::optional<std::uint64_t>& seed) {
  if (text.empty()) return true;
  try {
    seed = std::stoull(text);
    return true;
  } catch (const std::exception&) {
    std::cerr << "stargate: --seed expects a non-negative integer, got '" << text << "'\n";
    return false;
  }
}

}  // namespace stargate::cli
