#include <fmt/format.h>

#include "stargate/metrics.h"
#include "stargate/output.h"

namespace stargate {

std::string timeline_csv(const Results& r, bool monthly) {
  const TimelineTable t = timeline_table(r, monthly);
  std::string out = monthly ? "month" : "date";
  for (const std::string& name : t.names) out += "," + name;
  out += "\n";
  for (size_t row = 0; row < t.dates.size(); ++row) {
    const Date d = t.dates[row];
    out += monthly ? fmt::format("{:04d}-{:02d}", d.year(), d.month()) : d.to_string();
    for (const std::vector<double>& column : t.columns) {
      out += ',';
      fmt::format_to(std::back_inserter(out), "{}", column[row]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace stargate
