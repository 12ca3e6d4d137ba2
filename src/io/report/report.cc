// src/io/report/report.cc
//
// report.html of one run: the data the page shows — one JSON document built
// here from the Scenario and its Results — and the page, which is
// src/io/report/page.html with the chart library and that document inlined
// (report_parts.cc). A Monte Carlo run's report (report_mc.cc) keeps this
// document's sections as its base case; a comparison (report_compare.cc)
// builds its own from the same blocks.
//
// The document (format "stargate-report/1"):
//   scenario, label, label_note, stargate_version, generated_at,
//   sections: [{id, title, reading, blocks: [...]}], where a block is
//     {kind: "findings", items: [{id, text, values}]}   the answer first
//     {kind: "stats", items: [{label, value}]}           key numbers
//     {kind: "chart", id, title, reading, spec}          a Vega-Lite spec, data inline
//     {kind: "table", id, title, columns: [{label, align, key}], rows, filter,
//      highlight}                                     highlight: rows to mark (optional)
//   and optionally title and meta (the page's heading and the line under it,
//   else made from the scenario) and, per section, label ("base case").
// Every chart colours its marks by the field `series` of its data rows, so a
// reader (or the browser test) can tell how many series a chart should draw.
// Charts use monthly values: flows summed over the month, levels as at its
// last step, rates (FLOP/s, facility MW) averaged over its days.
//
// A section is one function returning {id, title, reading, blocks}.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/format.h"
#include "io/phase_words.h"
#include "io/report/report_parts.h"
#include "scenario/quantity.h"
#include "scenario/sample.h"
#include "scenario/spec.h"
#include "stargate/error.h"
#include "stargate/report.h"
#include "stargate/version.h"

namespace stargate {
namespace {

using namespace report_parts;  // NOLINT(google-build-using-namespace): this file's vocabulary

// ---------------------------------------------------------------------------
// Words

std::string flow_label(FlowKind k) {
  std::string s = to_string(k);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// ---------------------------------------------------------------------------
// The timeline by calendar month

class Months {
 public:
  explicit Months(const Timeline& t) : t_(t) {
    const std::int32_t n = t.steps();
    for (std::int32_t k = 0; k < n; ++k) {
      const CivilDate c = t.boundaries[static_cast<size_t>(k)].civil();
      if (first_.empty() || c.year != first_.back().year() || c.month != first_.back().month()) {
        first_.push_back(Date::from_ymd(c.year, c.month, 1));
        begin_.push_back(k);
      }
    }
    begin_.push_back(n);
  }

  size_t size() const { return first_.size(); }
  Date first_day(size_t i) const { return first_[i]; }
  std::string label(size_t i) const { return first_[i].to_string(); }

  // The month holding `d`, clamped into the horizon.
  size_t index_of(Date d) const {
    const auto it = std::upper_bound(first_.begin(), first_.end(), d);
    return it == first_.begin() ? 0 : static_cast<size_t>(it - first_.begin()) - 1;
  }

  enum class Agg { kSum, kEnd, kMean };
  // A series by month: summed (flows), as at the month's last step (levels)
  // or averaged over its days (rates). A missing series is all zeros.
  std::vector<double> of(const Series* s, Agg agg) const {
    std::vector<double> out(size(), 0.0);
    if (s == nullptr) return out;
    for (size_t i = 0; i < size(); ++i) {
      const std::int32_t k0 = begin_[i], k1 = begin_[i + 1];
      if (agg == Agg::kEnd) {
        out[i] = s->at(k1 - 1);
        continue;
      }
      double sum = 0.0, days = 0.0;
      for (std::int32_t k = k0; k < k1; ++k) {
        const double d = static_cast<double>(t_.boundaries[static_cast<size_t>(k) + 1] -
                                             t_.boundaries[static_cast<size_t>(k)]);
        sum += agg == Agg::kSum ? s->at(k) : s->at(k) * d;
        days += d;
      }
      out[i] = agg == Agg::kSum ? sum : (days > 0.0 ? sum / days : 0.0);
    }
    return out;
  }
  std::vector<double> of(const std::string& name, Agg agg) const { return of(t_.find(name), agg); }

 private:
  const Timeline& t_;
  std::vector<Date> first_;
  std::vector<std::int32_t> begin_;  // first step of each month, then the step count
};

using Agg = Months::Agg;

// ---------------------------------------------------------------------------
// Charts

// Horizontal bars from `start` to `end` (dates), one row per `row_field`
// value in `rows` order, coloured by `series`; years on the axis.
Json gantt_chart(Json values, const std::string& row_field, const std::vector<std::string>& rows,
                 const std::string& color_title, const std::vector<std::string>& series,
                 Json tooltip, int row_height) {
  Json spec = base_spec(static_cast<int>(row_height * static_cast<int>(rows.size()) + 20));
  spec["data"] = {{"values", std::move(values)}};
  spec["mark"] = {{"type", "bar"}, {"height", {{"band", 0.75}}}};
  spec["encoding"] = {
      {"y", {{"field", row_field}, {"type", "nominal"}, {"sort", rows}, {"title", nullptr}}},
      {"x",
       {{"field", "start"},
        {"type", "temporal"},
        {"scale", {{"type", "utc"}}},
        {"title", nullptr},
        {"axis", {{"format", "%Y"}, {"tickCount", {{"interval", "year"}, {"step", 1}}}}}}},
      {"x2", {{"field", "end"}}},
      {"color",
       {{"field", "series"},
        {"type", "nominal"},
        {"title", color_title},
        {"scale", color_scale(series)}}},
      {"tooltip", std::move(tooltip)}};
  return spec;
}

// One named series with one value per month, in base units.
struct Named {
  std::string name;
  std::vector<double> values;
};

enum class Mark { kArea, kLine, kBar };

// A chart over months: stacked areas, lines or stacked bars, one colour per
// series. Series that are zero throughout are left out; null when none is
// left.
Json time_chart(const Months& months, const std::vector<Named>& all, Mark mark, Measure q,
                const std::string& measure, int height = 260) {
  std::vector<const Named*> shown;
  for (const Named& s : all) {
    if (std::any_of(s.values.begin(), s.values.end(), [](double v) { return v != 0.0; }))
      shown.push_back(&s);
  }
  if (shown.empty() || months.size() == 0) return nullptr;
  const bool stacked = mark != Mark::kLine;
  double max_abs = 0.0;
  for (size_t i = 0; i < months.size(); ++i) {
    double pos = 0.0, neg = 0.0;
    for (const Named* s : shown) {
      const double v = s->values[i];
      if (stacked) {
        (v > 0 ? pos : neg) += v;
      } else {
        max_abs = std::max(max_abs, std::fabs(v));
      }
    }
    max_abs = std::max({max_abs, pos, -neg});
  }
  const AxisUnit unit = axis_unit(q, max_abs);
  std::vector<std::string> names;
  for (const Named* s : shown) names.push_back(s->name);
  Json values = Json::array();
  for (size_t i = 0; i < months.size(); ++i) {
    for (size_t j = 0; j < shown.size(); ++j) {
      values.push_back({{"date", months.label(i)},
                        {"series", shown[j]->name},
                        {"i", j},
                        {"value", round_sig(shown[j]->values[i] / unit.divisor)}});
    }
  }
  // Steps hold their value until the next point: a closing point at the end
  // of the last month gives that month its width.
  if (mark != Mark::kBar) {
    const size_t last = months.size() - 1;
    for (size_t j = 0; j < shown.size(); ++j) {
      values.push_back({{"date", months.first_day(last).next_month_start().to_string()},
                        {"series", shown[j]->name},
                        {"i", j},
                        {"value", round_sig(shown[j]->values[last] / unit.divisor)}});
    }
  }
  const std::string y_title = measure + " (" + unit.name + ")";
  Json spec = base_spec(height);
  spec["data"] = {{"values", std::move(values)}};
  switch (mark) {
    case Mark::kArea:
      spec["mark"] = {{"type", "area"}, {"interpolate", "step-after"}, {"opacity", 0.85}};
      break;
    case Mark::kLine:
      spec["mark"] = {{"type", "line"}, {"interpolate", "step-after"}, {"strokeWidth", 2}};
      break;
    case Mark::kBar:
      spec["mark"] = {{"type", "bar"}};
      break;
  }
  Json y = {{"field", "value"}, {"type", "quantitative"}, {"title", y_title}};
  if (stacked) y["stack"] = "zero";
  spec["encoding"] = {{"x", month_x()},
                      {"y", y},
                      {"color",
                       {{"field", "series"},
                        {"type", "nominal"},
                        {"title", nullptr},
                        {"scale", color_scale(names)}}},
                      {"order", {{"field", "i"}, {"type", "quantitative"}}},
                      {"tooltip", Json::array({{{"field", "date"},
                                                {"type", "temporal"},
                                                {"timeUnit", "utcyearmonth"},
                                                {"title", "month"}},
                                               {{"field", "series"}, {"title", "series"}},
                                               {{"field", "value"},
                                                {"type", "quantitative"},
                                                {"title", y_title},
                                                {"format", ",.4~r"}}})}};
  // A total drawn beside its parts is dashed, so the parts show through.
  if (mark == Mark::kLine && std::find(names.begin(), names.end(), "all payers") != names.end()) {
    spec["encoding"]["strokeDash"] = {
        {"condition", {{"test", "datum.series === 'all payers'"}, {"value", {6, 4}}}},
        {"value", {1, 0}}};
  }
  return spec;
}

// The month of the largest value of a series, and that value.
std::pair<size_t, double> peak_of(const std::vector<double>& v) {
  size_t at = 0;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] > v[at]) at = i;
  }
  return {at, v.empty() ? 0.0 : v[at]};
}

// ---------------------------------------------------------------------------
// What every section reads

struct Context {
  const Scenario& scenario;
  const ScenarioSpec& spec;
  const Results& r;
  Months months;
  const McResults* mc;  // a Monte Carlo run's report: its trials drew the uncertain inputs

  std::string entity_name(const std::string& id) const {
    for (const EntityMoney& e : r.entities) {
      if (e.id != id || e.name.empty() || e.name == id) continue;
      // "Stargate LLC (operating unit, OpenAI-led)" → "Stargate LLC (stargate)".
      const std::string name = e.name.substr(0, e.name.find(" ("));
      return name + " (" + id + ")";
    }
    return id;
  }
};

// The funding gap opens on the first step it is above zero.
std::optional<Date> gap_opens(const Results& r) {
  const Series* s = r.timeline.find("funding_gap_usd");
  if (s == nullptr) return std::nullopt;
  for (size_t i = 0; i < s->steps.size(); ++i) {
    if (s->values[i] > 0.0) return r.timeline.boundaries[static_cast<size_t>(s->steps[i])];
  }
  return std::nullopt;
}

std::vector<const VehicleMoney*> defaults_by_date(const Results& r) {
  std::vector<const VehicleMoney*> out;
  for (const VehicleMoney& v : r.vehicles) {
    if (v.default_date) out.push_back(&v);
  }
  std::stable_sort(out.begin(), out.end(), [](const VehicleMoney* a, const VehicleMoney* b) {
    return *a->default_date < *b->default_date;
  });
  return out;
}

// The run that trains the most FLOP (done or running); nullptr when none.
const RunResult* largest_run(const Results& r) {
  const RunResult* best = nullptr;
  for (const RunResult& x : r.runs) {
    if (x.status == "skipped") continue;
    if (best == nullptr || x.flop > best->flop) best = &x;
  }
  return best;
}

// What held a site back: the critical path of the phase that completed it,
// or of the phases still not online at the end.
std::string site_reason(const Results& r, const SiteResult& s) {
  std::set<std::string> reasons;
  for (const PhaseResult& p : r.phases) {
    if (p.site != s.id) continue;
    if (s.full_power ? (p.online && *p.online == *s.full_power) : !p.online)
      reasons.insert(to_string(p.critical_path));
  }
  return join(std::vector<std::string>(reasons.begin(), reasons.end()), ", ", " and ");
}

// ---------------------------------------------------------------------------
// The answer first

Json funding_finding(const Context& c) {
  const Results& r = c.r;
  const double gap = r.peak_funding_gap.value();
  const std::optional<Date> opens = gap_opens(r);
  const auto defaults = defaults_by_date(r);
  const bool has_capital = !r.vehicles.empty() || !r.equity.empty() || !r.debt.empty();
  const bool funded = gap <= 0.0 && defaults.empty();
  std::string text;
  if (!has_capital) {
    text =
        "No vehicles, equity or debt in the scenario: every payer pays from its own balance "
        "sheet";
    text += gap > 0.0 ? fmt::format("; capex due and unpaid peaks at {} on {}.", format_usd(gap),
                                    date_or(r.peak_funding_gap_date, "?"))
                      : ".";
  } else if (funded) {
    text = fmt::format(
        "Funded: every payer pays its capex when due, with no funding gap through {}; the "
        "program's vehicles called {} of {} committed.",
        r.end.to_string(), format_usd(r.program.called.value()),
        format_usd(r.program.committed.value()));
  } else {
    std::vector<std::string> parts;
    if (gap > 0.0) {
      parts.push_back(fmt::format("the funding gap opens on {} and peaks at {} on {}",
                                  date_or(opens, "?"), format_usd(gap),
                                  date_or(r.peak_funding_gap_date, "?")));
    }
    for (const VehicleMoney* v : defaults) {
      parts.push_back(fmt::format("{} runs out of money on {}", c.entity_name(v->id),
                                  v->default_date->to_string()));
    }
    for (const EquityResult& e : r.equity) {
      if (!e.honoured)
        parts.push_back(fmt::format("{} of equity from {} is not honoured",
                                    format_usd(e.amount.value()), e.investor));
    }
    text = "Not funded: " + join(parts, "; ", "; ") + ".";
    if (r.program.budget) {
      text += fmt::format(" The program committed {} of its {} budget.",
                          format_usd(r.program.committed.value()),
                          format_usd(r.program.budget->value()));
    }
  }
  Json defaults_json = Json::array();
  for (const VehicleMoney* v : defaults)
    defaults_json.push_back({{"vehicle", v->id}, {"date", v->default_date->to_string()}});
  return {{"id", "funding"},
          {"text", text},
          {"values",
           {{"funded", funded},
            {"peak_funding_gap_usd", gap},
            {"peak_funding_gap_date", date_json(r.peak_funding_gap_date)},
            {"funding_gap_opens", date_json(opens)},
            {"defaults", defaults_json},
            {"committed_usd", r.program.committed.value()},
            {"called_usd", r.program.called.value()}}}};
}

Json full_power_finding(const Context& c) {
  const Results& r = c.r;
  std::vector<std::string> done, late;
  Json sites = Json::array();
  for (const SiteResult& s : r.sites) {
    const std::string reason = site_reason(r, s);
    if (s.full_power) {
      done.push_back(fmt::format("{} on {} ({})", s.id, s.full_power->to_string(), reason));
    } else {
      late.push_back(fmt::format("{} ({})", s.id, reason));
    }
    sites.push_back(
        {{"site", s.id}, {"full_power_date", date_json(s.full_power)}, {"set_by", reason}});
  }
  std::string text;
  if (!done.empty()) text = "Full power: " + join(done, "; ", "; ");
  if (!late.empty()) {
    text += (text.empty() ? "Not at full power by " : "; not by ") + r.end.to_string() + ": " +
            join(late, ", ", ", ");
  }
  text += ". In brackets: what set the date.";
  return {{"id", "full-power"}, {"text", text}, {"values", {{"sites", sites}}}};
}

// The tenant's last year in the horizon.
const TenantYear* last_year(const TenantResult& t) {
  for (auto it = t.years.rbegin(); it != t.years.rend(); ++it) {
    if (it->days > 0.0) return &*it;
  }
  return nullptr;
}

std::string tenant_sentence(const TenantResult& t, const TenantYear& y) {
  std::vector<std::pair<std::string, double>> providers = y.by_provider;
  std::stable_sort(providers.begin(), providers.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> from;
  for (const auto& [p, flop] : providers) from.push_back(p + " " + format_flops(y.mean(flop)));
  std::string text =
      fmt::format("In {}, {} receives {} on average", y.year, t.id, format_flops(y.mean(y.served)));
  if (y.demand > 0.0) {
    text += fmt::format(", {} of its {} demand", pct(y.served / y.demand),
                        format_flops(y.mean(y.demand)));
  }
  if (!from.empty()) text += " (" + join(from, ", ", ", ") + ")";
  const double unmet = y.unmet + y.training_unmet;
  if (unmet > 0.0) text += fmt::format("; {} goes unmet", format_flops(y.mean(unmet)));
  if (y.idle_exclusive > 0.0)
    text += fmt::format("; {} of capacity exclusive to it sits idle",
                        format_flops(y.mean(y.idle_exclusive)));
  return text + ".";
}

Json compute_finding(const TenantResult& t) {
  const TenantYear* y = last_year(t);
  if (y == nullptr) {
    return {{"id", "compute-" + t.id},
            {"text", t.id + " receives no compute within the horizon."},
            {"values", {{"tenant", t.id}}}};
  }
  return {{"id", "compute-" + t.id},
          {"text", tenant_sentence(t, *y)},
          {"values",
           {{"tenant", t.id},
            {"year", y->year},
            {"served_flop", y->served},
            {"demand_flop", y->demand},
            {"mean_served_flop_per_s", y->mean(y->served)},
            {"unmet_flop", y->unmet + y->training_unmet}}}};
}

std::string run_name(const RunResult& x) { return x.tenant + "/" + x.id; }

Json run_finding(const RunResult& x) {
  const std::string text = fmt::format(
      "The largest training run, {}, trains {} FLOP on {} {} at {} from {} to {}{}: a "
      "{}-parameter model on {} tokens, predicted loss {:.3f}.",
      run_name(x), format_flop(x.flop), format_count(x.accelerators), x.accelerator, x.sites,
      x.start.to_string(), x.end.to_string(), x.status == "running" ? " (still running)" : "",
      format_big(x.params), format_big(x.tokens), x.loss);
  return {{"id", "largest-run"},
          {"text", text},
          {"values",
           {{"run", x.id},
            {"tenant", x.tenant},
            {"flop", x.flop},
            {"params", x.params},
            {"tokens", x.tokens},
            {"loss", x.loss},
            {"start", x.start.to_string()},
            {"end", x.end.to_string()}}}};
}

Json capacity_finding(const Results& r) {
  std::string text = fmt::format(
      "By {}: {} accelerators installed and {} waiting for power; compute peaks at {} (dense "
      "BF16){}.",
      r.end.to_string(), format_count(r.installed.value()), format_count(r.waiting.value()),
      format_flops(r.peak_bf16.value()), r.peak_date ? " on " + r.peak_date->to_string() : "");
  return {{"id", "capacity"},
          {"text", text},
          {"values",
           {{"installed", r.installed.value()},
            {"waiting", r.waiting.value()},
            {"peak_bf16_flop_per_s", r.peak_bf16.value()},
            {"peak_date", date_json(r.peak_date)}}}};
}

Json answer_section(const Context& c) {
  const Results& r = c.r;
  Json items = Json::array();
  items.push_back(funding_finding(c));
  items.push_back(full_power_finding(c));
  for (const TenantResult& t : r.tenants) items.push_back(compute_finding(t));
  if (const RunResult* x = largest_run(r)) items.push_back(run_finding(*x));
  items.push_back(capacity_finding(r));

  double planned = 0.0, online = 0.0;
  for (const SiteResult& s : r.sites) {
    planned += s.planned_it_mw.value();
    online += s.online_it_mw.value();
  }
  Json blocks = Json::array();
  blocks.push_back({{"kind", "findings"}, {"items", items}});
  blocks.push_back(stats_block({
      {"IT power online at the end, of " + format_mw(planned) + " planned", format_mw(online)},
      {"peak funding gap" + (r.peak_funding_gap_date
                                 ? " (" + r.peak_funding_gap_date->to_string() + ")"
                                 : std::string()),
       format_usd(r.peak_funding_gap.value())},
      {"accelerators installed at the end", format_count(r.installed.value())},
      {"peak compute (dense BF16)", format_flops(r.peak_bf16.value())},
      {"energy drawn", format_mwh(r.energy.total.value())},
      {"emissions", format_tonnes(r.energy.emissions.value()) + " CO2"},
  }));
  size_t full = 0;
  for (const SiteResult& s : r.sites) full += s.full_power ? 1 : 0;
  const Json& funding = items[0]["values"];
  std::string reading = funding["funded"].get<bool>() ? "Funded" : "Not funded";
  if (r.peak_funding_gap.value() > 0.0) {
    reading +=
        fmt::format(" (the funding gap peaks at {} on {})", format_usd(r.peak_funding_gap.value()),
                    date_or(r.peak_funding_gap_date, "?"));
  }
  reading += fmt::format(", {} of {} sites at full power by {}, {} online of {} planned", full,
                         r.sites.size(), r.end.to_string(), format_mw(online), format_mw(planned));
  if (const RunResult* x = largest_run(r)) {
    reading += fmt::format(", and a largest run of {} FLOP", format_flop(x->flop));
  }
  reading += " — in the base case, each uncertain input at its base value.";
  return section("answer", "The answer first", reading, std::move(blocks));
}

// ---------------------------------------------------------------------------
// Capital

// Money in and out of a set of entities by kind and month; flows between
// members of the set cancel.
struct SourcesUses {
  std::vector<FlowKind> kinds;              // in first-seen order
  std::map<std::string, Named> by_series;   // "equity" (in), "construction" (out)
  std::vector<std::string> order;           // series names, sources first
  std::map<std::string, double> total_in;   // by label
  std::map<std::string, double> total_out;  // by label
};

SourcesUses sources_uses(const Context& c, const std::vector<bool>& member) {
  const Results& r = c.r;
  SourcesUses su;
  if (c.months.size() == 0) return su;  // no timeline: no chart
  std::vector<std::string> sources, uses;
  auto is_member = [&](std::int32_t p) { return p >= 0 && member[static_cast<size_t>(p)]; };
  for (const LedgerFlow& f : r.flows) {
    const bool in = is_member(f.to), out = is_member(f.from);
    if (in == out) continue;
    const std::string label = flow_label(f.kind);
    const std::string name = label + (in ? "" : " ");  // a kind both ways: two series
    auto [it, added] =
        su.by_series.try_emplace(name, Named{label, std::vector<double>(c.months.size(), 0.0)});
    if (added) (in ? sources : uses).push_back(name);
    it->second.values[c.months.index_of(f.date)] += in ? f.amount : -f.amount;
    (in ? su.total_in : su.total_out)[label] += f.amount;
  }
  su.order = sources;
  su.order.insert(su.order.end(), uses.begin(), uses.end());
  return su;
}

std::string largest(const std::map<std::string, double>& totals, size_t n) {
  std::vector<std::pair<std::string, double>> v(totals.begin(), totals.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> parts;
  for (size_t i = 0; i < v.size() && i < n; ++i)
    parts.push_back(fmt::format("{} ({})", v[i].first, format_usd(v[i].second)));
  return join(parts, ", ", " and ");
}

Json capital_section(const Context& c) {
  const Results& r = c.r;
  const ProgramMoney& p = r.program;
  Json blocks = Json::array();

  // Whose money: the vehicles, consolidated; without vehicles, every entity.
  std::vector<bool> member(r.parties.size(), false);
  for (size_t i = 0; i < r.parties.size(); ++i) {
    if (r.vehicles.empty()) {
      member[i] = true;
    } else {
      for (const VehicleMoney& v : r.vehicles) member[i] = member[i] || v.id == r.parties[i];
    }
  }

  std::vector<std::pair<std::string, std::string>> stats;
  if (p.budget) stats.push_back({"program budget", format_usd(p.budget->value())});
  stats.push_back({"committed (equity and debt facilities)", format_usd(p.committed.value())});
  stats.push_back({"honoured", format_usd(p.honoured.value())});
  stats.push_back({"called (equity called, debt drawn)", format_usd(p.called.value())});
  stats.push_back({"capex paid by the program's vehicles", format_usd(p.spent.value())});
  stats.push_back({"peak funding gap, all payers", format_usd(r.peak_funding_gap.value())});
  if (!r.vehicles.empty() || !r.equity.empty() || !r.debt.empty())
    blocks.push_back(stats_block(stats));

  const SourcesUses su = sources_uses(c, member);
  std::vector<Named> su_series;
  for (const std::string& name : su.order) su_series.push_back(su.by_series.at(name));
  // Two series of one kind (in and out) share a label: keep the names apart.
  std::set<std::string> seen;
  for (Named& n : su_series) {
    if (!seen.insert(n.name).second) n.name += " (out)";
  }
  const std::string whose = r.vehicles.empty()
                                ? "every entity, consolidated (money between them cancels)"
                                : "the vehicles, consolidated (money between them cancels)";
  if (Json spec = time_chart(c.months, su_series, Mark::kBar, Measure::kUsd, "per month");
      !spec.is_null()) {
    blocks.push_back(chart_block(
        "sources-uses", "Sources (up) and uses (down) of " + whose,
        (su.total_in.empty() ? std::string("No money comes in from outside")
                             : "Largest sources: " + largest(su.total_in, 3)) +
            (su.total_out.empty() ? std::string("; no money goes out.")
                                  : "; largest uses: " + largest(su.total_out, 3) + "."),
        std::move(spec)));
  }

  std::vector<Named> gaps = {{"all payers", c.months.of("funding_gap_usd", Agg::kEnd)}};
  for (const VehicleMoney& v : r.vehicles)
    gaps.push_back({v.id, c.months.of(v.id + "_funding_gap_usd", Agg::kEnd)});
  if (Json spec = time_chart(c.months, gaps, Mark::kLine, Measure::kUsd, "funding gap");
      !spec.is_null()) {
    blocks.push_back(chart_block(
        "funding-gap", "Funding gap: capex due by the plan and not paid (month end)",
        fmt::format("It opens on {} and peaks at {} on {}; it is a stock, the shortfall to date.",
                    date_or(gap_opens(r), "?"), format_usd(r.peak_funding_gap.value()),
                    date_or(r.peak_funding_gap_date, "?")),
        std::move(spec)));
  }

  std::vector<Named> debt;
  std::string debt_peak_vehicle;
  double debt_peak = 0.0;
  size_t debt_peak_month = 0;
  for (const VehicleMoney& v : r.vehicles) {
    debt.push_back({v.id, c.months.of(v.id + "_debt_balance_usd", Agg::kEnd)});
    const auto [at, value] = peak_of(debt.back().values);
    if (value > debt_peak) {
      debt_peak = value;
      debt_peak_month = at;
      debt_peak_vehicle = v.id;
    }
  }
  if (Json spec = time_chart(c.months, debt, Mark::kLine, Measure::kUsd, "debt outstanding");
      !spec.is_null()) {
    std::string dscr;
    for (const VehicleMoney& v : r.vehicles) {
      if (v.min_dscr)
        dscr += fmt::format("{}{} {:.2f} ({})", dscr.empty() ? "" : ", ", v.id, *v.min_dscr,
                            date_or(v.min_dscr_date, "?"));
    }
    blocks.push_back(
        chart_block("debt", "Debt outstanding per vehicle (month end)",
                    fmt::format("Debt peaks at {} ({}, {}){}.", format_usd(debt_peak),
                                debt_peak_vehicle, month_label(c.months.first_day(debt_peak_month)),
                                dscr.empty() ? "" : "; lowest DSCR: " + dscr),
                    std::move(spec)));
  }

  // Each entity's cumulative net cash flow, from the ledger.
  std::vector<Named> net(r.parties.size());
  for (size_t i = 0; i < r.parties.size(); ++i)
    net[i] = {r.parties[i], std::vector<double>(c.months.size(), 0.0)};
  if (c.months.size() > 0) {
    for (const LedgerFlow& f : r.flows) {
      const size_t m = c.months.index_of(f.date);
      if (f.from >= 0) net[static_cast<size_t>(f.from)].values[m] -= f.amount;
      if (f.to >= 0) net[static_cast<size_t>(f.to)].values[m] += f.amount;
    }
  }
  std::string payer, receiver;
  double most_paid = 0.0, most_received = 0.0;
  for (Named& n : net) {
    for (size_t m = 1; m < n.values.size(); ++m) n.values[m] += n.values[m - 1];
    const double end = n.values.empty() ? 0.0 : n.values.back();
    if (end < most_paid) most_paid = end, payer = n.name;
    if (end > most_received) most_received = end, receiver = n.name;
  }
  if (Json spec =
          time_chart(c.months, net, Mark::kLine, Measure::kUsd, "cumulative net cash flow", 320);
      !spec.is_null()) {
    std::string reading = "Money in less money out since the start, from flows.csv";
    if (!payer.empty())
      reading +=
          fmt::format("; by the end {} has paid out the most ({})", payer, format_usd(most_paid));
    if (!receiver.empty())
      reading +=
          fmt::format(" and {} has taken in the most ({})", receiver, format_usd(most_received));
    blocks.push_back(chart_block("entity-cash", "Cash flows per entity (cumulative)", reading + ".",
                                 std::move(spec)));
  }

  if (!r.vehicles.empty()) {
    Json rows = Json::array();
    for (const VehicleMoney& v : r.vehicles) {
      rows.push_back(
          {v.id,
           format_usd(v.equity_called.value()) + " / " + format_usd(v.equity_committed.value()),
           format_usd(v.debt_drawn.value()) + " / " + format_usd(v.debt_committed.value()),
           v.debt_share ? pct(*v.debt_share) : "-", format_usd(v.capex_paid.value()),
           v.peak_funding_gap_date ? format_usd(v.peak_funding_gap.value()) + "\n" +
                                         v.peak_funding_gap_date->to_string()
                                   : "-",
           v.min_dscr ? fmt::format("{:.2f}\n{}", *v.min_dscr, date_or(v.min_dscr_date, "?")) : "-",
           date_or(v.first_breach, "-"), date_or(v.default_date, "-"),
           format_usd(v.arrears.value())});
    }
    blocks.push_back(table_block("vehicles", "Vehicles",
                                 {{"vehicle", false, true},
                                  {"equity called / committed", true},
                                  {"debt drawn / size", true},
                                  {"debt share", true},
                                  {"capex paid", true},
                                  {"peak funding gap, on", true},
                                  {"min DSCR (on)", true},
                                  {"first covenant breach", true},
                                  {"default", true},
                                  {"arrears at end", true}},
                                 std::move(rows)));
  }

  Json returns = Json::array();
  for (const EntityMoney& e : r.entities) {
    if (e.paid_in.value() <= 0.0 && e.received.value() <= 0.0 && e.sunk.value() <= 0.0) continue;
    returns.push_back({e.id, e.name, e.sunk.value() > 0.0 ? format_usd(e.sunk.value()) : "-",
                       format_usd(e.paid_in.value()), format_usd(e.received.value()),
                       format_usd(e.terminal_value.value()),
                       e.irr ? fmt::format("{:.1f}%", *e.irr * 100.0) : "-",
                       format_usd(e.npv.value()), date_or(e.payback, "-")});
  }
  if (!returns.empty()) {
    blocks.push_back(table_block(
        "returns",
        fmt::format("Returns per entity: dated flows plus the terminal value at the end; NPV at "
                    "{:.1f}%",
                    p.discount_rate * 100.0),
        {{"entity", false, true},
         {"name"},
         {"sunk before start", true},
         {"paid in", true},
         {"received", true},
         {"terminal value", true},
         {"IRR", true},
         {"NPV", true},
         {"payback", true}},
        std::move(returns)));
  }

  if (!r.equity.empty() || !r.debt.empty()) {
    Json rows = Json::array();
    for (const EquityResult& e : r.equity) {
      rows.push_back({"equity." + e.id, e.investor + " → " + e.vehicle,
                      format_usd(e.amount.value()), e.honoured ? "yes" : "no",
                      format_usd(e.called.value()), "-", "-"});
    }
    for (const DebtResult& d : r.debt) {
      rows.push_back({"debt." + d.id, d.lender + " → " + d.borrower, format_usd(d.size.value()),
                      "-", format_usd(d.drawn.value()),
                      format_usd(d.interest.value() + d.fees.value()),
                      format_usd(d.balance_end.value())});
    }
    blocks.push_back(table_block("commitments", "Equity commitments and debt facilities",
                                 {{"commitment", false, true},
                                  {"from → to"},
                                  {"amount / size", true},
                                  {"honoured", true},
                                  {"called / drawn", true},
                                  {"interest and fees", true},
                                  {"balance at end", true}},
                                 std::move(rows)));
  }

  std::string reading;
  const auto defaults = defaults_by_date(r);
  if (!defaults.empty()) {
    const VehicleMoney& v = *defaults.front();
    reading =
        fmt::format("{} runs out of money on {}", c.entity_name(v.id), v.default_date->to_string());
    if (v.peak_funding_gap.value() > 0.0)
      reading +=
          fmt::format("; its funding gap peaks at {} on {}", format_usd(v.peak_funding_gap.value()),
                      date_or(v.peak_funding_gap_date, "?"));
  } else if (r.peak_funding_gap.value() > 0.0) {
    reading =
        fmt::format("The funding gap peaks at {} on {}", format_usd(r.peak_funding_gap.value()),
                    date_or(r.peak_funding_gap_date, "?"));
  } else if (r.vehicles.empty()) {
    reading = "No vehicles: every payer pays from its own balance sheet, and no capex goes unpaid";
  } else {
    reading = "Every payer pays its capex when due: no funding gap";
  }
  if (!r.vehicles.empty()) {
    double equity = 0.0, debt_drawn = 0.0;
    for (const VehicleMoney& v : r.vehicles) {
      equity += v.equity_called.value();
      debt_drawn += v.debt_drawn.value();
    }
    reading += fmt::format(", after the vehicles called {} of equity and drew {} of debt",
                           format_usd(equity), format_usd(debt_drawn));
  }
  return section("capital", "Capital", reading + ".", std::move(blocks));
}

// ---------------------------------------------------------------------------
// Build-out

Json buildout_section(const Context& c) {
  const Results& r = c.r;
  Json blocks = Json::array();
  double planned = 0.0, online = 0.0;
  for (const SiteResult& s : r.sites) {
    planned += s.planned_it_mw.value();
    online += s.online_it_mw.value();
  }

  std::vector<Named> by_site;
  for (const SiteResult& s : r.sites)
    by_site.push_back({s.id, c.months.of(s.id + "_online_it_mw", Agg::kEnd)});
  if (Json spec = time_chart(c.months, by_site, Mark::kArea, Measure::kMw, "online IT power");
      !spec.is_null()) {
    blocks.push_back(chart_block(
        "online-mw", "IT power online per site (month end)",
        fmt::format("Online IT power reaches {} by {}, of {} planned across {} sites.",
                    format_mw(online), r.end.to_string(), format_mw(planned), r.sites.size()),
        std::move(spec)));
  }

  // Planned vs online per site at the end.
  {
    const std::int32_t last = r.timeline.steps() - 1;
    auto at_end = [&](const std::string& name) {
      const Series* s = r.timeline.find(name);
      return s != nullptr && last >= 0 ? s->at(last) : 0.0;
    };
    const std::vector<std::string> states = {"online", "awaiting power", "under construction",
                                             "not started"};
    std::map<std::string, double> totals;
    Json values = Json::array();
    std::vector<std::string> sites;
    for (const SiteResult& s : r.sites) {
      const double on = s.online_it_mw.value();
      const double awaiting = at_end(s.id + "_awaiting_power_it_mw");
      const double building = at_end(s.id + "_construction_it_mw");
      const double rest = std::max(0.0, s.planned_it_mw.value() - on - awaiting - building);
      const double v[] = {on, awaiting, building, rest};
      for (size_t i = 0; i < states.size(); ++i) totals[states[i]] += v[i];
      sites.push_back(s.id);
      for (size_t i = 0; i < states.size(); ++i) {
        values.push_back(
            {{"site", s.id}, {"series", states[i]}, {"i", i}, {"value", round_sig(v[i])}});
      }
    }
    std::vector<std::string> present;
    for (const std::string& st : states) {
      if (totals[st] > 0.0) present.push_back(st);
    }
    Json kept = Json::array();
    for (const Json& row : values) {
      if (totals[row["series"].get<std::string>()] > 0.0) kept.push_back(row);
    }
    if (!present.empty()) {
      double widest = 0.0;
      for (const SiteResult& s : r.sites) widest = std::max(widest, s.planned_it_mw.value());
      const AxisUnit unit = axis_unit(Measure::kMw, widest);
      for (Json& row : kept) row["value"] = round_sig(row["value"].get<double>() / unit.divisor);
      Json spec = base_spec(static_cast<int>(24 * sites.size() + 20));
      spec["data"] = {{"values", kept}};
      spec["mark"] = {{"type", "bar"}};
      spec["encoding"] = {
          {"y", {{"field", "site"}, {"type", "nominal"}, {"sort", sites}, {"title", nullptr}}},
          {"x",
           {{"field", "value"},
            {"type", "quantitative"},
            {"stack", "zero"},
            {"title", "IT power (" + unit.name + ")"},
            {"axis", {{"tickCount", 8}}}}},
          {"color",
           {{"field", "series"},
            {"type", "nominal"},
            {"title", nullptr},
            {"scale", color_scale(present)}}},
          {"order", {{"field", "i"}, {"type", "quantitative"}}},
          {"tooltip",
           Json::array({{{"field", "site"}},
                        {{"field", "series"}, {"title", "state"}},
                        {{"field", "value"}, {"title", unit.name}, {"format", ",.4~r"}}})}};
      blocks.push_back(chart_block(
          "site-state", "Planned IT power per site, by state at the end",
          [&] {
            std::vector<std::string> parts;
            for (const std::string& st : present) parts.push_back(format_mw(totals[st]) + " " + st);
            return fmt::format("Of {} planned, at {}: {}.", format_mw(planned), r.end.to_string(),
                               join(parts, ", ", " and "));
          }(),
          std::move(spec)));
    }
  }

  // Each phase from construction start to online, coloured by what set its date.
  {
    Json values = Json::array();
    std::vector<std::string> phases;
    std::map<std::string, int> count;
    for (const PhaseResult& p : r.phases) {
      const std::string path = to_string(p.critical_path);
      ++count[path];
      if (!p.start) continue;
      const std::string name = p.site + "/" + p.id;
      phases.push_back(name);
      const Date built_or_end = p.built ? *p.built : r.end + 1;
      const std::string tip = critical_path_words(p);
      values.push_back({{"phase", name},
                        {"series", path},
                        {"stage", "construction"},
                        {"start", p.start->to_string()},
                        {"end", built_or_end.to_string()},
                        {"what", tip}});
      if (p.built) {
        const Date online_or_end = p.online ? *p.online : r.end + 1;
        if (online_or_end > *p.built) {
          values.push_back({{"phase", name},
                            {"series", path},
                            {"stage", "waiting for power"},
                            {"start", p.built->to_string()},
                            {"end", online_or_end.to_string()},
                            {"what", tip}});
        }
      }
    }
    if (!phases.empty()) {
      std::vector<std::string> present;
      for (const char* k : {"construction", "power", "money", "not started"}) {
        bool any = false;
        for (const Json& row : values) any = any || row["series"] == k;
        if (any) present.push_back(k);
      }
      Json spec = gantt_chart(std::move(values), "phase", phases, "set by", present,
                              Json::array({{{"field", "phase"}},
                                           {{"field", "stage"}},
                                           {{"field", "start"}},
                                           {{"field", "end"}},
                                           {{"field", "what"}, {"title", "what set the date"}}}),
                              16);
      // The wait for power, faded.
      spec["encoding"]["opacity"] = {
          {"condition", {{"test", "datum.stage === 'waiting for power'"}, {"value", 0.4}}},
          {"value", 1.0}};
      std::vector<std::string> parts;
      for (const char* k : {"money", "power", "construction"}) {
        if (count[k] > 0)
          parts.push_back(fmt::format("{} phase{} by {}", count[k], count[k] == 1 ? "" : "s", k));
      }
      std::string reading = "Online dates set by what came last: " + join(parts, ", ", " and ");
      if (count["not started"] > 0)
        reading += fmt::format("; {} not started by the end", count["not started"]);
      blocks.push_back(chart_block(
          "phases", "Phases: construction (solid) and waiting for power (faded), to online",
          reading + ".", std::move(spec)));
    }
  }

  std::vector<Named> accel = {
      {"installed", c.months.of("installed_accelerators", Agg::kEnd)},
      {"waiting for power", c.months.of("waiting_accelerators", Agg::kEnd)}};
  const auto [wait_at, wait_peak] = peak_of(accel[1].values);
  if (Json spec = time_chart(c.months, accel, Mark::kArea, Measure::kCount, "accelerators");
      !spec.is_null()) {
    std::string reading =
        fmt::format("{} accelerators installed by the end", format_count(r.installed.value()));
    reading += wait_peak > 0.0
                   ? fmt::format("; those waiting for power peak at {} in {}",
                                 format_count(wait_peak), month_label(c.months.first_day(wait_at)))
                   : "; none ever waits for power";
    blocks.push_back(chart_block("accelerators", "Accelerators installed and waiting (month end)",
                                 reading + ".", std::move(spec)));
  }

  Json rows = Json::array();
  for (const PhaseResult& p : r.phases) {
    rows.push_back({p.site + "/" + p.id, format_mw(p.it_mw.value()), date_or(p.start, "-"),
                    date_or(p.built, "-"), date_or(p.online, "-"), critical_path_words(p),
                    format_usd(p.capex.value()),
                    format_usd(p.spent.value() + p.spent_before_start.value())});
  }
  blocks.push_back(table_block("phase-table", "Phases",
                               {{"phase", false, true},
                                {"IT", true},
                                {"start", true},
                                {"built", true},
                                {"online", true},
                                {"what set the date"},
                                {"capex", true},
                                {"spent (incl. before start)", true}},
                               std::move(rows)));
  Json orders = Json::array();
  for (const OrderResult& o : r.orders) {
    orders.push_back({o.id, o.buyer, o.accelerator, o.site, format_count(o.count.value()),
                      format_count(o.delivered.value()), format_usd(o.unit_price.value()),
                      date_or(o.first_delivery, "-"), date_or(o.last_delivery, "-")});
  }
  if (!orders.empty()) {
    blocks.push_back(table_block("orders", "Accelerator orders",
                                 {{"order", false, true},
                                  {"buyer"},
                                  {"accelerator"},
                                  {"site"},
                                  {"ordered", true},
                                  {"delivered", true},
                                  {"unit price", true},
                                  {"first delivery", true},
                                  {"last delivery", true}},
                                 std::move(orders)));
  }

  size_t full = 0;
  const SiteResult* last_site = nullptr;
  for (const SiteResult& s : r.sites) {
    if (!s.full_power) continue;
    ++full;
    if (last_site == nullptr || *s.full_power > *last_site->full_power) last_site = &s;
  }
  std::string reading = fmt::format(
      "{} of {} planned IT power is online by {}; {} of {} sites "
      "reach full power",
      format_mw(online), format_mw(planned), r.end.to_string(), full, r.sites.size());
  if (last_site != nullptr && full > 1)
    reading +=
        fmt::format(", the last ({}) on {}", last_site->id, last_site->full_power->to_string());
  return section("buildout", "Build-out", reading + ".", std::move(blocks));
}

// ---------------------------------------------------------------------------
// Compute

Json compute_section(const Context& c) {
  const Results& r = c.r;
  Json blocks = Json::array();
  if (r.tenants.empty()) {
    return section("compute", "Compute",
                   "The scenario has no tenants: no compute is routed to anyone, so there is no "
                   "demand to meet.",
                   std::move(blocks));
  }
  std::vector<std::string> readings;
  for (const TenantResult& t : r.tenants) {
    std::vector<Named> routes;
    for (const char* route : kRouteNames) {
      routes.push_back({route, c.months.of(t.id + "_served_" + route + "_flop_per_s", Agg::kMean)});
    }
    routes.push_back({"unmet", c.months.of(t.id + "_unmet_flop_per_s", Agg::kMean)});
    const TenantYear* last = last_year(t);
    if (last != nullptr) readings.push_back(tenant_sentence(t, *last));
    if (Json spec =
            time_chart(c.months, routes, Mark::kArea, Measure::kFlops, "compute, dense BF16");
        !spec.is_null()) {
      double by_route[4] = {0, 0, 0, 0}, served = 0.0;
      for (const TenantYear& y : t.years) {
        served += y.served;
        for (int i = 0; i < 4; ++i) by_route[i] += y.by_route[i];
      }
      std::vector<std::string> parts;
      for (int i = 0; i < 4; ++i) {
        if (by_route[i] > 0.0 && served > 0.0)
          parts.push_back(fmt::format("{} {}", kRouteNames[i], pct(by_route[i] / served)));
      }
      blocks.push_back(
          chart_block("routes-" + t.id,
                      "Compute served to " + t.id + " by route, and demand unmet (monthly mean)",
                      "Over the horizon, by route: " +
                          (parts.empty() ? "nothing served" : join(parts, ", ", " and ")) +
                          "; served and unmet stack up to the demand.",
                      std::move(spec)));
    }

    // By provider, per calendar year.
    std::vector<std::string> providers;
    for (const TenantYear& y : t.years) {
      for (const auto& [p, flop] : y.by_provider) {
        if (std::find(providers.begin(), providers.end(), p) == providers.end())
          providers.push_back(p);
      }
    }
    bool any_unmet = false;
    for (const TenantYear& y : t.years) any_unmet = any_unmet || y.unmet + y.training_unmet > 0.0;
    if (any_unmet) providers.push_back("unmet");
    double max_total = 0.0;
    for (const TenantYear& y : t.years) max_total = std::max(max_total, y.mean(y.demand));
    const AxisUnit unit = axis_unit(Measure::kFlops, max_total);
    Json values = Json::array();
    for (const TenantYear& y : t.years) {
      if (y.days <= 0.0) continue;
      for (size_t i = 0; i < providers.size(); ++i) {
        double flop = 0.0;
        if (providers[i] == "unmet") {
          flop = y.unmet + y.training_unmet;
        } else {
          for (const auto& [p, f] : y.by_provider) {
            if (p == providers[i]) flop = f;
          }
        }
        values.push_back({{"year", std::to_string(y.year)},
                          {"series", providers[i]},
                          {"i", i},
                          {"value", round_sig(y.mean(flop) / unit.divisor)}});
      }
    }
    if (!providers.empty() && !values.empty()) {
      Json spec = base_spec(240);
      spec["data"] = {{"values", values}};
      spec["mark"] = {{"type", "bar"}};
      const std::string y_title = "mean compute (" + unit.name + ")";
      spec["encoding"] = {
          {"x",
           {{"field", "year"},
            {"type", "ordinal"},
            {"title", nullptr},
            {"axis", {{"labelAngle", 0}}}}},
          {"y",
           {{"field", "value"}, {"type", "quantitative"}, {"stack", "zero"}, {"title", y_title}}},
          {"color",
           {{"field", "series"},
            {"type", "nominal"},
            {"title", nullptr},
            {"scale", color_scale(providers)}}},
          {"order", {{"field", "i"}, {"type", "quantitative"}}},
          {"tooltip",
           Json::array({{{"field", "year"}},
                        {{"field", "series"}, {"title", "provider"}},
                        {{"field", "value"}, {"title", y_title}, {"format", ",.4~r"}}})}};
      std::string reading;
      if (last != nullptr && !last->by_provider.empty()) {
        const auto top =
            std::max_element(last->by_provider.begin(), last->by_provider.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        reading = fmt::format("In {} {} supplies the most: {} of {}.", last->year, top->first,
                              format_flops(last->mean(top->second)),
                              format_flops(last->mean(last->served)));
      }
      blocks.push_back(chart_block("providers-" + t.id,
                                   "Compute served to " + t.id + " by provider, per year (mean)",
                                   reading, std::move(spec)));
    }

    std::vector<Named> idle = {
        {"exclusive to " + t.id + ", idle",
         c.months.of(t.id + "_idle_exclusive_flop_per_s", Agg::kMean)},
        {"declined by " + (t.rofr_holder.empty() ? "the rofr holder" : t.rofr_holder),
         c.months.of(t.id + "_declined_by_rofr_holder_flop_per_s", Agg::kMean)}};
    if (Json spec =
            time_chart(c.months, idle, Mark::kLine, Measure::kFlops, "compute, dense BF16", 220);
        !spec.is_null()) {
      const auto [at, peak] = peak_of(idle[0].values);
      std::string reading =
          peak > 0.0 ? fmt::format("Capacity exclusive to {} that no one uses peaks at {} in {}",
                                   t.id, format_flops(peak), month_label(c.months.first_day(at)))
                     : "No capacity exclusive to " + t.id + " sits idle";
      const auto [dat, dpeak] = peak_of(idle[1].values);
      if (dpeak > 0.0)
        reading += fmt::format(
            "; new demand declined under the right of first refusal peaks at "
            "{} in {}",
            format_flops(dpeak), month_label(c.months.first_day(dat)));
      blocks.push_back(chart_block("idle-" + t.id,
                                   "Exclusive capacity left idle, and demand declined (monthly "
                                   "mean)",
                                   reading + ".", std::move(spec)));
    }

    Json rows = Json::array();
    for (const TenantYear& y : t.years) {
      auto m = [&](double flop) { return flop > 0.0 ? format_flops(y.mean(flop)) : "-"; };
      rows.push_back({std::to_string(y.year), m(y.demand), m(y.served), m(y.by_route[0]),
                      m(y.by_route[1]), m(y.by_route[2]), m(y.by_route[3]),
                      m(y.unmet + y.training_unmet), m(y.declined), m(y.unaffordable),
                      m(y.idle_exclusive)});
    }
    blocks.push_back(table_block("years-" + t.id,
                                 "Compute for " + t.id + " per year (mean dense BF16 rate)",
                                 {{"year"},
                                  {"demand", true},
                                  {"served", true},
                                  {"own", true},
                                  {"contract", true},
                                  {"rofr", true},
                                  {"market", true},
                                  {"unmet", true},
                                  {"declined by rofr holder", true},
                                  {"beyond budget", true},
                                  {"idle exclusive", true}},
                                 std::move(rows)));
  }
  return section("compute", "Compute",
                 readings.empty() ? "No tenant receives compute within the horizon."
                                  : join(readings, " ", " "),
                 std::move(blocks));
}

// ---------------------------------------------------------------------------
// Training

Json training_section(const Context& c) {
  const Results& r = c.r;
  Json blocks = Json::array();
  if (r.runs.empty()) {
    return section("training", "Training",
                   "No training runs: the scenario's tenants have no explicit runs and no "
                   "frontier policy.",
                   std::move(blocks));
  }
  std::vector<std::string> tenants, names;
  Json gantt = Json::array(), bars = Json::array();
  size_t done = 0, running = 0, skipped = 0;
  double min_loss = 0.0, max_loss = 0.0;
  for (const RunResult& x : r.runs) {
    if (std::find(tenants.begin(), tenants.end(), x.tenant) == tenants.end())
      tenants.push_back(x.tenant);
    if (x.status == "skipped") {
      ++skipped;
      continue;
    }
    (x.status == "running" ? running : done) += 1;
    if (done + running == 1 || x.loss < min_loss) min_loss = x.loss;
    if (done + running == 1 || x.loss > max_loss) max_loss = x.loss;
    const std::string name = run_name(x);
    names.push_back(name);
    Json row = {{"run", name},
                {"series", x.tenant},
                {"start", x.start.to_string()},
                {"end", x.end.to_string()},
                {"where", x.sites + ", " + format_count(x.accelerators) + " " + x.accelerator},
                {"flop", round_sig(x.flop)},
                {"params", format_big(x.params)},
                {"tokens", format_big(x.tokens)},
                {"loss", round_sig(x.loss)},
                {"status", x.status}};
    gantt.push_back(row);
    bars.push_back(row);
  }
  const Json tooltip = Json::array({{{"field", "run"}},
                                    {{"field", "where"}},
                                    {{"field", "start"}},
                                    {{"field", "end"}},
                                    {{"field", "flop"}, {"title", "FLOP"}, {"format", ".3g"}},
                                    {{"field", "params"}, {"title", "parameters"}},
                                    {{"field", "tokens"}},
                                    {{"field", "loss"}, {"title", "predicted loss"}},
                                    {{"field", "status"}}});
  if (!names.empty()) {
    Json spec = gantt_chart(std::move(gantt), "run", names, "tenant", tenants, tooltip, 22);
    blocks.push_back(chart_block(
        "runs", "Training runs on a timeline",
        fmt::format("{} run{} from {} to {}{}; hover a bar for its FLOP, parameters, tokens and "
                    "loss.",
                    names.size(), names.size() == 1 ? "" : "s", r.runs.front().start.to_string(),
                    r.runs.back().end.to_string(),
                    skipped > 0 ? fmt::format(" ({} skipped)", skipped) : ""),
        std::move(spec)));

    // Bars on a log scale need a floor: the power of ten below the smallest.
    double smallest = 0.0;
    for (const Json& row : bars) {
      const double f = row["flop"].get<double>();
      if (f > 0.0 && (smallest == 0.0 || f < smallest)) smallest = f;
    }
    const double floor = smallest > 0.0 ? std::pow(10.0, std::floor(std::log10(smallest))) : 1.0;
    Json flop_spec = base_spec(240);
    flop_spec["data"] = {{"values", bars}};
    flop_spec["mark"] = {{"type", "bar"}};
    flop_spec["encoding"] = {{"x",
                              {{"field", "run"},
                               {"type", "nominal"},
                               {"sort", names},
                               {"title", nullptr},
                               {"axis", {{"labelAngle", -30}}}}},
                             {"y",
                              {{"field", "flop"},
                               {"type", "quantitative"},
                               {"scale", {{"type", "log"}, {"domainMin", floor}}},
                               {"title", "effective FLOP (log scale)"},
                               {"axis", {{"format", ".0e"}}}}},
                             {"y2", {{"datum", floor}}},
                             {"color",
                              {{"field", "series"},
                               {"type", "nominal"},
                               {"title", "tenant"},
                               {"scale", color_scale(tenants)}}},
                             {"tooltip", tooltip}};
    const RunResult* big = largest_run(r);
    blocks.push_back(chart_block(
        "run-flop", "Effective FLOP per run",
        fmt::format("The largest, {}, trains {} FLOP; predicted loss ranges from {:.3f} to {:.3f}.",
                    run_name(*big), format_flop(big->flop), min_loss, max_loss),
        std::move(flop_spec)));
  }

  Json rows = Json::array();
  for (const RunResult& x : r.runs) {
    const bool skip = x.status == "skipped";
    rows.push_back({run_name(x), x.status + (skip ? ": " + x.reason : ""), x.sites,
                    skip ? "-" : format_count(x.accelerators) + " " + x.accelerator,
                    x.start.to_string(), skip ? "-" : x.end.to_string(),
                    skip ? "-" : format_flop(x.flop), skip ? "-" : pct(x.goodput),
                    skip ? "-" : format_big(x.params), skip ? "-" : format_big(x.tokens),
                    skip ? "-" : fmt::format("{:.3f}", x.loss),
                    x.cost ? format_usd(*x.cost) : "-"});
  }
  blocks.push_back(table_block("run-table",
                               "Runs (FLOP effective: peak × MFU × goodput × time; parameters and "
                               "tokens compute-optimal)",
                               {{"run", false, true},
                                {"status"},
                                {"where"},
                                {"block", true},
                                {"start", true},
                                {"end", true},
                                {"FLOP", true},
                                {"goodput", true},
                                {"parameters", true},
                                {"tokens", true},
                                {"loss", true},
                                {"cost", true}},
                               std::move(rows)));
  std::string reading =
      fmt::format("{} run{}: {} done, {} running at the end, {} skipped", r.runs.size(),
                  r.runs.size() == 1 ? "" : "s", done, running, skipped);
  if (const RunResult* big = largest_run(r)) {
    reading += fmt::format(
        "; the largest, {}, gives a {}-parameter model with predicted loss "
        "{:.3f}",
        run_name(*big), format_big(big->params), big->loss);
  }
  return section("training", "Training", reading + ".", std::move(blocks));
}

// ---------------------------------------------------------------------------
// Energy and jobs

Json energy_section(const Context& c) {
  const Results& r = c.r;
  const ProgramMoney& p = r.program;
  const double total = r.energy.total.value();
  Json blocks = Json::array();
  std::vector<std::pair<std::string, std::string>> stats = {
      {"energy drawn", format_mwh(total)},
      {"from the grid", total > 0.0 ? pct(r.energy.grid.value() / total) : "-"},
      {"peak facility load", format_mw(r.energy.peak_facility_load.value())},
      {"energy cost", format_usd(r.energy.cost.value())},
      {"emissions", format_tonnes(r.energy.emissions.value()) + " CO2"},
      {"carbon intensity",
       total > 0.0 ? fmt::format("{:.0f} kg/MWh", r.energy.emissions.value() * 1000.0 / total)
                   : "-"}};
  if (p.construction_job_years)
    stats.push_back(
        {"construction job-years in the horizon", format_count(*p.construction_job_years)});
  if (p.permanent_jobs_end)
    stats.push_back({"permanent jobs at the end", format_count(*p.permanent_jobs_end)});
  if (p.usd_per_accelerator_hour)
    stats.push_back({"levelised cost per accelerator-hour",
                     fmt::format("${:.2f}", *p.usd_per_accelerator_hour)});
  blocks.push_back(stats_block(stats));

  std::vector<Named> load;
  for (const SiteResult& s : r.sites)
    load.push_back({s.id, c.months.of(s.id + "_facility_load_mw", Agg::kMean)});
  std::vector<double> total_load(c.months.size(), 0.0);
  for (const Named& n : load) {
    for (size_t i = 0; i < total_load.size(); ++i) total_load[i] += n.values[i];
  }
  if (Json spec = time_chart(c.months, load, Mark::kArea, Measure::kMw, "facility load");
      !spec.is_null()) {
    const auto [at, peak] = peak_of(total_load);
    blocks.push_back(chart_block(
        "load", "Power drawn per site (facility load, monthly mean)",
        fmt::format(
            "The sites draw {} on average in {}, the highest month{}.", format_mw(peak),
            month_label(c.months.first_day(at)),
            format_mw(peak) == format_mw(r.energy.peak_facility_load.value())
                ? ""
                : "; the highest step draws " + format_mw(r.energy.peak_facility_load.value())),
        std::move(spec)));
  }

  std::vector<Named> sources = {{"grid", c.months.of("grid_energy_mwh", Agg::kSum)},
                                {"on-site", c.months.of("onsite_energy_mwh", Agg::kSum)}};
  if (Json spec = time_chart(c.months, sources, Mark::kBar, Measure::kMwh, "energy per month");
      !spec.is_null()) {
    blocks.push_back(
        chart_block("energy", "Energy by source, per month",
                    fmt::format("{} drawn in the horizon: {} from the grid, {} generated on site.",
                                format_mwh(total), format_mwh(r.energy.grid.value()),
                                format_mwh(r.energy.onsite.value())),
                    std::move(spec)));
  }

  std::vector<Named> emissions = {{"emissions", c.months.of("emissions_tco2", Agg::kSum)}};
  if (Json spec =
          time_chart(c.months, emissions, Mark::kBar, Measure::kTonnes, "emissions per month", 200);
      !spec.is_null()) {
    const auto [at, peak] = peak_of(emissions[0].values);
    blocks.push_back(
        chart_block("emissions", "Emissions per month",
                    fmt::format("{} CO2 in the horizon; the highest month, {}, emits {}.",
                                format_tonnes(r.energy.emissions.value()),
                                month_label(c.months.first_day(at)), format_tonnes(peak)),
                    std::move(spec)));
  }

  std::string reading = fmt::format(
      "The sites draw {}{} and emit {} CO2, peaking at {}", format_mwh(total),
      total > 0.0 ? " (" + pct(r.energy.grid.value() / total) + " from the grid)" : "",
      format_tonnes(r.energy.emissions.value()), format_mw(r.energy.peak_facility_load.value()));
  if (p.construction_job_years) {
    reading += fmt::format(
        "; building the program's sites takes {} job-years and running them "
        "employs {} at the end",
        format_count(*p.construction_job_years), format_count(p.permanent_jobs_end.value_or(0.0)));
  } else {
    reading += "; jobs are not modelled (no [jobs] table)";
  }
  return section("energy", "Energy and jobs", reading + ".", std::move(blocks));
}

// ---------------------------------------------------------------------------
// Assumptions

// An uncertain input's value in its unit ("15.5mo", "$3.4B", "2026-01-01").
std::string input_value(const UncertainInput& u, double v) {
  // A yes/no input (a commitment honoured or not) reads as such, not as 0%.
  if (u.dist.kind == DistKind::kBernoulli) return v != 0.0 ? "yes" : "no";
  // A P10 of a duration has many digits: one decimal is enough to read.
  if (u.unit == Unit::kDuration) {
    return Duration{std::round(v * 10.0) / 10.0, u.duration_unit}.to_string();
  }
  return format_quantity(v, u.unit);
}

Json assumptions_section(const Context& c) {
  const ScenarioSpec& spec = c.spec;
  std::map<std::string, const UncertainInput*> uncertain;
  for (const UncertainInput& u : spec.uncertain) uncertain[u.key_path] = &u;
  Json rows = Json::array();
  size_t sourced = 0, defaults = 0, noted = 0;
  for (const InputRecord& in : spec.inputs) {
    const auto u = uncertain.find(in.key_path);
    const std::string dist =
        u == uncertain.end() ? ""
                             : u->second->dist.describe(u->second->unit, u->second->duration_unit);
    if (!in.provenance.source.empty()) {
      ++sourced;
    } else if (in.is_default) {
      ++defaults;
    } else if (!in.provenance.note.empty()) {
      ++noted;
    }
    rows.push_back({in.key_path, in.text + (in.is_default ? " (default)" : ""),
                    unit_symbol(in.unit), dist, in.provenance.source, in.provenance.note,
                    in.where.line > 0 ? std::to_string(in.where.line) : ""});
  }
  Json blocks = Json::array();
  blocks.push_back(table_block("inputs",
                               "Every input, as written in " + spec.source_name +
                                   " (source and note: its own, else its table's)",
                               {{"key", false, true, "21%"},
                                {"value", false, false, "11%"},
                                {"unit", false, false, "7%"},
                                {"distribution", false, false, "9%"},
                                {"source", false, false, "21%"},
                                {"note", false, false, "27%"},
                                {"line", true, false, "4%"}},
                               std::move(rows), true));
  if (!spec.uncertain.empty() && c.mc == nullptr) {
    Json urows = Json::array();
    for (const UncertainInput& u : spec.uncertain) {
      urows.push_back({u.key_path, u.dist.describe(u.unit, u.duration_unit), unit_symbol(u.unit),
                       input_value(u, u.dist.base())});
    }
    blocks.push_back(
        table_block("uncertain", "Uncertain inputs (a base case uses each at its base value)",
                    {{"key", false, true}, {"distribution"}, {"unit"}, {"base value", true}},
                    std::move(urows)));
  } else if (!spec.uncertain.empty()) {
    // What the trials drew: each input's P10 and P90 beside its base value,
    // and the groups whose draws move together.
    std::map<std::string, std::vector<std::string>> groups;
    for (const CorrelationSpec& g : spec.correlations) {
      for (const Ref& in : g.inputs)
        groups[in.id].push_back(fmt::format("{} (ρ {:.2f})", g.id, g.rho));
    }
    Json urows = Json::array();
    for (const UncertainInput& u : spec.uncertain) {
      const auto g = groups.find(u.key_path);
      urows.push_back({u.key_path, u.dist.describe(u.unit, u.duration_unit), unit_symbol(u.unit),
                       input_value(u, quantile(u.dist, 0.10)), input_value(u, u.dist.base()),
                       input_value(u, quantile(u.dist, 0.90)),
                       g == groups.end() ? "" : join(g->second, ", ", ", ")});
    }
    blocks.push_back(table_block(
        "uncertain",
        fmt::format("Uncertain inputs, drawn in each of the {} trials (a base case uses the base "
                    "value)",
                    c.mc->trials_done),
        {{"key", false, true, "27%"},
         {"distribution", false, false, "21%"},
         {"unit", false, false, "8%"},
         {"P10", true, false, "9%"},
         {"base value", true, false, "9%"},
         {"P90", true, false, "9%"},
         {"correlated with", false, false, "17%"}},
        std::move(urows)));
  }
  const size_t n = spec.inputs.size();
  std::string reading = fmt::format(
      "{} inputs: {} cite a source, {} are defaults, {} carry only a note (assumptions) and {} "
      "neither; {} {} uncertain, ",
      n, sourced, defaults, noted, n - sourced - defaults - noted, spec.uncertain.size(),
      spec.uncertain.size() == 1 ? "is" : "are");
  if (c.mc == nullptr) {
    reading += "each at its base value here.";
  } else {
    reading += fmt::format("drawn anew in each of the {} trials", c.mc->trials_done);
    reading += spec.correlations.empty()
                   ? ", independently of each other."
                   : fmt::format(", {} group{} of them correlated.", spec.correlations.size(),
                                 spec.correlations.size() == 1 ? "" : "s");
  }
  return section("assumptions", "Assumptions", reading, std::move(blocks));
}

}  // namespace

Json report_parts::base_document(const Scenario& scenario, const Results& r,
                                 const ReportOptions& options, const McResults* mc) {
  const Context c{scenario, scenario.spec(), r, Months(r.timeline), mc};
  Json doc;
  doc["format"] = "stargate-report/1";
  doc["stargate_version"] = version();
  if (!options.generated_at.empty()) doc["generated_at"] = options.generated_at;
  doc["scenario"] = {{"id", r.scenario_id},
                     {"name", r.scenario_name},
                     {"description", c.spec.info.description},
                     {"source", scenario.source_name()},
                     {"counts", scenario.counts()},
                     {"start", r.start.to_string()},
                     {"end", r.end.to_string()},
                     {"step", r.step}};
  doc["label"] = r.label;
  doc["label_note"] =
      "Every uncertain input at its base value: one plausible path, not a forecast.";
  Json sections = Json::array();
  sections.push_back(answer_section(c));
  sections.push_back(capital_section(c));
  sections.push_back(buildout_section(c));
  sections.push_back(compute_section(c));
  sections.push_back(training_section(c));
  sections.push_back(energy_section(c));
  sections.push_back(assumptions_section(c));
  doc["sections"] = std::move(sections);
  return doc;
}

std::string report_data_json(const Scenario& scenario, const Results& results,
                             const ReportOptions& options) {
  return report_parts::base_document(scenario, results, options).dump();
}

std::string html_report(const Scenario& scenario, const Results& results,
                        const ReportOptions& options) {
  return report_parts::page_html(
      report_parts::base_document(scenario, results, options),
      results.scenario_name + " — stargate report (" + results.label + ")");
}

void write_report(const std::string& path, const std::string& html) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw Error(ErrorKind::kIo,
                  "cannot create '" + target.parent_path().string() + "': " + ec.message());
  }
  const fs::path tmp = target.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(html.data(), static_cast<std::streamsize>(html.size()));
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      throw Error(ErrorKind::kIo, "cannot write '" + tmp.string() + "'");
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(tmp, ec);
    throw Error(ErrorKind::kIo, "cannot write '" + path + "': " + why);
  }
}

}  // namespace stargate
