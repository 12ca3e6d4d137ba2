// include/stargate/mc_output.h: Monte Carlo results as files and as the
// terminal summary (docs/outputs.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "stargate/montecarlo.h"

namespace stargate {

// metric, unit, count, never, mean, sd, min, max, p5 … p95, exact, rank_error
// (dates as YYYY-MM-DD; `never` is the count of trials without one).
std::string mc_summary_csv(const McResults& r);
std::string mc_summary_json(const McResults& r, const std::string& generated_at);
// series, unit, month, mean, p5 … p95.
std::string fan_csv(const McResults& r);
// The date metrics: metric, trials, p_never (the share of trials in which
// it does not happen within the horizon), p5 … p95 among those in which it
// does.
std::string dates_csv(const McResults& r);
// id, question, yes, trials, probability, lo95, hi95.
std::string questions_csv(const McResults& r);
// input, metric, spearman, base, at_p10, at_p90, swing (with --sensitivity).
std::string sensitivity_csv(const McResults& r);
std::string mc_terminal_summary(const McResults& r, bool color);
// Writes the files into `dir` atomically, like write_outputs, with
// `extra_files` (name, content) in the same commit: ("report.html", ...).
void write_mc_outputs(const McResults& r, const std::string& dir, const std::string& generated_at,
                      const std::vector<std::pair<std::string, std::string>>& extra_files = {});

}  // namespace stargate
