#include <algorithm>

#include "stargate/results.h"

namespace stargate {

const char* to_string(CriticalPath c) {
  switch (c) {
    case CriticalPath::kConstruction:
      return "construction";
    case CriticalPath::kPower:
      return "power";
    case CriticalPath::kMoney:
      return "money";
    case CriticalPath::kNotStarted:
      return "not started";
  }
  return "not started";
}

const char* to_string(FlowKind k) {
  switch (k) {
    case FlowKind::kOpeningCash:
      return "opening_cash";
    case FlowKind::kEquity:
      return "equity";
    case FlowKind::kDebtDraw:
      return "debt_draw";
    case FlowKind::kInterest:
      return "interest";
    case FlowKind::kCommitmentFee:
      return "commitment_fee";
    case FlowKind::kPrincipal:
      return "principal";
    case FlowKind::kConstruction:
      return "construction";
    case FlowKind::kChips:
      return "chips";
    case FlowKind::kEnergy:
      return "energy";
    case FlowKind::kOperations:
      return "operations";
    case FlowKind::kLandLease:
      return "land_lease";
    case FlowKind::kRevenue:
      return "revenue";
    case FlowKind::kFunding:
      return "funding";
    case FlowKind::kDistribution:
      return "distribution";
    case FlowKind::kTax:
      return "tax";
    case FlowKind::kCapacity:
      return "capacity";
  }
  return "?";
}

double Series::at(std::int32_t k) const {
  const auto it = std::upper_bound(steps.begin(), steps.end(), k);
  if (it == steps.begin()) return 0.0;
  return values[static_cast<size_t>(it - steps.begin()) - 1];
}

void Series::set(std::int32_t k, double v) {
  if (!steps.empty() && steps.back() == k) {
    values.back() = v;
    // Setting a step back to the value before it removes the run.
    if (values.size() >= 2 && values[values.size() - 2] == v) {
      steps.pop_back();
      values.pop_back();
    }
    return;
  }
  if (!values.empty() && values.back() == v) return;
  steps.push_back(k);
  values.push_back(v);
}

const Series* Timeline::find(std::string_view name) const {
  for (const Series& s : series) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace stargate
