// The sections of a scenario about Monte Carlo: [[correlations]] between
// uncertain inputs and [[questions]] to answer as probabilities (MODEL.md §7).
#include <algorithm>
#include <cmath>
#include <map>

#include "core/format.h"
#include "core/suggest.h"
#include "scenario/quantity.h"
#include "scenario/reader.h"
#include "scenario/sample.h"

namespace stargate::load {

void Loader::read_uncertainty(TableReader& top) {
  if (const toml::array* items = top.table_array("correlations")) {
    for_each_item(
        *items, "correlations", [&](const std::string& id, const toml::table& t, SourceSpan where) {
          TableReader r(*this, t, where, "correlations." + id, correlation_params(),
                        top.provenance());
          CorrelationSpec c;
          c.id = id;
          c.where = where;
          c.inputs = r.refs("inputs");
          Param<double> rho;
          r.read("rho", rho);
          c.rho = rho.base;
          if (rho.is_uncertain()) {
            issue(r.span_of("rho"), r.sub("rho"), "a correlation is a number, not a distribution");
          }
          if (r.has("inputs") && c.inputs.size() < 2) {
            issue(r.span_of("inputs"), r.sub("inputs"),
                  "expected two or more inputs, got " + std::to_string(c.inputs.size()));
          }
          spec_.correlations.push_back(std::move(c));
        });
  }
  if (const toml::array* items = top.table_array("questions")) {
    for_each_item(
        *items, "questions", [&](const std::string& id, const toml::table& t, SourceSpan where) {
          TableReader r(*this, t, where, "questions." + id, question_params(), top.provenance());
          QuestionSpec q;
          q.id = id;
          q.where = where;
          q.metric = Ref{r.text("metric"), r.sub("metric"), r.span_of("metric")};
          q.op_text = r.text("op");
          q.op = q.op_text == "<="  ? CompareOp::kLe
                 : q.op_text == ">" ? CompareOp::kGt
                 : q.op_text == "<" ? CompareOp::kLt
                                    : CompareOp::kGe;
          Param<double> value;
          r.read("value", value);
          q.value = value.base;
          std::optional<Param<Date>> by;
          r.read("by", by);
          if (by) q.by = by->base;
          std::optional<Param<bool>> any;
          r.read("at_any_time", any);
          q.at_any_time = any && any->base;
          if (value.is_uncertain() || (by && by->is_uncertain())) {
            issue(where, r.path(), "a question's value and date are fixed, not drawn");
          }
          if (q.by.has_value() == q.at_any_time) {
            issue(where, r.path(),
                  std::string("expected by = <date> or at_any_time = true, got ") +
                      (q.at_any_time ? "both" : "neither"));
          }
          spec_.questions.push_back(std::move(q));
        });
  }
}

void Loader::validate_uncertainty() {
  std::vector<std::string> paths;
  for (const UncertainInput& u : spec_.uncertain) paths.push_back(u.key_path);
  // An input an override fixed (--set equity.softbank.honoured=0%: "what if
  // SoftBank does not pay") leaves its correlation groups, and a group left
  // with fewer than two inputs goes; written so in the file, it is an error.
  auto fixed_by_override = [&](const Ref& r) {
    return std::find(paths.begin(), paths.end(), r.id) == paths.end() &&
           std::find(overridden_.begin(), overridden_.end(), r.id) != overridden_.end();
  };
  std::erase_if(spec_.correlations, [&](CorrelationSpec& c) {
    return std::erase_if(c.inputs, fixed_by_override) > 0 && c.inputs.size() < 2;
  });
  std::map<std::pair<std::string, std::string>, std::pair<double, std::string>> pairs;
  for (const CorrelationSpec& c : spec_.correlations) {
    for (size_t i = 0; i < c.inputs.size(); ++i) {
      const Ref& r = c.inputs[i];
      if (std::find(paths.begin(), paths.end(), r.id) == paths.end()) {
        const std::string near = closest(r.id, paths);
        issue(r.where, r.key_path,
              "'" + r.id + "' is not an uncertain input" +
                  (paths.empty() ? " (the scenario has none)" : ""),
              near.empty() ? "only inputs written as distributions can be correlated"
                           : "did you mean '" + near + "'?");
        continue;
      }
      for (size_t j = 0; j < i; ++j) {
        if (c.inputs[j].id == r.id) {
          issue(r.where, r.key_path, "'" + r.id + "' is listed twice");
          continue;
        }
        auto key = std::minmax(r.id, c.inputs[j].id);
        auto [it, fresh] = pairs.try_emplace({key.first, key.second}, c.rho, c.id);
        if (!fresh && it->second.first != c.rho) {
          issue(r.where, r.key_path,
                "'" + key.first + "' and '" + key.second + "' are correlated twice: " +
                    format_number(it->second.first) + " in correlations." + it->second.second +
                    " and " + format_number(c.rho) + " here");
        }
      }
    }
  }
  if (!spec_.correlations.empty() && issues_.empty()) {
    try {
      const Sampler check(spec_);
    } catch (const Error&) {
      issue(spec_.correlations.front().where, "correlations",
            "the correlations contradict each other: their matrix is not positive definite",
            "e.g. a with b at 0.9, b with c at 0.9 and a with c at -0.9 cannot all hold; "
            "lower some rho");
    }
  }
  for (const QuestionSpec& q : spec_.questions) {
    if (q.by && horizon_known() && (*q.by < spec_.info.start || *q.by > spec_.info.end)) {
      issue(q.where, "questions." + q.id + ".by",
            "must be within the horizon (" + spec_.info.start.to_string() + " to " +
                spec_.info.end.to_string() + "), got " + q.by->to_string());
    }
  }
}

}  // namespace stargate::load
