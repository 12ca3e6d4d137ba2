// The Excel workbook of a run: one builder per sheet, each turning results
// (or the scenario's inputs) into a Sheet; src/io/xlsx_writer.cc writes them.
//
// To add a sheet — Monte Carlo quantiles, when `mc` exists — write a builder
// from its results to a Sheet (a header per column with its format, a row
// per quantile) and pass its Sheet to write_xlsx() with the others; the
// writer needs no change.

#include <map>

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

}  // namespace stargate
