// include/stargate/report.h
//
// report.html: one self-contained page that answers a scenario's questions
// with charts and tables — the answer first, then capital, build-out,
// compute, training, energy and the assumptions behind every number. It
// opens offline from a file: the chart library (Vega, Vega-Lite, vega-embed)
// and the data are inlined, and the page asks no other host for anything.
//
// The page is a renderer of one JSON document, report_data_json(): sections,
// each with a one-sentence reading computed from the results, and blocks
// (findings, Vega-Lite charts with their data inlined, tables). A section is
// added by adding it to that document; the page draws whatever it holds.
// Charts use monthly data (flows summed over the month, levels at its end,
// rates averaged over it), so the page stays small.
#pragma once

#include <string>

#include "stargate/results.h"
#include "stargate/scenario.h"

namespace stargate {

struct ReportOptions {
  std::string generated_at;  // shown in the page's header; "" leaves it out
};

// Whether this build carries the chart library. It is embedded at build time
// from src/io/report/assets/node_modules, which `make setup` installs with
// `npm ci`; a build without it still runs everything but html_report().
bool report_available();

// The data the page shows, as JSON (format "stargate-report/1"): scenario,
// label, headline findings with their numbers, and sections of blocks. For
// the page, its tests and any other front end that draws the same report.
// REQUIRES: `results` came from simulate(scenario, ...) with record_timeline.
std::string report_data_json(const Scenario& scenario, const Results& results,
                             const ReportOptions& options);

// report.html as one string.
// Throws: Error{kUnsupported} when the build has no chart library (the
// message says to run `make setup` and build again).
std::string html_report(const Scenario& scenario, const Results& results,
                        const ReportOptions& options);

// Writes a page html_report() made to `path`, atomically: into a temporary
// file beside it, renamed over `path` when complete, so a failed write leaves
// the previous file as it was. Parent directories are created.
// Throws: Error{kIo}.
void write_report(const std::string& path, const std::string& html);

}  // namespace stargate
