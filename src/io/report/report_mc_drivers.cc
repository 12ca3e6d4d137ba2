// src/io/report/report_mc_drivers.cc
//
// What drives the uncertainty: for each key output (the peak funding gap,
// each vehicle's default, the cost per accelerator-hour, IT power online,
// each site's full power, each tenant's compute in the last year) a tornado
// of the inputs that move it most — the output with one input at its P10 and
// at its P90, every other at base (McOptions::sensitivity) — and the rank
// correlations over the trials.

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

namespace stargate::report_mc {
namespace {

using namespace report_parts;  // NOLINT(google-build-using-namespace): this file's vocabulary

// ---------------------------------------------------------------------------
// Drivers: tornados

// The outputs a tornado is drawn for: money, the build-out, compute.
std::vector<const McMetric*> tornado_outputs(const McContext& c) {
  std::vector<const McMetric*> out;
  auto add = [&](const std::string& name) {
    if (const McMetric* m = c.mc.metric(name)) out.push_back(m);
  };
  add("totals.peak_funding_gap_usd");
  for (const VehicleMoney& v : c.base.vehicles) add("vehicles." + v.id + ".default_date");
  add("program.usd_per_accelerator_hour");
  add("totals.online_it_mw");
  for (const SiteResult& s : c.base.sites) add("sites." + s.id + ".full_power_date");
  for (const TenantResult& t : c.base.tenants) {
    if (const TenantYear* y = last_year(t))
      add(fmt::format("tenants.{}.{}.mean_served_flop_per_s", t.id, y->year));
  }
  return out;
}

constexpr size_t kTornadoInputs = 8;

// An output's name for people: "the peak funding gap", "abilene's full power".
std::string output_label(const McMetric& m) {
  const std::string& n = m.name;
  if (n == "totals.peak_funding_gap_usd") return "the peak funding gap";
  if (n == "program.usd_per_accelerator_hour") return "the cost per accelerator-hour";
  if (n == "totals.online_it_mw") return "IT power online at the end";
  if (starts(n, "vehicles.") && ends(n, ".default_date"))
    return "when " + id_of(n) + " runs out of money";
  if (starts(n, "sites.") && ends(n, ".full_power_date")) return id_of(n) + "'s full power";
  if (starts(n, "tenants.") && ends(n, ".mean_served_flop_per_s")) {
    const std::string year =
        n.substr(n.size() - std::string("0000.mean_served_flop_per_s").size(), 4);
    return id_of(n) + "'s compute in " + year;
  }
  return n;
}

// Where one input's P10 and P90 put an output: McSensitivity's low and high
// are the output with the input drawn at u = 0.1 and 0.9 of its quantile
// function, with the input's values there.
struct Ends {
  double at_p10, at_p90;  // the output
  std::string p10, p90;   // the input's value there
};

std::string input_text(const UncertainInput& u, double v) {
  if (u.dist.kind == DistKind::kBernoulli) return v != 0.0 ? "yes" : "no";
  if (u.unit == Unit::kDuration) {
    return Duration{std::round(v * 10.0) / 10.0, u.duration_unit}.to_string();
  }
  return format_quantity(v, u.unit);
}

Ends ends_of(const McContext& c, const McSensitivity& s) {
  Ends e{s.low, s.high, "", ""};
  for (const UncertainInput& u : c.spec.uncertain) {
    if (u.key_path != s.input) continue;
    e.p10 = input_text(u, quantile(u.dist, 0.10));
    e.p90 = input_text(u, quantile(u.dist, 0.90));
  }
  return e;
}

struct Tornado {
  const McMetric* metric;
  std::vector<const McSensitivity*> inputs;  // by swing, largest first
};

// A date that never comes sits just past the horizon's end.
double or_never(double v, double never) { return std::isfinite(v) ? v : never; }

// Month ticks a few apart: about eight labels across `days`.
Json month_ticks(double days) {
  const int months = std::max(1, static_cast<int>(days / 30.4));
  int step = 1;
  for (int s : {1, 2, 3, 6, 12, 24}) {
    step = s;
    if (months / s <= 8) break;
  }
  return {{"interval", "month"}, {"step", step}};
}

Json tornado_chart(const McContext& c, const Tornado& t, double never) {
  const McMetric& m = *t.metric;
  const std::vector<std::string> series = {"input at its P10", "input at its P90"};
  double max_abs = 0.0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const McSensitivity* s : t.inputs) {
    for (double v : {s->base, s->low, s->high}) {
      const double x = m.is_date ? or_never(v, never) : v;
      if (!std::isfinite(x)) continue;
      max_abs = std::max(max_abs, std::fabs(x));
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
  }
  const AxisUnit unit = m.is_date ? AxisUnit{1.0, "date"} : axis_unit(quantity_of(m.unit), max_abs);
  auto value = [&](double v) -> Json {
    if (m.is_date) return date_of(or_never(v, never)).to_string();
    return round_sig(v / unit.divisor);
  };
  auto say = [&](double v) { return std::isfinite(v) ? shown(m, v) : std::string("never"); };
  std::vector<std::string> inputs;
  Json values = Json::array();
  for (const McSensitivity* s : t.inputs) {
    inputs.push_back(s->input);
    const Ends e = ends_of(c, *s);
    const double output[] = {e.at_p10, e.at_p90};
    const std::string input[] = {e.p10, e.p90};
    for (size_t k = 0; k < 2; ++k) {
      values.push_back({{"input", s->input},
                        {"series", series[k]},
                        {"from", value(s->base)},
                        {"to", value(output[k])},
                        {"value", input[k]},
                        {"shown", say(output[k])},
                        {"base", say(s->base)},
                        {"rho", std::isfinite(s->spearman) ? fmt::format("{:+.2f}", s->spearman)
                                                           : std::string("-")}});
    }
  }
  Json x = {{"field", "from"}, {"title", nullptr}};
  if (m.is_date) {
    x["type"] = "temporal";
    x["scale"] = {{"type", "utc"}};
    x["axis"] = {{"format", "%Y-%m"}, {"labelAngle", 0}, {"tickCount", month_ticks(hi - lo)}};
  } else {
    x["type"] = "quantitative";
    x["scale"] = {{"zero", false}};  // the swing is what matters, not the distance from 0
    x["title"] = output_label(m) + " (" + unit.name + ")";
    x["axis"] = {{"tickCount", 8}};  // labels apart on a narrow swing
    if (unit.name == "FLOP") x["axis"]["format"] = ".2e";
  }
  const Json y = {{"field", "input"},
                  {"type", "nominal"},
                  {"sort", inputs},
                  {"title", nullptr},
                  {"axis", {{"labelLimit", 330}}}};
  const Json tooltip = Json::array({{{"field", "input"}},
                                    {{"field", "series"}, {"title", "with the"}},
                                    {{"field", "value"}, {"title", "input"}},
                                    {{"field", "shown"}, {"title", "output"}},
                                    {{"field", "base"}, {"title", "base case"}},
                                    {{"field", "rho"}, {"title", "Spearman ρ"}}});
  Json spec = base_spec(static_cast<int>(24 * inputs.size() + 10));
  spec["data"] = {{"values", std::move(values)}};
  spec["layer"] =
      Json::array({{{"mark", {{"type", "bar"}, {"height", {{"band", 0.7}}}}},
                    {"encoding",
                     {{"y", y},
                      {"x", x},
                      {"x2", {{"field", "to"}}},
                      {"color",
                       {{"field", "series"},
                        {"type", "nominal"},
                        {"title", nullptr},
                        {"scale", color_scale(series)}}},
                      {"tooltip", tooltip}}}},
                   {{"mark", {{"type", "rule"}, {"color", "#1d2329"}}}, {"encoding", {{"x", x}}}}});
  return spec;
}

}  // namespace

Json drivers_section(const McContext& c) {
  const double never = static_cast<double>((c.base.end + 1).days());
  Json blocks = Json::array();
  std::vector<std::string> headline;
  Json rho_rows = Json::array();
  for (const McMetric* m : tornado_outputs(c)) {
    auto say = [&](double v) { return std::isfinite(v) ? shown(*m, v) : std::string("never"); };
    Tornado t{m, {}};
    for (const McSensitivity& s : c.mc.sensitivity) {
      if (s.metric != m->name) continue;
      const double swing = or_never(s.high, never) - or_never(s.low, never);
      if (swing != 0.0 && std::isfinite(swing)) t.inputs.push_back(&s);
    }
    std::vector<const McSensitivity*> by_rho;
    for (const McSensitivity& s : c.mc.sensitivity) {
      if (s.metric == m->name && std::isfinite(s.spearman) && std::fabs(s.spearman) >= 0.1)
        by_rho.push_back(&s);
    }
    std::stable_sort(by_rho.begin(), by_rho.end(), [](auto* a, auto* b) {
      return std::fabs(a->spearman) > std::fabs(b->spearman);
    });
    for (size_t i = 0; i < by_rho.size() && i < 3; ++i) {
      const Ends e = ends_of(c, *by_rho[i]);
      rho_rows.push_back({m->name, by_rho[i]->input, fmt::format("{:+.2f}", by_rho[i]->spearman),
                          say(e.at_p10), say(e.at_p90)});
    }
    if (t.inputs.empty()) continue;
    std::stable_sort(t.inputs.begin(), t.inputs.end(), [&](auto* a, auto* b) {
      return std::fabs(or_never(a->high, never) - or_never(a->low, never)) >
             std::fabs(or_never(b->high, never) - or_never(b->low, never));
    });
    if (t.inputs.size() > kTornadoInputs) t.inputs.resize(kTornadoInputs);
    const McSensitivity& top = *t.inputs.front();
    const Ends e = ends_of(c, top);
    const std::string reading = fmt::format(
        "{} moves it most: {} with the input at its P10{}, {} at its P90{} (base case {}; "
        "Spearman ρ {} over the trials).",
        top.input, say(e.at_p10), e.p10.empty() ? "" : " (" + e.p10 + ")", say(e.at_p90),
        e.p90.empty() ? "" : " (" + e.p90 + ")", say(top.base),
        std::isfinite(top.spearman) ? fmt::format("{:+.2f}", top.spearman) : "-");
    headline.push_back(fmt::format("{} for {}", top.input, output_label(*m)));
    blocks.push_back(chart_block("tornado-" + m->name,
                                 "What moves " + output_label(*m) + " (" + m->name + ")", reading,
                                 tornado_chart(c, t, never)));
  }
  if (!rho_rows.empty()) {
    blocks.push_back(table_block(
        "spearman",
        fmt::format("Rank correlations over {} sampled trials (|ρ| ≥ 0.1, top three per output), "
                    "and the output with each input at its P10 and P90",
                    c.mc.sample_size),
        {{"output", false, true},
         {"input", false, true},
         {"Spearman ρ", true},
         {"input at P10", true},
         {"input at P90", true}},
        std::move(rho_rows)));
  }
  if (headline.size() > 3) headline.resize(3);
  const std::string reading =
      headline.empty()
          ? std::string("No single input moves the key outputs between its P10 and P90.")
          : fmt::format(
                "Each chart moves one input from its P10 to its P90 with every other at "
                "its base value. The largest swings: {}.",
                join(headline, "; ", "; "));
  return section("drivers", "What drives the uncertainty", reading, std::move(blocks));
}

}  // namespace stargate::report_mc
