// The Excel workbook of a run: one builder per sheet, each turning results
// (or the scenario's inputs, or a Monte Carlo run's statistics) into a Sheet;
// src/io/xlsx_writer.cc writes them. A sheet is added by writing its builder
// and passing its Sheet to write_xlsx() with the others; the writer needs no
// change.

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "io/sheet.h"
#include "scenario/quantity.h"
#include "scenario/spec.h"
#include "stargate/metrics.h"
#include "stargate/output.h"
#include "stargate/workbook.h"

namespace stargate {
namespace {

Cell value_cell(const MetricValue& v, const std::string& unit) {
  switch (v.kind) {
    case MetricValue::Kind::kNone:
      return Cell::empty();
    case MetricValue::Kind::kNumber:
      return Cell::num(v.number, format_for_unit(unit));
    case MetricValue::Kind::kBool:
      return Cell::boolean(v.number != 0.0);
    case MetricValue::Kind::kDate:
      return Cell::day(v.date);
    case MetricValue::Kind::kText:
      return Cell::str(v.text);
  }
  return Cell::empty();
}

Cell date_cell(const std::optional<Date>& d) { return d ? Cell::day(*d) : Cell::empty(); }

// summary.json, one row per value: its key path, the value, its unit.
Sheet summary_sheet(const Results& r) {
  Sheet s{"summary", {{"metric"}, {"value"}, {"unit"}}, {}, 1};
  for (const Metric& m : flatten_summary(summary_json(r, ""), "summary.json")) {
    s.rows.push_back({Cell::str(m.key), value_cell(m.value, m.unit), Cell::str(m.unit)});
  }
  return s;
}

// timeline.csv per calendar month: flows summed, stocks at the month's end.
Sheet timeline_sheet(const Results& r) {
  const TimelineTable t = timeline_table(r, /*monthly=*/true);
  Sheet s{"timeline", {{"month", CellFormat::kMonth}}, {}, 1};
  for (size_t i = 0; i < t.names.size(); ++i) {
    s.columns.push_back({t.names[i], format_for_unit(t.units[i])});
  }
  s.rows.resize(t.dates.size());
  for (size_t row = 0; row < t.dates.size(); ++row) {
    s.rows[row].reserve(t.columns.size() + 1);
    s.rows[row].push_back(Cell::day(t.dates[row], CellFormat::kMonth));
    for (const std::vector<double>& column : t.columns)
      s.rows[row].push_back(Cell::num(column[row]));
  }
  return s;
}

// flows.csv: every movement of money.
Sheet flows_sheet(const Results& r) {
  Sheet s{"flows",
          {{"date", CellFormat::kDate},
           {"from"},
           {"to"},
           {"kind"},
           {"amount_usd", CellFormat::kUsd},
           {"purpose"}},
          {},
          0};
  auto party = [&](std::int32_t i) {
    return i < 0 ? std::string("external") : r.parties[static_cast<size_t>(i)];
  };
  s.rows.reserve(r.flows.size());
  for (const LedgerFlow& f : r.flows) {
    s.rows.push_back({Cell::day(f.date), Cell::str(party(f.from)), Cell::str(party(f.to)),
                      Cell::str(to_string(f.kind)), Cell::num(f.amount),
                      Cell::str(r.purposes[static_cast<size_t>(f.purpose)])});
  }
  return s;
}

// runs.csv, with summary.json's frontier, reason and site efficiency.
Sheet runs_sheet(const Results& r) {
  Sheet s{"runs",
          {{"run"},
           {"tenant"},
           {"status"},
           {"site"},
           {"accelerator"},
           {"accelerators", CellFormat::kInteger},
           {"start", CellFormat::kDate},
           {"end", CellFormat::kDate},
           {"flop", CellFormat::kScientific},
           {"goodput", CellFormat::kPercent},
           {"params", CellFormat::kScientific},
           {"tokens", CellFormat::kScientific},
           {"loss", CellFormat::kDecimal},
           {"cost_usd", CellFormat::kUsd},
           {"frontier"},
           {"site_efficiency", CellFormat::kPercent},
           {"reason"}},
          {},
          1};
  for (const RunResult& x : r.runs) {
    s.rows.push_back({Cell::str(x.id), Cell::str(x.tenant), Cell::str(x.status), Cell::str(x.sites),
                      Cell::str(x.accelerator), Cell::num(x.accelerators), Cell::day(x.start),
                      Cell::day(x.end), Cell::num(x.flop), Cell::num(x.goodput),
                      Cell::num(x.params), Cell::num(x.tokens), Cell::num(x.loss),
                      x.cost ? Cell::num(*x.cost) : Cell::empty(), Cell::boolean(x.frontier),
                      Cell::num(x.efficiency), Cell::str(x.reason)});
  }
  return s;
}

// summary.json's market.contracts: delivered and shortfall in each
// contract's own unit.
Sheet contracts_sheet(const Results& r) {
  Sheet s{"contracts",
          {{"id"},
           {"kind"},
           {"route"},
           {"provider"},
           {"customer"},
           {"exclusive_to"},
           {"start", CellFormat::kDate},
           {"end", CellFormat::kDate},
           {"unit"},
           {"delivered_end"},
           {"peak_shortfall"},
           {"peak_shortfall_date", CellFormat::kDate},
           {"paid_usd", CellFormat::kUsd}},
          {},
          1};
  for (const ContractResult& c : r.contracts) {
    const CellFormat f = format_for_unit(c.unit);
    s.rows.push_back({Cell::str(c.id), Cell::str(c.kind), Cell::str(c.route), Cell::str(c.provider),
                      Cell::str(c.customer), Cell::str(c.exclusive_to), Cell::day(c.start),
                      Cell::day(c.end), Cell::str(c.unit), Cell::num(c.delivered_end, f),
                      Cell::num(c.peak_shortfall, f), date_cell(c.peak_shortfall_date),
                      Cell::num(c.paid.value())});
  }
  return s;
}

std::string unit_name(Unit u, Duration::Unit duration) {
  switch (u) {
    case Unit::kDuration:
      return duration == Duration::Unit::kMonths  ? "months"
             : duration == Duration::Unit::kYears ? "years"
                                                  : "days";
    case Unit::kEnumList:
      return "choices";
    case Unit::kRefList:
      return "ids";
    default:
      return std::string(unit_symbol(u));
  }
}

// Every input the scenario wrote, and every default and catalog value a run
// used, with where its number comes from.
Sheet assumptions_sheet(const ScenarioSpec& spec) {
  Sheet s{"assumptions",
          {{"key"},
           {"value"},
           {"base_value"},
           {"unit"},
           {"distribution"},
           {"default"},
           {"source"},
           {"note"},
           {"where"}},
          {},
          1};
  std::map<std::string, const UncertainInput*, std::less<>> uncertain;
  for (const UncertainInput& u : spec.uncertain) uncertain.emplace(u.key_path, &u);
  for (const InputRecord& in : spec.inputs) {
    const auto it = uncertain.find(in.key_path);
    const UncertainInput* u = it == uncertain.end() ? nullptr : it->second;
    Duration::Unit duration = Duration::Unit::kDays;
    if (in.unit == Unit::kDuration) {
      if (u) {
        duration = u->duration_unit;
      } else if (const QuantityResult q = parse_quantity(in.text, Unit::kDuration); q.ok) {
        duration = q.duration.unit;
      }
    }
    // What a base case uses: a distribution's base (a yes/no input written
    // as a probability is TRUE or FALSE), else the value.
    const double value = u ? u->dist.base() : in.base;
    Cell base;
    if (u && u->dist.kind == DistKind::kBernoulli) {
      base = Cell::boolean(value != 0.0);
    } else if (in.unit == Unit::kDate) {
      base = Cell::day(Date::from_days(static_cast<std::int32_t>(value)));
    } else if (is_numeric(in.unit)) {
      base = Cell::num(value, in.unit == Unit::kUsdPerMw    ? CellFormat::kUsd
                              : in.unit == Unit::kUsdPerMwh ? CellFormat::kUsdCents
                              : in.unit == Unit::kWatts     ? CellFormat::kInteger
                              : in.unit == Unit::kFraction
                                  ? CellFormat::kPercent
                                  : format_for_unit(unit_name(in.unit, duration)));
    }
    const std::string where = in.where.line > 0
                                  ? in.where.file + ":" + std::to_string(in.where.line) + ":" +
                                        std::to_string(in.where.column)
                                  : in.where.file;
    s.rows.push_back({Cell::str(in.key_path), Cell::str(in.text), base,
                      Cell::str(unit_name(in.unit, duration)),
                      Cell::str(u ? u->dist.describe(u->unit, u->duration_unit) : ""),
                      Cell::boolean(in.is_default), Cell::str(in.provenance.source),
                      Cell::str(in.provenance.note), Cell::str(where)});
  }
  return s;
}

// ---------------------------------------------------------------------------
// Monte Carlo: the numbers of mc_summary.csv, dates.csv, questions.csv,
// fan.csv and sensitivity.csv, as numbers and dates.

constexpr const char* kQuantileNames[] = {"p5", "p10", "p25", "p50", "p75", "p90", "p95"};

Date mc_date(double days) { return Date::from_days(static_cast<std::int32_t>(std::lround(days))); }

// A statistic's number format: its unit's, with cents for the few dollars
// of a cost per accelerator-hour.
CellFormat mc_format(const McMetric& m) {
  if (m.unit == "USD/accelerator-hour") return CellFormat::kUsdCents;
  if (m.unit == "loss") return CellFormat::kDecimal;
  return format_for_unit(m.unit);
}

// A statistic of a metric: empty when no trial has one (as the CSV), a date
// for a date metric, else a number in the metric's format.
Cell mc_cell(const McMetric& m, double v) {
  if (m.count == 0 || !std::isfinite(v)) return Cell::empty();
  return m.is_date ? Cell::day(mc_date(v)) : Cell::num(v, mc_format(m));
}

Sheet mc_summary_sheet(const McResults& r) {
  Sheet s{"mc_summary",
          {{"metric"},
           {"unit"},
           {"count", CellFormat::kInteger},
           {"never", CellFormat::kInteger},
           {"mean"},
           {"sd"},
           {"min"},
           {"max"}},
          {},
          1};
  for (const char* q : kQuantileNames) s.columns.push_back({q});
  s.columns.push_back({"exact"});
  s.columns.push_back({"rank_error", CellFormat::kPercent});
  for (const McMetric& m : r.metrics) {
    std::vector<Cell> row = {Cell::str(m.name), Cell::str(m.unit), Cell::num(m.count),
                             Cell::num(m.never), mc_cell(m, m.mean)};
    // A date's spread is a number of days, not a date.
    if (m.is_date) {
      row.push_back(m.count == 0 || !std::isfinite(m.sd) ? Cell::empty()
                                                         : Cell::num(m.sd, CellFormat::kDecimal));
    } else {
      row.push_back(mc_cell(m, m.sd));
    }
    row.push_back(mc_cell(m, m.min));
    row.push_back(mc_cell(m, m.max));
    for (double v : m.q) row.push_back(mc_cell(m, v));
    row.push_back(Cell::boolean(m.exact));
    row.push_back(Cell::num(m.rank_error));
    s.rows.push_back(std::move(row));
  }
  return s;
}

Sheet mc_dates_sheet(const McResults& r) {
  Sheet s{"mc_dates",
          {{"metric"}, {"trials", CellFormat::kInteger}, {"p_never", CellFormat::kPercent}},
          {},
          1};
  for (const char* q : kQuantileNames) s.columns.push_back({q, CellFormat::kDate});
  for (const McMetric& m : r.metrics) {
    if (!m.is_date) continue;
    const std::int64_t n = m.count + m.never;
    std::vector<Cell> row = {
        Cell::str(m.name), Cell::num(static_cast<double>(n)),
        Cell::num(n > 0 ? static_cast<double>(m.never) / static_cast<double>(n) : 0.0)};
    for (double v : m.q) row.push_back(mc_cell(m, v));
    s.rows.push_back(std::move(row));
  }
  return s;
}

Sheet mc_questions_sheet(const McResults& r) {
  Sheet s{"mc_questions",
          {{"id"},
           {"question"},
           {"yes", CellFormat::kInteger},
           {"trials", CellFormat::kInteger},
           {"probability", CellFormat::kPercent},
           {"lo95", CellFormat::kPercent},
           {"hi95", CellFormat::kPercent}},
          {},
          1};
  for (const McAnswer& a : r.answers) {
    s.rows.push_back({Cell::str(a.id), Cell::str(a.text), Cell::num(static_cast<double>(a.yes)),
                      Cell::num(static_cast<double>(a.trials)), Cell::num(a.p), Cell::num(a.lo),
                      Cell::num(a.hi)});
  }
  return s;
}

Sheet mc_fan_sheet(const McResults& r) {
  Sheet s{"mc_fan", {{"series"}, {"unit"}, {"month", CellFormat::kMonth}, {"mean"}}, {}, 1};
  for (const char* q : kQuantileNames) s.columns.push_back({q});
  for (const McFan& f : r.fans) {
    const CellFormat fmt = format_for_unit(f.unit);
    for (size_t m = 0; m < f.months.size(); ++m) {
      const std::optional<Date> month = Date::parse(f.months[m] + "-01");
      std::vector<Cell> row = {
          Cell::str(f.series), Cell::str(f.unit),
          month ? Cell::day(*month, CellFormat::kMonth) : Cell::str(f.months[m]),
          Cell::num(f.mean[m], fmt)};
      for (double v : f.q[m]) row.push_back(Cell::num(v, fmt));
      s.rows.push_back(std::move(row));
    }
  }
  return s;
}

// base, at_p10 and at_p90 in the metric's unit (dates as dates); swing in
// that unit, or in days for a date.
Sheet mc_sensitivity_sheet(const McResults& r) {
  Sheet s{"mc_sensitivity",
          {{"input"},
           {"metric"},
           {"spearman", CellFormat::kDecimal},
           {"base"},
           {"at_p10"},
           {"at_p90"},
           {"swing"}},
          {},
          1};
  for (const McSensitivity& x : r.sensitivity) {
    const McMetric* m = r.metric(x.metric);
    auto value = [&](double v) {
      if (!std::isfinite(v)) return Cell::empty();
      if (m != nullptr && m->is_date) return Cell::day(mc_date(v));
      return Cell::num(v, m ? mc_format(*m) : CellFormat::kGeneral);
    };
    const double swing = x.swing();
    Cell swing_cell = Cell::empty();
    if (std::isfinite(swing)) {
      swing_cell =
          Cell::num(swing, m != nullptr && m->is_date ? CellFormat::kInteger
                                                      : (m ? mc_format(*m) : CellFormat::kGeneral));
    }
    s.rows.push_back({Cell::str(x.input), Cell::str(x.metric),
                      std::isfinite(x.spearman) ? Cell::num(x.spearman) : Cell::empty(),
                      value(x.base), value(x.low), value(x.high), swing_cell});
  }
  return s;
}

// What the run was: scenario, seed, trials.
Sheet mc_run_sheet(const McResults& r) {
  Sheet s{"mc_run", {{"key"}, {"value"}}, {}, 1};
  auto add = [&](const char* k, Cell v) { s.rows.push_back({Cell::str(k), std::move(v)}); };
  add("scenario.id", Cell::str(r.scenario_id));
  add("scenario.name", Cell::str(r.scenario_name));
  add("seed", Cell::str(std::to_string(r.seed)));  // 64 bits: more than a double holds
  add("trials.requested", Cell::num(static_cast<double>(r.trials_requested), CellFormat::kInteger));
  add("trials.done", Cell::num(static_cast<double>(r.trials_done), CellFormat::kInteger));
  add("uncertain_inputs",
      Cell::num(static_cast<double>(r.uncertain_inputs.size()), CellFormat::kInteger));
  add("sensitivity.sample", Cell::num(static_cast<double>(r.sample_size), CellFormat::kInteger));
  add("quantiles", Cell::str("p5 … p95 at 5, 10, 25, 50, 75, 90, 95%; a date's among the trials "
                             "that reach it"));
  return s;
}

Sheet renamed(Sheet s, const std::string& name) {
  s.name = name;
  return s;
}

}  // namespace

void write_workbook(const Scenario& scenario, const Results& results, const std::string& path,
                    const WorkbookOptions& options) {
  std::vector<Sheet> sheets;
  sheets.push_back(summary_sheet(results));
  sheets.push_back(timeline_sheet(results));
  sheets.push_back(flows_sheet(results));
  if (!results.runs.empty()) sheets.push_back(runs_sheet(results));
  if (!results.contracts.empty()) sheets.push_back(contracts_sheet(results));
  sheets.push_back(assumptions_sheet(scenario.spec()));
  write_xlsx(sheets, path,
             {results.scenario_name + " (" + results.scenario_id + "): " + results.label,
              options.created});
}

void write_mc_workbook(const Scenario& scenario, const Results& base, const McResults& mc,
                       const std::string& path, const WorkbookOptions& options) {
  std::vector<Sheet> sheets;
  sheets.push_back(mc_summary_sheet(mc));
  sheets.push_back(mc_dates_sheet(mc));
  if (!mc.answers.empty()) sheets.push_back(mc_questions_sheet(mc));
  sheets.push_back(mc_fan_sheet(mc));
  if (!mc.sensitivity.empty()) sheets.push_back(mc_sensitivity_sheet(mc));
  sheets.push_back(mc_run_sheet(mc));
  sheets.push_back(renamed(summary_sheet(base), "base_summary"));
  sheets.push_back(renamed(timeline_sheet(base), "base_timeline"));
  sheets.push_back(renamed(flows_sheet(base), "base_flows"));
  if (!base.runs.empty()) sheets.push_back(renamed(runs_sheet(base), "base_runs"));
  if (!base.contracts.empty()) sheets.push_back(renamed(contracts_sheet(base), "base_contracts"));
  sheets.push_back(assumptions_sheet(scenario.spec()));
  write_xlsx(sheets, path,
             {fmt::format("{} ({}): Monte Carlo, {} trials, seed {}; base case beside it",
                          mc.scenario_name, mc.scenario_id, mc.trials_done, mc.seed),
              options.created});
}

}  // namespace stargate
