#include "mc.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>

#include "exit_codes.h"
#include "mpi/mpi_montecarlo.h"
#include "report_option.h"
#include "stargate/error.h"
#include "stargate/mc_output.h"
#include "stargate/montecarlo.h"
#include "stargate/report.h"
#include "stargate/simulate.h"
#include "stargate/workbook.h"
#include "value_options.h"

namespace stargate::cli {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void on_interrupt(int) { g_cancel.store(true); }

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// "[######······]  45%  1,234/s  ETA 12 s" on stderr, redrawn in place.
void progress_bar(std::int64_t done, std::int64_t total,
                  std::chrono::steady_clock::time_point start) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0.0;
  const double frac = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar += std::string(static_cast<size_t>(kWidth - filled), '.');
  const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
  std::fprintf(stderr, "\r[%s] %3.0f%%  %lld/%lld trials  %.0f/s  ETA %.0f s   ", bar.c_str(),
               frac * 100.0, static_cast<long long>(done), static_cast<long long>(total), rate,
               eta);
  std::fflush(stderr);
}

}  // namespace

CLI::App* add_mc_command(CLI::App& app, McArgs& a) {
  CLI::App* mc = app.add_subcommand(
      "mc", "Monte Carlo: draw every uncertain input, run N trials, report P10/P50/P90");
  mc->add_option("scenario", a.scenario,
                 "Scenario file or built-in id (default: stargate-2025-01)");
  mc->add_option("--trials,-n", a.trials, "Number of trials")->check(CLI::Range(1, 1000000000));
  mc->add_option("--threads,-j", a.threads, "Threads (default: every core)")
      ->check(CLI::Range(0, 1024));
  mc->add_option("--seed", a.seed, "Seed (default: the scenario's [scenario] seed)");
  mc->add_option("--out", a.out,
                 "Write mc_summary.csv/.json, fan.csv, dates.csv and questions.csv here");
  mc->add_option("--step", a.step, "Override the step length")
      ->check(CLI::IsMember({"day", "week", "month"}));
  mc->add_option("--format", a.format, "Terminal output: table or json")
      ->check(CLI::IsMember({"table", "json"}));
  mc->add_flag("--quiet,-q", a.quiet, "No progress bar");
  mc->add_option("--set", a.set, "Override an input by its key path (repeatable)")
      ->option_text("PATH=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  mc->add_flag("--sensitivity", a.sensitivity,
               "Rank correlations and a tornado per output; writes sensitivity.csv");
  a.report_option = add_report_option(
      mc, a.report_file,
      "Write report.html: P10/P50/P90 findings, fan charts, date ranges, questions, tornados and "
      "the base case, in one page that opens offline: into --out when no FILE is given (else "
      "./report.html)");
  mc->add_option("--xlsx", a.xlsx,
                 "Write an Excel workbook: the quantiles, fans, dates, questions and sensitivity, "
                 "with the base case's sheets and every input")
      ->option_text("FILE");
  return mc;
}

int run_mc(const McArgs& a, const Scenario& scenario) {
  const bool report = a.report_option != nullptr && a.report_option->count() > 0;
  // A build without the chart library says so before the trials, not after.
  if (report) require_report_library();
  McOptions o;
  o.trials = a.trials;
  o.threads = a.threads;
  if (!seed_option(a.seed, o.seed)) return kUsage;
  o.step = step_option(a.step);
  o.cancel = &g_cancel;
  o.sensitivity = a.sensitivity;
  const auto start = std::chrono::steady_clock::now();
  if (!a.quiet && ::isatty(STDERR_FILENO)) {
    o.progress = [start](std::int64_t done, std::int64_t total) {
      progress_bar(done, total, start);
    };
  }
  const auto previous = std::signal(SIGINT, on_interrupt);
  int rank = 0;  // under mpirun or srun the ranks share the trials; rank 0 reports (docs/mpi.md)
  const McResults r =
      launched_by_mpi() ? mpi_monte_carlo(scenario, o, &rank) : monte_carlo(scenario, o);
  std::signal(SIGINT, previous);
  if (rank != 0) return kOk;  // rank 0 reports for the job, and its exit code is the job's
  if (o.progress) std::fprintf(stderr, "\n");
  if (!r.complete) {
    std::cerr << "stargate: interrupted after " << r.trials_done << " of " << r.trials_requested
              << " trials; nothing written\n";
    return 130;  // 128 + SIGINT, the shell's convention
  }
  // The report and the workbook show the base case beside the trials: one
  // more run, every uncertain input at its base value, at the trials' step.
  std::optional<Results> base;
  if (report || !a.xlsx.empty()) {
    RunOptions ro;
    ro.step = o.step;
    ro.record_timeline = true;
    base = simulate(scenario, ro);
  }
  const std::string generated_at = now_iso();
  // Made before anything is written; without a FILE it goes into --out.
  std::string report_html, report_path;
  std::vector<std::pair<std::string, std::string>> report_in_out;
  if (report) {
    report_html = html_mc_report(scenario, *base, r, {generated_at});
    if (!a.report_file.empty() || a.out.empty()) {
      report_path = a.report_file.empty() ? "report.html" : a.report_file;
    } else {
      report_in_out.push_back({"report.html", report_html});
    }
  }
  if (!a.out.empty()) write_mc_outputs(r, a.out, generated_at, report_in_out);
  if (!report_path.empty()) write_report(report_path, report_html);
  // After the folder: a workbook inside it survives the folder's swap.
  if (!a.xlsx.empty()) write_mc_workbook(scenario, *base, r, a.xlsx);
  if (a.format == "json") {
    std::cout << mc_summary_json(r, "");
    return kOk;
  }
  std::cout << mc_terminal_summary(r, ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
  if (!a.out.empty())
    std::cout << "\nWrote " << a.out
              << "/: mc_summary.csv, mc_summary.json, fan.csv, dates.csv, questions.csv"
              << (a.sensitivity ? ", sensitivity.csv" : "")
              << (report_in_out.empty() ? "" : ", report.html") << "\n";
  if (!report_path.empty())
    std::cout << (a.out.empty() ? "\n" : "") << "Wrote " << report_path << "\n";
  if (!a.xlsx.empty()) std::cout << (a.out.empty() ? "\n" : "") << "Wrote " << a.xlsx << "\n";
  return kOk;
}

}  // namespace stargate::cli
