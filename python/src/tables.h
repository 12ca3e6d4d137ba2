// python/src/tables.h
//
// A run's and a Monte Carlo's results as column tables: the rows of
// timeline.csv, flows.csv, runs.csv, summary.json's market.contracts and the
// Monte Carlo files (docs/outputs.md), with the same column names, typed
// (numbers, counts, yes/no, text, dates) rather than written as text. The
// Python module turns each into a pandas DataFrame (docs/python.md); this
// half knows nothing of Python, so the layout is plain C++ and the one
// translation unit that includes pybind11 stays small.
//
// Plain data and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "stargate/montecarlo.h"
#include "stargate/results.h"

namespace stargate::python {

struct Column {
  enum class Kind {
    kNumber,   // numbers: NaN for none
    kInteger,  // counts: integers
    kBool,     // yes/no: integers 0 or 1
    kText,     // texts: std::nullopt for none
    kDate,     // integers: days since 1970-01-01, kNoDate for none
  };
  static constexpr std::int64_t kNoDate = INT64_MIN;

  std::string name;  // as in the file: "amount_usd", "abilene_online_it_mw"
  Kind kind = Kind::kNumber;
  std::string unit;  // "USD", "MW", "FLOP", "date", ...; "" when the column has none
  std::vector<double> numbers;
  std::vector<std::int64_t> integers;
  std::vector<std::optional<std::string>> texts;
};

// Columns in order, all of one length. A deque, so a column stays where it is
// while the next ones are added.
struct Table {
  std::deque<Column> columns;

  Column& number(std::string name, std::string unit = "");
  Column& integer(std::string name, std::string unit = "");
  Column& boolean(std::string name);
  Column& text(std::string name);
  Column& date(std::string name);
};

// timeline.csv: `date` (each step's first day) or, with `monthly`, `month`
// (each month's first day), then one column per series, named with its unit.
Table timeline_table_of(const Results& r, bool monthly);
// flows.csv: date, from, to, kind, amount_usd, purpose.
Table flows_table(const Results& r);
// runs.csv (run … cost_usd; cost none when the tenant pays nothing for its
// capacity), then frontier, efficiency and reason.
Table runs_table(const Results& r);
// summary.json's market.contracts: delivered_end and peak_shortfall in each
// row's `unit`.
Table contracts_table(const Results& r);

// mc_summary.csv: metric, unit, count, never, mean, sd, min, max, p5 … p95,
// exact, rank_error. A date metric's statistics are none here (its rows in
// mc_dates_table() hold them as dates).
Table mc_quantiles_table(const McResults& r);
// fan.csv: series, unit, month (the month's first day), mean, p5 … p95.
Table mc_fans_table(const McResults& r);
// dates.csv: metric, trials, p_never, p5 … p95 as dates (rounded to the
// nearest day, as the file writes them; none when no trial reaches it), then
// mean, min and max as dates and sd_days.
Table mc_dates_table(const McResults& r);
// questions.csv: id, question, yes, trials, probability, lo95, hi95.
Table mc_questions_table(const McResults& r);
// sensitivity.csv: input, metric, spearman, base, at_p10, at_p90, swing.
Table mc_sensitivity_table(const McResults& r);

}  // namespace stargate::python
