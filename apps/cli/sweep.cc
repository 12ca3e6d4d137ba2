#include "sweep.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

#include "exit_codes.h"
#include "mpi/mpi_montecarlo.h"
#include "stargate/error.h"
#include "stargate/sweep.h"
#include "stargate/sweep_output.h"
#include "value_options.h"

namespace stargate::cli {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void on_sweep_interrupt(int) { g_cancel.store(true); }

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepArgs& a) {
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Run a scenario at every point of a grid of overrides and tabulate key metrics");
  sweep->add_option("scenario", a.scenario, "Scenario file or built-in id")->required();
  sweep
      ->add_option("--grid", a.grid,
                   "An axis: a key path and its values, split at commas outside quotes, [ ] and "
                   "{ } (repeat for more axes; the grid is their cartesian product)")
      ->option_text("PATH=V1,V2,...")
      ->required()
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sweep->add_option("--set", a.set, "Override an input at every point (repeatable)")
      ->option_text("PATH=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sweep->add_option("--trials,-n", a.trials, "Monte Carlo at each point with N trials")
      ->check(CLI::Range(1, 1000000000));
  sweep->add_option("--threads,-j", a.threads, "Threads (default: every core)")
      ->check(CLI::Range(0, 1024));
  sweep->add_option("--seed", a.seed, "Monte Carlo seed (default: the scenario's)");
  sweep->add_option("--out", a.out, "Write sweep.csv into this directory");
  sweep->add_option("--step", a.step, "Override the step length")
      ->check(CLI::IsMember({"day", "week", "month"}));
  sweep->add_flag("--quiet,-q", a.quiet, "No progress on the terminal");
  return sweep;
}

int run_sweep(const SweepArgs& a, const Scenario& scenario) {
  std::vector<SweepAxis> axes;
  for (const std::string& g : a.grid) axes.push_back(SweepAxis::parse(g));
  SweepOptions o;
  if (a.trials > 0) o.trials = a.trials;
  o.threads = a.threads;
  if (!seed_option(a.seed, o.seed)) return kUsage;
  o.step = step_option(a.step);
  o.cancel = &g_cancel;
  // Under mpirun or srun (docs/mpi.md): a Monte Carlo sweep shares each
  // point's trials between the ranks, point after point; a base-case sweep
  // runs on rank 0 alone (a point takes a millisecond). Rank 0 reports.
  std::optional<MpiSession> mpi;
  if (launched_by_mpi()) {
    mpi.emplace();
    if (o.trials) {
      o.monte_carlo = [&mpi](const Scenario& s, const McOptions& m) {
        return mpi_monte_carlo(*mpi, s, m);
      };
    } else if (mpi->rank() != 0) {
      return kOk;
    }
  }
  const bool root = !mpi || mpi->rank() == 0;
  if (root && !a.quiet && ::isatty(STDERR_FILENO)) {
    o.progress = [](std::int64_t done, std::int64_t total) {
      std::fprintf(stderr, "\rpoint %lld of %lld   ", static_cast<long long>(done),
                   static_cast<long long>(total));
      std::fflush(stderr);
    };
  }
  const auto previous = std::signal(SIGINT, on_sweep_interrupt);
  const SweepResults r = sweep(scenario, axes, o);
  std::signal(SIGINT, previous);
  if (!root) return kOk;  // rank 0 reports for the job, and its exit code is the job's
  if (o.progress) std::fprintf(stderr, "\n");
  if (!r.complete) {
    std::cerr << "stargate: interrupted after " << r.points.size() << " points; nothing written\n";
    return 130;  // 128 + SIGINT, the shell's convention
  }
  if (!a.out.empty()) write_sweep_outputs(r, a.out);
  std::cout << sweep_terminal_table(r, ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
  if (!a.out.empty()) std::cout << "\nWrote " << a.out << "/sweep.csv\n";
  return kOk;
}

}  // namespace stargate::cli
