#include <fmt/format.h>

#include "stargate/output.h"

namespace stargate {

// runs.csv: one row per training run (MODEL.md §6). FLOP is effective compute
// (accelerators × peak × MFU × goodput × site efficiency × time); params and
// tokens are the compute-optimal pair for it; cost is empty when the tenant
// pays nothing for its capacity (it owns it).
std::string runs_csv(const Results& r) {
  std::string out =
      "run,tenant,status,site,accelerator,accelerators,start,end,flop,goodput,params,tokens,loss,"
      "cost_usd\n";
  auto num = [](double v) { return fmt::format("{}", v); };
  for (const RunResult& x : r.runs) {
    out += x.id + "," + x.tenant + "," + x.status + "," + x.sites + "," + x.accelerator + "," +
           num(x.accelerators) + "," + x.start.to_string() + "," + x.end.to_string() + "," +
           num(x.flop) + "," + num(x.goodput) + "," + num(x.params) + "," + num(x.tokens) + "," +
           num(x.loss) + "," + (x.cost ? num(*x.cost) : "") + "\n";
  }
  return out;
}

}  // namespace stargate
