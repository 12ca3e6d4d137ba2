#include "model/capital/ledger.h"

#include <utility>

namespace stargate {

void Ledger::move(Date date, std::int32_t from, std::int32_t to, FlowKind kind, double amount,
                  std::int32_t purpose) {
  if (amount == 0.0) return;
  if (from != kExternal) cash_[static_cast<size_t>(from)] -= amount;
  if (to != kExternal) cash_[static_cast<size_t>(to)] += amount;
  flows_.push_back(LedgerFlow{date, from, to, kind, amount, purpose});
}

std::int32_t Ledger::add_purpose(std::string text) {
  purposes_.push_back(std::move(text));
  return static_cast<std::int32_t>(purposes_.size()) - 1;
}

void Ledger::open(std::int32_t entity, double amount, Date start, std::int32_t purpose) {
  move(start, kExternal, entity, FlowKind::kOpeningCash, amount, purpose);
}

}  // namespace stargate
