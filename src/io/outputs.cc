#include "io/atomic_dir.h"
#include "stargate/output.h"

namespace stargate {

void write_outputs(const Results& r, const std::string& dir, const OutputOptions& options) {
  AtomicDir out(dir);
  out.write("summary.json", summary_json(r, options.generated_at));
  out.write("timeline.csv", timeline_csv(r, options.monthly));
  out.write("flows.csv", flows_csv(r));
  if (!r.tenants.empty()) out.write("runs.csv", runs_csv(r));
  for (const auto& [name, content] : options.extra_files) out.write(name, content);
  out.commit();
}

}  // namespace stargate
