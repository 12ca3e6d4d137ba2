// src/scenario/builtin/builtin.h: scenarios compiled into the binary from
// scenarios/*.toml at build time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stargate {

struct BuiltinScenario {
  std::string_view id;
  std::string_view file;  // "scenarios/stargate-2025-01.toml"
  std::string_view text;
};

const std::vector<BuiltinScenario>& builtin_scenarios();

}  // namespace stargate
