// The sections of a scenario about the capacity market and training:
// [[contracts]], [tenants.<id>] and [[right_of_first_refusal]], and the rules
// that relate them (MODEL.md §5–§6): references, exactly-one-of choices,
// cycles of contracts and exclusivity through chains.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/suggest.h"
#include "scenario/quantity.h"
#include "scenario/reader.h"

namespace stargate::load {
namespace {

Precision precision_of(const std::string& word) {
  return word == "fp8" ? Precision::kFp8 : Precision::kBf16;
}

std::string got_of(const std::vector<std::string>& present) {
  if (present.empty()) return "none";
  std::string s;
  for (size_t i = 0; i < present.size(); ++i) s += (i ? " and " : "") + present[i];
  return s;
}

// Exactly one of `keys` present in `r`: reported otherwise.
void exactly_one(Loader& loader, TableReader& r, std::initializer_list<std::string_view> keys,
                 SourceSpan where) {
  std::vector<std::string> present;
  std::string all;
  size_t i = 0;
  for (std::string_view k : keys) {
    if (r.has(k)) present.emplace_back(k);
    all += (i == 0 ? "" : i + 1 == keys.size() ? " or " : ", ") + std::string(k);
    ++i;
  }
  if (present.size() != 1) {
    loader.issue(where, r.path(), "expected exactly one of " + all + ", got " + got_of(present));
  }
}

}  // namespace

void Loader::read_market(TableReader& top) {
  if (const toml::array* items = top.table_array("contracts")) {
    for_each_item(
        *items, "contracts", [&](const std::string& id, const toml::table& t, SourceSpan where) {
          TableReader r(*this, t, where, "contracts." + id, contract_params(), top.provenance());
          ContractSpec c;
          c.id = id;
          c.kind = r.text("kind") == "lease" ? ContractKind::kLease : ContractKind::kCompute;
          c.provider = r.ref("provider");
          c.customer = r.ref("customer");
          r.read("start", c.start);
          r.read("term", c.term);
          r.read("signed", c.signed_on);
          std::optional<Param<double>> priority;
          r.read("priority", priority);
          if (priority) c.priority = static_cast<std::int32_t>(priority->base);
          c.site = r.ref("site");
          c.accelerator = r.ref("accelerator");
          r.read("mw", c.mw);
          r.read("count", c.count);
          r.read("share", c.share);
          c.all_of = r.ref("all_of");
          r.read("price_per_accelerator_hour", c.price_per_accelerator_hour);
          r.read("price_per_mw_month", c.price_per_mw_month);
          r.read("fixed_per_year", c.fixed_per_year);
          Param<bool> top_;
          r.read("take_or_pay", top_);
          c.take_or_pay = top_.base;
          c.exclusive_to = r.ref("exclusive_to");
          c.where = where;
          if (c.kind == ContractKind::kLease) {
            if (!r.has("site")) {
              issue(where, r.path(), "a lease needs the site it leases",
                    "site = \"<site id>\", with mw or share of its IT capacity");
            }
            exactly_one(*this, r, {"mw", "share"}, where);
            for (std::string_view k : {"count", "all_of", "accelerator"}) {
              if (r.has(k)) {
                issue(r.span_of(k), r.sub(k), std::string(k) + " is for compute contracts",
                      "a lease routes MW of a site: give mw or share");
              }
            }
            if (r.has("price_per_accelerator_hour")) {
              issue(r.span_of("price_per_accelerator_hour"), r.sub("price_per_accelerator_hour"),
                    "a lease is priced per MW-month or as a fixed amount per year",
                    "use price_per_mw_month or fixed_per_year");
            }
          } else {
            exactly_one(*this, r, {"count", "share", "all_of"}, where);
            if (r.has("mw")) {
              issue(r.span_of("mw"), r.sub("mw"), "mw is for leases",
                    "a compute contract routes accelerators: give count, share or all_of");
            }
          }
          exactly_one(*this, r,
                      {"price_per_accelerator_hour", "price_per_mw_month", "fixed_per_year"},
                      where);
          spec_.contracts.push_back(std::move(c));
        });
  }

  if (const toml::table* t = top.table("tenants")) {
    for (const auto& [kp, vp] : in_file_order(*t)) {
      const std::string id(kp->str());
      const std::string path = "tenants." + id;
      const auto* tt = vp->as_table();
      if (!tt) {
        issue(span(*vp), path, "expected a table [" + path + "], got " + type_noun(*vp));
        continue;
      }
      read_tenant(id, *tt, span(*tt), top.provenance());
    }
  }

  if (const toml::array* items = top.table_array("right_of_first_refusal")) {
    for_each_item(*items, "right_of_first_refusal",
                  [&](const std::string& id, const toml::table& t, SourceSpan where) {
                    TableReader r(*this, t, where, "right_of_first_refusal." + id, rofr_params(),
                                  top.provenance());
                    RofrSpec f;
                    f.id = id;
                    f.tenant = r.ref("tenant");
                    f.holder = r.ref("holder");
                    r.read("start", f.start);
                    r.read("end", f.end);
                    r.read("take_fraction", f.take_fraction);
                    r.read("price_per_pflop_hour", f.price_per_pflop_hour);
                    f.where = where;
                    if (f.end && f.end->base < f.start.base) {
                      issue(r.span_of("end"), r.sub("end"),
                            "must not be before start (" + f.start.base.to_string() + "), got " +
                                f.end->base.to_string());
                    }
                    spec_.rofr.push_back(std::move(f));
                  });
  }
}

void Loader::read_tenant(const std::string& id, const toml::table& t, SourceSpan where,
                         const Provenance& inherited) {
  TableReader r(*this, t, where, "tenants." + id, tenant_params(), inherited);
  TenantSpec tn;
  tn.id = id;
  tn.where = where;
  Param<double> priority;
  r.read("priority", priority);
  tn.priority = static_cast<std::int32_t>(priority.base);
  r.read("procurement_term", tn.procurement_term);
  r.read("retry", tn.retry);

  if (const toml::table* it = r.table("inference")) {
    TableReader ir(*this, *it, span(*it), r.sub("inference"), inference_params(), r.provenance());
    InferenceSpec& inf = tn.inference;
    inf.present = true;
    inf.where = span(*it);
    inf.accelerator = ir.ref("accelerator");
    ir.read("start", inf.start);
    ir.read("flops", inf.flops);
    ir.read("accelerators", inf.accelerators);
    ir.read("growth", inf.growth);
    bool any_accelerators = ir.has("accelerators");
    if (const toml::array* points = ir.table_array("points")) {
      for_each_item(*points, ir.sub("points"),
                    [&](const std::string& pid, const toml::table& pt, SourceSpan pw) {
                      TableReader pr(*this, pt, pw, ir.sub("points") + "." + pid,
                                     demand_point_params(), ir.provenance());
                      CurvePoint p;
                      p.id = pid;
                      p.where = pw;
                      pr.read("date", p.date);
                      pr.read("flops", p.flops);
                      pr.read("accelerators", p.accelerators);
                      exactly_one(*this, pr, {"flops", "accelerators"}, pw);
                      any_accelerators = any_accelerators || pr.has("accelerators");
                      if (!inf.points.empty() && pr.has("date") &&
                          p.date.base <= inf.points.back().date.base) {
                        issue(pr.span_of("date"), pr.sub("date"),
                              "must be after the point before (" +
                                  inf.points.back().date.base.to_string() + "), got " +
                                  p.date.base.to_string());
                      }
                      inf.points.push_back(std::move(p));
                    });
    }
    const bool by_points = ir.has("points");
    const bool by_growth = ir.has("flops") || ir.has("accelerators");
    if (by_points == by_growth) {
      issue(inf.where, ir.path(),
            std::string("expected points, or start with flops or accelerators, got ") +
                (by_points ? "both" : "neither"));
    } else if (by_growth) {
      exactly_one(*this, ir, {"flops", "accelerators"}, inf.where);
      if (!ir.has("start")) {
        issue(inf.where, ir.path(), "a demand given by a value and growth needs its start date");
      }
    } else if (ir.has("growth") || ir.has("start")) {
      issue(ir.span_of(ir.has("growth") ? "growth" : "start"), ir.path(),
            "start and growth go with flops or accelerators, not with points");
    }
    if (any_accelerators && !ir.has("accelerator")) {
      issue(inf.where, ir.sub("accelerator"), "demand in accelerators needs the type they count in",
            "accelerator = \"h100\", or give the demand in flops");
    }
  }

  if (const toml::array* items = r.table_array("budget")) {
    for_each_item(
        *items, r.sub("budget"), [&](const std::string& pid, const toml::table& pt, SourceSpan pw) {
          TableReader pr(*this, pt, pw, r.sub("budget") + "." + pid, budget_point_params(),
                         r.provenance());
          CurvePoint p;
          p.id = pid;
          p.where = pw;
          pr.read("date", p.date);
          pr.read("per_year", p.per_year);
          if (!tn.budget.empty() && p.date.base <= tn.budget.back().date.base) {
            issue(pr.span_of("date"), pr.sub("date"),
                  "must be after the point before (" + tn.budget.back().date.base.to_string() +
                      "), got " + p.date.base.to_string());
          }
          tn.budget.push_back(std::move(p));
        });
  }

  if (const toml::array* items = r.table_array("training")) {
    for_each_item(
        *items, r.sub("training"),
        [&](const std::string& rid, const toml::table& rt, SourceSpan rw) {
          TableReader tr(*this, rt, rw, r.sub("training") + "." + rid, training_params(),
                         r.provenance());
          TrainingSpec x;
          x.id = rid;
          x.where = rw;
          tr.read("earliest_start", x.earliest_start);
          tr.read("flop", x.flop);
          tr.read("duration", x.duration);
          x.precision = precision_of(tr.text("precision"));
          tr.read("mfu", x.mfu);
          tr.read("min_accelerators", x.min_accelerators);
          tr.read("max_accelerators", x.max_accelerators);
          Param<double> sites;
          tr.read("sites", sites);
          x.sites = static_cast<std::int32_t>(sites.base);
          tr.read("site_penalty", x.site_penalty);
          tr.read("checkpoint_time", x.checkpoint_time);
          tr.read("restart_time", x.restart_time);
          exactly_one(*this, tr, {"flop", "duration"}, rw);
          if (x.max_accelerators &&
              x.max_accelerators->base.value() < x.min_accelerators.base.value()) {
            issue(tr.span_of("max_accelerators"), tr.sub("max_accelerators"),
                  "must not be below min_accelerators (" +
                      format_quantity(x.min_accelerators.base.value(), Unit::kAccelerators) + ")");
          }
          tn.training.push_back(std::move(x));
        });
  }

  if (const toml::table* ft = r.table("frontier")) {
    TableReader fr(*this, *ft, span(*ft), r.sub("frontier"), frontier_params(), r.provenance());
    FrontierSpec& f = tn.frontier;
    f.present = true;
    f.where = span(*ft);
    fr.read("start", f.start);
    fr.read("cadence", f.cadence);
    fr.read("duration", f.duration);
    f.precision = precision_of(fr.text("precision"));
    fr.read("mfu", f.mfu);
    fr.read("min_accelerators", f.min_accelerators);
    fr.read("max_accelerators", f.max_accelerators);
    if (f.max_accelerators && f.max_accelerators->base.value() < f.min_accelerators.base.value()) {
      issue(fr.span_of("max_accelerators"), fr.sub("max_accelerators"),
            "must not be below min_accelerators (" +
                format_quantity(f.min_accelerators.base.value(), Unit::kAccelerators) + ")");
    }
    fr.read("checkpoint_time", f.checkpoint_time);
    fr.read("restart_time", f.restart_time);
  }
  spec_.tenants.push_back(std::move(tn));
}

void Loader::validate_market() {
  const std::vector<std::string> entities = entity_ids();
  std::vector<std::string> sites, accelerators, contracts, tenants;
  for (const SiteSpec& s : spec_.sites) sites.push_back(s.id);
  for (const AcceleratorSpec& a : spec_.accelerators) accelerators.push_back(a.id);
  for (const ContractSpec& c : spec_.contracts) contracts.push_back(c.id);
  for (const TenantSpec& t : spec_.tenants) tenants.push_back(t.id);

  for (const TenantSpec& t : spec_.tenants) {
    if (!spec_.entity(t.id)) {
      check_ref(Ref{t.id, "tenants." + t.id, t.where}, entities, "entity");
    }
    if (!t.inference.accelerator.empty())
      check_ref(t.inference.accelerator, accelerators, "accelerator");
  }
  auto check_tenant = [&](const Ref& r) {
    if (r.empty()) return;
    if (std::find(tenants.begin(), tenants.end(), r.id) == tenants.end()) {
      if (spec_.entity(r.id)) {
        issue(r.where, r.key_path, "'" + r.id + "' is not a tenant",
              "declare its demand under [tenants." + r.id + "]");
      } else {
        check_ref(r, tenants, "tenant");
      }
    }
  };

  std::map<std::string, const ContractSpec*> by_id;
  for (const ContractSpec& c : spec_.contracts) by_id[c.id] = &c;
  for (const ContractSpec& c : spec_.contracts) {
    check_ref(c.provider, entities, "entity");
    check_ref(c.customer, entities, "entity");
    if (!c.provider.empty() && c.provider.id == c.customer.id) {
      issue(c.customer.where, c.customer.key_path,
            "a contract needs two parties, got '" + c.customer.id + "' on both sides");
    }
    if (!c.site.empty()) check_ref(c.site, sites, "site");
    if (!c.accelerator.empty()) check_ref(c.accelerator, accelerators, "accelerator");
    check_tenant(c.exclusive_to);
    if (!c.all_of.empty()) {
      auto it = by_id.find(c.all_of.id);
      if (it == by_id.end()) {
        check_ref(c.all_of, contracts, "contract");
      } else if (it->second->customer.id != c.provider.id) {
        issue(c.all_of.where, c.all_of.key_path,
              "contract '" + c.all_of.id + "' delivers to '" + it->second->customer.id +
                  "', not to this contract's provider '" + c.provider.id + "'",
              "all_of passes on what the provider itself receives");
      } else if (it->second->kind == ContractKind::kLease) {
        issue(c.all_of.where, c.all_of.key_path,
              "contract '" + c.all_of.id + "' is a lease; all_of passes on accelerators",
              "the lessee's accelerators at the site are its own: give share = 100% instead");
      }
    }
  }

  // Cycles: capacity must flow from providers to customers without returning.
  {
    std::map<std::string, std::vector<const ContractSpec*>> out;
    for (const ContractSpec& c : spec_.contracts) out[c.provider.id].push_back(&c);
    std::map<std::string, int> colour;
    std::vector<std::string> stack;
    bool reported = false;
    std::function<void(const std::string&)> visit = [&](const std::string& e) {
      colour[e] = 1;
      stack.push_back(e);
      for (const ContractSpec* c : out[e]) {
        if (reported) break;
        const std::string& next = c->customer.id;
        if (colour[next] == 1) {
          std::string cycle;
          for (auto i = std::find(stack.begin(), stack.end(), next); i != stack.end(); ++i)
            cycle += *i + " → ";
          issue(c->customer.where, c->customer.key_path, "contracts form a cycle: " + cycle + next,
                "capacity must flow from providers to customers without coming back");
          reported = true;
        } else if (colour[next] == 0) {
          visit(next);
        }
      }
      stack.pop_back();
      colour[e] = 2;
    };
    for (const ContractSpec& c : spec_.contracts) {
      if (!reported && colour[c.provider.id] == 0) visit(c.provider.id);
    }
  }

  // Exclusivity follows the capacity (MODEL.md §5): a tag set upstream rides
  // along every all_of chain. Re-tagging it for another tenant, or delivering
  // it to another tenant, is an error. (Count and share contracts never carry
  // tagged capacity to anyone but its tenant: the allocation enforces that.)
  auto upstream_tag = [&](const ContractSpec& c) -> const Ref* {
    std::set<const ContractSpec*> seen{&c};
    for (const ContractSpec* up = &c; !up->all_of.empty();) {
      auto it = by_id.find(up->all_of.id);
      if (it == by_id.end() || !seen.insert(it->second).second) return nullptr;
      up = it->second;
      if (!up->exclusive_to.empty()) return &up->exclusive_to;
    }
    return nullptr;
  };
  for (const ContractSpec& c : spec_.contracts) {
    const Ref* upstream = upstream_tag(c);
    if (upstream && !c.exclusive_to.empty() && c.exclusive_to.id != upstream->id) {
      issue(c.exclusive_to.where, c.exclusive_to.key_path,
            "capacity exclusive to '" + upstream->id + "' cannot be tagged for '" +
                c.exclusive_to.id + "'",
            "it was made exclusive upstream (" + upstream->key_path +
                "); remove this tag or make "
                "it '" +
                upstream->id + "'");
      continue;
    }
    const Ref* tag = !c.exclusive_to.empty() ? &c.exclusive_to : upstream;
    if (!tag || c.customer.id == tag->id) continue;
    if (std::find(tenants.begin(), tenants.end(), c.customer.id) != tenants.end()) {
      issue(c.customer.where, c.customer.key_path,
            "contract '" + c.id + "' passes capacity exclusive to '" + tag->id +
                "' to another tenant, '" + c.customer.id + "'",
            "exclusive capacity serves only '" + tag->id + "' (" + tag->key_path +
                "); deliver it to '" + tag->id + "' or drop the exclusivity");
    }
  }

  for (const RofrSpec& f : spec_.rofr) {
    check_tenant(f.tenant);
    check_ref(f.holder, entities, "entity");
    if (!f.holder.empty() && f.holder.id == f.tenant.id) {
      issue(f.holder.where, f.holder.key_path, "a tenant cannot hold a right over itself");
    }
    const EntitySpec* h = spec_.entity(f.holder.id);
    if (h && !f.price_per_pflop_hour && !h->market_price_per_pflop_hour &&
        !h->market_price_per_accelerator_hour) {
      issue(f.where, "right_of_first_refusal." + f.id + ".price_per_pflop_hour",
            "the holder '" + f.holder.id + "' has no market price, so what it accepts has none",
            "give price_per_pflop_hour here, or market_price_per_pflop_hour to [entities." +
                f.holder.id + "]");
    }
  }
}

}  // namespace stargate::load
