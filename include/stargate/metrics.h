// include/stargate/metrics.h
//
// A run's outputs as flat, typed values, for the writers that lay them out
// again (the Excel workbook) and for `stargate compare`:
//
//  - flatten_summary() turns summary.json into one Metric per leaf, named by
//    its key path, with items named by their id rather than their index:
//      totals.energy.total_mwh
//      sites[abilene].full_power_date
//      phases[abilene/phase1].online          (phases: site/id)
//      capital.vehicles[stargate].default_date
//      market.tenants[openai].years[2026].served_flop   (years: by year)
//    Arrays of plain values (a program's sites) become one text value,
//    joined by ", ".
//  - timeline_table() is timeline.csv as numbers; parse_timeline_csv() reads
//    timeline.csv back into the same table.
//
// Plain data and pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stargate/results.h"
#include "stargate/units.h"

namespace stargate {

// One value of summary.json: a number, a yes/no, a date ("YYYY-MM-DD"
// strings), other text, or none (JSON null).
struct MetricValue {
  enum class Kind { kNone, kNumber, kBool, kDate, kText };
  Kind kind = Kind::kNone;
  double number = 0.0;  // kNumber; kBool: 1 or 0
  Date date;            // kDate
  std::string text;     // kText

  // "1234.5", "true", "2026-07-03", the text, or "none": full precision,
  // for messages and JSON; people-facing formatting is the caller's.
  std::string to_string() const;
  bool operator==(const MetricValue& o) const;
};

struct Metric {
  std::string key;   // "sites[abilene].full_power_date"
  std::string unit;  // "USD", "MW", "MWh", "tCO2", "FLOP/s", "FLOP", "accelerators", "days",
                     // "fraction", "ratio", "date", ...; "" for a plain number or text
  MetricValue value;
};

// Every leaf of a summary.json text, in the file's order. The unit comes from
// the key's suffix (`_usd`, `_mw`, `_flop_per_s`, ...), a few known names
// (`irr` is a fraction, `count` accelerators), the enclosing key
// (`served_by_route_flop.own` is FLOP) or a sibling `unit` field (contracts).
// `source` names the text in messages.
// Throws: Error{kIo} when the text is not a JSON object.
std::vector<Metric> flatten_summary(std::string_view summary_json, std::string_view source);

// The unit flatten_summary() gives a key (its last segment, e.g.
// "peak_funding_gap_usd" → "USD"); "" when the name says none. Also used for
// timeline.csv's columns.
std::string unit_of_name(std::string_view name);

// timeline.csv as numbers: one row per step (or calendar month), one column
// per series.
struct TimelineTable {
  bool monthly = false;            // rows are calendar months (timeline.csv's `month`)
  std::vector<Date> dates;         // each row's first day (monthly: the month's first day)
  std::vector<std::string> names;  // column names, with their unit: "abilene_online_it_mw"
  std::vector<std::string> units;  // "MW", "USD", "MWh", "accelerators", "FLOP/s", "tCO2"
  std::vector<std::vector<double>> columns;  // columns[i][row]

  // The column named `name`, or nullptr.
  const std::vector<double>* column(std::string_view name) const;
};

// The table timeline_csv() writes: per step, or with `monthly` per calendar
// month with flows summed and stocks as at the month's last step.
TimelineTable timeline_table(const Results& r, bool monthly);

// Reads a timeline.csv text back (either form). Units come from the column
// names (unit_of_name). Throws: Error{kIo} naming `source` and the line when
// it is not a timeline.csv.
TimelineTable parse_timeline_csv(std::string_view text, std::string_view source);

}  // namespace stargate
