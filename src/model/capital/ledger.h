// src/model/capital/ledger.h
//
// The double-entry ledger: every movement of money is one Flow from one
// party to another, and an entity's cash changes only through flows. Party
// -1 is the world outside the scenario (contractors, vendors, utilities,
// customers, the tax authority). flows.csv is this ledger, and the
// conservation test rebuilds every balance from it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stargate/results.h"

namespace stargate {

inline constexpr std::int32_t kExternal = -1;

class Ledger {
 public:
  explicit Ledger(std::size_t entities) : cash_(entities, 0.0) {}

  // Moves `amount` (≥ 0) from `from` to `to` on `date`; a zero amount is not
  // recorded. `purpose` indexes purposes() ("sites.abilene.phases.phase1").
  void move(Date date, std::int32_t from, std::int32_t to, FlowKind kind, double amount,
            std::int32_t purpose);
  // Adds a purpose string and returns its index. Purposes are key paths of
  // distinct ids ("equity.softbank"), so they are distinct: no lookup.
  std::int32_t add_purpose(std::string text);

  double cash(std::int32_t entity) const { return cash_[static_cast<size_t>(entity)]; }
  const std::vector<double>& balances() const { return cash_; }
  // Undoes the flows recorded after the first `flows`, restoring `cash`
  // (the balances() of that time).
  void rollback(std::size_t flows, const std::vector<double>& cash) {
    flows_.resize(flows);
    cash_ = cash;
  }
  // Opening cash: a flow from outside on the first day.
  void open(std::int32_t entity, double amount, Date start, std::int32_t purpose);

  const std::vector<LedgerFlow>& flows() const { return flows_; }
  const std::vector<std::string>& purposes() const { return purposes_; }
  std::vector<LedgerFlow> take_flows() { return std::move(flows_); }
  std::vector<std::string> take_purposes() { return std::move(purposes_); }

 private:
  std::vector<double> cash_;
  std::vector<LedgerFlow> flows_;
  std::vector<std::string> purposes_;
};

}  // namespace stargate
