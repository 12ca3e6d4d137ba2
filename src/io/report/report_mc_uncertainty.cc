// src/io/report/report_mc_uncertainty.cc
//
// The uncertainty section of a Monte Carlo run's report: fan charts (bands
// P10–P90 and P25–P75 and the P50 line, per family of series: IT power per
// site, the funding gap, compute per tenant, cumulative training FLOP), date
// ranges (each site's full power, each phase online, each vehicle's default:
// P10–P90, P25–P75 and the median among the trials in which the date comes,
// and how often it never does), the questions with their Wilson intervals,
// and every metric.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/format.h"
#include "io/report/report_mc_parts.h"
#include "scenario/spec.h"
#include "stargate/report.h"

namespace stargate::report_mc {
namespace {

using namespace report_parts;  // NOLINT(google-build-using-namespace): this file's vocabulary

// ---------------------------------------------------------------------------
// Fan charts

// One family of fans: the same quantity per site or per tenant.
struct FanFamily {
  std::string id, title, measure;
  std::vector<const McFan*> fans;
  std::vector<std::string> names;  // what each fan is called on the chart
};

bool all_zero(const McFan& f) {
  for (const auto& q : f.q) {
    for (double v : q) {
      if (v != 0.0) return false;
    }
  }
  return true;
}

bool has_spread(const McFan& f) {
  for (const auto& q : f.q) {
    if (q[kP90] != q[kP10]) return true;
  }
  return false;
}

// The layers of a fan: P10–P90 and P25–P75 bands, the P50 line.
Json fan_layers(const std::string& y_title, Json color) {
  const Json x = {{"field", "date"},
                  {"type", "temporal"},
                  {"scale", {{"type", "utc"}}},
                  {"title", nullptr},
                  {"axis", {{"format", "%Y"}, {"tickCount", {{"interval", "year"}, {"step", 1}}}}}};
  auto band = [&](const char* lo, const char* hi, double opacity) {
    return Json{{"mark", {{"type", "area"}, {"opacity", opacity}}},
                {"encoding",
                 {{"x", x},
                  {"y", {{"field", lo}, {"type", "quantitative"}, {"title", y_title}}},
                  {"y2", {{"field", hi}}},
                  {"color", color}}}};
  };
  const Json tooltip =
      Json::array({{{"field", "date"}, {"type", "temporal"}, {"title", "month end"}},
                   {{"field", "series"}, {"title", "series"}},
                   {{"field", "p10"}, {"title", "P10"}, {"format", ",.4~r"}},
                   {{"field", "p25"}, {"title", "P25"}, {"format", ",.4~r"}},
                   {{"field", "p50"}, {"title", "P50"}, {"format", ",.4~r"}},
                   {{"field", "p75"}, {"title", "P75"}, {"format", ",.4~r"}},
                   {{"field", "p90"}, {"title", "P90"}, {"format", ",.4~r"}}});
  return Json::array({band("p10", "p90", 0.2),
                      band("p25", "p75", 0.4),
                      {{"mark", {{"type", "line"}, {"strokeWidth", 2}, {"point", false}}},
                       {"encoding",
                        {{"x", x},
                         {"y", {{"field", "p50"}, {"type", "quantitative"}, {"title", y_title}}},
                         {"color", color},
                         {"tooltip", tooltip}}}}});
}

// A family's fans on one chart (one series), or one small chart per series.
Json fan_chart(const FanFamily& fam) {
  double max_abs = 0.0;
  for (const McFan* f : fam.fans) {
    for (const auto& q : f->q) max_abs = std::max(max_abs, std::fabs(q[kP90]));
  }
  const AxisUnit unit = axis_unit(quantity_of(fam.fans.front()->unit), max_abs);
  Json values = Json::array();
  for (size_t i = 0; i < fam.fans.size(); ++i) {
    const McFan& f = *fam.fans[i];
    for (size_t m = 0; m < f.months.size(); ++m) {
      // The value at the month's end, drawn there.
      const std::optional<Date> first = Date::parse(f.months[m] + "-01");
      if (!first) continue;
      Json row = {{"date", (first->next_month_start() - 1).to_string()}, {"series", fam.names[i]}};
      const char* keys[] = {"p10", "p25", "p50", "p75", "p90"};
      const size_t at[] = {kP10, kP25, kP50, kP75, kP90};
      for (size_t k = 0; k < 5; ++k) row[keys[k]] = round_sig(f.q[m][at[k]] / unit.divisor);
      values.push_back(std::move(row));
    }
  }
  const std::string y_title = fam.measure + " (" + unit.name + ")";
  Json color = {{"field", "series"},
                {"type", "nominal"},
                {"title", nullptr},
                {"scale", color_scale(fam.names)}};
  if (fam.fans.size() == 1) {
    Json spec = base_spec(240);
    color["legend"] = nullptr;
    spec["data"] = {{"values", std::move(values)}};
    spec["layer"] = fan_layers(y_title, color);
    if (unit.name == "FLOP") spec["layer"][2]["encoding"]["y"]["axis"] = {{"format", ".1e"}};
    return spec;
  }
  // Small multiples, each with its own scale: a 100 MW site's band is not
  // flattened by a 2 GW one's.
  color["legend"] = nullptr;
  const int columns = fam.fans.size() <= 4 ? 2 : 3;
  Json spec = base_spec(0);
  spec.erase("width");
  spec.erase("height");
  spec["data"] = {{"values", std::move(values)}};
  spec["columns"] = columns;
  spec["facet"] = {{"field", "series"},
                   {"type", "nominal"},
                   {"title", nullptr},
                   {"sort", fam.names},
                   {"header", {{"labelFontSize", 12}, {"labelFontWeight", 600}}}};
  Json inner = {{"width", columns == 2 ? 440 : 275}, {"height", 140}};
  inner["layer"] = fan_layers(y_title, color);
  if (unit.name == "FLOP") inner["layer"][2]["encoding"]["y"]["axis"] = {{"format", ".1e"}};
  spec["spec"] = std::move(inner);
  // Each cell its own y scale and its own x axis, so every cell reads alone.
  spec["resolve"] = {{"scale", {{"y", "independent"}}}, {"axis", {{"x", "independent"}}}};
  return spec;
}

// The spread of a fan at its last month, in words.
std::string end_spread(const McFan& f) {
  McMetric unit_only;
  unit_only.unit = f.unit;
  const auto& q = f.q.back();
  return fmt::format("{} (P10 {}, P90 {}) in {}", shown(unit_only, q[kP50]),
                     shown(unit_only, q[kP10]), shown(unit_only, q[kP90]), f.months.back());
}

// The fan charts; `zero` gets the series that are zero in every trial and
// month, which are not drawn.
std::vector<Json> fan_blocks(const McContext& c, std::vector<std::string>& zero) {
  const McResults& mc = c.mc;
  std::vector<FanFamily> families = {
      {"fan-online", "IT power online per site (month end)", "IT power online", {}, {}},
      {"fan-gap", "Funding gap, all payers (month end)", "funding gap", {}, {}},
      {"fan-served", "Compute served per tenant (month end)", "compute served, dense BF16", {}, {}},
      {"fan-training", "Training FLOP per tenant, cumulative", "training compute", {}, {}}};
  std::vector<FanFamily> others;
  std::vector<std::string> flat_sites;
  for (const McFan& f : mc.fans) {
    if (f.months.empty()) continue;
    if (all_zero(f) && !f.series.ends_with("_online_it_mw")) {
      zero.push_back(f.series);
      continue;
    }
    const std::string& s = f.series;
    FanFamily* fam = nullptr;
    std::string name = s;
    if (ends(s, "_online_it_mw")) {
      fam = &families[0];
      name = s.substr(0, s.size() - std::string("_online_it_mw").size());
      if (!has_spread(f)) {
        flat_sites.push_back(name);
        continue;
      }
    } else if (s == "funding_gap_usd") {
      fam = &families[1];
      name = "all payers";
    } else if (ends(s, "_served_flop_per_s")) {
      fam = &families[2];
      name = s.substr(0, s.size() - std::string("_served_flop_per_s").size());
    } else if (ends(s, "_cumulative_training_flop")) {
      fam = &families[3];
      name = s.substr(0, s.size() - std::string("_cumulative_training_flop").size());
    } else {
      others.push_back({"fan-" + s, s + " (month end)", s, {}, {}});
      fam = &others.back();
    }
    fam->fans.push_back(&f);
    fam->names.push_back(name);
  }
  // Sites with no spread at all: drawn only when no site has any.
  if (families[0].fans.empty()) {
    for (const McFan& f : mc.fans) {
      if (ends(f.series, "_online_it_mw") && !f.months.empty()) {
        families[0].fans.push_back(&f);
        families[0].names.push_back(f.series.substr(0, f.series.size() - 13));
      }
    }
    flat_sites.clear();
  }
  for (FanFamily& o : others) families.push_back(std::move(o));

  std::vector<Json> blocks;
  for (const FanFamily& fam : families) {
    if (fam.fans.empty()) continue;
    // The widest band at the end, to read.
    size_t widest = 0;
    double width = -1.0;
    for (size_t i = 0; i < fam.fans.size(); ++i) {
      const auto& q = fam.fans[i]->q.back();
      const double w = q[kP50] != 0.0 ? (q[kP90] - q[kP10]) / std::fabs(q[kP50]) : 0.0;
      if (w > width) width = w, widest = i;
    }
    std::string reading;
    if (fam.fans.size() == 1) {
      reading = "At the end: " + end_spread(*fam.fans[0]) + ".";
    } else {
      reading = fmt::format("The widest band at the end, relative to its median: {}, {}.",
                            fam.names[widest], end_spread(*fam.fans[widest]));
    }
    if (fam.id == "fan-online" && !flat_sites.empty()) {
      reading +=
          fmt::format(" Not drawn: {} — the same in every trial.", join(flat_sites, ", ", " and "));
    }
    reading += " Bands: P10–P90 (light) and P25–P75; the line is the median.";
    blocks.push_back(chart_block(fam.id, fam.title, reading, fan_chart(fam)));
  }
  return blocks;
}

// ---------------------------------------------------------------------------
// Dates

struct DateFamily {
  std::string id, title, series, who;
  std::vector<const McMetric*> metrics;
  std::vector<std::string> rows;  // each metric's name on the chart
};

Json date_chart(const McContext& c, const DateFamily& fam) {
  Json values = Json::array();
  std::vector<std::string> labels;
  for (size_t i = 0; i < fam.metrics.size(); ++i) {
    const McMetric& m = *fam.metrics[i];
    std::string label = fam.rows[i];
    if (m.count == 0) {
      label += " · never";
    } else if (m.never > 0) {
      label += " · never " + pct(never_share(m));
    }
    labels.push_back(label);
    if (m.count == 0) continue;
    values.push_back({{"row", label},
                      {"series", fam.series},
                      {"p10", date_of(m.q[kP10]).to_string()},
                      {"p25", date_of(m.q[kP25]).to_string()},
                      {"p50", date_of(m.q[kP50]).to_string()},
                      {"p75", date_of(m.q[kP75]).to_string()},
                      {"p90", date_of(m.q[kP90]).to_string()},
                      {"never", pct(never_share(m))}});
  }
  if (values.empty()) return nullptr;
  const Json y = {{"field", "row"},   {"type", "nominal"},
                  {"sort", labels},   {"scale", {{"domain", labels}}},
                  {"title", nullptr}, {"axis", {{"labelLimit", 260}}}};
  // Milliseconds since 1970: Vega-Lite takes a temporal domain as numbers.
  auto datetime = [](Date d) { return static_cast<double>(d.days()) * 86400000.0; };
  Json x_scale = {{"type", "utc"}};
  // From the start, or from the earliest date shown when one comes before it
  // (a site already at full power).
  Date earliest = c.base.start;
  for (const McMetric* m : fam.metrics) {
    if (m->count > 0) earliest = std::min(earliest, date_of(m->q[kP10]));
  }
  x_scale["domainMin"] = datetime(Date::from_ymd(earliest.year(), 1, 1));
  x_scale["domainMax"] = datetime(c.base.end + 1);
  const Json x_axis = {{"format", "%Y"}, {"tickCount", {{"interval", "year"}, {"step", 1}}}};
  const Json color = {{"field", "series"},
                      {"type", "nominal"},
                      {"title", nullptr},
                      {"legend", nullptr},
                      {"scale", color_scale({fam.series})}};
  const Json tooltip = Json::array({{{"field", "row"}, {"title", fam.who}},
                                    {{"field", "p10"}, {"title", "P10"}},
                                    {{"field", "p25"}, {"title", "P25"}},
                                    {{"field", "p50"}, {"title", "P50"}},
                                    {{"field", "p75"}, {"title", "P75"}},
                                    {{"field", "p90"}, {"title", "P90"}},
                                    {{"field", "never"}, {"title", "never"}}});
  // The horizon as the x domain, given once: Vega-Lite merges the layers'
  // scales, and warns about an explicit domain repeated in each.
  auto bar = [&](const char* lo, const char* hi, double band, double opacity, bool domain) {
    Json scale = domain ? x_scale : Json{{"type", "utc"}};
    return Json{{"mark", {{"type", "bar"}, {"height", {{"band", band}}}, {"opacity", opacity}}},
                {"encoding",
                 {{"y", y},
                  {"x",
                   {{"field", lo},
                    {"type", "temporal"},
                    {"scale", scale},
                    {"title", nullptr},
                    {"axis", x_axis}}},
                  {"x2", {{"field", hi}}},
                  {"color", color},
                  {"tooltip", tooltip}}}};
  };
  Json spec = base_spec(static_cast<int>(22 * labels.size() + 10));
  spec["data"] = {{"values", std::move(values)}};
  spec["layer"] =
      Json::array({bar("p10", "p90", 0.35, 0.45, true),
                   bar("p25", "p75", 0.75, 0.95, false),
                   {{"mark", {{"type", "tick"}, {"color", "#1d2329"}, {"thickness", 2}}},
                    {"encoding",
                     {{"y", y},
                      {"x", {{"field", "p50"}, {"type", "temporal"}, {"scale", {{"type", "utc"}}}}},
                      {"tooltip", tooltip}}}}});
  return spec;
}

std::vector<Json> date_blocks(const McContext& c, std::string& widest_text) {
  DateFamily sites{"dates-sites", "Full power per site", "full power", "site", {}, {}};
  DateFamily phases{"dates-phases", "Phases online", "online", "phase", {}, {}};
  DateFamily vehicles{
      "dates-defaults", "Vehicles running out of money", "runs out of money", "vehicle", {}, {}};
  for (const McMetric& m : c.mc.metrics) {
    if (!m.is_date) continue;
    if (starts(m.name, "sites.") && ends(m.name, ".full_power_date")) {
      sites.metrics.push_back(&m);
      sites.rows.push_back(id_of(m.name));
    } else if (starts(m.name, "sites.") && ends(m.name, ".online")) {
      // "sites.abilene.phases.phase2.online" → abilene/phase2
      const std::string site = id_of(m.name);
      const size_t from =
          std::string("sites.").size() + site.size() + std::string(".phases.").size();
      phases.metrics.push_back(&m);
      phases.rows.push_back(site + "/" + m.name.substr(from, m.name.size() - from - 7));
    } else if (starts(m.name, "vehicles.") && ends(m.name, ".default_date")) {
      vehicles.metrics.push_back(&m);
      vehicles.rows.push_back(id_of(m.name));
    }
  }
  std::vector<Json> blocks;
  double widest = -1.0;
  Json rows = Json::array();
  for (const DateFamily* fam : {&sites, &vehicles, &phases}) {
    std::string most;  // the widest P10–P90 range of the family
    double range = -1.0;
    for (size_t i = 0; i < fam->metrics.size(); ++i) {
      const McMetric& m = *fam->metrics[i];
      rows.push_back({m.name, m.count ? shown(m, m.q[kP10]) : "-",
                      m.count ? shown(m, m.q[kP50]) : "-", m.count ? shown(m, m.q[kP90]) : "-",
                      pct(never_share(m))});
      if (m.count == 0) continue;
      const double r = m.q[kP90] - m.q[kP10];
      if (r > range) {
        range = r;
        most = fmt::format("{} {} spans {:.0f} days from P10 to P90 ({} to {})", fam->who,
                           fam->rows[i], r, shown(m, m.q[kP10]), shown(m, m.q[kP90]));
        if (m.never > 0)
          most += fmt::format(" and never comes in {} of trials", pct(never_share(m)));
      }
      if (r > widest) {
        widest = r;
        widest_text =
            fmt::format("{} {} ({:.0f} days from P10 to P90)", fam->rows[i], fam->series, r);
      }
    }
    Json spec = date_chart(c, *fam);
    if (spec.is_null()) continue;
    size_t never_all = 0;
    for (const McMetric* m : fam->metrics) never_all += m->count == 0 ? 1 : 0;
    std::string reading = "The widest: " + most + ".";
    if (never_all > 0)
      reading += fmt::format(" {} of {} never in any trial.", never_all, fam->metrics.size());
    reading +=
        " Bars: P10–P90 (light), P25–P75; the tick is the median — among the trials in "
        "which it happens.";
    blocks.push_back(chart_block(fam->id, fam->title, reading, std::move(spec)));
  }
  if (!rows.empty()) {
    blocks.push_back(table_block(
        "date-table", "Dates: P10 / P50 / P90 among the trials in which they happen",
        {{"metric", false, true}, {"P10", true}, {"P50", true}, {"P90", true}, {"never", true}},
        std::move(rows)));
  }
  return blocks;
}

// ---------------------------------------------------------------------------
// Questions

std::vector<Json> question_blocks(const McResults& mc, std::string& reading) {
  std::vector<Json> blocks;
  if (mc.answers.empty()) {
    reading = "The scenario asks no [[questions]]";
    return blocks;
  }
  std::vector<std::string> ids;
  Json values = Json::array();
  Json rows = Json::array();
  const McAnswer* likeliest = &mc.answers.front();
  const McAnswer* least = &mc.answers.front();
  for (const McAnswer& a : mc.answers) {
    ids.push_back(a.id);
    values.push_back({{"question", a.id},
                      {"series", "probability"},
                      {"text", a.text},
                      {"p", a.p},
                      {"lo", a.lo},
                      {"hi", a.hi},
                      {"label", fmt::format("{:.0f}%", a.p * 100.0)},
                      {"trials", fmt::format("{} of {}", a.yes, a.trials)}});
    rows.push_back({a.id, a.text, fmt::format("{:.1f}%", a.p * 100.0),
                    fmt::format("{:.1f}% – {:.1f}%", a.lo * 100.0, a.hi * 100.0),
                    fmt::format("{} / {}", a.yes, a.trials)});
    if (a.p > likeliest->p) likeliest = &a;
    if (a.p < least->p) least = &a;
  }
  const Json y = {{"field", "question"},
                  {"type", "nominal"},
                  {"sort", ids},
                  {"title", nullptr},
                  {"axis", {{"labelLimit", 260}}}};
  const Json x_scale = {{"domain", {0, 1}}};
  const Json tooltip = Json::array({{{"field", "question"}},
                                    {{"field", "text"}, {"title", "asks"}},
                                    {{"field", "p"}, {"title", "probability"}, {"format", ".1%"}},
                                    {{"field", "lo"}, {"title", "95% from"}, {"format", ".1%"}},
                                    {{"field", "hi"}, {"title", "95% to"}, {"format", ".1%"}},
                                    {{"field", "trials"}, {"title", "yes"}}});
  Json spec = base_spec(static_cast<int>(28 * ids.size() + 10));
  spec["data"] = {{"values", std::move(values)}};
  spec["layer"] =
      Json::array({{{"mark", {{"type", "bar"}, {"height", {{"band", 0.6}}}}},
                    {"encoding",
                     {{"y", y},
                      {"x",
                       {{"field", "p"},
                        {"type", "quantitative"},
                        {"scale", x_scale},
                        {"title", "probability, with its Wilson 95% interval"},
                        {"axis", {{"format", "%"}}}}},
                      {"color",
                       {{"field", "series"},
                        {"type", "nominal"},
                        {"legend", nullptr},
                        {"scale", color_scale({"probability"})}}},
                      {"tooltip", tooltip}}}},
                   {{"mark", {{"type", "rule"}, {"color", "#1d2329"}, {"strokeWidth", 1.5}}},
                    {"encoding",
                     {{"y", y},
                      {"x", {{"field", "lo"}, {"type", "quantitative"}, {"scale", x_scale}}},
                      {"x2", {{"field", "hi"}}},
                      {"tooltip", tooltip}}}},
                   {{"mark", {{"type", "text"}, {"align", "left"}, {"dx", 6}, {"fontSize", 11}}},
                    {"encoding",
                     {{"y", y},
                      {"x", {{"field", "hi"}, {"type", "quantitative"}, {"scale", x_scale}}},
                      {"text", {{"field", "label"}}}}}}});
  std::string caption = fmt::format("the likeliest, {}, holds in {:.1f}% of trials", likeliest->id,
                                    likeliest->p * 100.0);
  if (least != likeliest)
    caption += fmt::format("; the least likely, {}, in {:.1f}%", least->id, least->p * 100.0);
  blocks.push_back(chart_block("questions", "Questions: the share of trials in which each holds",
                               "The" + caption.substr(3) + ". The line is the 95% interval.",
                               std::move(spec)));
  blocks.push_back(table_block("question-table", "Questions",
                               {{"id", false, true},
                                {"asks"},
                                {"probability", true},
                                {"95% interval (Wilson)", true},
                                {"yes / trials", true}},
                               std::move(rows)));
  reading = fmt::format("{} question{}: {}", mc.answers.size(), mc.answers.size() == 1 ? "" : "s",
                        caption);
  return blocks;
}

Json metrics_table(const McResults& mc) {
  Json rows = Json::array();
  for (const McMetric& m : mc.metrics) {
    rows.push_back({m.name, m.unit, m.count ? shown(m, m.q[kP10]) : "-",
                    m.count ? shown(m, m.q[kP50]) : "-", m.count ? shown(m, m.q[kP90]) : "-",
                    m.count && !m.is_date ? shown(m, m.mean) : "-",
                    m.never > 0 ? pct(never_share(m)) : "-"});
  }
  return table_block("mc-metrics",
                     "Every metric over the trials (mc_summary.csv has P5 … P95, sd, min, max)",
                     {{"metric", false, true},
                      {"unit"},
                      {"P10", true},
                      {"P50", true},
                      {"P90", true},
                      {"mean", true},
                      {"never", true}},
                     std::move(rows), true);
}

}  // namespace

Json uncertainty_section(const McContext& c) {
  Json blocks = Json::array();
  std::vector<std::string> zero;
  for (Json& b : fan_blocks(c, zero)) blocks.push_back(std::move(b));
  std::string widest;
  for (Json& b : date_blocks(c, widest)) blocks.push_back(std::move(b));
  std::string questions;
  for (Json& b : question_blocks(c.mc, questions)) blocks.push_back(std::move(b));
  blocks.push_back(metrics_table(c.mc));
  std::string reading =
      fmt::format("{} trials drew {} uncertain input{}", c.mc.trials_done,
                  c.mc.uncertain_inputs.size(), c.mc.uncertain_inputs.size() == 1 ? "" : "s");
  if (!widest.empty()) reading += "; the most uncertain date is " + widest;
  if (!zero.empty()) reading += "; zero in every trial, so not drawn: " + join(zero, ", ", " and ");
  reading += "; " + questions + ".";
  if (c.mc.sensitivity.empty())
    reading += " Run `stargate mc --sensitivity` to see which inputs drive each output.";
  return section("uncertainty", "Uncertainty", reading, std::move(blocks));
}

}  // namespace stargate::report_mc
