// include/stargate/output.h
//
// The files and terminal text of a run, from Results alone. Key and column
// names are stable and documented in docs/outputs.md; every name carries its
// unit (abilene_online_it_mw, capex_usd). Numbers in files are written in
// full (shortest round-trip form), so two runs of the same scenario give
// byte-identical files, apart from the `generated_at` field.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "stargate/results.h"

namespace stargate {

// summary.json: the run's outcomes. `generated_at` is an ISO time stamp, or
// empty to leave it out (tests comparing bytes do that).
std::string summary_json(const Results& r, const std::string& generated_at);

// timeline.csv: one row per step (first column `date`, the step's first day),
// or with `monthly` one row per calendar month (first column `month`,
// "YYYY-MM"): flows summed over the month, stocks as at the month's last step.
std::string timeline_csv(const Results& r, bool monthly);

// flows.csv: every movement of money, one row each (date, from, to, kind,
// amount_usd, purpose), in the order they happened; `external` is the world
// outside the scenario. Every entity's cash can be rebuilt from it.
std::string flows_csv(const Results& r);

std::string runs_csv(const Results& r);

// The terminal summary: sites and phases with their online dates and what
// they waited for, accelerators, capacity, energy, capex. `color` adds ANSI
// emphasis for a terminal.
std::string terminal_summary(const Results& r, bool color);

struct OutputOptions {
  bool monthly = false;      // timeline.csv per month instead of per step
  std::string generated_at;  // written into summary.json; "" leaves it out
  // More files written into the directory with the rest, in the same commit:
  // (name, content), e.g. ("report.html", html_report(...)).
  std::vector<std::pair<std::string, std::string>> extra_files;
};

// Writes summary.json, timeline.csv and flows.csv into `dir`, atomically: into a
// temporary directory beside it, renamed into place when every file is
// complete (MODEL.md §8). An existing `dir` is replaced whole.
// Throws: Error{kIo}.
void write_outputs(const Results& r, const std::string& dir, const OutputOptions& options);

}  // namespace stargate
