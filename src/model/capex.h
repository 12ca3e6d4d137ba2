// src/model/capex.h
//
// What subsystems ask the funding phase to pay in a step (MODEL.md §2): every
// capex item due, with its payer. The fund phase answers with the share of
// each request that is paid; the execute phase advances only by that share.
#pragma once

#include <cstdint>
#include <vector>

#include "stargate/units.h"

namespace stargate {

enum class CapexKind { kConstruction, kChips };

struct CapexRequest {
  CapexKind kind;
  std::int32_t item;   // phase index (construction) or delivery-lot index (chips)
  std::int32_t payer;  // entity index
  Usd amount;
  std::int32_t purpose = 0;  // ledger purpose, set by the engine
};

struct CapexRequests {
  std::vector<CapexRequest> items;
  std::vector<double> funded_share;  // one per item, in [0, 1], set by the fund phase

  void clear() {
    items.clear();
    funded_share.clear();
  }
};

}  // namespace stargate
