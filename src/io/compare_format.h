// src/io/compare_format.h
//
// How `stargate compare` shows values and changes to people, shared by the
// terminal (compare_text.cc) and the report (report/report_compare.cc) so
// the two read alike: "$1.234B", "1.2 GW", "+59 d", "+64.1%".
//
// Internal to stargate_io. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "stargate/compare.h"

namespace stargate::compare_format {

// A number in its unit, 4 significant digits with a scale suffix.
std::string show_number(double v, const std::string& unit);
// Any value: numbers as show_number(), dates as YYYY-MM-DD, yes/no, the
// whole text, "none" for null.
std::string show_full(const MetricValue& v, const std::string& unit);
// b − a: "+59 d", "-$1.2B", "+3 pp"; "" when there is none.
std::string show_change(const MetricDifference& d);
// (b − a) / |a|: "+64.1%", "from 0"; "" when there is none.
std::string show_relative(const MetricDifference& d);

// The metrics that changed, in the order both show them: dates by days
// moved, numbers by relative change (one that appears from zero or from none
// first), then the other values, each group otherwise in the comparison's
// order.
struct ChangedMetrics {
  std::vector<const MetricDifference*> dates, numbers, others;
  std::size_t size() const { return dates.size() + numbers.size() + others.size(); }
};
ChangedMetrics changed_metrics(const Comparison& c);

}  // namespace stargate::compare_format
