// src/io/report/report_parts.h
//
// What the three reports share (report.cc: a run's base case; report_mc.cc:
// a Monte Carlo run; report_compare.cc: two runs side by side): the blocks of
// the "stargate-report/1" document that src/io/report/page.html draws, the
// chart conventions (monthly values, a `series` field that colours every
// mark, an axis unit chosen from the largest value shown, four significant
// digits), and the page with the chart library inlined.
//
// Internal to stargate_io; the public API is include/stargate/report.h.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stargate/report.h"
#include "stargate/units.h"

namespace stargate::report_parts {

using Json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------
// Numbers and words

std::string pct(double fraction);  // "42%", "<1%"
std::string date_or(const std::optional<Date>& d, const char* none);
Json date_json(const std::optional<Date>& d);  // "YYYY-MM-DD" or null
std::string format_big(double v);              // "2.58T", "398B": parameters, tokens
std::string format_flop(double flop);          // "6.15e+26"
// Rounds to `digits` significant digits: charts need no more, and the page
// stays small. 0 for a value that is not finite.
double round_sig(double v, int digits = 4);
// "a, b and c" with join({a, b, c}, ", ", " and ").
std::string join(const std::vector<std::string>& parts, const std::string& sep,
                 const std::string& last_sep);
std::string month_label(Date d);  // "2026-07"

// ---------------------------------------------------------------------------
// Charts

// A quantity's unit on a chart axis, chosen from the largest value shown.
enum class Measure { kUsd, kMw, kFlops, kMwh, kCount, kTonnes, kFlop };

struct AxisUnit {
  double divisor;
  std::string name;  // "$B", "GW", "EFLOP/s"
};

AxisUnit axis_unit(Measure q, double max_abs);

// Colours for `names`, in order: semantic names (unmet, money, power, grid,
// ...) keep fixed colours, the rest take the palette in turn. As a Vega-Lite
// scale: {domain: names, range: colours}.
Json color_scale(const std::vector<std::string>& names);

// A Vega-Lite spec with the report's look: container width, `height` pixels.
Json base_spec(int height);

// The x channel of a monthly chart: field `date` ("YYYY-MM-DD"), years on the
// axis.
Json month_x();

// ---------------------------------------------------------------------------
// Blocks and sections of the document

Json chart_block(const std::string& id, const std::string& title, const std::string& reading,
                 Json spec);

struct Column {
  std::string label;
  bool right = false;      // numbers
  bool key = false;        // key paths, ids
  std::string width = {};  // "22%"; any column with one fixes the table's layout
};

Json table_block(const std::string& id, const std::string& title,
                 const std::vector<Column>& columns, Json rows, bool filter = false);

Json stats_block(const std::vector<std::pair<std::string, std::string>>& items);

Json section(const std::string& id, const std::string& title, const std::string& reading,
             Json blocks);

// ---------------------------------------------------------------------------
// The base case, and the page

// The document of one run (report.cc): scenario, label, and the sections
// answer, capital, buildout, compute, training, energy, assumptions. With
// `mc`, the assumptions show each uncertain input's P10 and P90 and its
// correlation groups, and say the trials drew them.
Json base_document(const Scenario& scenario, const Results& results, const ReportOptions& options,
                   const McResults* mc = nullptr);

// report.html around `doc`, with the chart library inlined and `title` in the
// page's <title>. Throws: Error{kUnsupported} without the chart library.
std::string page_html(const Json& doc, const std::string& title);

}  // namespace stargate::report_parts
