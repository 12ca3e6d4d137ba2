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

// An input replaced by its key path: `--set path=value` on the command line
// (docs/scenario-language.md, "Overrides"). The path is MODEL.md §1's
// `section.id.field[.id.field…]`: a table of ids or an array of tables is
// entered by an item's id, never by position
// (`sites.abilene.phases.phase2.duration`, `equity.softbank.honoured`). The
// value is read as TOML when it is one TOML value ("30", "2029-12-31",
// `{ pert = ["30%", "54%", "80%"] }`, "\"30mo\"") and as a string
// otherwise ("30mo", "90%"): exactly what writing it in the file would mean.
struct Override {
  std::string path;
  std::string value;
  // Where it came from, for messages: its problems are located there (a
  // SourceSpan with this file name and line 0) and reports note its value
  // as "set by <source>".
  std::string source = "--set";

  // Splits "path=value" at the first '=' and trims blanks around both.
  // Throws: Error{kInvalidScenario}, located at `source`, without an '='.
  static Override parse(std::string_view assignment, std::string_view source = "--set");
};
using Overrides = std::vector<Override>;

class Scenario {
 public:
  // Reads and validates a TOML file.
  //
  // `overrides` are applied, in order, to the parsed tree before anything is
  // read (a later one on the same path wins), so an overridden value meets
  // the file's checks, defaults and messages. An override may add a key its
  // table allows and the file omits. Its problems are located at its source
  // with line 0 (Issue::to_string: "--set: path: message"); a path that does
  // not resolve is one such issue, with a did-you-mean giving the closest
  // existing key path, or the keys or ids that exist there.
  // Throws: Error{kIo} if the file cannot be read; Error{kInvalidScenario}
  // with every problem found (file:line:column, key path, hint).
  static Scenario load(const std::string& path, const Overrides& overrides = {});
  // The same, from text; `source_name` is what messages call it.
  static Scenario from_toml(std::string_view text, std::string_view source_name = "<string>",
                            const Overrides& overrides = {});
  // A scenario compiled into the binary. Throws Error{kInvalidScenario} for an
  // unknown id, with a did-you-mean.
  static Scenario builtin(std::string_view id = kDefaultScenario, const Overrides& overrides = {});
  static std::vector<std::string> builtin_ids();

  // This scenario read again from the same text with `more` applied after
  // its own overrides: a sweep's points are made so. Throws as load() does.
  Scenario with_overrides(const Overrides& more) const;
  // The overrides it was loaded with, in order.
  const Overrides& overrides() const;

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
  struct Source;  // the text it was read from, and its overrides
  Scenario(std::shared_ptr<const ScenarioSpec> spec, std::shared_ptr<const Source> source)
      : spec_(std::move(spec)), source_(std::move(source)) {}
  static Scenario read(std::shared_ptr<const Source> source);
  std::shared_ptr<const ScenarioSpec> spec_;
  std::shared_ptr<const Source> source_;
};

// Every key a scenario may contain, table by table, with its unit, default,
// bounds and doc, as Markdown (docs/reference.md is this text).
std::string scenario_reference();

}  // namespace stargate
