// include/stargate/report.h
//
// report.html: one self-contained page that answers a scenario's questions
// with charts and tables — the answer first, then capital, build-out,
// compute, training, energy and the assumptions behind every number. It
// opens offline from a file: the chart library (Vega, Vega-Lite, vega-embed)
// and the data are inlined, and the page asks no other host for anything.
// Three pages share it:
//  - a run (`stargate run --report`): its base case;
//  - a Monte Carlo run (`stargate mc --report`): the answer with P10 / P50 /
//    P90, the uncertainty (fan charts, dates, questions) and what drives it
//    (tornados), then the base case's sections, labelled as such;
//  - a comparison (`stargate compare A B --report`): the inputs that differ,
//    A and B overlaid on the key charts, and every metric with both values.
//
// The page is a renderer of one JSON document, report_data_json(): sections,
// each with a one-sentence reading computed from the results, and blocks
// (findings, Vega-Lite charts with their data inlined, tables). A section is
// added by adding it to that document; the page draws whatever it holds.
// Charts use monthly data (flows summed over the month, levels at its end,
// rates averaged over it), so the page stays small.
#pragma once

#include <string>

#include "stargate/compare.h"
#include "stargate/montecarlo.h"
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

// Throws Error{kUnsupported} when !report_available(), with the message
// html_report() gives: for a front end to fail before long work.
void require_report_library();

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

// A Monte Carlo run's report data (same format, label "Monte Carlo"):
// sections answer (headline findings, each with P10 / P50 / P90 and the share
// of trials in which a date never comes, beside the base case), uncertainty
// (fan charts from mc.fans, date ranges, questions, every metric), drivers
// (tornado charts, when mc.sensitivity is not empty), then the base case's
// capital, buildout, compute, training and energy (label "base case") and the
// assumptions with each uncertain input's distribution, P10 and P90.
// REQUIRES: `base` came from simulate(scenario, ...) with record_timeline,
// and `mc` from monte_carlo(scenario, ...) with the same step length.
std::string mc_report_data_json(const Scenario& scenario, const Results& base, const McResults& mc,
                                const ReportOptions& options);
// Its page. Throws: as html_report().
std::string html_mc_report(const Scenario& scenario, const Results& base, const McResults& mc,
                           const ReportOptions& options);

// A comparison's report data (same format, label "comparison"): sections
// differ (headline changes, the inputs that differ, the largest changes),
// charts (A and B overlaid: IT power online, the funding gap, the vehicles'
// cash, each tenant's compute served and cumulative training FLOP) and
// metrics (every metric, both values and the change, changed rows
// highlighted).
std::string compare_report_data_json(const Comparison& c, const ReportOptions& options);
// Its page. Throws: as html_report().
std::string html_compare_report(const Comparison& c, const ReportOptions& options);

// Writes a page html_report() made to `path`, atomically: into a temporary
// file beside it, renamed over `path` when complete, so a failed write leaves
// the previous file as it was. Parent directories are created.
// Throws: Error{kIo}.
void write_report(const std::string& path, const std::string& html);

}  // namespace stargate
