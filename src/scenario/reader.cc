#include "scenario/reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/suggest.h"
#include "scenario/quantity.h"

namespace stargate::load {

// Durations written in different units (bounds, distributions mixing "90d"
// and "6mo") compare in mean days.
double approx_days(const Duration& d) { return d.mean_days(); }

std::string type_noun(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// The value as the user wrote it, near enough: for reports and messages.
std::string raw_text(const toml::node& n) {
  if (auto s = n.as_string()) return s->get();
  if (auto i = n.as_integer()) return std::to_string(i->get());
  if (auto f = n.as_floating_point()) return number_text(f->get());
  if (auto b = n.as_boolean()) return b->get() ? "true" : "false";
  if (auto d = n.as_date()) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->get().year, d->get().month, d->get().day);
    return buf;
  }
  if (auto a = n.as_array()) {
    std::string out = "[";
    for (size_t i = 0; i < a->size(); ++i) {
      if (i) out += ", ";
      out += raw_text(*a->get(i));
    }
    return out + "]";
  }
  if (auto t = n.as_table()) {
    std::string out = "{ ";
    bool first = true;
    for (auto&& [k, v] : *t) {
      if (k.str() == "source" || k.str() == "note") continue;
      if (!first) out += ", ";
      first = false;
      out += std::string(k.str()) + " = " + raw_text(v);
    }
    return out + " }";
  }
  return "?";
}

// toml++ writes "Error while parsing …"; our messages start in lower case.
std::string lower_first(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A table's entries in the order they were written (toml++ keeps keys sorted),
// so sites, entities and accelerators keep the file's order in every output.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> out;
  for (auto&& [k, v] : t) out.emplace_back(&k, &v);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const auto& pa = a.first->source().begin;
    const auto& pb = b.first->source().begin;
    return std::tie(pa.line, pa.column) < std::tie(pb.line, pb.column);
  });
  return out;
}

std::vector<std::string> keys_of(std::span<const ParamSpec> params) {
  std::vector<std::string> keys;
  for (const ParamSpec& p : params) keys.emplace_back(p.key);
  return keys;
}

std::vector<std::string> strings_of(std::span<const std::string_view> choices) {
  return {choices.begin(), choices.end()};
}

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

// The suggestion for a word that is not one of a key's few choices. The
// choices are short and far apart, so a looser match than for keys is still
// unambiguous: "daily" is two edits from "day".
std::string suggest_choice(const ParamSpec& ps, const std::string& value) {
  const std::vector<std::string> choices = strings_of(ps.choices);
  if (std::string hint = did_you_mean(value, choices); !hint.empty()) return hint;
  std::string best;
  int best_distance = 3;
  for (const std::string& c : choices) {
    const int d = edit_distance(value, c);
    if (d < best_distance && d < static_cast<int>(value.size())) {
      best = c;
      best_distance = d;
    }
  }
  if (!best.empty()) return "did you mean '" + best + "'?";
  if (ps.key == "currency")
    return "every amount is in nominal US dollars: convert them and write \"USD\"";
  return {};
}

// ---------------------------------------------------------------------------
// TableReader

TableReader::TableReader(Loader& loader, const toml::table& table, SourceSpan where,
                         std::string path, std::span<const ParamSpec> params,
                         const Provenance& inherited)
    : loader_(loader),
      table_(table),
      where_(std::move(where)),
      path_(std::move(path)),
      params_(params) {
  Provenance own;
  for (auto&& [k, v] : table_) {
    const std::string key(k.str());
    if (!find_param(params_, key)) {
      const std::vector<std::string> keys = keys_of(params_);
      std::string hint = did_you_mean(key, keys);
      if (path_.empty() && (v.is_table() || v.is_array_of_tables())) {
        // A section: say which exist, since a later version may add this one.
        if (hint.empty()) hint = "the sections are " + join_words(keys);
        loader_.issue(loader_.span(k), path_, "unknown section [" + key + "]", hint);
      } else {
        loader_.issue(loader_.span(k), path_, "unknown key '" + key + "'", hint);
      }
      continue;
    }
    if (key == "source" || key == "note") {
      if (auto s = v.as_string()) {
        (key == "source" ? own.source : own.note) = s->get();
      } else {
        loader_.issue(loader_.span(v), sub(key), "expected a string, got " + type_noun(v));
      }
    }
  }
  provenance_ = own.empty() ? inherited : own;
}

SourceSpan TableReader::span_of(std::string_view key) const {
  const toml::node* n = table_.get(key);
  return n ? loader_.span(*n) : where_;
}

const ParamSpec& TableReader::spec(std::string_view key) const {
  const ParamSpec* ps = find_param(params_, key);
  if (!ps)
    throw Error(ErrorKind::kInternal,
                "key '" + std::string(key) + "' is read but not declared at " + path_);
  return *ps;
}

bool TableReader::missing(const ParamSpec& ps) {
  if (ps.presence == Presence::kRequired) {
    if (path_.empty() && ps.unit == Unit::kTable) {
      loader_.issue(where_, path_, "missing section [" + std::string(ps.key) + "]",
                    ps.key == "scenario"
                        ? "a scenario starts with [scenario] and its name, start and end"
                        : "");
      return true;
    }
    loader_.issue(where_, path_, "missing required key '" + std::string(ps.key) + "'",
                  "expected " + expected_text(ps.unit));
  }
  return true;
}

std::optional<Numeric> TableReader::numeric(std::string_view key) {
  const ParamSpec& ps = spec(key);
  const toml::node* n = table_.get(key);
  if (!n) {
    missing(ps);
    if (ps.presence != Presence::kDefault) return std::nullopt;
    return loader_.default_numeric(ps, sub(key), where_, provenance_);
  }
  return loader_.numeric(*n, ps, sub(key), provenance_);
}

const toml::node* TableReader::word(std::string_view key, const ParamSpec& ps, bool& present) {
  const toml::node* n = table_.get(key);
  present = n != nullptr;
  if (!n) return nullptr;
  Provenance prov = provenance_;
  const toml::node* value = n;
  if (const auto* t = n->as_table()) {
    static const std::vector<std::string> kAllowed = {"value", "source", "note"};
    Provenance own;
    bool ok = true;
    for (auto&& [k, v] : *t) {
      const std::string name(k.str());
      if (std::find(kAllowed.begin(), kAllowed.end(), name) == kAllowed.end()) {
        loader_.issue(loader_.span(k), sub(key), "unknown key '" + name + "' in a value",
                      did_you_mean(name, kAllowed));
        ok = false;
      } else if (name != "value") {
        if (const auto* str = v.as_string()) {
          (name == "source" ? own.source : own.note) = str->get();
        } else {
          loader_.issue(loader_.span(v), sub(key) + "." + name,
                        "expected a string, got " + type_noun(v));
          ok = false;
        }
      }
    }
    value = t->get("value");
    if (!value) {
      loader_.issue(loader_.span(*n), sub(key),
                    "expected " + expected_text(ps.unit) +
                        " or { value = …, source = …, note = … }, got a table");
      return nullptr;
    }
    if (!ok) return nullptr;
    if (!own.empty()) prov = own;
  }
  if (ps.unit == Unit::kEnum || ps.unit == Unit::kEnumList || ps.unit == Unit::kRef ||
      ps.unit == Unit::kRefList) {
    InputRecord rec;
    rec.key_path = sub(key);
    rec.unit = ps.unit;
    rec.text = raw_text(*value);
    rec.provenance = prov;
    rec.where = loader_.span(*value);
    loader_.spec().inputs.push_back(std::move(rec));
  }
  return value;
}

std::string TableReader::text(std::string_view key) {
  const ParamSpec& ps = spec(key);
  bool present = false;
  const toml::node* n = word(key, ps, present);
  if (!n) {
    if (!present) missing(ps);
    return ps.presence == Presence::kDefault ? std::string(ps.fallback) : std::string();
  }
  const auto* s = n->as_string();
  if (!s) {
    loader_.issue(loader_.span(*n), sub(key),
                  "expected " + expected_text(ps.unit) + ", got " + type_noun(*n));
    return {};
  }
  const std::string value = s->get();
  if (ps.unit == Unit::kEnum) {
    if (std::find(ps.choices.begin(), ps.choices.end(), value) == ps.choices.end()) {
      loader_.issue(loader_.span(*n), sub(key),
                    "expected " + join(ps.choices) + ", got '" + value + "'",
                    suggest_choice(ps, value));
      return ps.presence == Presence::kDefault ? std::string(ps.fallback) : std::string();
    }
  }
  if (ps.unit == Unit::kId && !valid_id(value)) {
    loader_.issue(loader_.span(*n), sub(key),
                  "an id may contain only letters, digits, '-' and '_', got '" + value + "'");
  }
  return value;
}

std::vector<std::string> TableReader::enum_list(std::string_view key) {
  const ParamSpec& ps = spec(key);
  bool present = false;
  const toml::node* n = word(key, ps, present);
  std::vector<std::string> out;
  if (!n) {
    if (!present) missing(ps);
    return out;
  }
  const auto* a = n->as_array();
  if (!a) {
    loader_.issue(loader_.span(*n), sub(key),
                  "expected an array of " + join(ps.choices) + ", got " + type_noun(*n));
    return out;
  }
  for (size_t i = 0; i < a->size(); ++i) {
    const toml::node& e = *a->get(i);
    const auto* s = e.as_string();
    if (!s) {
      loader_.issue(loader_.span(e), sub(key),
                    "expected " + join(ps.choices) + ", got " + type_noun(e));
      continue;
    }
    if (std::find(ps.choices.begin(), ps.choices.end(), s->get()) == ps.choices.end()) {
      loader_.issue(loader_.span(e), sub(key),
                    "expected " + join(ps.choices) + ", got '" + s->get() + "'",
                    suggest_choice(ps, s->get()));
      continue;
    }
    out.push_back(s->get());
  }
  return out;
}

Ref TableReader::ref(std::string_view key) {
  const ParamSpec& ps = spec(key);
  bool present = false;
  const toml::node* n = word(key, ps, present);
  if (!n) {
    if (!present) missing(ps);
    return {};
  }
  const auto* s = n->as_string();
  if (!s) {
    loader_.issue(loader_.span(*n), sub(key), "expected an id (a string), got " + type_noun(*n));
    return {};
  }
  return Ref{s->get(), sub(key), loader_.span(*n)};
}

std::vector<Ref> TableReader::refs(std::string_view key) {
  const ParamSpec& ps = spec(key);
  bool present = false;
  const toml::node* n = word(key, ps, present);
  std::vector<Ref> out;
  if (!n) {
    if (!present) missing(ps);
    return out;
  }
  const auto* a = n->as_array();
  if (!a) {
    loader_.issue(loader_.span(*n), sub(key), "expected an array of ids, got " + type_noun(*n));
    return out;
  }
  for (size_t i = 0; i < a->size(); ++i) {
    const toml::node& e = *a->get(i);
    if (const auto* s = e.as_string()) {
      out.push_back(Ref{s->get(), sub(key), loader_.span(e)});
    } else {
      loader_.issue(loader_.span(e), sub(key), "expected an id (a string), got " + type_noun(e));
    }
  }
  return out;
}

const toml::array* TableReader::table_array(std::string_view key) {
  const ParamSpec& ps = spec(key);
  const toml::node* n = table_.get(key);
  if (!n) {
    missing(ps);
    return nullptr;
  }
  const auto* a = n->as_array();
  if (!a || !a->is_array_of_tables()) {
    if (a && a->empty()) return a;
    loader_.issue(loader_.span(*n), sub(key),
                  "expected an array of tables ([[" + sub(key) + "]]), got " + type_noun(*n));
    return nullptr;
  }
  return a;
}

const toml::table* TableReader::table(std::string_view key) {
  const ParamSpec& ps = spec(key);
  const toml::node* n = table_.get(key);
  if (!n) {
    missing(ps);
    return nullptr;
  }
  const auto* t = n->as_table();
  if (!t) {
    loader_.issue(loader_.span(*n), sub(key),
                  "expected a table ([" + sub(key) + "]), got " + type_noun(*n));
    return nullptr;
  }
  return t;
}

// ---------------------------------------------------------------------------
// Numbers, units, distributions

bool Loader::scalar(const toml::node& n, Unit unit, const std::string& path, double& value,
                    Duration& duration) {
  QuantityResult r;
  if (const auto* s = n.as_string()) {
    r = parse_quantity(s->get(), unit);
  } else if (n.is_integer() || n.is_floating_point()) {
    const double x =
        n.is_integer() ? static_cast<double>(n.as_integer()->get()) : n.as_floating_point()->get();
    if (unit == Unit::kDate || unit == Unit::kBool) {
      r.error = "expected " + expected_text(unit) + ", got a number";
    } else {
      r = quantity_from_number(x, unit);
    }
  } else if (const auto* d = n.as_date()) {
    if (unit == Unit::kDate) {
      const auto& v = d->get();
      if (auto date = Date::parse(raw_text(n))) {
        r.ok = true;
        r.value = date->days();
      } else {
        r.error = "expected a valid date, got " + std::to_string(v.year) + "-" +
                  std::to_string(v.month) + "-" + std::to_string(v.day);
      }
    } else {
      r.error = "expected " + expected_text(unit) + ", got a date";
    }
  } else if (const auto* b = n.as_boolean()) {
    if (unit == Unit::kBool) {
      r.ok = true;
      r.value = b->get() ? 1.0 : 0.0;
    } else {
      r.error = "expected " + expected_text(unit) + ", got a boolean";
    }
  } else {
    r.error = "expected " + expected_text(unit) + ", got " + type_noun(n);
  }
  if (!r.ok) {
    issue(span(n), path, r.error, r.hint);
    return false;
  }
  value = r.value;
  duration = r.duration;
  return true;
}

Numeric Loader::default_numeric(const ParamSpec& ps, const std::string& path, SourceSpan where,
                                const Provenance& inherited) {
  const QuantityResult r = parse_quantity(ps.fallback, ps.unit);
  if (!r.ok)
    throw Error(ErrorKind::kInternal, "bad default '" + std::string(ps.fallback) + "' for " + path);
  Numeric n;
  n.base = r.value;
  n.duration = r.duration;
  InputRecord rec;
  rec.key_path = path;
  rec.unit = ps.unit;
  rec.text = std::string(ps.fallback);
  rec.base = r.value;
  rec.is_default = true;
  rec.provenance = inherited;
  rec.provenance.note = "default: " + std::string(ps.doc);
  rec.where = std::move(where);
  n.input = static_cast<std::int32_t>(spec_.inputs.size());
  spec_.inputs.push_back(std::move(rec));
  return n;
}

void Loader::check_bounds(const ParamSpec& ps, double lo, double hi, const std::string& shown_lo,
                          const std::string& shown_hi, const Distribution* dist,
                          const std::string& path, SourceSpan where) {
  // A bound of 0 reads the same in every unit, and `min = 0` is valid TOML
  // for any key (a plain number is the key's base unit).
  auto fmt = [&](double v) {
    if (v == 0.0) return std::string(ps.unit == Unit::kFraction ? "0%" : "0");
    return format_quantity(v, ps.unit);
  };
  std::string want;
  if (ps.min && ps.max && !ps.min_open) {
    want = "between " + fmt(*ps.min) + " and " + fmt(*ps.max);
  } else if (ps.min) {
    want = ps.min_open      ? "greater than " + fmt(*ps.min)
           : *ps.min == 0.0 ? ""
                            : "at least " + fmt(*ps.min);
  }
  auto must = [&] {
    return want.empty() ? std::string("must not be negative") : "must be " + want;
  };
  if (ps.min) {
    const double m = *ps.min;
    // Against an open bound, a distribution that only approaches it (a
    // lognormal's 0, a normal's truncation bound) is fine.
    const bool reaches = !dist || dist->reaches_min();
    const bool below = lo < m || (ps.min_open && lo == m && reaches);
    if (below) {
      if (!dist) {
        issue(where, path, must() + ", got " + shown_lo);
      } else if (std::isinf(lo)) {
        issue(where, path,
              must() + ", but a " + std::string(to_string(dist->kind)) +
                  " distribution is unbounded below",
              "truncate it with min = " + fmt(m));
      } else {
        issue(where, path, must() + ", but the distribution reaches " + shown_lo);
      }
      return;
    }
  }
  if (ps.max) {
    const double m = *ps.max;
    if (hi > m) {
      const std::string at_most = ps.min && !ps.min_open ? must() : "must be at most " + fmt(m);
      if (!dist) {
        issue(where, path, at_most + ", got " + shown_hi);
      } else if (std::isinf(hi)) {
        issue(where, path,
              at_most + ", but a " + std::string(to_string(dist->kind)) +
                  " distribution is unbounded above",
              "truncate it with max = " + fmt(m));
      } else {
        issue(where, path, at_most + ", but the distribution reaches " + shown_hi);
      }
    }
  }
}

bool Loader::distribution(const toml::table& t, const ParamSpec& ps, const std::string& path,
                          Distribution& dist, Duration::Unit& duration_unit, std::string& text) {
  const toml::node* kind_node = nullptr;
  std::string kind_name;
  for (auto&& [k, v] : t) {
    if (dist_kind_from(k.str())) {
      kind_name = std::string(k.str());
      kind_node = &v;
    }
  }
  const DistKind kind = *dist_kind_from(kind_name);
  dist.kind = kind;
  text = kind_name + " = " + raw_text(*kind_node);
  const SourceSpan where = span(*kind_node);

  if (!ps.uncertain_ok) {
    issue(where, path, "expected a single value, got a " + kind_name + " distribution",
          "this key cannot be uncertain");
    return false;
  }
  if (kind == DistKind::kBernoulli) {
    if (ps.unit != Unit::kBool) {
      issue(where, path,
            "expected " + expected_text(ps.unit) + ", got a bernoulli distribution (true or false)",
            "bernoulli is for yes/no keys; a number takes pert, triangular, uniform, normal, "
            "lognormal or choice");
      return false;
    }
    double p = 0.0;
    Duration unused;
    if (!scalar(*kind_node, Unit::kFraction, path, p, unused)) return false;
    dist.params = {p};
  } else if (ps.unit == Unit::kBool) {
    issue(where, path,
          "expected true, false or a bernoulli distribution, got a " + kind_name + " distribution");
    return false;
  }

  // Reads a list of scalars of the key's unit; durations are unified to one
  // unit (the common one, else days).
  auto read_list = [&](const toml::node& node, std::vector<double>& out,
                       std::vector<Unit> units) -> bool {
    const auto* a = node.as_array();
    if (!a) {
      issue(span(node), path,
            "expected an array of values for " + kind_name + ", got " + type_noun(node));
      return false;
    }
    std::vector<Duration> durations;
    bool ok = true;
    for (size_t i = 0; i < a->size(); ++i) {
      double v = 0.0;
      Duration d;
      const Unit u = units.empty() ? ps.unit : units[std::min(i, units.size() - 1)];
      if (!scalar(*a->get(i), u, path, v, d)) {
        ok = false;
        continue;
      }
      // A date's spread is a length of time: days, whatever it was written in.
      if (u == Unit::kDuration && ps.unit != Unit::kDuration) v = approx_days(d);
      out.push_back(v);
      durations.push_back(u == Unit::kDuration ? d : Duration::days(v));
    }
    if (!ok) return false;
    if (ps.unit == Unit::kDuration) {
      const bool same = std::all_of(durations.begin(), durations.end(), [&](const Duration& d) {
        return d.unit == durations.front().unit;
      });
      duration_unit = same && !durations.empty() ? durations.front().unit : Duration::Unit::kDays;
      for (size_t i = 0; i < durations.size(); ++i) {
        out[i] = same ? durations[i].amount : approx_days(durations[i]);
      }
    }
    return true;
  };

  switch (kind) {
    case DistKind::kPert:
    case DistKind::kTriangular:
    case DistKind::kUniform:
      if (!read_list(*kind_node, dist.params, {})) return false;
      break;
    case DistKind::kNormal:
    case DistKind::kLognormal: {
      // A date's spread is a duration in days.
      std::vector<Unit> units;
      if (ps.unit == Unit::kDate && kind == DistKind::kNormal)
        units = {Unit::kDate, Unit::kDuration};
      if (!read_list(*kind_node, dist.params, units)) return false;
      break;
    }
    case DistKind::kBernoulli:
      break;
    case DistKind::kChoice: {
      const auto* c = kind_node->as_table();
      if (!c) {
        issue(
            where, path,
            "expected choice = { values = [...], weights = [...] }, got " + type_noun(*kind_node));
        return false;
      }
      for (auto&& [k, v] : *c) {
        if (k.str() != "values" && k.str() != "weights") {
          const std::vector<std::string> keys = {"values", "weights"};
          issue(span(k), path, "unknown key '" + std::string(k.str()) + "' in choice",
                did_you_mean(k.str(), keys));
        }
      }
      const toml::node* values = c->get("values");
      if (!values) {
        issue(where, path, "a choice needs values = [...]");
        return false;
      }
      if (!read_list(*values, dist.values, {})) return false;
      if (const toml::node* weights = c->get("weights")) {
        const auto* a = weights->as_array();
        if (!a) {
          issue(span(*weights), path, "expected an array of weights, got " + type_noun(*weights));
          return false;
        }
        for (size_t i = 0; i < a->size(); ++i) {
          double w = 0.0;
          Duration unused;
          if (!scalar(*a->get(i), Unit::kNumber, path, w, unused)) return false;
          dist.weights.push_back(w);
        }
      }
      break;
    }
  }
  for (const char* bound : {"min", "max"}) {
    if (const toml::node* b = t.get(bound)) {
      double v = 0.0;
      Duration d;
      if (!scalar(*b, ps.unit, path, v, d)) return false;
      if (ps.unit == Unit::kDuration) {
        // A bound in another unit than the parameters ("min = 300d" on
        // months): hold everything in mean days, so they compare.
        if (d.unit != duration_unit && duration_unit != Duration::Unit::kDays) {
          for (double& x : dist.params) x = approx_days(Duration{x, duration_unit});
          for (double& x : dist.values) x = approx_days(Duration{x, duration_unit});
          if (dist.lower) dist.lower = approx_days(Duration{*dist.lower, duration_unit});
          duration_unit = Duration::Unit::kDays;
        }
        v = d.unit == duration_unit ? d.amount : approx_days(d);
      }
      (std::string_view(bound) == "min" ? dist.lower : dist.upper) = v;
      text += std::string(", ") + bound + " = " + raw_text(*b);
    }
  }
  if (std::string problem = dist.check(ps.unit, duration_unit); !problem.empty()) {
    issue(where, path, kind_name + ": " + problem);
    return false;
  }
  return true;
}

std::optional<Numeric> Loader::numeric(const toml::node& n, const ParamSpec& ps,
                                       const std::string& path, const Provenance& inherited) {
  if (!is_numeric(ps.unit)) throw Error(ErrorKind::kInternal, path + " is not numeric");
  Numeric out;
  InputRecord rec;
  rec.key_path = path;
  rec.unit = ps.unit;
  rec.where = span(n);
  rec.provenance = inherited;
  bool is_distribution = false;
  Distribution dist;
  Duration::Unit duration_unit = Duration::Unit::kDays;

  if (const auto* t = n.as_table()) {
    // { value = …, source = …, note = … } or { pert = […], min = …, source = … }
    static const std::vector<std::string> kMeta = {"value", "source", "note", "min", "max"};
    std::vector<std::string> allowed = kMeta;
    for (const std::string& d : dist_kind_names()) allowed.push_back(d);
    int kinds = 0;
    bool ok = true;
    Provenance own;
    for (auto&& [k, v] : *t) {
      const std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        issue(span(k), path, "unknown key '" + key + "' in a value", did_you_mean(key, allowed));
        ok = false;
      } else if (dist_kind_from(key)) {
        ++kinds;
      } else if (key == "source" || key == "note") {
        if (const auto* s = v.as_string()) {
          (key == "source" ? own.source : own.note) = s->get();
        } else {
          issue(span(v), path + "." + key, "expected a string, got " + type_noun(v));
        }
      }
    }
    if (!own.empty()) rec.provenance = own;
    const toml::node* value = t->get("value");
    if (kinds > 1) {
      issue(span(n), path, "expected one distribution, got " + std::to_string(kinds));
      return std::nullopt;
    }
    if (value && kinds == 1) {
      issue(span(n), path, "expected a value or a distribution, got both");
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    if (value) {
      if ((t->get("min") || t->get("max"))) {
        issue(span(n), path, "min and max bound a distribution; a single value takes neither");
        return std::nullopt;
      }
      if (!scalar(*value, ps.unit, path, out.base, out.duration)) return std::nullopt;
      rec.text = raw_text(*value);
    } else if (kinds == 1) {
      if (!distribution(*t, ps, path, dist, duration_unit, rec.text)) return std::nullopt;
      is_distribution = true;
      out.base = dist.base();
      if (ps.unit == Unit::kDuration) out.duration = Duration{out.base, duration_unit};
    } else {
      issue(span(n), path,
            "expected value = … or a distribution (pert, triangular, uniform, normal, lognormal, "
            "bernoulli, choice), got neither");
      return std::nullopt;
    }
  } else {
    if (!scalar(n, ps.unit, path, out.base, out.duration)) return std::nullopt;
    rec.text = raw_text(n);
  }

  // Bounds: durations compare in days; dates are checked against the horizon.
  const bool dur = ps.unit == Unit::kDuration;
  auto in_days = [&](double v) {
    return dur ? approx_days(Duration{v, is_distribution ? duration_unit : out.duration.unit}) : v;
  };
  const double lo = is_distribution ? dist.support_min() : out.base;
  const double hi = is_distribution ? dist.support_max() : out.base;
  auto shown = [&](double v) {
    if (!is_distribution) return rec.text;
    if (dur) return Duration{v, duration_unit}.to_string();
    if (v == 0.0 && ps.unit != Unit::kDate)
      return std::string(ps.unit == Unit::kFraction ? "0%" : "0");
    return format_quantity(v, ps.unit);
  };
  const size_t before = issues_.size();
  check_bounds(ps, std::isinf(lo) ? lo : in_days(lo), std::isinf(hi) ? hi : in_days(hi), shown(lo),
               shown(hi), is_distribution ? &dist : nullptr, path, rec.where);
  if (ps.unit == Unit::kDate && horizon_known_ && !ps.past_end_ok) {
    const double end = spec_.info.end.days();
    const bool spread = is_distribution && std::isfinite(hi);
    const double last = spread ? hi : out.base;
    if (last > end) {
      const std::string date = format_quantity(last, Unit::kDate);
      issue(rec.where, path,
            "must be on or before the scenario's end (" + spec_.info.end.to_string() + ")" +
                (spread ? ", but the distribution reaches " + date : ", got " + date),
            "dates before the start are allowed; dates after the end are not");
    }
  }
  if (issues_.size() != before) return std::nullopt;

  rec.base = out.base;
  if (is_distribution) {
    UncertainInput u;
    u.key_path = path;
    u.unit = ps.unit;
    u.duration_unit = duration_unit;
    u.dist = std::move(dist);
    u.where = rec.where;
    out.uncertain = static_cast<std::int32_t>(spec_.uncertain.size());
    spec_.uncertain.push_back(std::move(u));
  }
  out.input = static_cast<std::int32_t>(spec_.inputs.size());
  spec_.inputs.push_back(std::move(rec));
  return out;
}

// ---------------------------------------------------------------------------
// Tables

void Loader::for_each_item(
    const toml::array& items, const std::string& path,
    const std::function<void(const std::string&, const toml::table&, SourceSpan)>& each) {
  std::map<std::string, SourceSpan> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    const toml::node& node = *items.get(i);
    const auto* t = node.as_table();
    const std::string positional = path + "[" + std::to_string(i) + "]";
    if (!t) {
      issue(span(node), positional, "expected a table, got " + type_noun(node));
      continue;
    }
    const toml::node* id_node = t->get("id");
    if (!id_node) {
      issue(span(node), positional, "missing required key 'id'",
            "every item of an array of tables needs an id, used in key paths like " + path +
                ".<id>.…");
      continue;
    }
    const auto* id = id_node->as_string();
    if (!id) {
      issue(span(*id_node), positional + ".id",
            "expected an id (a string), got " + type_noun(*id_node));
      continue;
    }
    if (!valid_id(id->get())) {
      issue(span(*id_node), positional + ".id",
            "an id may contain only letters, digits, '-' and '_', got '" + id->get() + "'");
      continue;
    }
    if (auto it = seen.find(id->get()); it != seen.end()) {
      issue(span(*id_node), path + "." + id->get(), "duplicate id '" + id->get() + "'",
            "the first is at line " + std::to_string(it->second.line) + "; ids must be unique in " +
                path);
      continue;
    }
    seen.emplace(id->get(), span(*id_node));
    each(id->get(), *t, span(node));
  }
}

std::vector<std::string> Loader::entity_ids() const {
  std::vector<std::string> ids;
  for (const EntitySpec& e : spec_.entities) ids.push_back(e.id);
  return ids;
}

std::vector<std::string> Loader::vehicle_ids() const {
  std::vector<std::string> ids;
  for (const EntitySpec& e : spec_.entities) {
    if (e.has(Role::kVehicle)) ids.push_back(e.id);
  }
  return ids;
}

}  // namespace stargate::load
