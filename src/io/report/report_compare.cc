// src/io/report/report_compare.cc
//
// The report of a comparison (`stargate compare A B --report`), in the
// document format of report.cc with three sections:
//
//   differ    what changed that a reader asks about first (the funding gap,
//             each vehicle's default, each site's full power, each tenant's
//             compute, IT power online), the inputs that differ, and the
//             largest changes, ordered as on the terminal
//   charts    A and B as two lines on the same axes: IT power online, the
//             funding gap, the vehicles' cash, each tenant's compute served
//             and its cumulative training FLOP; B dashed, so where they agree
//             A shows through
//   metrics   every summary metric with both values and the change; changed
//             rows highlighted
//
// Charts are monthly, levels as at the month's end (a result folder written
// per step is read at each month's last step), held through the month.
// Cumulative training FLOP counts each run pro rata to its time, as the Monte
// Carlo fan of the same name does (src/sim/montecarlo.cc).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "core/format.h"
#include "io/compare_format.h"
#include "io/report/report_parts.h"
#include "stargate/report.h"
#include "stargate/version.h"

namespace stargate {
namespace {

using namespace report_parts;    // NOLINT(google-build-using-namespace): this file's vocabulary
using namespace compare_format;  // NOLINT(google-build-using-namespace)
using Kind = MetricValue::Kind;

// "scenarios/abilene-late.toml" → "abilene-late"; "out/a/" → "a".
std::string short_label(std::string label) {
  while (label.size() > 1 && label.back() == '/') label.pop_back();
  const size_t slash = label.rfind('/');
  if (slash != std::string::npos) label = label.substr(slash + 1);
  if (label.ends_with(".toml")) label.resize(label.size() - 5);
  if (label.size() > 28) label = label.substr(0, 27) + "…";
  return label;
}

std::string describe(const CompareSide& s) {
  std::string what =
      s.scenario_name.empty() ? s.scenario_id : s.scenario_name + " (" + s.scenario_id + ")";
  if (!s.result_label.empty()) what += ", " + s.result_label;
  return s.label + (s.is_scenario ? "" : " (result folder)") + " — " + what;
}

struct Ctx {
  const Comparison& c;
  std::string a_name, b_name;  // series names: "A: base", "B: late-power"
  std::map<std::string, const MetricDifference*, std::less<>> by_key;

  const MetricDifference* metric(std::string_view key) const {
    const auto it = by_key.find(key);
    return it == by_key.end() ? nullptr : it->second;
  }
};

// ---------------------------------------------------------------------------
// Monthly series from each side

struct Monthly {
  std::vector<Date> months;  // each month's first day
  std::vector<double> values;
};

// A level at each month's end: the sum of `columns` (absent ones count 0).
// Empty when the side has none of them.
Monthly month_end(const TimelineTable& t, const std::vector<std::string>& columns) {
  std::vector<const std::vector<double>*> cols;
  for (const std::string& name : columns) {
    if (const std::vector<double>* col = t.column(name)) cols.push_back(col);
  }
  Monthly m;
  if (cols.empty()) return m;
  for (size_t row = 0; row < t.dates.size(); ++row) {
    const Date d = t.dates[row];
    const Date first = Date::from_ymd(d.year(), d.month(), 1);
    double v = 0.0;
    for (const auto* col : cols) v += (*col)[row];
    if (!m.months.empty() && m.months.back() == first) {
      m.values.back() = v;  // a later step of the same month
    } else {
      m.months.push_back(first);
      m.values.push_back(v);
    }
  }
  return m;
}

// Columns of a side's timeline whose names end in `suffix`.
std::vector<std::string> columns_ending(const TimelineTable& t, std::string_view suffix) {
  std::vector<std::string> out;
  for (const std::string& n : t.names) {
    if (n.ends_with(suffix)) out.push_back(n);
  }
  return out;
}

// The tenants of a side: those with a demand column.
std::vector<std::string> tenants_of(const TimelineTable& t) {
  std::vector<std::string> out;
  const std::string_view suffix = "_demand_flop_per_s";
  for (const std::string& n : t.names) {
    if (n.ends_with(suffix)) out.push_back(n.substr(0, n.size() - suffix.size()));
  }
  return out;
}

struct Run {
  std::string tenant, status;
  std::optional<Date> start, end;
  double flop = 0.0;
};

// The runs in a side's metrics: market.runs[<id>].<field>.
std::vector<Run> runs_of(const CompareSide& s) {
  std::map<std::string, Run> by_id;
  std::vector<std::string> order;
  const std::string_view prefix = "market.runs[";
  for (const Metric& m : s.metrics) {
    if (!m.key.starts_with(prefix)) continue;
    const size_t close = m.key.find("].", prefix.size());
    if (close == std::string::npos) continue;
    const std::string id = m.key.substr(prefix.size(), close - prefix.size());
    const std::string field = m.key.substr(close + 2);
    auto [it, added] = by_id.try_emplace(id);
    if (added) order.push_back(id);
    Run& r = it->second;
    if (field == "tenant") r.tenant = m.value.to_string();
    if (field == "status") r.status = m.value.to_string();
    if (field == "flop" && m.value.kind == Kind::kNumber) r.flop = m.value.number;
    if (field == "start" && m.value.kind == Kind::kDate) r.start = m.value.date;
    if (field == "end" && m.value.kind == Kind::kDate) r.end = m.value.date;
  }
  std::vector<Run> out;
  for (const std::string& id : order) out.push_back(by_id[id]);
  return out;
}

// Training FLOP done by each month's end, each run counted pro rata to time.
Monthly cumulative_training(const CompareSide& s, const std::string& tenant) {
  const Monthly months =
      month_end(s.timeline, {s.timeline.names.empty() ? std::string() : s.timeline.names[0]});
  Monthly m;
  const std::vector<Run> runs = runs_of(s);
  bool any = false;
  for (const Run& r : runs) any = any || (r.tenant == tenant && r.status != "skipped");
  if (!any) return m;
  for (const Date first : months.months) {
    const Date e = first.next_month_start();
    double v = 0.0;
    for (const Run& r : runs) {
      if (r.tenant != tenant || r.status == "skipped" || !r.start || !r.end || e <= *r.start)
        continue;
      const double span = static_cast<double>(*r.end - *r.start);
      v += span > 0.0 ? r.flop * std::min(1.0, static_cast<double>(e - *r.start) / span) : r.flop;
    }
    m.months.push_back(first);
    m.values.push_back(v);
  }
  return m;
}

// ---------------------------------------------------------------------------
// Overlaid charts

struct Overlay {
  std::string id, title, measure;
  Measure quantity;
  Monthly a, b;
};

double max_abs(const Monthly& m) {
  double out = 0.0;
  for (double v : m.values) out = std::max(out, std::fabs(v));
  return out;
}

Json overlay_chart(const Ctx& x, const Overlay& o) {
  const AxisUnit unit = axis_unit(o.quantity, std::max(max_abs(o.a), max_abs(o.b)));
  std::vector<std::string> names;
  Json values = Json::array();
  for (const auto& [side, name] : {std::pair{&o.a, x.a_name}, std::pair{&o.b, x.b_name}}) {
    if (side->months.empty()) continue;
    names.push_back(name);
    for (size_t i = 0; i < side->months.size(); ++i) {
      values.push_back({{"date", side->months[i].to_string()},
                        {"series", name},
                        {"value", round_sig(side->values[i] / unit.divisor)}});
    }
    // The last month held to its end.
    values.push_back({{"date", side->months.back().next_month_start().to_string()},
                      {"series", name},
                      {"value", round_sig(side->values.back() / unit.divisor)}});
  }
  const std::string y_title = o.measure + " (" + unit.name + ")";
  Json spec = base_spec(240);
  spec["data"] = {{"values", std::move(values)}};
  spec["mark"] = {{"type", "line"}, {"interpolate", "step-after"}, {"strokeWidth", 2}};
  Json y = {{"field", "value"}, {"type", "quantitative"}, {"title", y_title}};
  if (unit.name == "FLOP") y["axis"] = {{"format", ".1e"}};
  spec["encoding"] = {
      {"x", month_x()},
      {"y", y},
      {"color",
       {{"field", "series"},
        {"type", "nominal"},
        {"title", nullptr},
        {"scale", color_scale(names)}}},
      {"strokeDash",
       {{"condition", {{"test", "datum.series === '" + x.b_name + "'"}, {"value", {6, 4}}}},
        {"value", {1, 0}}}},
      {"tooltip", Json::array({{{"field", "date"},
                                {"type", "temporal"},
                                {"timeUnit", "utcyearmonth"},
                                {"title", "month"}},
                               {{"field", "series"}},
                               {{"field", "value"},
                                {"type", "quantitative"},
                                {"title", y_title},
                                {"format", ",.4~r"}}})}};
  return spec;
}

std::string show_q(Measure q, double v) {
  switch (q) {
    case Measure::kUsd:
      return format_usd(v);
    case Measure::kMw:
      return format_mw(v);
    case Measure::kFlops:
      return format_flops(v);
    case Measure::kFlop:
      return format_flop(v) + " FLOP";
    default:
      return format_number(v, 4);
  }
}

// What a reader compares: the end for levels, the peak for the funding gap.
std::string overlay_reading(const Overlay& o, bool peak) {
  auto one = [&](const Monthly& m, const char* side) -> std::string {
    if (m.values.empty()) return fmt::format("{} has none", side);
    size_t at = m.values.size() - 1;
    if (peak) {
      at = 0;  // the first month at the highest
      for (size_t i = 1; i < m.values.size(); ++i) {
        if (m.values[i] > m.values[at]) at = i;
      }
      return fmt::format("{} {} ({})", side, show_q(o.quantity, m.values[at]),
                         month_label(m.months[at]));
    }
    return fmt::format("{} {}", side, show_q(o.quantity, m.values[at]));
  };
  std::string text =
      (peak ? "At its highest: " : "At the end: ") + one(o.a, "A") + ", " + one(o.b, "B");
  if (!o.a.values.empty() && !o.b.values.empty() && !peak) {
    const double d = o.b.values.back() - o.a.values.back();
    text += d == 0.0 ? " — the same"
                     : fmt::format(" ({}{})", d > 0 ? "+" : "-", show_q(o.quantity, std::fabs(d)));
  }
  return text + ".";
}

Json charts_section(const Ctx& x) {
  const CompareSide& a = x.c.a;
  const CompareSide& b = x.c.b;
  std::vector<Overlay> overlays;
  overlays.push_back({"online", "IT power online, all sites (month end)", "IT power online",
                      Measure::kMw, month_end(a.timeline, {"online_it_mw"}),
                      month_end(b.timeline, {"online_it_mw"})});
  overlays.push_back({"funding-gap", "Funding gap, all payers (month end)", "funding gap",
                      Measure::kUsd, month_end(a.timeline, {"funding_gap_usd"}),
                      month_end(b.timeline, {"funding_gap_usd"})});
  overlays.push_back({"cash", "Cash held by the vehicles, together (month end)", "cash",
                      Measure::kUsd, month_end(a.timeline, columns_ending(a.timeline, "_cash_usd")),
                      month_end(b.timeline, columns_ending(b.timeline, "_cash_usd"))});
  std::vector<std::string> tenants = tenants_of(a.timeline);
  for (const std::string& t : tenants_of(b.timeline)) {
    if (std::find(tenants.begin(), tenants.end(), t) == tenants.end()) tenants.push_back(t);
  }
  for (const std::string& t : tenants) {
    std::vector<std::string> routes;
    for (const char* route : kRouteNames) routes.push_back(t + "_served_" + route + "_flop_per_s");
    overlays.push_back({"served-" + t, "Compute served to " + t + " (month end, dense BF16)",
                        "compute served", Measure::kFlops, month_end(a.timeline, routes),
                        month_end(b.timeline, routes)});
  }
  for (const std::string& t : tenants) {
    overlays.push_back(
        {"training-" + t, "Training FLOP of " + t + ", cumulative (runs pro rata to time)",
         "training compute", Measure::kFlop, cumulative_training(a, t), cumulative_training(b, t)});
  }
  Json blocks = Json::array();
  std::vector<std::string> flat;  // zero throughout on both sides: said, not drawn
  for (const Overlay& o : overlays) {
    if (o.a.months.empty() && o.b.months.empty()) continue;
    if (max_abs(o.a) == 0.0 && max_abs(o.b) == 0.0) {
      flat.push_back(o.measure);
      continue;
    }
    const std::string reading = overlay_reading(o, /*peak=*/o.id == "funding-gap");
    blocks.push_back(chart_block("overlay-" + o.id, o.title, reading, overlay_chart(x, o)));
  }
  std::string reading = fmt::format(
      "A ({}) solid, B ({}) dashed: where B's line hides A's, they agree.", x.a_name, x.b_name);
  for (const Overlay& o : overlays) {
    if (o.id == "online" && !o.a.values.empty() && !o.b.values.empty()) {
      reading += fmt::format(" IT power online at the end: {} in A, {} in B.",
                             format_mw(o.a.values.back()), format_mw(o.b.values.back()));
    }
  }
  if (!flat.empty()) {
    reading += " Zero throughout in both, so not drawn: " + join(flat, ", ", " and ") + ".";
  }
  return section("charts", "Side by side", reading, std::move(blocks));
}

// ---------------------------------------------------------------------------
// What differs

std::string both(const MetricDifference& d) {
  return fmt::format("{} in A, {} in B", d.in_a ? show_full(d.a, d.unit) : "(absent)",
                     d.in_b ? show_full(d.b, d.unit) : "(absent)");
}

std::string change_words(const MetricDifference& d) {
  const std::string change = show_change(d), relative = show_relative(d);
  if (change.empty()) return "";
  return " (" + change + (relative.empty() || relative == "from 0" ? "" : ", " + relative) + ")";
}

// The keys of a side's items: "sites[abilene].full_power_date" → abilene.
std::vector<std::string> items(const Comparison& c, std::string_view prefix,
                               std::string_view suffix) {
  std::vector<std::string> out;
  for (const MetricDifference& d : c.metrics) {
    if (d.key.starts_with(prefix) && d.key.ends_with(suffix) &&
        d.key.size() > prefix.size() + suffix.size())
      out.push_back(d.key.substr(prefix.size(), d.key.size() - prefix.size() - suffix.size()));
  }
  return out;
}

Json finding(const std::string& id, const std::string& text,
             const std::vector<const MetricDifference*>& ds) {
  Json values = Json::array();
  for (const MetricDifference* d : ds) {
    values.push_back({{"key", d->key},
                      {"changed", d->changed},
                      {"change", d->change ? Json(*d->change) : Json(nullptr)}});
  }
  return {{"id", id}, {"text", text}, {"values", values}};
}

// One finding about a set of items ("sites[", "].full_power_date"): those
// that changed, each with both values; how many did not.
Json items_finding(const Ctx& x, const std::string& id, const std::string& what,
                   std::string_view prefix, std::string_view suffix) {
  std::vector<std::string> changed;
  std::vector<const MetricDifference*> ds;
  size_t same = 0;
  for (const std::string& item : items(x.c, prefix, suffix)) {
    const MetricDifference* d = x.metric(std::string(prefix) + item + std::string(suffix));
    ds.push_back(d);
    if (!d->changed) {
      ++same;
      continue;
    }
    changed.push_back(item + ": " + both(*d) + change_words(*d));
  }
  if (ds.empty()) return nullptr;
  std::string text = what + ": ";
  text += changed.empty() ? "the same in A and B" : join(changed, "; ", "; ");
  if (!changed.empty() && same > 0) text += fmt::format("; {} more the same", same);
  return finding(id, text + ".", ds);
}

Json differ_section(const Ctx& x) {
  const Comparison& c = x.c;
  Json findings = Json::array();
  if (const MetricDifference* gap = x.metric("totals.peak_funding_gap_usd")) {
    findings.push_back(finding("funding",
                               "The peak funding gap: " +
                                   (gap->changed ? both(*gap) + change_words(*gap)
                                                 : "the same, " + show_full(gap->a, gap->unit)) +
                                   ".",
                               {gap}));
  }
  for (Json f : {items_finding(x, "defaults", "When vehicles run out of money", "capital.vehicles[",
                               "].default_date"),
                 items_finding(x, "full-power", "Full power", "sites[", "].full_power_date")}) {
    if (!f.is_null()) findings.push_back(std::move(f));
  }
  // Each tenant's compute in the last year both sides have.
  std::map<std::string, std::string> last_year;  // tenant → "2030"
  for (const MetricDifference& d : c.metrics) {
    const std::string_view prefix = "market.tenants[";
    if (!d.key.starts_with(prefix) || !d.key.ends_with("].mean_served_flop_per_s")) continue;
    const size_t close = d.key.find("].years[");
    if (close == std::string::npos || !d.in_a || !d.in_b) continue;
    const std::string tenant = d.key.substr(prefix.size(), close - prefix.size());
    const std::string year = d.key.substr(close + 8, 4);
    if (year > last_year[tenant]) last_year[tenant] = year;
  }
  for (const auto& [tenant, year] : last_year) {
    const MetricDifference* d =
        x.metric("market.tenants[" + tenant + "].years[" + year + "].mean_served_flop_per_s");
    findings.push_back(
        finding("compute-" + tenant,
                fmt::format("Compute served to {} in {}, on average: {}.", tenant, year,
                            d->changed ? both(*d) + change_words(*d)
                                       : "the same, " + show_full(d->a, d->unit)),
                {d}));
  }
  if (const MetricDifference* online = x.metric("totals.online_it_mw")) {
    findings.push_back(
        finding("online",
                "IT power online at the end: " +
                    (online->changed ? both(*online) + change_words(*online)
                                     : "the same, " + show_full(online->a, online->unit)) +
                    ".",
                {online}));
  }

  Json blocks = Json::array();
  blocks.push_back({{"kind", "findings"}, {"items", findings}});
  const size_t changed = c.changed_count();
  blocks.push_back(
      stats_block({{"inputs that differ",
                    c.inputs_compared ? fmt::format("{} of {}", c.inputs.size(), c.inputs_total)
                                      : std::string("not compared")},
                   {"metrics that differ", fmt::format("{} of {}", changed, c.metrics.size())},
                   {"A", short_label(c.a.label)},
                   {"B", short_label(c.b.label)}}));

  if (c.inputs_compared && !c.inputs.empty()) {
    Json rows = Json::array();
    auto value = [](const std::optional<std::string>& v, bool is_default) {
      if (!v) return std::string("(absent)");
      return is_default ? *v + " (default)" : *v;
    };
    for (const InputDifference& d : c.inputs) {
      rows.push_back({d.key, d.unit, value(d.a, d.a_default), value(d.b, d.b_default)});
    }
    blocks.push_back(table_block(
        "inputs-differ",
        fmt::format("Inputs that differ: {} of {}, as written", c.inputs.size(), c.inputs_total),
        {{"key", false, true, "40%"},
         {"unit", false, false, "10%"},
         {"A", false, false, "25%"},
         {"B", false, false, "25%"}},
        std::move(rows)));
  }

  // The largest changes, as the terminal orders them: dates by days moved,
  // then numbers by relative change (one from zero or from none first), then
  // other values.
  const ChangedMetrics moved = changed_metrics(c);
  Json top = Json::array();
  constexpr size_t kTop = 12;
  for (const auto* group : {&moved.dates, &moved.numbers, &moved.others}) {
    for (size_t i = 0; i < group->size() && i < kTop; ++i) {
      const MetricDifference& d = *(*group)[i];
      top.push_back({d.key, d.in_a ? show_full(d.a, d.unit) : "(absent)",
                     d.in_b ? show_full(d.b, d.unit) : "(absent)", show_change(d),
                     show_relative(d)});
    }
  }
  if (!top.empty()) {
    blocks.push_back(table_block(
        "largest-changes",
        fmt::format("The largest changes: up to {} dates by days moved, {} numbers by relative "
                    "change, {} other values",
                    kTop, kTop, kTop),
        {{"metric", false, true}, {"A", true}, {"B", true}, {"change", true}, {"relative", true}},
        std::move(top)));
  }

  std::string reading = "B against A: ";
  if (!c.inputs_compared) {
    reading += "inputs not compared (a result folder does not keep them)";
  } else if (c.inputs.empty()) {
    reading += fmt::format("no input differs ({} compared)", c.inputs_total);
  } else {
    reading += fmt::format("{} of {} input{} differ{} ({})", c.inputs.size(), c.inputs_total,
                           c.inputs_total == 1 ? "" : "s", c.inputs.size() == 1 ? "s" : "",
                           c.inputs.size() <= 3 ? [&] {
                             std::vector<std::string> keys;
                             for (const InputDifference& d : c.inputs) keys.push_back(d.key);
                             return join(keys, ", ", " and ");
                           }()
                                                : c.inputs.front().key + ", …");
  }
  reading += fmt::format("; {} of {} metrics change", changed, c.metrics.size());
  if (!moved.dates.empty() && moved.dates.front()->change) {
    reading += fmt::format(", the most a date moves is {} ({})", show_change(*moved.dates.front()),
                           moved.dates.front()->key);
  }
  return section("differ", "What differs", reading + ".", std::move(blocks));
}

Json metrics_section(const Ctx& x) {
  const Comparison& c = x.c;
  Json rows = Json::array();
  Json highlight = Json::array();
  for (size_t i = 0; i < c.metrics.size(); ++i) {
    const MetricDifference& d = c.metrics[i];
    rows.push_back({d.key, d.unit, d.in_a ? show_full(d.a, d.unit) : "(absent)",
                    d.in_b ? show_full(d.b, d.unit) : "(absent)", d.changed ? show_change(d) : "",
                    d.changed ? show_relative(d) : ""});
    if (d.changed) highlight.push_back(i);
  }
  Json table = table_block("metric-table", "Every metric of summary.json, A and B",
                           {{"metric", false, true, "38%"},
                            {"unit", false, false, "9%"},
                            {"A", true, false, "16%"},
                            {"B", true, false, "16%"},
                            {"change", true, false, "12%"},
                            {"relative", true, false, "9%"}},
                           std::move(rows), true);
  table["highlight"] = std::move(highlight);
  const size_t changed = c.changed_count();
  const std::string reading =
      changed == 0 ? fmt::format("All {} metrics are the same in A and B.", c.metrics.size())
                   : fmt::format(
                         "{} of {} metrics differ (highlighted), {} are the same; numbers "
                         "are equal within one part in 10⁹.",
                         changed, c.metrics.size(), c.metrics.size() - changed);
  Json blocks = Json::array();
  blocks.push_back(std::move(table));
  return section("metrics", "Every metric", reading, std::move(blocks));
}

Json build(const Comparison& c, const ReportOptions& options) {
  Ctx x{c, "A: " + short_label(c.a.label), "B: " + short_label(c.b.label), {}};
  for (const MetricDifference& d : c.metrics) x.by_key.emplace(d.key, &d);
  Json doc;
  doc["format"] = "stargate-report/1";
  doc["stargate_version"] = version();
  if (!options.generated_at.empty()) doc["generated_at"] = options.generated_at;
  doc["title"] = short_label(c.a.label) + " vs " + short_label(c.b.label);
  doc["meta"] = "A: " + describe(c.a) + ". B: " + describe(c.b) + ".";
  doc["scenario"] = {{"id", c.a.scenario_id}, {"name", c.a.scenario_name}};
  doc["label"] = "comparison";
  doc["label_note"] = "A scenario side is its base case: every uncertain input at its base value.";
  doc["sides"] = {{"a",
                   {{"label", c.a.label},
                    {"series", x.a_name},
                    {"kind", c.a.is_scenario ? "scenario" : "results"}}},
                  {"b",
                   {{"label", c.b.label},
                    {"series", x.b_name},
                    {"kind", c.b.is_scenario ? "scenario" : "results"}}}};
  Json sections = Json::array();
  sections.push_back(differ_section(x));
  sections.push_back(charts_section(x));
  sections.push_back(metrics_section(x));
  doc["sections"] = std::move(sections);
  return doc;
}

}  // namespace

std::string compare_report_data_json(const Comparison& c, const ReportOptions& options) {
  return build(c, options).dump();
}

std::string html_compare_report(const Comparison& c, const ReportOptions& options) {
  return report_parts::page_html(
      build(c, options),
      short_label(c.a.label) + " vs " + short_label(c.b.label) + " — stargate comparison");
}

}  // namespace stargate
