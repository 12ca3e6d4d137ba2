// stargate: the command-line front end. It parses arguments, calls the
// library, prints and writes; it holds no model logic.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "exit_codes.h"
#include "stargate/error.h"
#include "stargate/output.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"
#include "stargate/version.h"

namespace {

using stargate::Error;
using stargate::ErrorKind;
using stargate::Scenario;

// A path, or the id of a built-in scenario; empty means the default built-in.
Scenario open_scenario(const std::string& arg) {
  if (arg.empty()) return Scenario::builtin();
  if (std::filesystem::exists(arg) || arg.find('/') != std::string::npos ||
      arg.find(".toml") != std::string::npos) {
    return Scenario::load(arg);
  }
  return Scenario::builtin(arg);
}

int report(const Error& e) {
  if (e.kind() == ErrorKind::kInvalidScenario && !e.issues().empty()) {
    for (const stargate::Issue& i : e.issues()) std::cerr << i.to_string() << "\n";
    const size_t n = e.issues().size();
    std::cerr << n << (n == 1 ? " problem" : " problems") << "; nothing was run\n";
  } else {
    std::cerr << "stargate: " << (e.kind() == ErrorKind::kInternal ? "internal error: " : "error: ")
              << e.what() << "\n";
    if (e.kind() == ErrorKind::kInternal)
      std::cerr << "This is a bug; please report it with the scenario.\n";
  }
  return stargate::cli::exit_code_for(e.kind());
}

std::string now_iso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

bool use_color() { return ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

struct RunArgs {
  std::string scenario;
  std::string out;
  std::string step;
  std::string format = "table";
  bool monthly = false;
};

int cmd_run(const RunArgs& a) {
  const Scenario scenario = open_scenario(a.scenario);
  stargate::RunOptions options;
  if (a.step == "day") options.step = stargate::StepKind::kDay;
  if (a.step == "week") options.step = stargate::StepKind::kWeek;
  if (a.step == "month") options.step = stargate::StepKind::kMonth;
  options.record_timeline = !a.out.empty();
  const stargate::Results results = stargate::simulate(scenario, options);
  if (!a.out.empty()) {
    stargate::write_outputs(results, a.out, {a.monthly, now_iso()});
  }
  if (a.format == "json") {
    std::cout << stargate::summary_json(results, "");
  } else {
    std::cout << stargate::terminal_summary(results, use_color());
    if (!a.out.empty())
      std::cout << "\nWrote " << a.out << "/: summary.json, timeline.csv, flows.csv"
                << (results.tenants.empty() ? "" : ", runs.csv") << "\n";
  }
  return stargate::cli::kOk;
}

int cmd_validate(const std::vector<std::string>& paths) {
  int worst = stargate::cli::kOk;
  for (const std::string& p : paths) {
    try {
      const Scenario s = open_scenario(p);
      std::cout << "ok: " << s.source_name() << ": " << s.counts() << "\n";
    } catch (const Error& e) {
      worst = std::max(worst, report(e));
    }
  }
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "stargate " + std::string(stargate::version()) +
      ": simulate AI compute infrastructure programs — money in, gigawatts built, accelerators "
      "powered, compute delivered."};
  app.set_version_flag("--version", std::string("stargate ") + stargate::version());
  app.footer(
      "Examples:\n"
      "  stargate                                 run the built-in Stargate scenario "
      "(stargate-2025-01)\n"
      "  stargate run scenarios/my.toml --out out/my\n"
      "  stargate run --step month --format json  the summary as JSON, in monthly steps\n"
      "  stargate validate scenarios/*.toml       check files; every problem with "
      "file:line:column\n"
      "  stargate explain stargate-2025-01        the scenario in plain words\n"
      "  stargate explain --params                every scenario key with its unit and default\n"
      "\nExit codes: 0 ok, 2 invalid scenario, 3 I/O error, 64 bad arguments, 70 internal error.");

  RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Run a scenario's base case and print its summary");
  run->add_option("scenario", run_args.scenario,
                  "Scenario file or built-in id (default: stargate-2025-01)");
  run->add_option("--out", run_args.out,
                  "Write summary.json, timeline.csv and flows.csv (and runs.csv with tenants) into "
                  "this directory");
  run->add_option("--step", run_args.step, "Override the step length")
      ->check(CLI::IsMember({"day", "week", "month"}));
  run->add_option("--format", run_args.format, "Terminal output: table or json")
      ->check(CLI::IsMember({"table", "json"}));
  run->add_flag("--monthly", run_args.monthly, "timeline.csv with one row per month");

  std::vector<std::string> validate_paths;
  CLI::App* validate =
      app.add_subcommand("validate", "Check scenario files and report every problem");
  validate->add_option("scenarios", validate_paths, "Scenario files or built-in ids")->required();

  std::string explain_arg;
  bool explain_params = false;
  CLI::App* explain = app.add_subcommand("explain", "Describe a scenario in plain words");
  explain->add_option("scenario", explain_arg,
                      "Scenario file or built-in id (default: stargate-2025-01)");
  explain->add_flag("--params", explain_params, "Print every scenario key (docs/reference.md)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : stargate::cli::kUsage;
  }

  try {
    if (*validate) return cmd_validate(validate_paths);
    if (*explain) {
      if (explain_params) {
        std::cout << stargate::scenario_reference();
      } else {
        std::cout << open_scenario(explain_arg).explain();
      }
      return stargate::cli::kOk;
    }
    return cmd_run(run_args);  // `run`, or no subcommand at all
  } catch (const Error& e) {
    return report(e);
  } catch (const std::exception& e) {
    std::cerr << "stargate: internal error: " << e.what() << "\n";
    return stargate::cli::exit_code_for(ErrorKind::kInternal);
  }
}
