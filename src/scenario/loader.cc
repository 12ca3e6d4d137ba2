// The sections of a scenario that describe the physical program (scenario,
// entities, accelerators, sites, orders), the rules that relate them, and the
// entry point. Money is read in load_capital.cc; the machinery in reader.cc.
#include "scenario/loader.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "core/suggest.h"
#include "scenario/catalog.h"
#include "scenario/override.h"
#include "scenario/quantity.h"
#include "scenario/reader.h"

namespace stargate {
namespace load {
namespace {

// A phase's or order's `priority`, an integer.
std::optional<std::int32_t> read_priority(TableReader& r) {
  std::optional<Param<double>> p;
  r.read("priority", p);
  if (!p) return std::nullopt;
  return static_cast<std::int32_t>(p->base);
}

}  // namespace

void Loader::read_scenario(TableReader& top) {
  const toml::table* t = top.table("scenario");
  if (!t) return;
  TableReader r(*this, *t, span(*t), "scenario", scenario_params(), {});
  ScenarioInfo& info = spec_.info;
  info.id = r.text("id");
  info.name = r.text("name");
  info.description = r.text("description");
  Param<Date> start, end;
  const size_t before = issues_.size();
  r.read("start", start);
  r.read("end", end);
  info.start = start.base;
  info.end = end.base;
  const bool dates_ok = issues_.size() == before && r.has("start") && r.has("end");
  if (dates_ok && info.end <= info.start) {
    issue(r.span_of("end"), "scenario.end",
          "must be after the start (" + info.start.to_string() + "), got " + info.end.to_string());
  } else if (dates_ok) {
    horizon_known_ = true;
  }
  const std::string step = r.text("step");
  info.step = step == "week"    ? StepKind::kWeek
              : step == "month" ? StepKind::kMonth
                                : StepKind::kDay;
  Param<double> seed;
  r.read("seed", seed);
  info.seed = static_cast<std::uint64_t>(seed.base);
  r.text("currency");
}

void Loader::read_entities(TableReader& top) {
  const toml::table* t = top.table("entities");
  if (!t) return;
  for (const auto& [kp, vp] : in_file_order(*t)) {
    const toml::key& k = *kp;
    const toml::node& v = *vp;
    const std::string id(k.str());
    const std::string path = "entities." + id;
    const auto* et = v.as_table();
    if (!et) {
      issue(span(v), path, "expected a table [" + path + "], got " + type_noun(v));
      continue;
    }
    if (!valid_id(id)) {
      issue(span(k), path, "an id may contain only letters, digits, '-' and '_', got '" + id + "'");
      continue;
    }
    TableReader r(*this, *et, span(*et), path, entity_params(), top.provenance());
    EntitySpec e;
    e.id = id;
    e.name = r.text("name");
    e.role_names = r.enum_list("roles");
    static const std::pair<const char*, Role> kRoleBits[] = {
        {"investor", Role::kInvestor},
        {"lender", Role::kLender},
        {"developer", Role::kDeveloper},
        {"operator", Role::kOperator},
        {"cloud_provider", Role::kCloudProvider},
        {"tenant", Role::kTenant},
        {"vendor", Role::kVendor},
        {"vehicle", Role::kVehicle},
        {"owner", Role::kOwner}};
    for (const std::string& role : e.role_names) {
      for (const auto& [name, bit] : kRoleBits) {
        if (role == name) e.roles |= static_cast<std::uint32_t>(bit);
      }
    }
    if (const toml::table* owners = r.table("owners")) read_owners(r, *owners, e);
    r.read("cash", e.cash);
    r.read("capex_budget", e.capex_budget);
    r.read("reserve", e.reserve);
    r.read("tax_rate", e.tax_rate);
    r.read("reserved_share", e.reserved_share);
    r.read("market_price_per_pflop_hour", e.market_price_per_pflop_hour);
    r.read("market_price_per_accelerator_hour", e.market_price_per_accelerator_hour);
    if (e.market_price_per_pflop_hour && e.market_price_per_accelerator_hour) {
      issue(r.span_of("market_price_per_accelerator_hour"), path,
            "expected market_price_per_pflop_hour or market_price_per_accelerator_hour, got both");
    }
    const std::string period = r.text("distributions");
    e.distributions = period == "monthly"  ? Period::kMonthly
                      : period == "annual" ? Period::kAnnual
                      : period == "never"  ? Period::kNever
                                           : Period::kQuarterly;
    e.where = span(*et);
    spec_.entities.push_back(std::move(e));
  }
}

// owners = { softbank = "40%", openai = "40%" }: each key an entity, each
// value its share.
void Loader::read_owners(TableReader& r, const toml::table& owners, EntitySpec& e) {
  static constexpr ParamSpec kShare = {"share", Unit::kFraction, Presence::kRequired, "", 0.0,
                                       1.0,     false,           "An owner's share.", {}, false};
  for (const auto& [kp, vp] : in_file_order(owners)) {
    const std::string owner(kp->str());
    const std::string path = r.sub("owners") + "." + owner;
    OwnerShare share;
    share.owner = Ref{owner, path, span(*kp)};
    if (auto n = numeric(*vp, kShare, path, r.provenance())) {
      share.share = Param<Fraction>{Fraction(n->base), n->uncertain, n->input};
      e.owners.push_back(std::move(share));
    }
  }
}

void Loader::read_accelerators(TableReader& top) {
  spec_.accelerators = builtin_catalog();
  const toml::table* t = top.table("accelerators");
  if (!t) return;
  for (const auto& [kp, vp] : in_file_order(*t)) {
    const toml::key& k = *kp;
    const toml::node& v = *vp;
    const std::string id(k.str());
    const std::string path = "accelerators." + id;
    const auto* at = v.as_table();
    if (!at) {
      issue(span(v), path, "expected a table [" + path + "], got " + type_noun(v));
      continue;
    }
    if (!valid_id(id)) {
      issue(span(k), path, "an id may contain only letters, digits, '-' and '_', got '" + id + "'");
      continue;
    }
    auto it = std::find_if(spec_.accelerators.begin(), spec_.accelerators.end(),
                           [&](const AcceleratorSpec& a) { return a.id == id; });
    const bool is_new = it == spec_.accelerators.end();
    if (is_new) {
      AcceleratorSpec fresh;
      fresh.id = id;
      fresh.name = id;
      fresh.from_catalog = false;
      spec_.accelerators.push_back(std::move(fresh));
      it = spec_.accelerators.end() - 1;
    }
    AcceleratorSpec& a = *it;
    TableReader r(*this, *at, span(*at), path, accelerator_params(), top.provenance());
    if (r.has("name")) a.name = r.text("name");
    if (r.has("vendor")) a.vendor = r.text("vendor");
    if (r.has("kind")) a.kind = r.text("kind");
    if (r.has("year")) {
      Param<double> year;
      r.read("year", year);
      a.year = static_cast<int>(year.base);
    }
    if (r.has("bf16") || is_new) r.read("bf16", a.bf16);
    if (is_new && !r.has("bf16")) {
      issue(r.where(), path, "missing required key 'bf16' for an accelerator not in the catalog",
            "expected " + expected_text(Unit::kFlopPerS));
    }
    if (r.has("fp8")) r.read("fp8", a.fp8);
    if (r.has("all_in_w")) r.read("all_in_w", a.all_in_w);
    if (r.has("unit_price")) r.read("unit_price", a.unit_price);
    if (r.has("mtbf")) r.read("mtbf", a.mtbf);
    if (r.has("useful_life") || is_new) r.read("useful_life", a.useful_life);
    if (r.has("repair_time") || is_new) r.read("repair_time", a.repair_time);
    a.where = span(*at);
    if (is_new) a.source = r.provenance().source;
  }
}

void Loader::read_site(const std::string& id, const toml::table& t, SourceSpan where,
                       const Provenance& inherited) {
  const std::string path = "sites." + id;
  TableReader r(*this, t, where, path, site_params(), inherited);
  SiteSpec s;
  s.id = id;
  s.name = r.has("name") ? r.text("name") : id;
  s.location = r.text("location");
  s.owner = r.ref("owner");
  s.developer = r.ref("developer");
  s.operator_ = r.ref("operator");
  r.read("pue", s.pue);
  r.read("utilisation", s.utilisation);
  r.read("om_rate", s.om_rate);
  r.read("staff_cost", s.staff_cost);
  r.read("land_lease", s.land_lease);
  r.read("building_life", s.building_life);
  s.where = where;
  if (const toml::array* power = r.table_array("power")) {
    for_each_item(
        *power, path + ".power", [&](const std::string& pid, const toml::table& pt, SourceSpan pw) {
          TableReader pr(*this, pt, pw, path + ".power." + pid, power_params(), r.provenance());
          PowerBlockSpec b;
          b.id = pid;
          const std::string kind = pr.text("kind");
          b.kind = kind == "onsite" ? PowerKind::kOnsite : PowerKind::kGrid;
          pr.read("mw", b.mw);
          pr.read("online", b.online);
          pr.read("price", b.price);
          pr.read("carbon_intensity", b.carbon_intensity);
          b.where = pw;
          s.power.push_back(std::move(b));
        });
  }
  if (const toml::array* phases = r.table_array("phases")) {
    for_each_item(
        *phases, path + ".phases",
        [&](const std::string& pid, const toml::table& pt, SourceSpan pw) {
          TableReader pr(*this, pt, pw, path + ".phases." + pid, phase_params(), r.provenance());
          PhaseSpec p;
          p.id = pid;
          p.name = pr.has("name") ? pr.text("name") : pid;
          pr.read("it_mw", p.it_mw);
          pr.read("start", p.start);
          pr.read("duration", p.duration);
          pr.read("capex_per_mw", p.capex_per_mw);
          pr.read("capex", p.capex);
          p.payer = pr.ref("payer");
          p.depends_on = pr.refs("depends_on");
          p.profile =
              pr.text("profile") == "linear" ? SpendProfile::kLinear : SpendProfile::kSCurve;
          p.priority = read_priority(pr);
          p.where = pw;
          const bool has_per_mw = pr.has("capex_per_mw"), has_total = pr.has("capex");
          if (has_per_mw == has_total) {
            issue(pw, pr.path(),
                  std::string("expected capex or capex_per_mw, got ") +
                      (has_total ? "both" : "neither"),
                  has_total ? ""
                            : "capex takes " + expected_text(Unit::kUsd) + ", capex_per_mw " +
                                  expected_text(Unit::kUsdPerMw));
          }
          if (!pr.has("start") && !pr.has("depends_on")) {
            issue(pw, pr.path(), "expected start, depends_on or both, got neither",
                  "a phase starts on its start date, or once the phases it depends on are built");
          }
          s.phases.push_back(std::move(p));
        });
  }
  spec_.sites.push_back(std::move(s));
}

void Loader::read_sites(TableReader& top) {
  const toml::table* t = top.table("sites");
  if (!t) return;
  for (const auto& [kp, vp] : in_file_order(*t)) {
    const toml::key& k = *kp;
    const toml::node& v = *vp;
    const std::string id(k.str());
    const auto* st = v.as_table();
    if (!st) {
      issue(span(v), "sites." + id, "expected a table [sites." + id + "], got " + type_noun(v));
      continue;
    }
    if (!valid_id(id)) {
      issue(span(k), "sites." + id,
            "an id may contain only letters, digits, '-' and '_', got '" + id + "'");
      continue;
    }
    read_site(id, *st, span(*st), top.provenance());
  }
}

void Loader::read_orders(TableReader& top) {
  const toml::array* orders = top.table_array("orders");
  if (!orders) return;
  for_each_item(
      *orders, "orders", [&](const std::string& id, const toml::table& t, SourceSpan where) {
        const std::string path = "orders." + id;
        TableReader r(*this, t, where, path, order_params(), top.provenance());
        OrderSpec o;
        o.id = id;
        o.buyer = r.ref("buyer");
        o.accelerator = r.ref("accelerator");
        o.site = r.ref("site");
        o.payer = r.ref("payer");
        r.read("count", o.count);
        r.read("budget", o.budget);
        r.read("unit_price", o.unit_price);
        r.read("ordered", o.ordered);
        r.read("lead_time", o.lead_time);
        r.read("ramp", o.ramp);
        r.read("delay", o.delay);
        o.priority = read_priority(r);
        o.where = where;
        if (r.has("count") == r.has("budget")) {
          issue(
              where, path,
              std::string("expected count or budget, got ") + (r.has("count") ? "both" : "neither"),
              r.has("count") ? ""
                             : "count takes " + expected_text(Unit::kAccelerators) + ", budget " +
                                   expected_text(Unit::kUsd));
        }
        const size_t issues_before_lots = issues_.size();
        if (const toml::array* deliveries = r.table_array("deliveries")) {
          for_each_item(*deliveries, path + ".deliveries",
                        [&](const std::string& did, const toml::table& dt, SourceSpan dw) {
                          TableReader dr(*this, dt, dw, path + ".deliveries." + did,
                                         delivery_params(), r.provenance());
                          DeliverySpec d;
                          d.id = did;
                          dr.read("date", d.date);
                          dr.read("count", d.count);
                          dr.read("share", d.share);
                          d.where = dw;
                          if (dr.has("count") == dr.has("share")) {
                            issue(dw, dr.path(),
                                  std::string("expected count or share, got ") +
                                      (dr.has("count") ? "both" : "neither"));
                          }
                          o.deliveries.push_back(std::move(d));
                        });
        }
        // The lots together, unless one of them is already reported: a lot that
        // failed to read would make the sums wrong for no new reason.
        if (issues_.size() == issues_before_lots) check_lots(o);
        const bool explicit_schedule = r.has("deliveries");
        const bool lead = r.has("lead_time") || r.has("ordered");
        const std::string schedule = "[[" + path + ".deliveries]]";
        if (explicit_schedule && lead) {
          issue(where, path, "expected " + schedule + " or ordered with lead_time, got both");
        } else if (!explicit_schedule && !(r.has("lead_time") && r.has("ordered"))) {
          const std::string got = r.has("ordered")     ? "ordered without lead_time"
                                  : r.has("lead_time") ? "lead_time without ordered"
                                                       : "neither";
          issue(where, path, "expected ordered and lead_time, or " + schedule + ", got " + got);
        }
        if (r.has("ramp") && !lead) {
          issue(r.span_of("ramp"), path + ".ramp",
                "ramp spreads deliveries after ordered + lead_time; give those too");
        }
        spec_.orders.push_back(std::move(o));
      });
}

void Loader::check_lots(const OrderSpec& o) {
  if (o.deliveries.empty()) return;
  const std::string path = "orders." + o.id + ".deliveries";
  bool by_share = false, by_count = false;
  double shares = 0.0, total = 0.0;
  for (const DeliverySpec& d : o.deliveries) {
    if (d.share) {
      by_share = true;
      shares += d.share->base.value();
    }
    if (d.count) {
      by_count = true;
      total += d.count->base.value();
    }
  }
  if (by_share && by_count) {
    issue(o.where, path, "expected a count on every lot or a share on every lot, got both");
  } else if (by_share && std::fabs(shares - 1.0) > 1e-9) {
    issue(o.where, path,
          "expected shares that add up to 100%, got " + format_quantity(shares, Unit::kFraction));
  } else if (by_count && o.budget) {
    issue(o.where, path, "expected a share on every lot of an order by budget, got counts",
          "the count a budget buys is known only at the unit price");
  } else if (by_count && o.count && std::fabs(total - o.count->base.value()) > 0.5) {
    issue(o.where, path,
          "expected lots that add up to count (" +
              format_quantity(o.count->base.value(), Unit::kAccelerators) + "), got " +
              format_quantity(total, Unit::kAccelerators));
  }
}

void Loader::check_ref(const Ref& r, const std::vector<std::string>& ids, std::string_view what,
                       std::string_view where) {
  if (r.empty()) return;
  if (std::find(ids.begin(), ids.end(), r.id) != ids.end()) return;
  issue(r.where, r.key_path,
        "unknown " + std::string(what) + " '" + r.id + "'" + std::string(where),
        did_you_mean(r.id, ids));
}

void Loader::validate() {
  std::vector<std::string> entity_ids, site_ids, accelerator_ids;
  for (const EntitySpec& e : spec_.entities) entity_ids.push_back(e.id);
  for (const SiteSpec& s : spec_.sites) site_ids.push_back(s.id);
  for (const AcceleratorSpec& a : spec_.accelerators) accelerator_ids.push_back(a.id);

  for (const SiteSpec& s : spec_.sites) {
    check_ref(s.owner, entity_ids, "entity");
    check_ref(s.developer, entity_ids, "entity");
    check_ref(s.operator_, entity_ids, "entity");
    std::vector<std::string> phase_ids;
    for (const PhaseSpec& p : s.phases) phase_ids.push_back(p.id);
    for (const PhaseSpec& p : s.phases) {
      check_ref(p.payer, entity_ids, "entity");
      for (const Ref& d : p.depends_on) {
        if (d.id == p.id) {
          issue(d.where, d.key_path, "phase '" + p.id + "' cannot depend on itself");
        } else if (std::find(phase_ids.begin(), phase_ids.end(), d.id) == phase_ids.end()) {
          // A phase of another site is the likelier meaning than a near id here.
          std::string elsewhere;
          for (const SiteSpec& other : spec_.sites) {
            for (const PhaseSpec& q : other.phases) {
              if (elsewhere.empty() && &other != &s && q.id == d.id) elsewhere = other.id;
            }
          }
          if (elsewhere.empty()) {
            check_ref(d, phase_ids, "phase", " at site '" + s.id + "'");
          } else {
            issue(d.where, d.key_path, "unknown phase '" + d.id + "' at site '" + s.id + "'",
                  "'" + d.id + "' is a phase of site '" + elsewhere +
                      "'; a phase can depend only on phases of its own site");
          }
        }
      }
    }
    // Dependency cycles: depth-first search with colours.
    std::map<std::string, const PhaseSpec*> by_id;
    for (const PhaseSpec& p : s.phases) by_id[p.id] = &p;
    std::map<std::string, int> colour;  // 0 white, 1 grey, 2 black
    std::function<bool(const PhaseSpec&, std::vector<std::string>&)> visit =
        [&](const PhaseSpec& p, std::vector<std::string>& stack) -> bool {
      colour[p.id] = 1;
      stack.push_back(p.id);
      for (const Ref& d : p.depends_on) {
        auto it = by_id.find(d.id);
        if (it == by_id.end() || d.id == p.id) continue;
        if (colour[d.id] == 1) {
          std::string cycle;
          auto from = std::find(stack.begin(), stack.end(), d.id);
          for (auto i = from; i != stack.end(); ++i) cycle += *i + " → ";
          issue(d.where, d.key_path, "phases depend on each other in a cycle: " + cycle + d.id);
          return true;
        }
        if (colour[d.id] == 0 && visit(*it->second, stack)) return true;
      }
      stack.pop_back();
      colour[p.id] = 2;
      return false;
    };
    for (const PhaseSpec& p : s.phases) {
      std::vector<std::string> stack;
      if (colour[p.id] == 0 && visit(p, stack)) break;
    }
  }

  for (const OrderSpec& o : spec_.orders) {
    check_ref(o.buyer, entity_ids, "entity");
    check_ref(o.payer, entity_ids, "entity");
    check_ref(o.site, site_ids, "site");
    check_ref(o.accelerator, accelerator_ids, "accelerator");
    if (const AcceleratorSpec* a = spec_.accelerator(o.accelerator.id)) {
      if (a->kind == "rack") {
        // A rack's catalog row lacks what an order needs (a price per
        // accelerator, an MTBF) because it is the wrong row: say that, once.
        // The per-accelerator row of "gb200-nvl72" is "gb200".
        const std::string row = a->id.substr(0, a->id.rfind('-'));
        const bool has_row = a->id.find('-') != std::string::npos && spec_.accelerator(row);
        issue(o.accelerator.where, o.accelerator.key_path,
              "expected a single accelerator, got '" + a->id + "', a whole rack",
              has_row ? "order '" + row + "' and count accelerators, not racks"
                      : "orders count accelerators, not racks");
      } else {
        const std::string where = a->from_catalog ? " in the catalog" : "";
        auto need = [&](bool present, const char* field, const char* why, const char* also = "") {
          if (present) return;
          issue(o.accelerator.where, o.accelerator.key_path,
                "accelerator '" + a->id + "' has no " + field + where + ", needed " + why,
                std::string("set it under [accelerators.") + a->id + "] " + field + " = …" + also);
        };
        need(a->all_in_w.has_value(), "all_in_w", "to install it");
        need(a->unit_price.has_value() || o.unit_price.has_value(), "unit_price", "to pay for it",
             ", or give the order a unit_price");
        need(a->mtbf.has_value(), "mtbf", "to model repairs");
      }
    }
  }
}

// Catalog values an order relies on join the inputs, so the assumptions table
// shows them with the catalog's source and estimate marks.
void Loader::record_catalog_inputs() {
  std::set<std::string> used;
  for (const OrderSpec& o : spec_.orders) used.insert(o.accelerator.id);
  for (AcceleratorSpec& a : spec_.accelerators) {
    if (!used.count(a.id) || !a.from_catalog) continue;
    const Provenance prov{a.source, a.estimated_fields.empty()
                                        ? "built-in catalog (data/accelerators.csv)"
                                        : "built-in catalog (data/accelerators.csv); estimated: " +
                                              a.estimated_fields};
    auto add = [&](auto& param, const char* field, Unit unit) {
      if (param.input >= 0) return;  // the scenario overrode it
      InputRecord rec;
      rec.key_path = "accelerators." + a.id + "." + field;
      rec.unit = unit;
      rec.base = ParamTraits<std::decay_t<decltype(param.base)>>::to_double(param.base);
      if constexpr (std::is_same_v<std::decay_t<decltype(param.base)>, Duration>) {
        rec.text = param.base.to_string();
      } else {
        rec.text = format_quantity(rec.base, unit);
      }
      rec.provenance = prov;
      rec.where = a.where;
      param.input = static_cast<std::int32_t>(spec_.inputs.size());
      spec_.inputs.push_back(std::move(rec));
    };
    add(a.bf16, "bf16", Unit::kFlopPerS);
    if (a.fp8) add(*a.fp8, "fp8", Unit::kFlopPerS);
    if (a.all_in_w) add(*a.all_in_w, "all_in_w", Unit::kWatts);
    if (a.unit_price) add(*a.unit_price, "unit_price", Unit::kUsd);
    if (a.mtbf) add(*a.mtbf, "mtbf", Unit::kHours);
    add(a.useful_life, "useful_life", Unit::kDuration);
  }
}

ScenarioSpec Loader::load(std::string_view text, std::string_view default_id,
                          std::span<const Override> overrides) {
  toml::table root;
  try {
    root = toml::parse(text, source_);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw Error(ErrorKind::kInvalidScenario, "",
                {Issue{SourceSpan{source_, static_cast<int>(b.line), static_cast<int>(b.column)},
                       "", "not valid TOML: " + lower_first(std::string(e.description())), ""}});
  }
  for (Issue& i : apply_overrides(root, overrides)) issues_.push_back(std::move(i));
  for (const Override& o : overrides) overridden_.push_back(o.path);
  TableReader top(*this, root, SourceSpan{source_, 1, 1}, "", top_level_params(), {});
  read_scenario(top);
  if (spec_.info.id.empty()) spec_.info.id = std::string(default_id);
  read_entities(top);
  read_accelerators(top);
  read_sites(top);
  read_orders(top);
  read_capital(top);
  read_market(top);
  read_uncertainty(top);
  validate();
  validate_capital();
  validate_market();
  validate_uncertainty();
  record_catalog_inputs();
  if (!issues_.empty()) {
    std::stable_sort(issues_.begin(), issues_.end(), [](const Issue& a, const Issue& b) {
      return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    throw Error(ErrorKind::kInvalidScenario, "", std::move(issues_));
  }
  return std::move(spec_);
}

}  // namespace load

ScenarioSpec load_scenario_spec(std::string_view toml_text, std::string_view source_name,
                                std::string_view default_id, std::span<const Override> overrides) {
  load::Loader loader(source_name);
  return loader.load(toml_text, default_id, overrides);
}

}  // namespace stargate
