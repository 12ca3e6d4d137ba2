// include/stargate/sweep_output.h: a sweep's results as sweep.csv and as the
// terminal table (docs/outputs.md).
#pragma once

#include <string>

#include "stargate/sweep.h"

namespace stargate {

// One row per point: `point` (1, 2, …), one column per axis (its key path,
// the value as given), then the metrics by key path: a base-case sweep's
// values, or a Monte Carlo sweep's `<metric>.p10`, `.p50`, `.p90` (and
// `.p_never` for a date: the share of trials in which it does not happen).
// Numbers in full precision, dates as YYYY-MM-DD, empty for none.
std::string sweep_csv(const SweepResults& r);
// The same, compact, for people: the points, then one row per metric and one
// column per point (P50 for Monte Carlo).
std::string sweep_terminal_table(const SweepResults& r, bool color);
// Writes sweep.csv into `dir` atomically, like write_outputs.
void write_sweep_outputs(const SweepResults& r, const std::string& dir);

}  // namespace stargate
