#include "stargate/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "stargate/error.h"

namespace stargate {
namespace {

using Json = nlohmann::ordered_json;

struct NameUnit {
  std::string_view name;
  std::string_view unit;
};

// Names whose unit their suffix does not say (docs/outputs.md). Checked
// before the suffixes: `usd_per_pflop_day` is not in USD.
constexpr NameUnit kExact[] = {
    {"usd_per_accelerator_hour", "USD/accelerator-hour"},
    {"usd_per_pflop_day", "USD/PFLOP-day"},
    {"construction_job_years", "job-years"},
    {"permanent_jobs_end", "jobs"},
    {"irr", "fraction"},
    {"debt_share", "fraction"},
    {"discount_rate", "fraction"},
    {"progress", "fraction"},
    {"goodput", "fraction"},
    {"site_efficiency", "fraction"},
    {"min_dscr", "ratio"},
    {"accelerators", "accelerators"},
    {"delivered", "accelerators"},
    {"installed", "accelerators"},
    {"waiting", "accelerators"},
    {"retired", "accelerators"},
    {"count", "accelerators"},
    {"params", "parameters"},
    {"tokens", "tokens"},
    {"days", "days"},
    {"start", "date"},
    {"end", "date"},
    {"built", "date"},
    {"online", "date"},
    {"first_delivery", "date"},
    {"last_delivery", "date"},
    {"first_covenant_breach", "date"},
};

constexpr NameUnit kSuffix[] = {
    {"_usd", "USD"},
    {"_mwh", "MWh"},
    {"_mw", "MW"},
    {"_tco2", "tCO2"},
    {"_flop_per_s", "FLOP/s"},
    {"_flop", "FLOP"},
    {"_days", "days"},
    {"_accelerators", "accelerators"},
    {"_date", "date"},
};

std::string number_text(double v) { return fmt::format("{}", v); }

MetricValue value_of(const Json& v) {
  MetricValue m;
  if (v.is_null()) return m;
  if (v.is_boolean()) {
    m.kind = MetricValue::Kind::kBool;
    m.number = v.get<bool>() ? 1.0 : 0.0;
  } else if (v.is_number()) {
    m.kind = MetricValue::Kind::kNumber;
    m.number = v.get<double>();
  } else if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (const std::optional<Date> d = Date::parse(s)) {
      m.kind = MetricValue::Kind::kDate;
      m.date = *d;
    } else {
      m.kind = MetricValue::Kind::kText;
      m.text = s;
    }
  } else {
    m.kind = MetricValue::Kind::kText;
    m.text = v.dump();
  }
  return m;
}

// An array item's name in a key path: its id (a phase's site/id), a year's
// year, else its index; and the fields that name it, left out of its leaves.
std::string item_name(const std::string& array, const Json& item, size_t index,
                      std::vector<std::string>& naming) {
  naming.clear();
  if (item.is_object()) {
    const auto id = item.find("id");
    if (id != item.end() && id->is_string()) {
      naming.push_back("id");
      const auto site = item.find("site");
      if (array == "phases" && site != item.end() && site->is_string()) {
        naming.push_back("site");
        return site->get<std::string>() + "/" + id->get<std::string>();
      }
      return id->get<std::string>();
    }
    const auto year = item.find("year");
    if (year != item.end() && year->is_number_integer()) {
      naming.push_back("year");
      return std::to_string(year->get<long long>());
    }
  }
  return std::to_string(index);
}

// A value at `path`, whose key (or, inside an array, the array's key) is
// `name`; `unit` is what its enclosing keys say; `skip` the fields that name
// an array item.
void walk(const Json& v, const std::string& path, const std::string& name, const std::string& unit,
          const std::vector<std::string>& skip, std::vector<Metric>& out);

void walk_object(const Json& v, const std::string& path, const std::string& inherited,
                 const std::vector<std::string>& skip, std::vector<Metric>& out) {
  const auto unit_field = v.find("unit");
  const std::string sibling =
      unit_field != v.end() && unit_field->is_string() ? unit_field->get<std::string>() : "";
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& k = it.key();
    if (std::find(skip.begin(), skip.end(), k) != skip.end()) continue;
    std::string unit = unit_of_name(k);
    if (unit.empty()) unit = it->is_number() && !sibling.empty() ? sibling : inherited;
    walk(*it, path.empty() ? k : path + "." + k, k, unit, {}, out);
  }
}

void walk(const Json& v, const std::string& path, const std::string& name, const std::string& unit,
          const std::vector<std::string>& skip, std::vector<Metric>& out) {
  if (v.is_object()) {
    walk_object(v, path, unit, skip, out);
    return;
  }
  if (v.is_array()) {
    const bool plain =
        std::all_of(v.begin(), v.end(), [](const Json& x) { return x.is_primitive(); });
    if (plain) {
      std::string joined;
      for (const Json& x : v) {
        joined += joined.empty() ? "" : ", ";
        joined += x.is_string() ? x.get<std::string>() : x.dump();
      }
      MetricValue m;
      m.kind = MetricValue::Kind::kText;
      m.text = joined;
      out.push_back({path, "", m});
      return;
    }
    std::vector<std::string> naming;
    for (size_t i = 0; i < v.size(); ++i) {
      const std::string item = item_name(name, v[i], i, naming);
      walk(v[i], path + "[" + item + "]", name, unit, naming, out);
    }
    return;
  }
  MetricValue m = value_of(v);
  out.push_back({path, m.kind == MetricValue::Kind::kDate ? "date" : unit, std::move(m)});
}

}  // namespace

std::string MetricValue::to_string() const {
  switch (kind) {
    case Kind::kNone:
      return "none";
    case Kind::kNumber:
      return number_text(number);
    case Kind::kBool:
      return number != 0.0 ? "true" : "false";
    case Kind::kDate:
      return date.to_string();
    case Kind::kText:
      return text;
  }
  return "";
}

bool MetricValue::operator==(const MetricValue& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::kNone:
      return true;
    case Kind::kNumber:
    case Kind::kBool:
      return number == o.number;
    case Kind::kDate:
      return date == o.date;
    case Kind::kText:
      return text == o.text;
  }
  return false;
}

std::string unit_of_name(std::string_view name) {
  for (const NameUnit& e : kExact) {
    if (name == e.name) return std::string(e.unit);
  }
  for (const NameUnit& s : kSuffix) {
    if (name.size() > s.name.size() && name.ends_with(s.name)) return std::string(s.unit);
  }
  return "";
}

std::vector<Metric> flatten_summary(std::string_view summary_json, std::string_view source) {
  Json j = Json::parse(summary_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    throw Error(ErrorKind::kIo, "'" + std::string(source) + "' is not a summary.json: " +
                                    (j.is_discarded() ? "not valid JSON" : "not a JSON object"));
  }
  std::vector<Metric> out;
  walk(j, "", "", "", {}, out);
  return out;
}

const std::vector<double>* TimelineTable::column(std::string_view name) const {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return &columns[i];
  }
  return nullptr;
}

TimelineTable timeline_table(const Results& r, bool monthly) {
  const Timeline& t = r.timeline;
  TimelineTable table;
  table.monthly = monthly;
  for (const Series& s : t.series) {
    table.names.push_back(s.name);
    table.units.push_back(s.unit);
  }
  table.columns.resize(t.series.size());
  const std::int32_t n = t.steps();
  // Walk every series' runs in step with the rows instead of searching each
  // value: one cursor per series.
  std::vector<size_t> cursor(t.series.size(), 0);
  auto value_at = [&](size_t i, std::int32_t k) {
    const Series& s = t.series[i];
    while (cursor[i] + 1 < s.steps.size() && s.steps[cursor[i] + 1] <= k) ++cursor[i];
    return s.steps.empty() || s.steps[cursor[i]] > k ? 0.0 : s.values[cursor[i]];
  };
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
        table.columns[i].push_back(sum);
      } else {
        table.columns[i].push_back(value_at(i, last));
      }
    }
    table.dates.push_back(monthly ? Date::from_ymd(d.year(), d.month(), 1) : d);
    k = last + 1;
  }
  return table;
}

TimelineTable parse_timeline_csv(std::string_view text, std::string_view source) {
  const std::string where(source);
  CsvTable csv;
  try {
    csv = parse_csv(text, source);
  } catch (const Error& e) {
    throw Error(ErrorKind::kIo, std::string(e.what()));
  }
  if (csv.header.empty() || (csv.header[0] != "date" && csv.header[0] != "month")) {
    throw Error(ErrorKind::kIo, "'" + where +
                                    "' is not a timeline.csv: expected its first column to be "
                                    "'date' or 'month'");
  }
  TimelineTable t;
  t.monthly = csv.header[0] == "month";
  for (size_t i = 1; i < csv.header.size(); ++i) {
    t.names.push_back(csv.header[i]);
    t.units.push_back(unit_of_name(csv.header[i]));
  }
  t.columns.resize(t.names.size());
  for (size_t r = 0; r < csv.rows.size(); ++r) {
    const std::vector<std::string>& row = csv.rows[r];
    // Rows are single lines in timeline.csv: the header is line 1.
    const std::string at = where + ":" + std::to_string(r + 2) + ": ";
    const std::optional<Date> d = Date::parse(t.monthly ? row[0] + "-01" : row[0]);
    if (!d) {
      throw Error(ErrorKind::kIo, at + "expected a " + (t.monthly ? "month (YYYY-MM)" : "date") +
                                      ", got '" + row[0] + "'");
    }
    t.dates.push_back(*d);
    for (size_t i = 1; i < row.size(); ++i) {
      const char* begin = row[i].c_str();
      char* end = nullptr;
      errno = 0;
      const double v = std::strtod(begin, &end);
      if (row[i].empty() || end != begin + row[i].size() || errno == ERANGE) {
        throw Error(ErrorKind::kIo,
                    at + csv.header[i] + ": expected a number, got '" + row[i] + "'");
      }
      t.columns[i - 1].push_back(v);
    }
  }
  return t;
}

}  // namespace stargate
