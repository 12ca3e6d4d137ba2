// src/io/report/report_mc.cc
//
// The report of a Monte Carlo run (`stargate mc --report`): the document of
// report.cc with its answer replaced by one read from the trials, two more
// sections, and the base case's sections labelled as such:
//
//   answer        headline findings with P10 / P50 / P90 (dates: among the
//                 trials that reach them, and the share that never do),
//                 beside the base case
//   uncertainty   fan charts (P10–P90 and P25–P75 bands, the P50 line) per
//                 family of series; date ranges; the questions with their
//                 Wilson intervals; every metric
//   drivers       tornado charts of the key outputs and the rank
//                 correlations (only with --sensitivity)
//   capital … energy   the base case (label "base case")
//   assumptions   every input; the uncertain ones with P10 and P90
//
// This file: the words for a statistic (report_mc_parts.h), the answer, and
// the document; the uncertainty and the drivers have a file each.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/format.h"
#include "io/report/report_mc_parts.h"
#include "scenario/quantity.h"
#include "scenario/sample.h"
#include "scenario/spec.h"
#include "stargate/report.h"

namespace stargate {
namespace report_mc {

using namespace report_parts;  // NOLINT(google-build-using-namespace): this file's vocabulary

Date date_of(double days) { return Date::from_days(static_cast<std::int32_t>(std::lround(days))); }

double never_share(const McMetric& m) {
  const std::int64_t n = m.count + m.never;
  return n > 0 ? static_cast<double>(m.never) / static_cast<double>(n) : 0.0;
}

// "in 92% of trials", "in every trial".
std::string of_trials(double share) {
  return share >= 1.0 ? "in every trial" : "in " + pct(share) + " of trials";
}

// A value of a metric, for people, by its unit.
std::string shown(const McMetric& m, double v) {
  if (!std::isfinite(v)) return "-";
  if (m.is_date) return date_of(v).to_string();
  if (m.unit == "USD/accelerator-hour") return fmt::format("${:.2f}", v);
  if (m.unit == "USD") return format_usd(v);
  if (m.unit == "MW") return format_mw(v);
  if (m.unit == "FLOP/s") return format_flops(v);
  if (m.unit == "FLOP") return format_flop(v);
  if (m.unit == "MWh") return format_mwh(v);
  if (m.unit == "tCO2") return format_tonnes(v) + " CO2";
  if (m.unit == "accelerators" || m.unit == "jobs") return format_count(v);
  if (m.unit == "fraction") return fmt::format("{:.1f}%", v * 100.0);
  if (m.unit == "loss") return fmt::format("{:.3f}", v);
  return format_number(v, 4);
}

// "A / B / C" at P10, P50, P90; a metric no trial has is "never".
std::string p10_50_90(const McMetric& m) {
  if (m.count == 0) return "never";
  const std::string lo = shown(m, m.q[kP10]), mid = shown(m, m.q[kP50]), hi = shown(m, m.q[kP90]);
  if (lo == hi) return lo + " in every trial";  // no spread at this precision
  return lo + " / " + mid + " / " + hi;
}

// The quantiles as the finding's numbers: dates as "YYYY-MM-DD".
Json quantiles_json(const McMetric& m) {
  auto v = [&](double x) -> Json {
    if (m.count == 0 || !std::isfinite(x)) return nullptr;
    return m.is_date ? Json(date_of(x).to_string()) : Json(x);
  };
  return {{"metric", m.name},    {"unit", m.unit},
          {"p10", v(m.q[kP10])}, {"p50", v(m.q[kP50])},
          {"p90", v(m.q[kP90])}, {"mean", m.is_date ? nullptr : v(m.mean)},
          {"count", m.count},    {"never", never_share(m)}};
}

// The second segment of a key path: "sites.abilene.full_power_date" → abilene.
std::string id_of(const std::string& name) {
  const size_t a = name.find('.');
  const size_t b = name.find('.', a + 1);
  return name.substr(a + 1, b - a - 1);
}

bool starts(const std::string& s, std::string_view p) { return s.starts_with(p); }
bool ends(const std::string& s, std::string_view p) { return s.ends_with(p); }

// ---------------------------------------------------------------------------
// The base case beside the trials

std::string base_date(const std::optional<Date>& d) {
  return d ? d->to_string() : std::string("never");
}

const TenantYear* last_year(const TenantResult& t) {
  for (auto it = t.years.rbegin(); it != t.years.rend(); ++it) {
    if (it->days > 0.0) return &*it;
  }
  return nullptr;
}

Measure quantity_of(const std::string& unit) {
  if (unit == "USD" || unit == "USD/accelerator-hour") return Measure::kUsd;
  if (unit == "MW") return Measure::kMw;
  if (unit == "FLOP/s") return Measure::kFlops;
  if (unit == "MWh") return Measure::kMwh;
  if (unit == "tCO2") return Measure::kTonnes;
  if (unit == "FLOP") return Measure::kFlop;
  return Measure::kCount;
}

}  // namespace report_mc

namespace {

using namespace report_parts;  // NOLINT(google-build-using-namespace)
using namespace report_mc;     // NOLINT(google-build-using-namespace)

// ---------------------------------------------------------------------------
// The answer first

Json funding_finding(const McContext& c) {
  const McResults& mc = c.mc;
  const McMetric* gap = mc.metric("totals.peak_funding_gap_usd");
  std::vector<std::string> parts;
  double worst_default = 0.0;
  Json vehicles = Json::array();
  for (const VehicleMoney& v : c.base.vehicles) {
    const McMetric* d = mc.metric("vehicles." + v.id + ".default_date");
    if (d == nullptr) continue;
    const double share = 1.0 - never_share(*d);
    worst_default = std::max(worst_default, share);
    vehicles.push_back(quantiles_json(*d));
    if (d->count == 0) continue;
    parts.push_back(fmt::format("{} runs out of money {} ({}; base case {})", v.id,
                                of_trials(share), p10_50_90(*d), base_date(v.default_date)));
  }
  std::string text;
  const bool gap_p90_zero = gap != nullptr && gap->q[kP90] <= 0.0;
  const Results& b = c.base;
  if (b.vehicles.empty() && b.equity.empty() && b.debt.empty()) {
    text =
        "No vehicles, equity or debt in the scenario: every payer pays from its own balance "
        "sheet; ";
  } else if (worst_default >= 1.0) {
    text = "Not funded in any trial: ";
  } else if (worst_default > 0.0) {
    text = fmt::format("Not funded in at least {} of trials: ", pct(worst_default));
  } else if (gap != nullptr && gap->q[kP10] > 0.0) {
    text = "A funding gap in at least 90% of trials: ";
  } else if (gap != nullptr && gap->q[kP50] > 0.0) {
    text = "A funding gap in at least half the trials: ";
  } else if (gap_p90_zero) {
    text = "Funded in at least 90% of trials: ";
  } else {
    text = "Funded in most trials: ";
  }
  if (gap != nullptr) {
    text += gap_p90_zero
                ? fmt::format("the funding gap stays at $0 up to P90 (base case {})",
                              format_usd(c.base.peak_funding_gap.value()))
                : fmt::format("the funding gap peaks at {} (P10 / P50 / P90; base case {})",
                              p10_50_90(*gap), format_usd(c.base.peak_funding_gap.value()));
  }
  if (!parts.empty()) text += "; " + join(parts, "; ", "; ");
  std::vector<std::string> safe;
  for (const VehicleMoney& v : c.base.vehicles) {
    const McMetric* d = mc.metric("vehicles." + v.id + ".default_date");
    if (d != nullptr && d->count == 0) safe.push_back(v.id);
  }
  if (!safe.empty())
    text += "; " + join(safe, ", ", " and ") + (safe.size() == 1 ? " never does" : " never do");
  return {{"id", "funding"},
          {"text", text + "."},
          {"values",
           {{"peak_funding_gap_usd", gap ? quantiles_json(*gap) : Json(nullptr)},
            {"defaults", vehicles},
            {"default_share_at_least", worst_default}}}};
}

Json full_power_finding(const McContext& c) {
  std::vector<std::string> parts, fixed;
  Json sites = Json::array();
  for (const SiteResult& s : c.base.sites) {
    const McMetric* m = c.mc.metric("sites." + s.id + ".full_power_date");
    if (m == nullptr) continue;
    sites.push_back(quantiles_json(*m));
    // A date the same in every trial, and the base case's: said once for all.
    if (m->count > 0 && m->never == 0 && m->min == m->max && s.full_power &&
        static_cast<double>(s.full_power->days()) == m->min) {
      fixed.push_back(s.id + " " + s.full_power->to_string());
      continue;
    }
    std::string part = s.id + " ";
    if (m->count == 0) {
      part += "never within the horizon";
    } else {
      part += p10_50_90(*m);
      if (m->never > 0) part += fmt::format(", never in {}", pct(never_share(*m)));
    }
    part += " (base case " + base_date(s.full_power) + ")";
    parts.push_back(part);
  }
  std::string text;
  if (!parts.empty())
    text = "Full power per site (P10 / P50 / P90 among the trials that reach it): " +
           join(parts, "; ", "; ");
  if (!fixed.empty()) {
    text += (text.empty() ? "Full power: " : "; in every trial and the base case: ") +
            join(fixed, ", ", " and ");
  }
  return {{"id", "full-power"}, {"text", text + "."}, {"values", {{"sites", sites}}}};
}

Json compute_finding(const McContext& c, const TenantResult& t) {
  const TenantYear* y = last_year(t);
  const McMetric* served =
      y ? c.mc.metric(fmt::format("tenants.{}.{}.mean_served_flop_per_s", t.id, y->year)) : nullptr;
  if (served == nullptr) {
    return {{"id", "compute-" + t.id},
            {"text", t.id + " receives no compute within the horizon."},
            {"values", {{"tenant", t.id}}}};
  }
  std::string text =
      fmt::format("In {}, {} receives {} on average (P10 / P50 / P90; base case {})", y->year, t.id,
                  p10_50_90(*served), format_flops(y->mean(y->served)));
  const McMetric* unmet =
      c.mc.metric(fmt::format("tenants.{}.{}.mean_unmet_flop_per_s", t.id, y->year));
  if (unmet != nullptr && unmet->count > 0 && unmet->q[kP90] > 0.0) {
    text += fmt::format("; unmet demand {}", p10_50_90(*unmet));
  }
  return {{"id", "compute-" + t.id},
          {"text", text + "."},
          {"values",
           {{"tenant", t.id},
            {"year", y->year},
            {"served", quantiles_json(*served)},
            {"unmet", unmet ? quantiles_json(*unmet) : Json(nullptr)}}}};
}

// The run with the largest median FLOP: "runs.<tenant>.<id>.flop".
const McMetric* largest_run(const McResults& mc) {
  const McMetric* best = nullptr;
  for (const McMetric& m : mc.metrics) {
    if (!starts(m.name, "runs.") || !ends(m.name, ".flop") || m.count == 0) continue;
    if (best == nullptr || m.q[kP50] > best->q[kP50]) best = &m;
  }
  return best;
}

Json run_finding(const McContext& c, const McMetric& flop) {
  // "runs.openai.frontier-3.flop" → tenant openai, run frontier-3.
  const std::string rest = flop.name.substr(5, flop.name.size() - 5 - 5);
  const std::string tenant = rest.substr(0, rest.find('.'));
  const std::string run = rest.substr(rest.find('.') + 1);
  std::string text = fmt::format(
      "The largest training run (by its median), {}/{}, trains {} FLOP (P10 / P50 / P90", tenant,
      run, p10_50_90(flop));
  for (const RunResult& x : c.base.runs) {
    if (x.tenant == tenant && x.id == run && x.status != "skipped")
      text += "; base case " + format_flop(x.flop);
  }
  text += ")";
  const McMetric* loss = c.mc.metric("runs." + rest + ".loss");
  if (loss != nullptr && loss->count > 0) text += ", predicted loss " + p10_50_90(*loss);
  if (flop.never > 0) text += fmt::format("; skipped in {} of trials", pct(never_share(flop)));
  return {{"id", "largest-run"},
          {"text", text + "."},
          {"values",
           {{"tenant", tenant},
            {"run", run},
            {"flop", quantiles_json(flop)},
            {"loss", loss ? quantiles_json(*loss) : Json(nullptr)}}}};
}

Json capacity_finding(const McContext& c) {
  const McMetric* online = c.mc.metric("totals.online_it_mw");
  const McMetric* installed = c.mc.metric("totals.installed_accelerators");
  const McMetric* peak = c.mc.metric("totals.peak_bf16_flop_per_s");
  std::vector<std::string> parts;
  if (online) parts.push_back("IT power online " + p10_50_90(*online));
  if (installed) parts.push_back("accelerators installed " + p10_50_90(*installed));
  if (peak) parts.push_back("peak compute (dense BF16) " + p10_50_90(*peak));
  Json values = Json::object();
  for (const McMetric* m : {online, installed, peak}) {
    if (m) values[m->name] = quantiles_json(*m);
  }
  return {{"id", "capacity"},
          {"text", fmt::format("By {} (P10 / P50 / P90): {}.", c.base.end.to_string(),
                               join(parts, "; ", "; and "))},
          {"values", values}};
}

Json answer_section(const McContext& c) {
  const McResults& mc = c.mc;
  Json items = Json::array();
  items.push_back(funding_finding(c));
  items.push_back(full_power_finding(c));
  for (const TenantResult& t : c.base.tenants) items.push_back(compute_finding(c, t));
  if (const McMetric* run = largest_run(mc)) items.push_back(run_finding(c, *run));
  items.push_back(capacity_finding(c));

  std::vector<std::pair<std::string, std::string>> stats;
  auto stat = [&](const char* name, const std::string& label) {
    const McMetric* m = mc.metric(name);
    if (m == nullptr || m->count == 0) return;
    stats.push_back({fmt::format("{}, P50 (P10 {}, P90 {})", label, shown(*m, m->q[kP10]),
                                 shown(*m, m->q[kP90])),
                     shown(*m, m->q[kP50])});
  };
  stat("totals.online_it_mw", "IT power online at the end");
  stat("totals.peak_funding_gap_usd", "peak funding gap");
  stat("totals.installed_accelerators", "accelerators installed at the end");
  stat("totals.peak_bf16_flop_per_s", "peak compute (dense BF16)");
  stat("totals.energy_mwh", "energy drawn");
  stat("program.usd_per_accelerator_hour", "cost per accelerator-hour");

  Json blocks = Json::array();
  blocks.push_back({{"kind", "findings"}, {"items", items}});
  blocks.push_back(stats_block(stats));

  // The reading: how often money runs out, how the build-out ends.
  std::string reading = fmt::format("Over {} trials", mc.trials_done);
  const double worst = items[0]["values"]["default_share_at_least"].get<double>();
  if (worst >= 1.0) {
    reading += ", a vehicle runs out of money in every one";
  } else if (worst > 0.0) {
    reading += fmt::format(", a vehicle runs out of money in at least {} of them", pct(worst));
  } else if (c.base.vehicles.empty()) {
    reading += ", with no vehicles to run out of money";
  } else if (const McMetric* gap = mc.metric("totals.peak_funding_gap_usd");
             gap != nullptr && gap->q[kP50] > 0.0) {
    reading +=
        fmt::format(", the funding gap peaks at {} at the median", shown(*gap, gap->q[kP50]));
  } else {
    reading += ", no vehicle runs out of money";
  }
  size_t sure = 0, sites = 0;
  for (const SiteResult& s : c.base.sites) {
    if (const McMetric* m = mc.metric("sites." + s.id + ".full_power_date")) {
      ++sites;
      sure += m->never == 0 ? 1 : 0;
    }
  }
  reading += fmt::format("; {} of {} site{} reach{} full power in every trial", sure, sites,
                         sites == 1 ? "" : "s", sure == 1 ? "es" : "");
  if (const McMetric* online = mc.metric("totals.online_it_mw")) {
    reading += fmt::format(", and IT power online at the end is {} at the median ({} to {})",
                           shown(*online, online->q[kP50]), shown(*online, online->q[kP10]),
                           shown(*online, online->q[kP90]));
  }
  reading +=
      ". Ranges are P10 to P90 over the trials; the base case is one run with every "
      "uncertain input at its base value.";
  return section("answer", "The answer first", reading, std::move(blocks));
}

Json build(const Scenario& scenario, const Results& base, const McResults& mc,
           const ReportOptions& options) {
  const McContext c{scenario.spec(), base, mc};
  Json doc = base_document(scenario, base, options, &mc);
  doc["label"] = "Monte Carlo";
  doc["label_note"] = fmt::format(
      "{} trials, seed {}: findings give P10 / P50 / P90 over the trials; sections "
      "marked BASE CASE show one run with every uncertain input at its base value.",
      mc.trials_done, mc.seed);
  doc["monte_carlo"] = {{"trials", mc.trials_done},
                        {"seed", mc.seed},
                        {"uncertain_inputs", mc.uncertain_inputs.size()},
                        {"sensitivity", !mc.sensitivity.empty()}};
  Json sections = Json::array();
  sections.push_back(answer_section(c));
  sections.push_back(uncertainty_section(c));
  if (!mc.sensitivity.empty()) sections.push_back(drivers_section(c));
  for (Json& s : doc["sections"]) {
    const std::string id = s["id"];
    if (id == "answer") continue;  // the trials' answer replaces the base case's
    if (id != "assumptions") {
      s["label"] = "base case";
      s["reading"] = "Base case: " + s["reading"].get<std::string>();
    }
    sections.push_back(std::move(s));
  }
  doc["sections"] = std::move(sections);
  return doc;
}

}  // namespace

std::string mc_report_data_json(const Scenario& scenario, const Results& base, const McResults& mc,
                                const ReportOptions& options) {
  return build(scenario, base, mc, options).dump();
}

std::string html_mc_report(const Scenario& scenario, const Results& base, const McResults& mc,
                           const ReportOptions& options) {
  return report_parts::page_html(build(scenario, base, mc, options),
                                 base.scenario_name + " — stargate report (Monte Carlo)");
}

}  // namespace stargate
