#include <fmt/format.h>

#include "core/format.h"
#include "stargate/output.h"
#include "stargate/version.h"

namespace stargate {
namespace {

std::string date_or(const std::optional<Date>& d, const char* none) {
  return d ? d->to_string() : none;
}

std::string why(const PhaseResult& p) {
  switch (p.critical_path) {
    case CriticalPath::kConstruction:
      if (!p.online) return "building";
      return p.dependency_wait_days > 0
                 ? fmt::format("construction (started {} d late, after its predecessor)",
                               p.dependency_wait_days)
                 : "construction";
    case CriticalPath::kPower:
      return p.online ? fmt::format("power: waited {} d", p.power_wait_days)
                      : fmt::format("power: waiting since {}", date_or(p.built, "?"));
    case CriticalPath::kMoney:
      return fmt::format("money: paused {} d", p.money_pause_days);
    case CriticalPath::kNotStarted:
      return "not started";
  }
  return "";
}

}  // namespace

std::string terminal_summary(const Results& r, bool color) {
  const std::string bold = color ? "\033[1m" : "", dim = color ? "\033[2m" : "",
                    reset = color ? "\033[0m" : "";
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto heading = [&](const std::string& s) { line(""), line(bold + s + reset); };

  line(fmt::format("{}{}{} ({}), stargate {}", bold, r.scenario_name, reset, r.scenario_id,
                   version()));
  line(fmt::format(
      "{} to {}, {} steps. {}BASE CASE{}: every uncertain input at its base value; not a forecast.",
      r.start.to_string(), r.end.to_string(), r.step, bold, reset));

  constexpr const char* kSiteRow = "{:<24} {:>12} {:>18} {:>14}   {:<11} {:>10} {:>10}";
  heading(fmt::format(kSiteRow, "Sites", "planned IT", "online IT at end", "power at end",
                      "full power", "installed", "waiting"));
  for (const SiteResult& s : r.sites) {
    line(fmt::format(kSiteRow, "  " + s.id, format_mw(s.planned_it_mw.value()),
                     format_mw(s.online_it_mw.value()), format_mw(s.power_mw.value()),
                     date_or(s.full_power, "not by end"), format_count(s.installed.value()),
                     format_count(s.waiting.value())));
  }

  constexpr const char* kPhaseRow = "{:<30} {:>10}   {:<12} {:<12} {:<12} {}";
  heading(fmt::format(kPhaseRow, "Phases", "IT", "start", "built", "online", "what set the date"));
  for (const PhaseResult& p : r.phases) {
    const std::string name = "  " + p.site + "/" + p.id;
    line(fmt::format(kPhaseRow, name, format_mw(p.it_mw.value()), date_or(p.start, "-"),
                     date_or(p.built, "-"), date_or(p.online, "-"), why(p)));
  }

  heading("Accelerators");
  for (const OrderResult& o : r.orders) {
    line(fmt::format(
        "  {:<28} {:>10} {:<12} for {:<14} {:>10} delivered{}", o.id, format_count(o.count.value()),
        o.accelerator, o.site, format_count(o.delivered.value()),
        o.first_delivery
            ? fmt::format(" {} to {}", o.first_delivery->to_string(), o.last_delivery->to_string())
            : ""));
  }
  line(fmt::format("  at the end: {} delivered, {} installed, {} waiting for power, {} retired",
                   format_count(r.delivered.value()), format_count(r.installed.value()),
                   format_count(r.waiting.value()), format_count(r.retired.value())));
  line(fmt::format("  capacity: peak {} BF16 / {} FP8{}; {} BF16 at the end",
                   format_flops(r.peak_bf16.value()), format_flops(r.peak_fp8.value()),
                   r.peak_date ? " from " + r.peak_date->to_string() : "",
                   format_flops(r.end_bf16.value())));

  heading("Energy");
  const double total = r.energy.total.value();
  line(fmt::format("  {} drawn ({} grid, {} on-site), peak facility load {}", format_mwh(total),
                   format_mwh(r.energy.grid.value()), format_mwh(r.energy.onsite.value()),
                   format_mw(r.energy.peak_facility_load.value())));
  line(fmt::format(
      "  cost {}, emissions {} CO2{}", format_usd(r.energy.cost.value()),
      format_tonnes(r.energy.emissions.value()),
      total > 0 ? fmt::format(" ({:.0f} kg/MWh)", r.energy.emissions.value() * 1000.0 / total)
                : ""));

  heading("Capex");
  line(fmt::format("  {} construction + {} accelerators within the horizon; {} sunk before {}",
                   format_usd(r.construction_capex.value()), format_usd(r.chip_capex.value()),
                   format_usd(r.spent_before_start.value()), r.start.to_string()));
  line(fmt::format("{}  Money is not modelled yet: every capex request is paid in full when due.{}",
                   dim, reset));
  return out;
}

}  // namespace stargate
