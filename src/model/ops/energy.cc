#include "model/ops/energy.h"

#include <algorithm>

namespace stargate {

DispatchRate dispatch(Megawatts facility_load, std::span<const PowerBlock> blocks, Date d) {
  DispatchRate r;
  r.load = facility_load;
  double left = facility_load.value();
  for (PowerKind kind : {PowerKind::kGrid, PowerKind::kOnsite}) {
    for (const PowerBlock& b : blocks) {
      if (b.online > d) break;
      if (b.kind != kind || left <= 0.0) continue;
      const double take = std::min(left, b.mw.value());
      left -= take;
      (kind == PowerKind::kGrid ? r.grid : r.onsite) += Megawatts(take);
      r.usd_per_hour += take * b.price.value();
      r.tco2_per_hour += take * b.carbon.value();
    }
  }
  r.unserved = Megawatts(std::max(0.0, left));
  return r;
}

}  // namespace stargate
