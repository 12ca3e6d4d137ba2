#include "scenario/builtin/builtin.h"

namespace stargate {
namespace embedded {
extern const std::string_view stargate_2025_01_toml;
}

const std::vector<BuiltinScenario>& builtin_scenarios() {
  static const std::vector<BuiltinScenario> all = {
      {"stargate-2025-01", "scenarios/stargate-2025-01.toml", embedded::stargate_2025_01_toml},
  };
  return all;
}

}  // namespace stargate
