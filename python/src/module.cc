// python/src/module.cc
//
// stargate._stargate: the native half of `import stargate` (docs/python.md),
// over include/stargate only. It is the one translation unit that includes
// pybind11. The public API, its DataFrames and its exceptions are the pure
// Python package beside it (python/stargate/); this module hands it the
// library's objects and its results as column tables (tables.h).
//
// The GIL is released while a scenario runs, a Monte Carlo runs and a report
// or workbook is written. Monte Carlo checks for signals from its progress
// callback, on the calling thread about every 100 ms: a Ctrl-C there sets the
// run's cancel token and, once the workers have stopped, is raised as the
// KeyboardInterrupt it is, so a partial result is never returned.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "stargate/error.h"
#include "stargate/mc_output.h"
#include "stargate/montecarlo.h"
#include "stargate/output.h"
#include "stargate/report.h"
#include "stargate/scenario.h"
#include "stargate/simulate.h"
#include "stargate/version.h"
#include "stargate/workbook.h"
#include "tables.h"

namespace py = pybind11;

namespace stargate::python {
namespace {

// A run: the scenario it ran (for the report and the workbook) and its results.
struct Run {
  Scenario scenario;
  Results results;
};

// A Monte Carlo run, with what its report and workbook need to run the base
// case beside it: the scenario and the step length.
struct McRun {
  Scenario scenario;
  std::optional<StepKind> step;
  McResults results;
};

// The base case beside a Monte Carlo run, at its step length, with the GIL
// already released.
Results base_case(const McRun& m) {
  RunOptions o;
  o.step = m.step;
  o.record_timeline = true;
  return simulate(m.scenario, o);
}

std::optional<StepKind> step_of(const std::optional<std::string>& step) {
  if (!step) return std::nullopt;
  if (*step == "day") return StepKind::kDay;
  if (*step == "week") return StepKind::kWeek;
  if (*step == "month") return StepKind::kMonth;
  throw py::value_error("step: expected 'day', 'week' or 'month', got '" + *step + "'");
}

// A table as a list of (name, values, unit, kind): numbers as float64
// arrays, counts as int64, yes/no as bool, dates as datetime64[ns] (NaT for
// none), texts as lists of str (None for none).
py::list to_python(const Table& t) {
  py::list out;
  for (const Column& c : t.columns) {
    py::object values;
    const char* kind = "number";
    switch (c.kind) {
      case Column::Kind::kNumber:
        values = py::array_t<double>(static_cast<py::ssize_t>(c.numbers.size()), c.numbers.data());
        break;
      case Column::Kind::kInteger:
        kind = "integer";
        values = py::array_t<std::int64_t>(static_cast<py::ssize_t>(c.integers.size()),
                                           c.integers.data());
        break;
      case Column::Kind::kBool: {
        kind = "bool";
        py::array_t<bool> a(static_cast<py::ssize_t>(c.integers.size()));
        auto w = a.mutable_unchecked<1>();
        for (size_t i = 0; i < c.integers.size(); ++i)
          w(static_cast<py::ssize_t>(i)) = c.integers[i] != 0;
        values = a;
        break;
      }
      case Column::Kind::kDate: {
        kind = "date";
        constexpr std::int64_t kNsPerDay = 86'400'000'000'000;
        std::vector<std::int64_t> ns(c.integers.size());
        for (size_t i = 0; i < ns.size(); ++i) {
          ns[i] = c.integers[i] == Column::kNoDate ? Column::kNoDate  // NaT
                                                   : c.integers[i] * kNsPerDay;
        }
        values = py::array(py::dtype("datetime64[ns]"), {static_cast<py::ssize_t>(ns.size())}, {},
                           ns.data());
        break;
      }
      case Column::Kind::kText: {
        kind = "text";
        py::list l;
        for (const std::optional<std::string>& s : c.texts) {
          if (s) {
            l.append(py::str(*s));
          } else {
            l.append(py::none());
          }
        }
        values = l;
        break;
      }
    }
    out.append(py::make_tuple(c.name, values, c.unit, kind));
  }
  return out;
}

// stargate::Error as the package's exception (python/stargate/_errors.py):
// ScenarioError, IoError, UnsupportedError or InternalError, with every
// issue as a record.
void raise_python(const Error& e) {
  try {
    py::list issues;
    for (const Issue& i : e.issues()) {
      issues.append(py::make_tuple(i.where.file, i.where.line, i.where.column, i.key_path,
                                   i.message, i.hint, i.to_string()));
    }
    const py::object exc = py::module_::import("stargate._errors")
                               .attr("_from_native")(to_string(e.kind()), e.what(), issues);
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
  } catch (py::error_already_set& failed) {
    failed.restore();  // the package is missing or broken: say that
  }
}

// Monte Carlo with the GIL released. Its progress callback takes the GIL,
// runs pending signal handlers and then the caller's callback; an exception
// from either (KeyboardInterrupt from Ctrl-C) cancels the run and is raised
// when it has stopped.
McRun run_monte_carlo(const Scenario& scenario, std::int64_t trials,
                      std::optional<std::uint64_t> seed, int threads, std::int64_t block,
                      bool sensitivity, std::int64_t sample, const std::optional<std::string>& step,
                      const py::object& progress) {
  std::atomic<bool> cancel{false};
  std::exception_ptr failure;
  McOptions o;
  o.trials = trials;
  o.seed = seed;
  o.threads = threads;
  o.block = block;
  o.step = step_of(step);
  o.sensitivity = sensitivity;
  o.sample = sample;
  o.cancel = &cancel;
  // Called on this thread; it must not throw (monte_carlo's workers are
  // still running), so every failure is kept for later.
  o.progress = [&](std::int64_t done, std::int64_t total) {
    py::gil_scoped_acquire gil;
    if (cancel.load()) return;  // the last call, after a cancel
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!progress.is_none()) progress(done, total);
    } catch (...) {
      failure = std::current_exception();
      cancel.store(true);
    }
  };
  McResults r;
  {
    py::gil_scoped_release nogil;
    r = monte_carlo(scenario, o);
  }
  if (failure) std::rethrow_exception(failure);
  if (!r.complete) {
    // Nothing here cancels it but the callback above; never hand back a
    // partial result as if it were whole.
    throw std::runtime_error("Monte Carlo stopped after " + std::to_string(r.trials_done) + " of " +
                             std::to_string(r.trials_requested) + " trials");
  }
  return McRun{scenario, o.step, std::move(r)};
}

}  // namespace
}  // namespace stargate::python

PYBIND11_MODULE(_stargate, m) {
  using namespace stargate;
  using namespace stargate::python;

  m.doc() =
      "The native half of the stargate package: the library's scenarios, runs and Monte Carlo. "
      "Use the package (`import stargate`), not this module.";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      raise_python(e);
    }
  });

  m.attr("DEFAULT_SCENARIO") = std::string(kDefaultScenario);
  m.def("version", &version, "The library's version, e.g. '0.1.0'.");
  m.def("builtin_ids", &Scenario::builtin_ids, "The ids of the scenarios built into the library.");
  m.def("reference", &scenario_reference,
        "Every key a scenario may contain, with its unit, default, bounds and doc, as Markdown "
        "(docs/reference.md).");
  m.def("report_available", &report_available,
        "Whether this build carries the chart library that report.html needs.");

  py::class_<Scenario>(m, "Scenario", "A validated scenario (include/stargate/scenario.h).")
      .def_static(
          "load", [](const std::string& path) { return Scenario::load(path); }, py::arg("path"),
          "Reads and validates a TOML file.")
      .def_static(
          "from_toml",
          [](const std::string& text, const std::string& name) {
            return Scenario::from_toml(text, name);
          },
          py::arg("text"), py::arg("name") = "<string>",
          "Reads and validates TOML text; `name` is what messages call it.")
      .def_static(
          "builtin", [](const std::string& id) { return Scenario::builtin(id); },
          py::arg("id") = std::string(kDefaultScenario), "A scenario built into the library.")
      .def_static(
          "parse_override",
          [](const std::string& assignment) {
            const Override o = Override::parse(assignment);
            return std::make_tuple(o.path, o.value);
          },
          py::arg("assignment"), "Splits 'path=value' as `--set` does: (path, value).")
      .def(
          "with_override",
          [](const Scenario& s, const std::string& path, const std::string& value) {
            return s.with_overrides({Override{path, value, "--set"}});
          },
          py::arg("path"), py::arg("value"),
          "This scenario read again with `path` set to `value`, as `--set path=value`.")
      .def_property_readonly("id", &Scenario::id)
      .def_property_readonly("name", &Scenario::name)
      .def_property_readonly("source_name", &Scenario::source_name)
      .def_property_readonly("overrides",
                             [](const Scenario& s) {
                               std::vector<std::tuple<std::string, std::string>> out;
                               for (const Override& o : s.overrides())
                                 out.emplace_back(o.path, o.value);
                               return out;
                             })
      .def("counts", &Scenario::counts, "'4 entities, 5 sites, …'.")
      .def("explain", &Scenario::explain, "The scenario in plain words.")
      .def(
          "simulate",
          [](const Scenario& s, const std::optional<std::string>& step) {
            RunOptions o;
            o.record_timeline = true;
            o.step = step_of(step);
            Results r;
            {
              py::gil_scoped_release nogil;
              r = simulate(s, o);
            }
            return Run{s, std::move(r)};
          },
          py::arg("step") = py::none(), "Runs the base case, with its timeline.")
      .def("monte_carlo", &run_monte_carlo, py::arg("trials"), py::arg("seed"), py::arg("threads"),
           py::arg("block"), py::arg("sensitivity"), py::arg("sample"), py::arg("step"),
           py::arg("progress"),
           "Monte Carlo with the GIL released; Ctrl-C, or an exception from `progress(done, "
           "total)`, stops it and is raised.");

  py::class_<Run>(m, "Run", "One run's results (include/stargate/results.h).")
      .def_property_readonly("scenario", [](const Run& r) { return r.scenario; })
      .def_property_readonly("label", [](const Run& r) { return r.results.label; })
      .def(
          "summary_json", [](const Run& r) { return summary_json(r.results, ""); },
          "summary.json without `generated_at`.")
      .def(
          "terminal_summary", [](const Run& r) { return terminal_summary(r.results, false); },
          "The summary the CLI prints, without colour.")
      .def(
          "timeline",
          [](const Run& r, bool monthly) {
            return to_python(timeline_table_of(r.results, monthly));
          },
          py::arg("monthly") = false, "timeline.csv as columns.")
      .def(
          "flows", [](const Run& r) { return to_python(flows_table(r.results)); },
          "flows.csv as columns.")
      .def(
          "runs", [](const Run& r) { return to_python(runs_table(r.results)); },
          "runs.csv as columns.")
      .def(
          "contracts", [](const Run& r) { return to_python(contracts_table(r.results)); },
          "summary.json's market.contracts as columns.")
      .def(
          "write_report",
          [](const Run& r, const std::string& path, const std::string& generated_at) {
            py::gil_scoped_release nogil;
            write_report(path, html_report(r.scenario, r.results, {generated_at}));
          },
          py::arg("path"), py::arg("generated_at"), "Writes report.html to `path`, atomically.")
      .def(
          "write_workbook",
          [](const Run& r, const std::string& path) {
            py::gil_scoped_release nogil;
            write_workbook(r.scenario, r.results, path);
          },
          py::arg("path"), "Writes the Excel workbook to `path`, atomically.");

  py::class_<McRun>(m, "MonteCarlo", "A Monte Carlo's results (include/stargate/montecarlo.h).")
      .def_property_readonly("scenario", [](const McRun& r) { return r.scenario; })
      .def_property_readonly("scenario_id", [](const McRun& r) { return r.results.scenario_id; })
      .def_property_readonly("seed", [](const McRun& r) { return r.results.seed; })
      .def_property_readonly("trials_requested",
                             [](const McRun& r) { return r.results.trials_requested; })
      .def_property_readonly("trials_done", [](const McRun& r) { return r.results.trials_done; })
      .def_property_readonly("complete", [](const McRun& r) { return r.results.complete; })
      .def_property_readonly("threads", [](const McRun& r) { return r.results.threads; })
      .def_property_readonly("seconds", [](const McRun& r) { return r.results.seconds; })
      .def_property_readonly("uncertain_inputs",
                             [](const McRun& r) { return r.results.uncertain_inputs; })
      .def(
          "summary_json", [](const McRun& r) { return mc_summary_json(r.results, ""); },
          "mc_summary.json without `generated_at`.")
      .def(
          "terminal_summary", [](const McRun& r) { return mc_terminal_summary(r.results, false); },
          "The summary `stargate mc` prints, without colour.")
      .def(
          "quantiles", [](const McRun& r) { return to_python(mc_quantiles_table(r.results)); },
          "mc_summary.csv as columns.")
      .def(
          "fans", [](const McRun& r) { return to_python(mc_fans_table(r.results)); },
          "fan.csv as columns.")
      .def(
          "dates", [](const McRun& r) { return to_python(mc_dates_table(r.results)); },
          "dates.csv as columns.")
      .def(
          "questions", [](const McRun& r) { return to_python(mc_questions_table(r.results)); },
          "questions.csv as columns.")
      .def(
          "sensitivity", [](const McRun& r) { return to_python(mc_sensitivity_table(r.results)); },
          "sensitivity.csv as columns.")
      .def(
          "write_report",
          [](const McRun& r, const std::string& path, const std::string& generated_at) {
            py::gil_scoped_release nogil;
            require_report_library();  // before the base case runs
            write_report(path, html_mc_report(r.scenario, base_case(r), r.results, {generated_at}));
          },
          py::arg("path"), py::arg("generated_at"),
          "Writes the Monte Carlo report.html (`stargate mc --report FILE`), atomically.")
      .def(
          "write_workbook",
          [](const McRun& r, const std::string& path) {
            py::gil_scoped_release nogil;
            write_mc_workbook(r.scenario, base_case(r), r.results, path);
          },
          py::arg("path"), "Writes the Monte Carlo workbook (`stargate mc --xlsx FILE`).");
}
