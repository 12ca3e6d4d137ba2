#include <fmt/format.h>

#include "stargate/output.h"

namespace stargate {

std::string timeline_csv(const Results& r, bool monthly) {
  const Timeline& t = r.timeline;
  std::string out = monthly ? "month" : "date";
  for (const Series& s : t.series) out += "," + s.name;
  out += "\n";
  const std::int32_t n = t.steps();
  // Walk every series' runs in step with the rows instead of searching each
  // value: one cursor per series.
  std::vector<size_t> cursor(t.series.size(), 0);
  auto value_at = [&](size_t i, std::int32_t k) {
    const Series& s = t.series[i];
    while (cursor[i] + 1 < s.steps.size() && s.steps[cursor[i] + 1] <= k) ++cursor[i];
    return s.steps.empty() || s.steps[cursor[i]] > k ? 0.0 : s.values[cursor[i]];
  };
  std::vector<double> row(t.series.size());
  for (std::int32_t k = 0; k < n;) {
    const Date d = t.boundaries[static_cast<size_t>(k)];
    std::int32_t last = k;
    if (monthly) {
      while (last + 1 < n && t.boundaries[static_cast<size_t>(last) + 1].month() == d.month() &&
             t.boundaries[static_cast<size_t>(last) + 1].year() == d.year()) {
        ++last;
      }
    }
    for (size_t i = 0; i < t.series.size(); ++i) {
      if (t.series[i].is_flow) {
        double sum = 0.0;
        for (std::int32_t j = k; j <= last; ++j) sum += value_at(i, j);
        row[i] = sum;
      } else {
        row[i] = value_at(i, last);
      }
    }
    out += monthly ? fmt::format("{:04d}-{:02d}", d.year(), d.month()) : d.to_string();
    for (double v : row) {
      out += ',';
      fmt::format_to(std::back_inserter(out), "{}", v);
    }
    out += '\n';
    k = last + 1;
  }
  return out;
}

}  // namespace stargate
