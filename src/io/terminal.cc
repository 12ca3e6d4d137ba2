#include <fmt/format.h>

#include <functional>

#include "core/format.h"
#include "io/phase_words.h"
#include "stargate/output.h"
#include "stargate/version.h"

namespace stargate {
namespace {

std::string date_or(const std::optional<Date>& d, const char* none) {
  return d ? d->to_string() : none;
}

std::string flop_text(double flop) { return flop > 0.0 ? fmt::format("{:.2e}", flop) : "-"; }

// Who gets the compute and what it trains (MODEL.md §5–§6): one table per
// tenant, by calendar year, then its runs.
void market_section(const Results& r, const std::function<void(const std::string&)>& line,
                    const std::function<void(const std::string&)>& heading) {
  for (const TenantResult& t : r.tenants) {
    const std::string holder = t.rofr_holder.empty() ? "rofr holder" : t.rofr_holder;
    heading(
        fmt::format("Compute for {} (mean peak BF16 over the year's days in the horizon)", t.id));
    constexpr const char* kRow = "  {:<5} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13}";
    line(fmt::format(kRow, "year", "demand", "served", "contract", "rofr", "market", "unmet",
                     "declined", "idle excl."));
    for (const TenantYear& y : t.years) {
      auto m = [&](double flop) { return flop > 0.0 ? format_flops(y.mean(flop)) : "-"; };
      line(fmt::format(kRow, y.year, m(y.demand), m(y.served), m(y.by_route[1]), m(y.by_route[2]),
                       m(y.by_route[3]), m(y.unmet + y.training_unmet), m(y.declined),
                       m(y.idle_exclusive)));
    }
    line(
        fmt::format("  declined: new demand {} did not take under its right of first refusal; "
                    "idle excl.: capacity exclusive to {} that it did not use",
                    holder, t.id));
    for (const TenantYear& y : t.years) {
      if (y.by_provider.empty()) continue;
      std::string parts;
      for (const auto& [p, flop] : y.by_provider)
        parts += (parts.empty() ? "" : ", ") + p + " " + format_flops(y.mean(flop));
      double unaffordable = y.unaffordable;
      line(fmt::format("  {} from: {}{}", y.year, parts,
                       unaffordable > 0.0 ? fmt::format("; beyond its budget {}",
                                                        format_flops(y.mean(unaffordable)))
                                          : ""));
    }
    if (!t.capacity_by_site.empty()) {
      std::string parts;
      for (const auto& [site, f] : t.capacity_by_site)
        parts += (parts.empty() ? "" : ", ") + site + " " + format_flops(f);
      line("  where it is at the end: " + parts);
    }
    line(fmt::format("  paid to providers under contracts: {}", format_usd(t.paid)));
  }
  if (r.runs.empty()) return;
  heading("Training runs (FLOP effective: peak × MFU × goodput; N, D compute-optimal)");
  constexpr const char* kRun =
      "  {:<20} {:<11} {:<11} {:<22} {:>9} {:>9} {:>7} {:>9} {:>9} {:>6} {:>9}";
  line(fmt::format(kRun, "run", "start", "end", "where", "accel.", "FLOP", "goodput", "params",
                   "tokens", "loss", "cost"));
  for (const RunResult& x : r.runs) {
    if (x.status == "skipped") {
      line(fmt::format("  {:<20} {:<11} skipped: {}", x.tenant + "/" + x.id, x.start.to_string(),
                       x.reason));
      continue;
    }
    line(fmt::format(kRun, x.tenant + "/" + x.id, x.start.to_string(),
                     x.status == "running" ? "(running)" : x.end.to_string(),
                     x.sites + " " + x.accelerator, format_count(x.accelerators), flop_text(x.flop),
                     fmt::format("{:.0f}%", x.goodput * 100.0), flop_text(x.params),
                     flop_text(x.tokens), fmt::format("{:.3f}", x.loss),
                     x.cost ? format_usd(*x.cost) : "-"));
  }
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
                     date_or(p.built, "-"), date_or(p.online, "-"), critical_path_words(p)));
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

  if (!r.vehicles.empty() || !r.equity.empty() || !r.debt.empty()) {
    const ProgramMoney& p = r.program;
    heading("Capital");
    std::string envelope;
    if (p.budget) envelope += "budget " + format_usd(p.budget->value());
    if (p.first_tranche)
      envelope += (envelope.empty() ? "" : ", ") + std::string("first tranche ") +
                  format_usd(p.first_tranche->value());
    line(fmt::format("  program{}: {}committed {}, honoured {}, called {}, spent {}",
                     p.name.empty() ? "" : " " + p.name, envelope.empty() ? "" : envelope + "; ",
                     format_usd(p.committed.value()), format_usd(p.honoured.value()),
                     format_usd(p.called.value()), format_usd(p.spent.value())));
    constexpr const char* kRow = "  {:<20} {:>22} {:>17} {:>6} {:>11} {:>24} {:>9} {:>11}";
    line(fmt::format(kRow, "vehicle", "equity called/commit.", "debt drawn/size", "debt%",
                     "capex paid", "funding gap (peak, on)", "min DSCR", "default"));
    for (const VehicleMoney& v : r.vehicles) {
      line(fmt::format(
          kRow, v.id,
          format_usd(v.equity_called.value()) + " / " + format_usd(v.equity_committed.value()),
          format_usd(v.debt_drawn.value()) + " / " + format_usd(v.debt_committed.value()),
          v.debt_share ? fmt::format("{:.0f}%", *v.debt_share * 100.0) : "-",
          format_usd(v.capex_paid.value()),
          v.peak_funding_gap_date
              ? format_usd(v.peak_funding_gap.value()) + ", " + v.peak_funding_gap_date->to_string()
              : "-",
          v.min_dscr ? fmt::format("{:.2f}", *v.min_dscr) : "-",
          v.default_date ? v.default_date->to_string() : "-"));
    }
    for (const EquityResult& e : r.equity) {
      if (!e.honoured) {
        line(fmt::format("  {}not honoured{}: equity.{}, {} from {} to {}, provided nothing", bold,
                         reset, e.id, format_usd(e.amount.value()), e.investor, e.vehicle));
      }
    }
    for (const VehicleMoney& v : r.vehicles) {
      if (v.first_breach) {
        line(fmt::format(
            "  covenant breach: {} on {} (DSCR below the minimum); surplus cash swept to debt",
            v.id, v.first_breach->to_string()));
      }
    }
    line(
        fmt::format("  Returns on dated flows plus the terminal value at the end; sunk capex "
                    "dated the start; NPV at {:.1f}%:",
                    p.discount_rate * 100.0));
    constexpr const char* kReturn = "  {:<20} {:>10} {:>10} {:>10} {:>10} {:>8} {:>10} {:>10}";
    line(fmt::format(kReturn, "entity", "sunk", "paid in", "received", "terminal", "IRR", "NPV",
                     "payback"));
    for (const EntityMoney& e : r.entities) {
      if (e.paid_in.value() <= 0.0 && e.received.value() <= 0.0 && e.sunk.value() <= 0.0) continue;
      line(fmt::format(kReturn, e.id, e.sunk.value() > 0.0 ? format_usd(e.sunk.value()) : "-",
                       format_usd(e.paid_in.value()), format_usd(e.received.value()),
                       format_usd(e.terminal_value.value()),
                       e.irr ? fmt::format("{:.1f}%", *e.irr * 100.0) : "-",
                       format_usd(e.npv.value()), e.payback ? e.payback->to_string() : "-"));
    }
    if (p.usd_per_accelerator_hour) {
      line(fmt::format(
          "  levelised cost of compute: ${:.2f} per accelerator-hour, ${:.2f} per BF16 PFLOP-day "
          "(capex and opex less book value at the end, at {:.1f}%)",
          *p.usd_per_accelerator_hour, p.usd_per_pflop_day.value_or(0.0), p.discount_rate * 100.0));
    }
    if (p.construction_job_years) {
      line(fmt::format(
          "  jobs: {} construction job-years in the horizon; {} permanent jobs at the end",
          format_count(*p.construction_job_years),
          format_count(p.permanent_jobs_end.value_or(0.0))));
    }
    if (!p.not_modelled.empty()) {
      std::string list;
      for (const std::string& m : p.not_modelled) list += (list.empty() ? "" : "; ") + m;
      line(fmt::format("{}  not modelled (not in the scenario): {}{}", dim, list, reset));
    }
  } else {
    heading("Capital");
    line("  no vehicles, equity or debt in the scenario: every payer pays from its balance sheet");
  }
  market_section(r, line, heading);
  return out;
}

}  // namespace stargate
