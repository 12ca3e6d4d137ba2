// include/stargate/scenario.h
//
// A scenario: what a program consists of (entities, sites, power, phases,
// accelerators, orders) and when, as read from TOML. Loading validates
// everything; a Scenario that exists is valid.
//
// Thread-safety: a Scenario is immutable and cheap to copy (it shares its
// contents); concurrent use from many threads is safe.

#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stargate {

struct ScenarioSpec;  // the parsed contents; src/scenario/spec.h

// The scenario `stargate run` uses when given none.
inline constexpr std::string_view kDefaultScenario = "stargate-2025-01";

class Scenario {
 public:
  // Reads and validates a TOML file.
  // Throws: Error{kIo} if the file cannot be read; Error{kInvalidScenario}
  // with every problem found (file:line:column, key path, hint).
  static Scenario load(const std::string& path);
  // The same, from text; `source_name` is what messages call it.
  static Scenario from_toml(std::string_view text, std::string_view source_name = "<string>");
  // A scenario compiled into the binary. Throws Error{kInvalidScenario} for an
  // unknown id, with a did-you-mean.
  static Scenario builtin(std::string_view id = kDefaultScenario);
  static std::vector<std::string> builtin_ids();

  const std::string& id() const;
  const std::string& name() const;
  // Where it came from: a path or "builtin:<id>".
  const std::string& source_name() const;
  // "4 entities, 5 sites, 12 phases, 3 orders, 7 uncertain inputs".
  std::string counts() const;
  // The scenario in plain words: who, where, how much, when.
  std::string explain() const;

  // The parsed contents, for the library's own layers.
  const ScenarioSpec& spec() const { return *spec_; }

 private:
  explicit Scenario(std::shared_ptr<const ScenarioSpec> spec) : spec_(std::move(spec)) {}
  std::shared_ptr<const ScenarioSpec> spec_;
};

// Every key a scenario may contain, table by table, with its unit, default,
// bounds and doc, as Markdown (docs/reference.md is this text).
std::string scenario_reference();

}  // namespace stargate
