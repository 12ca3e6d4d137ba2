// include/stargate/workbook.h
//
// The Excel workbook of a run (`stargate run --xlsx FILE`): the same numbers
// as summary.json, timeline.csv, flows.csv and runs.csv, stored as numbers
// with formats (currency, MW, dates as Excel dates), plus the assumptions —
// every input the scenario wrote, with its unit, distribution, source and
// note — so a reader can audit a number where they read it. Sheets and
// columns are documented in docs/outputs.md.
#pragma once

#include <cstdint>
#include <string>

#include "stargate/montecarlo.h"
#include "stargate/results.h"
#include "stargate/scenario.h"

namespace stargate {

struct WorkbookOptions {
  // The workbook's creation time, seconds since 1970-01-01 UTC; 0 for now.
  // Fixed, two writes of the same run give byte-identical files.
  std::int64_t created = 0;
};

// Writes the workbook of `results`, a run of `scenario`, to `path`,
// atomically: into a temporary file beside it, renamed over `path` when
// complete, so a failed or interrupted write leaves no half file and the
// previous workbook, if any, as it was. Sheets: summary, timeline (monthly),
// flows, runs and contracts (when the run has any), assumptions.
// REQUIRES: `results` came from simulate(scenario) with record_timeline.
// Throws: Error{kIo} when the file cannot be written; Error{kUnsupported}
// when flows outgrow a worksheet (1,048,575 rows).
void write_workbook(const Scenario& scenario, const Results& results, const std::string& path,
                    const WorkbookOptions& options = {});

// The workbook of a Monte Carlo run (`stargate mc --xlsx FILE`), written like
// write_workbook(): first the trials — mc_summary (per metric: count, never,
// mean, sd, min, max, P5 … P95; dates as Excel dates, a date's sd in days),
// mc_dates (per date: trials, p_never, P5 … P95), mc_questions, mc_fan (per
// series and month), mc_sensitivity (with McOptions::sensitivity) and mc_run
// (seed, trials) — then the base case's sheets, named base_summary,
// base_timeline, base_flows, base_runs, base_contracts, and the assumptions.
// The numbers are those of mc_summary.csv, dates.csv, questions.csv, fan.csv
// and sensitivity.csv, in full.
// REQUIRES: `base` came from simulate(scenario) with record_timeline, and
// `mc` from monte_carlo(scenario).
// Throws: as write_workbook().
void write_mc_workbook(const Scenario& scenario, const Results& base, const McResults& mc,
                       const std::string& path, const WorkbookOptions& options = {});

}  // namespace stargate
