#include "io/phase_words.h"

#include <fmt/format.h>

namespace stargate {

std::string critical_path_words(const PhaseResult& p) {
  switch (p.critical_path) {
    case CriticalPath::kConstruction:
      if (!p.online) return fmt::format("building, {:.0f}% done", p.progress * 100.0);
      return p.dependency_wait_days > 0
                 ? fmt::format("construction (started {} d late, after its predecessor)",
                               p.dependency_wait_days)
                 : "construction";
    case CriticalPath::kPower:
      return p.online ? fmt::format("power: waited {} d", p.power_wait_days)
                      : fmt::format("power: waiting since {}",
                                    p.built ? p.built->to_string() : std::string("?"));
    case CriticalPath::kMoney:
      return p.online ? fmt::format("money: paused {} d", p.money_pause_days)
                      : fmt::format("money: paused {} d, {:.0f}% done", p.money_pause_days,
                                    p.progress * 100.0);
    case CriticalPath::kNotStarted:
      return "not started";
  }
  return "";
}

}  // namespace stargate
