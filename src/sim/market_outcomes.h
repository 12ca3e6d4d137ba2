// src/sim/market_outcomes.h
//
// What the capacity market adds to the results: per tenant and calendar
// year, the compute demanded, served (by route and by provider), unmet,
// declined by the holder of a right of first refusal, beyond the budget, and
// exclusive capacity left idle; per contract, what it delivered, its
// shortfall and what was paid; the training runs.
#pragma once

#include <vector>

#include "model/market/market.h"
#include "stargate/results.h"

namespace stargate {

class MarketTally {
 public:
  explicit MarketTally(const Market& market);
  // The market's state holds over [from, to): adds it to each year's totals.
  void see(const Market& market, Date from, Date to);
  // Fills res.tenants, res.contracts and res.runs; reads res.flows for the
  // payments, so money_outcomes runs first.
  void finish(const Market& market, Date horizon_end, Results& res) const;

 private:
  std::vector<std::vector<TenantYear>> years_;                 // per tenant
  std::vector<std::vector<std::vector<double>>> by_provider_;  // per tenant, year, entity
};

}  // namespace stargate
