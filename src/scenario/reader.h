// src/scenario/reader.h
//
// The machinery of the scenario loader: a Loader that collects issues and
// records inputs, and a TableReader that reads one TOML table against its
// ParamSpec table (presence, types, units, bounds, distributions, value
// tables with source and note). The sections themselves are read in
// loader.cc (the physical program) and load_capital.cc (money).
//
// Internal to src/scenario/; nothing outside includes it.
#pragma once

#include <toml++/toml.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/params.h"
#include "scenario/spec.h"
#include "stargate/scenario.h"

namespace stargate::load {

// Small helpers shared by the readers.
double approx_days(const Duration& d);
std::string type_noun(const toml::node& n);
std::string number_text(double v);
std::string raw_text(const toml::node& n);
std::string lower_first(std::string s);
bool valid_id(std::string_view id);
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& t);
std::vector<std::string> keys_of(std::span<const ParamSpec> params);
std::vector<std::string> strings_of(std::span<const std::string_view> choices);
std::string join(std::span<const std::string_view> words);
std::string join_words(const std::vector<std::string>& words);
std::string suggest_choice(const ParamSpec& ps, const std::string& value);

// A number read from the scenario: its base value and where it is recorded.
struct Numeric {
  double base = 0.0;
  Duration duration;  // kDuration: the base as written
  std::int32_t uncertain = -1;
  std::int32_t input = -1;
};

template <class T>
T to_value(const Numeric& n) {
  if constexpr (std::is_same_v<T, Duration>) {
    return n.duration;
  } else {
    return ParamTraits<T>::from_double(n.base, T{});
  }
}

class Loader;

// Reads one TOML table against its ParamSpec table.
class TableReader {
 public:
  TableReader(Loader& loader, const toml::table& table, SourceSpan where, std::string path,
              std::span<const ParamSpec> params, const Provenance& inherited);

  const std::string& path() const { return path_; }
  const SourceSpan& where() const { return where_; }
  const Provenance& provenance() const { return provenance_; }
  std::string sub(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  bool has(std::string_view key) const { return table_.get(key) != nullptr; }
  SourceSpan span_of(std::string_view key) const;

  template <class T>
  void read(std::string_view key, Param<T>& out) {
    if (auto n = numeric(key)) out = Param<T>{to_value<T>(*n), n->uncertain, n->input};
  }
  template <class T>
  void read(std::string_view key, std::optional<Param<T>>& out) {
    if (auto n = numeric(key)) out = Param<T>{to_value<T>(*n), n->uncertain, n->input};
  }
  // Text, enum and id keys. Absent: the fallback for kDefault, else "".
  std::string text(std::string_view key);
  std::vector<std::string> enum_list(std::string_view key);
  Ref ref(std::string_view key);
  std::vector<Ref> refs(std::string_view key);
  // The array of tables under `key`, or nullptr (absent or wrong type, reported).
  const toml::array* table_array(std::string_view key);
  // The table under `key`, or nullptr (absent or wrong type, reported).
  const toml::table* table(std::string_view key);

 private:
  const ParamSpec& spec(std::string_view key) const;
  std::optional<Numeric> numeric(std::string_view key);
  // The node of a word-like key (text, enum, reference, list), unwrapping a
  // { value = …, source = …, note = … } table and recording the input with its
  // provenance. `present` says whether the key was written at all; nullptr
  // with present == true means the value table was malformed (reported).
  const toml::node* word(std::string_view key, const ParamSpec& ps, bool& present);
  bool missing(const ParamSpec& ps);

  Loader& loader_;
  const toml::table& table_;
  SourceSpan where_;
  std::string path_;
  std::span<const ParamSpec> params_;
  Provenance provenance_;
};

class Loader {
 public:
  // Everything the loader knows about ids, for references and did-you-mean.
  std::vector<std::string> entity_ids() const;
  std::vector<std::string> vehicle_ids() const;

  Loader(std::string_view source_name) : source_(source_name) { spec_.source_name = source_name; }

  // Reads the text with `overrides` applied to its tree first (override.h).
  ScenarioSpec load(std::string_view text, std::string_view default_id,
                    std::span<const Override> overrides = {});

  SourceSpan span(const toml::node& n) const { return span(n.source()); }
  SourceSpan span(const toml::key& k) const { return span(k.source()); }
  // A node from another source than the file (an override's "--set") has no
  // line in the file: it is located by that source's name alone.
  SourceSpan span(const toml::source_region& r) const {
    if (r.path && *r.path != source_) return {*r.path, 0, 0};
    return {source_, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  void issue(SourceSpan where, std::string path, std::string message, std::string hint = {}) {
    issues_.push_back(
        Issue{std::move(where), std::move(path), std::move(message), std::move(hint)});
  }

  // Parses one scalar (number, string, date) of `unit` at `path`; reports and
  // returns false on failure.
  bool scalar(const toml::node& n, Unit unit, const std::string& path, double& value,
              Duration& duration);
  std::optional<Numeric> numeric(const toml::node& n, const ParamSpec& ps, const std::string& path,
                                 const Provenance& inherited);
  Numeric default_numeric(const ParamSpec& ps, const std::string& path, SourceSpan where,
                          const Provenance& inherited);

  ScenarioSpec& spec() { return spec_; }
  bool horizon_known() const { return horizon_known_; }

 private:
  bool distribution(const toml::table& t, const ParamSpec& ps, const std::string& path,
                    Distribution& dist, Duration::Unit& duration_unit, std::string& text);
  // Checks [lo, hi] (base units; durations in mean days) against the key's
  // bounds. `shown_lo`/`shown_hi` are those ends as the user would write them;
  // `dist` is null for a single value.
  void check_bounds(const ParamSpec& ps, double lo, double hi, const std::string& shown_lo,
                    const std::string& shown_hi, const Distribution* dist, const std::string& path,
                    SourceSpan where);

  // Sections of the physical program (loader.cc).
  void read_scenario(TableReader& top);
  void read_entities(TableReader& top);
  void read_owners(TableReader& r, const toml::table& owners, EntitySpec& e);
  void read_accelerators(TableReader& top);
  void read_sites(TableReader& top);
  void read_site(const std::string& id, const toml::table& t, SourceSpan where,
                 const Provenance& inherited);
  void read_orders(TableReader& top);
  void validate();
  void record_catalog_inputs();
  // Sections of money (load_capital.cc).
  void read_capital(TableReader& top);
  void validate_capital();
  // The capacity market and training (load_market.cc).
  void read_market(TableReader& top);
  void read_tenant(const std::string& id, const toml::table& t, SourceSpan where,
                   const Provenance& inherited);
  void validate_market();
  // Monte Carlo's correlations and questions (load_uncertainty.cc).
  void read_uncertainty(TableReader& top);
  void validate_uncertainty();

  // Iterates an array of tables: each item must be a table with a valid,
  // unique id. `each(reader_path, table, id, span)`.
  void for_each_item(
      const toml::array& items, const std::string& path,
      const std::function<void(const std::string&, const toml::table&, SourceSpan)>& each);

  // "unknown <what> '<id>'<where>", with a did-you-mean among `ids`.
  void check_ref(const Ref& r, const std::vector<std::string>& ids, std::string_view what,
                 std::string_view where = {});
  // The lots of an explicit delivery schedule: all by count or all by share,
  // shares adding up to 100%, counts to the order's count.
  void check_lots(const OrderSpec& o);

  std::string source_;
  ScenarioSpec spec_;
  std::vector<Issue> issues_;
  std::vector<std::string> overridden_;  // key paths a --set or --grid value replaced
  bool horizon_known_ = false;
  // Input indices of catalog values, recorded only when an order uses them.
  friend class TableReader;
};

}  // namespace stargate::load
