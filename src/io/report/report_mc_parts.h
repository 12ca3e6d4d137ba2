// src/io/report/report_mc_parts.h
//
// What the three files of a Monte Carlo run's report share: the run (the
// scenario, its base case, the trials), the words for a statistic, and the
// sections each file builds. report_mc.cc: the answer and the document;
// report_mc_uncertainty.cc: fans, dates, questions; report_mc_drivers.cc:
// tornados. Internal to stargate_io.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "io/report/report_parts.h"
#include "scenario/spec.h"
#include "stargate/montecarlo.h"
#include "stargate/results.h"

namespace stargate::report_mc {

using Json = report_parts::Json;

// Indices into McMetric::q and McFan::q (kMcQuantiles).
constexpr size_t kP10 = 1, kP25 = 2, kP50 = 3, kP75 = 4, kP90 = 5;

struct McContext {
  const ScenarioSpec& spec;
  const Results& base;  // the base case, at the trials' step
  const McResults& mc;
};

Date date_of(double days);  // days since 1970-01-01, rounded
// The share of trials without a value: a date that never comes.
double never_share(const McMetric& m);
// "in 92% of trials", "in every trial".
std::string of_trials(double share);
// A value of a metric, for people, by its unit ("1.2 GW", "2026-07-31");
// "-" when it is not finite.
std::string shown(const McMetric& m, double v);
// "A / B / C" at P10, P50, P90; "never" when no trial has one.
std::string p10_50_90(const McMetric& m);
// The quantiles as a finding's numbers: dates as "YYYY-MM-DD".
Json quantiles_json(const McMetric& m);
// The second segment of a key path: "sites.abilene.full_power_date" → abilene.
std::string id_of(const std::string& name);
bool starts(const std::string& s, std::string_view p);
bool ends(const std::string& s, std::string_view p);
std::string base_date(const std::optional<Date>& d);  // the date, or "never"
// A tenant's last year with days in the horizon; nullptr when none.
const TenantYear* last_year(const TenantResult& t);
// How a metric's unit is drawn on an axis.
report_parts::Measure quantity_of(const std::string& unit);

// Fan charts, date ranges, questions and every metric.
Json uncertainty_section(const McContext& c);
// Tornados of the key outputs and the rank correlations. REQUIRES:
// c.mc.sensitivity is not empty.
Json drivers_section(const McContext& c);

}  // namespace stargate::report_mc
