#include "scenario/catalog.h"

#include <charconv>

#include "core/csv.h"
#include "scenario/params.h"
#include "scenario/quantity.h"

namespace stargate {
namespace embedded {
extern const std::string_view accelerators_csv;
}

namespace {

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    throw Error(ErrorKind::kInternal, "data/accelerators.csv: not a number: '" + s + "'");
  }
  return v;
}

// The default of a duration key, from its ParamSpec row (one declaration).
Duration default_duration(std::string_view key) {
  return parse_quantity(find_param(accelerator_params(), key)->fallback, Unit::kDuration).duration;
}

std::vector<AcceleratorSpec> build() {
  const CsvTable t = parse_csv(embedded::accelerators_csv, "data/accelerators.csv");
  auto col = [&](const char* name) {
    const int c = t.column(name);
    if (c < 0)
      throw Error(ErrorKind::kInternal, std::string("data/accelerators.csv: no column ") + name);
    return static_cast<size_t>(c);
  };
  const size_t id = col("id"), name = col("name"), vendor = col("vendor"), kind = col("kind"),
               year = col("year_available"), bf16 = col("dense_bf16_tflops"),
               fp8 = col("dense_fp8_tflops"), watts = col("all_in_it_w"),
               price = col("system_price_usd"), mtbf = col("mtbf_hours"),
               life = col("useful_life_years"), estimated = col("estimated_fields"),
               source = col("source_url");
  std::vector<AcceleratorSpec> out;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const std::vector<std::string>& row = t.rows[r];
    AcceleratorSpec a;
    a.id = row[id];
    a.name = row[name];
    a.vendor = row[vendor];
    a.kind = row[kind];
    a.year = static_cast<int>(number(row[year]).value_or(0));
    a.bf16 = Param<FlopPerSecond>::fixed(FlopPerSecond(number(row[bf16]).value_or(0.0) * 1e12));
    if (auto v = number(row[fp8])) a.fp8 = Param<FlopPerSecond>::fixed(FlopPerSecond(*v * 1e12));
    if (auto v = number(row[watts])) a.all_in_w = Param<Watts>::fixed(Watts(*v));
    if (auto v = number(row[price])) a.unit_price = Param<Usd>::fixed(Usd(*v));
    if (auto v = number(row[mtbf])) a.mtbf = Param<Hours>::fixed(Hours(*v));
    const std::optional<double> years = number(row[life]);
    a.useful_life =
        Param<Duration>::fixed(years ? Duration::years(*years) : default_duration("useful_life"));
    a.repair_time = Param<Duration>::fixed(default_duration("repair_time"));
    a.estimated_fields = row[estimated];
    a.source = row[source];
    a.where = SourceSpan{"data/accelerators.csv", static_cast<int>(r) + 2, 1};
    a.from_catalog = true;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

const std::vector<AcceleratorSpec>& builtin_catalog() {
  static const std::vector<AcceleratorSpec> catalog = build();
  return catalog;
}

}  // namespace stargate
