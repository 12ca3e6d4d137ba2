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
#include "mc.h"
#include "report_option.h"
#include "stargate/compare.h"
#include "stargate/error.h"
#include "stargate/output.h"
#include "stargate/report.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"
#include "stargate/version.h"
#include "stargate/workbook.h"
#include "sweep.h"
#include "value_options.h"

namespace {

using stargate::Error;
using stargate::ErrorKind;
using stargate::Scenario;

// A path, or the id of a built-in scenario; empty means the default built-in.
// `sets` are `--set path=value` arguments, applied before validation.
Scenario open_scenario(const std::string& arg, const std::vector<std::string>& sets = {}) {
  stargate::Overrides overrides;
  std::vector<stargate::Issue> malformed;  // every `--set` without '=', reported together
  for (const std::string& s : sets) {
    try {
      overrides.push_back(stargate::Override::parse(s));
    } catch (const Error& e) {
      malformed.insert(malformed.end(), e.issues().begin(), e.issues().end());
    }
  }
  if (!malformed.empty()) throw Error(ErrorKind::kInvalidScenario, "", std::move(malformed));
  if (arg.empty()) return Scenario::builtin(stargate::kDefaultScenario, overrides);
  if (std::filesystem::exists(arg) || arg.find('/') != std::string::npos ||
      arg.find(".toml") != std::string::npos) {
    return Scenario::load(arg, overrides);
  }
  return Scenario::builtin(arg, overrides);
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
  std::vector<std::string> set;  // --set path=value
  std::string out;
  std::string xlsx;
  bool report = false;      // --report given
  std::string report_file;  // its value; "" means report.html in --out (or here)
  std::string step;
  std::string format = "table";
  bool monthly = false;
};

int cmd_run(const RunArgs& a) {
  const Scenario scenario = open_scenario(a.scenario, a.set);
  stargate::RunOptions options;
  options.step = stargate::cli::step_option(a.step);
  options.record_timeline = !a.out.empty() || !a.xlsx.empty() || a.report;
  const stargate::Results results = stargate::simulate(scenario, options);
  // The report is made first: a build without its chart library fails here,
  // before anything is written. Without a FILE it goes into --out, with the rest.
  std::string report_html, report_path;
  std::vector<std::pair<std::string, std::string>> report_in_out;
  if (a.report) {
    report_html = stargate::html_report(scenario, results, {now_iso()});
    if (!a.report_file.empty() || a.out.empty()) {
      report_path = a.report_file.empty() ? "report.html" : a.report_file;
    } else {
      report_in_out.push_back({"report.html", report_html});
    }
  }
  if (!a.out.empty()) {
    stargate::write_outputs(results, a.out, {a.monthly, now_iso(), report_in_out});
  }
  if (!report_path.empty()) stargate::write_report(report_path, report_html);
  // After the folder: a workbook inside it survives the folder's swap.
  if (!a.xlsx.empty()) stargate::write_workbook(scenario, results, a.xlsx);
  if (a.format == "json") {
    std::cout << stargate::summary_json(results, "");
  } else {
    std::cout << stargate::terminal_summary(results, use_color());
    if (!a.out.empty())
      std::cout << "\nWrote " << a.out << "/: summary.json, timeline.csv, flows.csv"
                << (results.tenants.empty() ? "" : ", runs.csv")
                << (report_in_out.empty() ? "" : ", report.html") << "\n";
    if (!report_path.empty())
      std::cout << (a.out.empty() ? "\n" : "") << "Wrote " << report_path << "\n";
    if (!a.xlsx.empty()) std::cout << (a.out.empty() ? "\n" : "") << "Wrote " << a.xlsx << "\n";
  }
  return stargate::cli::kOk;
}

// A result folder (a directory, or a path that names none and no .toml
// file), else a scenario file or built-in id.
stargate::CompareSide open_side(const std::string& arg) {
  const bool folder_like = arg.find('/') != std::string::npos && !arg.ends_with(".toml");
  if (std::filesystem::is_directory(arg) || (folder_like && !std::filesystem::exists(arg))) {
    return stargate::read_side(arg);
  }
  return stargate::run_side(open_scenario(arg), arg);
}

struct CompareArgs {
  std::string a, b;
  std::string format = "table";
  bool report = false;      // --report given
  std::string report_file;  // its value; "" means ./report.html
};

int cmd_compare(const CompareArgs& args) {
  if (args.report) stargate::require_report_library();  // before running either side
  const stargate::Comparison c = stargate::compare(open_side(args.a), open_side(args.b));
  std::cout << (args.format == "json" ? stargate::comparison_json(c)
                                      : stargate::comparison_text(c, use_color()));
  if (args.report) {
    const std::string path = args.report_file.empty() ? "report.html" : args.report_file;
    stargate::write_report(path, stargate::html_compare_report(c, {now_iso()}));
    if (args.format != "json") std::cout << "\nWrote " << path << "\n";
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
      "  stargate run my.toml --xlsx my.xlsx      the results as an Excel workbook\n"
      "  stargate run --out out/s --report        out/s/report.html: charts and tables, offline\n"
      "  stargate compare a.toml b.toml           what differs between two scenarios (or two "
      "--out folders)\n"
      "  stargate compare a.toml b.toml --report c.html   the same as a page with overlaid charts\n"
      "  stargate mc --trials 10000 --report mc.html      P10/P50/P90, fan charts, tornados\n"
      "  stargate run --set equity.softbank.honoured=90%   override any input by its key path\n"
      "  stargate sweep my.toml --grid sites.s.phases.p.duration=6mo,9mo   one row per grid "
      "point\n"
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
  run->add_option("--set", run_args.set,
                  "Override an input by its key path, e.g. "
                  "sites.abilene.phases.phase2.duration=30mo (repeatable)")
      ->option_text("PATH=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--xlsx", run_args.xlsx,
                  "Write an Excel workbook: summary, monthly timeline, flows, runs, contracts and "
                  "every input with its source")
      ->option_text("FILE");
  CLI::Option* report_opt = stargate::cli::add_report_option(
      run, run_args.report_file,
      "Write report.html, the results as charts and tables in one page that opens offline: into "
      "--out when no FILE is given (else ./report.html)");

  CompareArgs compare_args;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare", "Compare two scenarios or two result folders: inputs and metrics that differ");
  compare_cmd
      ->add_option("a", compare_args.a, "Scenario file, built-in id or result folder (--out)")
      ->required();
  compare_cmd
      ->add_option("b", compare_args.b, "Scenario file, built-in id or result folder (--out)")
      ->required();
  compare_cmd
      ->add_option("--format", compare_args.format,
                   "table: what differs; json: every metric with both values")
      ->check(CLI::IsMember({"table", "json"}));
  CLI::Option* compare_report_opt = stargate::cli::add_report_option(
      compare_cmd, compare_args.report_file,
      "Write the comparison as a page that opens offline: the inputs that differ, A and B "
      "overlaid on the key charts, every metric (default FILE: ./report.html)");

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

  stargate::cli::McArgs mc_args;
  CLI::App* mc = stargate::cli::add_mc_command(app, mc_args);

  stargate::cli::SweepArgs sweep_args;
  CLI::App* sweep = stargate::cli::add_sweep_command(app, sweep_args);

  try {
    app.parse(argc, argv);
    run_args.report = report_opt->count() > 0;
    compare_args.report = compare_report_opt->count() > 0;
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : stargate::cli::kUsage;
  }

  try {
    if (*validate) return cmd_validate(validate_paths);
    if (*mc) return stargate::cli::run_mc(mc_args, open_scenario(mc_args.scenario, mc_args.set));
    if (*sweep) {
      return stargate::cli::run_sweep(sweep_args,
                                      open_scenario(sweep_args.scenario, sweep_args.set));
    }
    if (*compare_cmd) return cmd_compare(compare_args);
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
