#include "scenario/override.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "core/suggest.h"
#include "scenario/catalog.h"
#include "scenario/params.h"
#include "scenario/reader.h"

namespace stargate {
namespace {

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

Override Override::parse(std::string_view assignment, std::string_view source) {
  const size_t eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    throw Error(ErrorKind::kInvalidScenario, "",
                {Issue{SourceSpan{std::string(source), 0, 0}, "",
                       "expected path=value, got '" + std::string(assignment) + "'",
                       "for example sites.abilene.phases.phase2.duration=30mo"}});
  }
  return Override{trim(assignment.substr(0, eq)), trim(assignment.substr(eq + 1)),
                  std::string(source)};
}

namespace load {
namespace {

// The text as a TOML basic string.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The value as a one-key document `v = …` whose nodes carry `source` as
// their source name: the text as TOML when it is one value, else as a
// string. Empty only for text that is not UTF-8.
std::optional<toml::table> parse_value(std::string_view text, const std::string& source) {
  try {
    toml::table doc = toml::parse("v = " + std::string(text) + "\n", source);
    if (doc.size() == 1 && doc.get("v")) return doc;
  } catch (const toml::parse_error&) {
    // Not a TOML value: a string, as if it had been quoted.
  }
  try {
    return toml::parse("v = " + quoted(text) + "\n", source);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

// Moves the document's value into `table` under `key`. An existing key keeps
// its place (and so its file order); a new one is located at "--set".
void put(toml::table& table, std::string_view key, toml::table& doc) {
  toml::source_region where;
  for (auto&& [k, v] : doc) where = k.source();
  table.insert_or_assign(toml::key(key, where), std::move(*doc.get("v")));
}

// A value the loader reads as a number or a word (not a table, not an id)
// carries a note, so reports say where it came from rather than crediting
// the source of the table around it.
void note(toml::table& doc, const std::string& source) {
  toml::node& v = *doc.get("v");
  const std::string text = "note = " + quoted("set by " + source) + "\n";
  if (auto* t = v.as_table()) {
    if (t->get("source") || t->get("note")) return;
    auto extra = toml::parse(text, source);
    t->insert_or_assign(toml::key("note", extra.begin()->first.source()),
                        std::move(*extra.get("note")));
    return;
  }
  auto wrapped =
      toml::parse("v = { value = 0, " + text.substr(0, text.size() - 1) + " }\n", source);
  toml::table& w = *wrapped.get("v")->as_table();
  w.insert_or_assign(toml::key("value", w.find("value")->first.source()), std::move(v));
  doc.insert_or_assign(toml::key("v", doc.begin()->first.source()), std::move(w));
}

const SpecTable* spec_table(std::string_view pattern) {
  for (const SpecTable& t : all_spec_tables()) {
    if (t.path == pattern) return &t;
  }
  return nullptr;
}

// The keys of the table at `pattern`, which every item pattern must have.
std::span<const ParamSpec> params_of(const std::string& pattern) {
  const SpecTable* t = spec_table(pattern);
  if (!t) throw Error(ErrorKind::kInternal, "no ParamSpec table for " + pattern);
  return t->params;
}

std::string join_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

// Resolves one override's path in `root` and sets its value, or says why not.
class Resolver {
 public:
  Resolver(toml::table& root, const Override& o) : root_(root), o_(o) {}

  std::optional<Issue> apply() {
    segments_.clear();
    size_t start = 0;
    for (;;) {
      const size_t dot = o_.path.find('.', start);
      segments_.push_back(o_.path.substr(start, dot == std::string::npos ? dot : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    for (const std::string& s : segments_) {
      if (s.empty()) {
        return fail("expected a key path such as sites.abilene.phases.phase2.duration, got '" +
                    o_.path + "'");
      }
    }
    if (std::optional<Issue> issue = walk(false)) return issue;
    return walk(true);
  }

 private:
  enum class Kind { kParams, kIds, kFree };

  Issue fail(std::string message, std::string hint = {}) const {
    return Issue{SourceSpan{o_.source, 0, 0}, o_.path, std::move(message), std::move(hint)};
  }

  // The path with segment i replaced by `word`: what a did-you-mean offers.
  std::string with(size_t i, const std::string& word) const {
    std::string out;
    for (size_t j = 0; j < segments_.size(); ++j) {
      out = join_path(out, j == i ? word : segments_[j]);
    }
    return out;
  }

  std::string suggest(size_t i, const std::vector<std::string>& candidates) const {
    const std::string best = closest(segments_[i], candidates);
    return best.empty() ? std::string() : "did you mean '" + with(i, best) + "'?";
  }

  // Resolves the path; with `commit`, also makes the tables it goes through
  // and sets the value. The dry pass first means a path that fails leaves
  // the tree as it was (no empty table for the loader to complain about).
  std::optional<Issue> walk(bool commit) {
    toml::table* table = &root_;
    std::string at;       // the concrete path of `table`: "sites.tiny"
    std::string pattern;  // its ParamSpec pattern: "sites.<id>"
    std::span<const ParamSpec> params = top_level_params();
    Kind kind = Kind::kParams;
    for (size_t i = 0; i < segments_.size(); ++i) {
      const std::string& seg = segments_[i];
      const bool last = i + 1 == segments_.size();
      const std::string here = join_path(at, seg);
      if (kind == Kind::kIds) {
        // A table of ids: the segment names one that exists.
        toml::node* node = table->get(seg);
        if (!node && at == "accelerators") node = catalog_entry(*table, seg, commit);
        if (!node) {
          std::vector<std::string> ids;
          for (const auto& [k, v] : in_file_order(*table)) ids.emplace_back(k->str());
          if (at == "accelerators") {
            for (const AcceleratorSpec& a : builtin_catalog()) {
              if (std::find(ids.begin(), ids.end(), a.id) == ids.end()) ids.push_back(a.id);
            }
          }
          std::string hint = suggest(i, ids);
          if (hint.empty())
            hint = ids.empty() ? at + " has none" : "the ids are " + join_words(ids);
          return fail("unknown id '" + seg + "' in " + at, hint);
        }
        toml::table* t = node->as_table();
        if (!t) return fail(here + " is not a table");  // the loader reports the file's error
        table = t;
        at = here;
        pattern = join_path(pattern, "<id>");
        params = params_of(pattern);
        kind = Kind::kParams;
        if (last) return ends_at_table(at, params);
        continue;
      }
      if (kind == Kind::kFree) {
        // A table of free keys (a vehicle's owners): values only.
        if (!last) return fail("'" + seg + "' is a value, not a table");
        return set(*table, seg, true, commit);
      }
      const ParamSpec* ps = find_param(params, seg);
      if (!ps) {
        const std::vector<std::string> keys = keys_of(params);
        std::string hint = suggest(i, keys);
        if (at.empty()) {
          if (hint.empty()) hint = "the sections are " + join_words(keys);
          return fail("unknown section '" + seg + "'", hint);
        }
        if (hint.empty()) hint = at + " takes " + join_words(keys);
        return fail("unknown key '" + seg + "' in " + at, hint);
      }
      switch (ps->unit) {
        case Unit::kId:
          return fail("an item's id names it in key paths and cannot be set",
                      "set its other keys, or edit the file");
        case Unit::kTable: {
          if (last) return set(*table, seg, false, commit);
          toml::node* node = table->get(seg);
          if (!node && commit) {
            // A table the file omits: made here, located at "--set".
            std::optional<toml::table> doc = parse_value("{}", o_.source);
            put(*table, seg, *doc);
            node = table->get(seg);
          }
          toml::table* t = node ? node->as_table() : &empty_;
          if (!t) return fail(here + " is not a table");
          table = t;
          at = here;
          pattern = join_path(pattern, seg);
          if (const SpecTable* s = spec_table(pattern)) {
            params = s->params;
            kind = Kind::kParams;
          } else if (spec_table(pattern + ".<id>")) {
            kind = Kind::kIds;
          } else {
            kind = Kind::kFree;
          }
          break;
        }
        case Unit::kTableArray: {
          if (last) return set(*table, seg, false, commit);
          // The next segment is the id of one of its items.
          const std::string& id = segments_[++i];
          toml::node* node = table->get(seg);
          toml::array* items = node ? node->as_array() : nullptr;
          std::vector<std::string> ids;
          toml::table* item = nullptr;
          if (items) {
            for (toml::node& n : *items) {
              toml::table* t = n.as_table();
              const toml::node* id_node = t ? t->get("id") : nullptr;
              if (!id_node || !id_node->is_string()) continue;
              ids.push_back(id_node->as_string()->get());
              if (ids.back() == id && !item) item = t;
            }
          }
          if (!item) {
            std::string hint = suggest(i, ids);
            if (hint.empty()) {
              hint = ids.empty() ? (at.empty() ? "the scenario" : at) + " has no [[" + seg + "]]"
                                 : "the ids are " + join_words(ids);
            }
            return fail("unknown id '" + id + "' in " + here, hint);
          }
          table = item;
          at = join_path(here, id);
          pattern = join_path(join_path(pattern, seg), "<id>");
          params = params_of(pattern);
          if (i + 1 == segments_.size()) return ends_at_table(at, params);
          break;
        }
        default:
          if (!last) return fail("'" + seg + "' is a value, not a table");
          return set(*table, seg, seg != "source" && seg != "note", commit);
      }
    }
    return std::nullopt;  // unreachable: every path ends in a return above
  }

  // A path that names a table rather than a value.
  Issue ends_at_table(const std::string& at, std::span<const ParamSpec> params) const {
    std::vector<std::string> keys;
    for (const ParamSpec& p : params) {
      if (p.unit != Unit::kId) keys.emplace_back(p.key);
    }
    return fail("expected a key path to a value, got the table " + at,
                at + " takes " + join_words(keys));
  }

  // The [accelerators.<id>] table of a catalog accelerator the file does not
  // override, made here; nullptr for an id not in the catalog.
  toml::node* catalog_entry(toml::table& accelerators, const std::string& id, bool commit) {
    const auto& catalog = builtin_catalog();
    const bool known = std::any_of(catalog.begin(), catalog.end(),
                                   [&](const AcceleratorSpec& a) { return a.id == id; });
    if (!known) return nullptr;
    if (!commit) return &empty_;
    std::optional<toml::table> doc = parse_value("{}", o_.source);
    put(accelerators, id, *doc);
    return accelerators.get(id);
  }

  std::optional<Issue> set(toml::table& table, const std::string& key, bool with_note,
                           bool commit) {
    std::optional<toml::table> doc = parse_value(o_.value, o_.source);
    if (!doc) return fail("expected UTF-8 text, got bytes that are not");
    if (!commit) return std::nullopt;
    if (with_note) note(*doc, o_.source);
    put(table, key, *doc);
    return std::nullopt;
  }

  toml::table& root_;
  const Override& o_;
  std::vector<std::string> segments_;
  toml::table empty_;  // stands for a table the file omits, in the dry pass
};

}  // namespace

std::vector<Issue> apply_overrides(toml::table& root, std::span<const Override> overrides) {
  std::vector<Issue> issues;
  for (const Override& o : overrides) {
    if (std::optional<Issue> issue = Resolver(root, o).apply()) issues.push_back(*issue);
  }
  return issues;
}

}  // namespace load
}  // namespace stargate
