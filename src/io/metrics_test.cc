#include "stargate/metrics.h"

#include <gtest/gtest.h>

#include "stargate/error.h"

namespace stargate {
namespace {

std::vector<std::string> rows(const std::vector<Metric>& metrics) {
  std::vector<std::string> out;
  for (const Metric& m : metrics) out.push_back(m.key + " = " + m.value.to_string() + " " + m.unit);
  return out;
}

TEST(FlattenSummary, NamesItemsByIdAndUnitsByName) {
  const char* json = R"({
    "label": "base case",
    "totals": {"peak_funding_gap_usd": 5.5, "peak_funding_gap_date": "2026-01-01",
               "accelerators": {"delivered": 10}},
    "phases": [{"site": "s", "id": "p", "online": null, "progress": 1, "critical_path": "power"}],
    "capital": {"vehicles": [{"id": "v", "min_dscr": 1.25, "default_date": null}],
                "program": {"sites": ["a", "b"], "not_modelled": []},
                "equity": [{"id": "e", "honoured": false}]},
    "market": {"tenants": [{"id": "t", "years": [{"year": 2026, "served_flop": 1e27,
                                                  "served_by_route_flop": {"own": 0}}],
                            "capacity_by_site_end_flop_per_s": {"s": 2}}],
               "contracts": [{"id": "c", "unit": "MW", "delivered_end": 10, "paid_usd": 3}]},
    "orders": [{"count": 4}]
  })";
  EXPECT_EQ(rows(flatten_summary(json, "t.json")),
            (std::vector<std::string>{
                "label = base case ",
                "totals.peak_funding_gap_usd = 5.5 USD",
                "totals.peak_funding_gap_date = 2026-01-01 date",
                "totals.accelerators.delivered = 10 accelerators",
                "phases[s/p].online = none date",
                "phases[s/p].progress = 1 fraction",
                "phases[s/p].critical_path = power ",
                "capital.vehicles[v].min_dscr = 1.25 ratio",
                "capital.vehicles[v].default_date = none date",
                "capital.program.sites = a, b ",
                "capital.program.not_modelled =  ",
                "capital.equity[e].honoured = false ",
                "market.tenants[t].years[2026].served_flop = 1e+27 FLOP",
                "market.tenants[t].years[2026].served_by_route_flop.own = 0 FLOP",
                "market.tenants[t].capacity_by_site_end_flop_per_s.s = 2 FLOP/s",
                "market.contracts[c].unit = MW ",
                "market.contracts[c].delivered_end = 10 MW",
                "market.contracts[c].paid_usd = 3 USD",
                "orders[0].count = 4 accelerators",
            }));
}

TEST(FlattenSummary, KeepsKindsApart) {
  const std::vector<Metric> m =
      flatten_summary(R"({"a": 1, "b": true, "c": "2025-02-28", "d": "x", "e": null})", "t");
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].value.kind, MetricValue::Kind::kNumber);
  EXPECT_EQ(m[1].value.kind, MetricValue::Kind::kBool);
  EXPECT_EQ(m[2].value.kind, MetricValue::Kind::kDate);
  EXPECT_EQ(m[2].value.date, Date::from_ymd(2025, 2, 28));
  EXPECT_EQ(m[3].value.kind, MetricValue::Kind::kText);
  EXPECT_EQ(m[4].value.kind, MetricValue::Kind::kNone);
}

TEST(FlattenSummary, RejectsWhatIsNotAnObject) {
  try {
    flatten_summary("{", "out/summary.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_STREQ(e.what(), "'out/summary.json' is not a summary.json: not valid JSON");
  }
}

TEST(UnitOfName, SuffixesAndKnownNames) {
  EXPECT_EQ(unit_of_name("abilene_online_it_mw"), "MW");
  EXPECT_EQ(unit_of_name("energy_mwh"), "MWh");
  EXPECT_EQ(unit_of_name("capacity_bf16_flop_per_s"), "FLOP/s");
  EXPECT_EQ(unit_of_name("openai_served_own_flop_per_s"), "FLOP/s");
  EXPECT_EQ(unit_of_name("construction_capex_usd"), "USD");
  EXPECT_EQ(unit_of_name("usd_per_pflop_day"), "USD/PFLOP-day");
  EXPECT_EQ(unit_of_name("emissions_tco2"), "tCO2");
  EXPECT_EQ(unit_of_name("irr"), "fraction");
  EXPECT_EQ(unit_of_name("name"), "");
}

TEST(ParseTimelineCsv, ReadsBothForms) {
  const TimelineTable daily =
      parse_timeline_csv("date,a_mw,b_usd\n2025-01-01,1.5,2\n2025-01-02,3,4e9\n", "t.csv");
  EXPECT_FALSE(daily.monthly);
  ASSERT_EQ(daily.dates.size(), 2u);
  EXPECT_EQ(daily.dates[1], Date::from_ymd(2025, 1, 2));
  EXPECT_EQ(daily.names, (std::vector<std::string>{"a_mw", "b_usd"}));
  EXPECT_EQ(daily.units, (std::vector<std::string>{"MW", "USD"}));
  EXPECT_EQ(*daily.column("b_usd"), (std::vector<double>{2, 4e9}));
  EXPECT_EQ(daily.column("c"), nullptr);

  const TimelineTable monthly = parse_timeline_csv("month,x\n2025-03,1\n", "t.csv");
  EXPECT_TRUE(monthly.monthly);
  EXPECT_EQ(monthly.dates[0], Date::from_ymd(2025, 3, 1));
}

TEST(ParseTimelineCsv, SaysWhereItIsWrong) {
  auto message = [](const char* text) {
    try {
      parse_timeline_csv(text, "t.csv");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kIo);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("day,x\n"),
            "'t.csv' is not a timeline.csv: expected its first column to be 'date' or 'month'");
  EXPECT_EQ(message("date,x\n2025-01-01,1\n2025-01-02,abc\n"),
            "t.csv:3: x: expected a number, got 'abc'");
  EXPECT_EQ(message("month,x\n2025-13,1\n"), "t.csv:2: expected a month (YYYY-MM), got '2025-13'");
  EXPECT_EQ(message("date,x\n2025-01-01\n"), "t.csv:2: expected 2 fields, got 1");
}

}  // namespace
}  // namespace stargate
