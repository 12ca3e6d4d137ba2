#include "stargate/scenario.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/suggest.h"
#include "scenario/builtin/builtin.h"
#include "scenario/loader.h"
#include "scenario/spec.h"

namespace stargate {
namespace {

std::string stem(const std::string& path) {
  std::string name = path;
  if (const size_t slash = name.find_last_of('/'); slash != std::string::npos)
    name = name.substr(slash + 1);
  if (const size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0)
    name = name.substr(0, dot);
  return name;
}

}  // namespace

struct Scenario::Source {
  std::string text;
  std::string name;        // what messages call it: a path or "builtin:<id>"
  std::string default_id;  // the id when [scenario] gives none
  Overrides overrides;
};

Scenario Scenario::read(std::shared_ptr<const Source> source) {
  auto spec = std::make_shared<const ScenarioSpec>(
      load_scenario_spec(source->text, source->name, source->default_id, source->overrides));
  return Scenario(std::move(spec), std::move(source));
}

Scenario Scenario::load(const std::string& path, const Overrides& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::kIo, "cannot read '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(ErrorKind::kIo, "cannot read '" + path + "'");
  return read(std::make_shared<const Source>(Source{text.str(), path, stem(path), overrides}));
}

Scenario Scenario::from_toml(std::string_view text, std::string_view source_name,
                             const Overrides& overrides) {
  return read(std::make_shared<const Source>(Source{std::string(text), std::string(source_name),
                                                    stem(std::string(source_name)), overrides}));
}

Scenario Scenario::builtin(std::string_view id, const Overrides& overrides) {
  for (const BuiltinScenario& b : builtin_scenarios()) {
    if (b.id == id) {
      return read(std::make_shared<const Source>(Source{
          std::string(b.text), "builtin:" + std::string(b.id), std::string(b.id), overrides}));
    }
  }
  const std::vector<std::string> ids = builtin_ids();
  throw Error(
      ErrorKind::kInvalidScenario, "",
      {Issue{{}, "", "no built-in scenario '" + std::string(id) + "'", did_you_mean(id, ids)}});
}

Scenario Scenario::with_overrides(const Overrides& more) const {
  Source next = *source_;
  next.overrides.insert(next.overrides.end(), more.begin(), more.end());
  return read(std::make_shared<const Source>(std::move(next)));
}

const Overrides& Scenario::overrides() const { return source_->overrides; }

std::vector<std::string> Scenario::builtin_ids() {
  std::vector<std::string> ids;
  for (const BuiltinScenario& b : builtin_scenarios()) ids.emplace_back(b.id);
  return ids;
}

const std::string& Scenario::id() const { return spec_->info.id; }
const std::string& Scenario::name() const { return spec_->info.name; }
const std::string& Scenario::source_name() const { return spec_->source_name; }

std::string Scenario::counts() const {
  size_t phases = 0, power = 0;
  for (const SiteSpec& s : spec_->sites) {
    phases += s.phases.size();
    power += s.power.size();
  }
  auto n = [](size_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
  };
  return n(spec_->entities.size(), "entity", "entities") + ", " +
         n(spec_->sites.size(), "site", "sites") + ", " + n(power, "power block", "power blocks") +
         ", " + n(phases, "phase", "phases") + ", " + n(spec_->orders.size(), "order", "orders") +
         (spec_->contracts.empty() ? ""
                                   : ", " + n(spec_->contracts.size(), "contract", "contracts")) +
         (spec_->tenants.empty() ? "" : ", " + n(spec_->tenants.size(), "tenant", "tenants")) +
         ", " + n(spec_->uncertain.size(), "uncertain input", "uncertain inputs");
}

}  // namespace stargate
