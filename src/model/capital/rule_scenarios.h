// src/model/capital/rule_scenarios.h
//
// Building blocks for the capital tests (capital_test.cc, debt_test.cc): one
// rule at a time, each scenario has one site, `s`, with a gigawatt of free,
// carbon-free grid power since 2020, so power never binds and energy costs
// nothing: only money sets the dates and the cash.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "stargate/scenario.h"
#include "stargate/simulate.h"

namespace stargate::rule_scenarios {

constexpr double kM = 1e6;

inline std::string site(const std::string& extra = "") {
  return R"(
[sites.s]
pue = 1.0
)" + extra +
         R"(
[[sites.s.power]]
id = "grid"
kind = "grid"
mw = "1GW"
online = 2020-01-01
price = "$0/MWh"
carbon_intensity = "0t/MWh"
)";
}

inline std::string head(const char* start, const char* end, const char* step) {
  return std::string("[scenario]\nname = \"capital rule\"\nstart = ") + start + "\nend = " + end +
         "\nstep = \"" + step + "\"\n";
}

// A lot of accelerators bought by `buyer` for `usd_m` million dollars on `date`
// (count × $100k): a capex item paid in one step, on a known date.
inline std::string chips(const char* id, const char* buyer, int usd_m, const char* date) {
  return std::string("\n[[orders]]\nid = \"") + id + "\"\nbuyer = \"" + buyer +
         "\"\naccelerator = \"h100\"\nsite = \"s\"\ncount = " + std::to_string(usd_m * 10) +
         "\nunit_price = \"$100k\"\n[[orders.deliveries]]\nid = \"lot\"\ndate = " + date +
         "\ncount = " + std::to_string(usd_m * 10) + "\n";
}

inline Results run_toml(const std::string& toml) {
  return simulate(Scenario::from_toml(toml, "rule.toml"));
}

inline std::string party(const Results& r, std::int32_t i) {
  return i < 0 ? "external" : r.parties[static_cast<size_t>(i)];
}

// Money moved by kind and party, summed by date ("2025-07-01").
inline std::map<std::string, double> by_date(const Results& r, FlowKind kind,
                                             const std::string& from, const std::string& to) {
  std::map<std::string, double> out;
  for (const LedgerFlow& f : r.flows) {
    if (f.kind == kind && party(r, f.from) == from && party(r, f.to) == to)
      out[f.date.to_string()] += f.amount;
  }
  return out;
}

inline double total(const Results& r, FlowKind kind, const std::string& from,
                    const std::string& to) {
  double sum = 0.0;
  for (const auto& [date, amount] : by_date(r, kind, from, to)) sum += amount;
  return sum;
}

inline const VehicleMoney& vehicle(const Results& r, const std::string& id) {
  for (const VehicleMoney& v : r.vehicles) {
    if (v.id == id) return v;
  }
  throw std::runtime_error("no vehicle " + id);
}

inline const EntityMoney& entity(const Results& r, const std::string& id) {
  for (const EntityMoney& e : r.entities) {
    if (e.id == id) return e;
  }
  throw std::runtime_error("no entity " + id);
}

inline const PhaseResult& phase(const Results& r, const std::string& id) {
  for (const PhaseResult& p : r.phases) {
    if (p.id == id) return p;
  }
  throw std::runtime_error("no phase " + id);
}

// The value of a timeline series at its last step.
inline double last_value(const Results& r, const std::string& series) {
  const Series* s = r.timeline.find(series);
  if (!s) throw std::runtime_error("no series " + series);
  return s->at(r.timeline.steps() - 1);
}

inline void expect_amounts(const std::map<std::string, double>& got,
                           const std::map<std::string, double>& want, double tolerance) {
  EXPECT_EQ(got.size(), want.size());
  for (const auto& [key, amount] : want) {
    const auto it = got.find(key);
    if (it == got.end()) {
      ADD_FAILURE() << "nothing on " << key << ", expected " << amount;
      continue;
    }
    EXPECT_NEAR(it->second, amount, tolerance) << key;
  }
  for (const auto& [key, amount] : got) {
    if (!want.count(key)) ADD_FAILURE() << "unexpected " << amount << " on " << key;
  }
}

// The steps every rule is checked with: a month and a day.
constexpr const char* kSteps[] = {"month", "day"};

}  // namespace stargate::rule_scenarios
