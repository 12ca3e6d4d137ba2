// The sections of a scenario about money: [program], [[equity]], [[debt]],
// [[funding]], [[revenue]], [jobs], and the rules that relate them to the
// entities (MODEL.md §3).
#include <algorithm>
#include <cmath>
#include <map>

#include "core/suggest.h"
#include "scenario/quantity.h"
#include "scenario/reader.h"

namespace stargate::load {
namespace {

// Where a value was written; `fallback` (its table) when it was not.
template <class T>
SourceSpan where_of(const ScenarioSpec& spec, const Param<T>& p, SourceSpan fallback) {
  return p.input >= 0 ? spec.inputs[static_cast<size_t>(p.input)].where : fallback;
}

Period period_of(const std::string& word) {
  if (word == "monthly") return Period::kMonthly;
  if (word == "annual") return Period::kAnnual;
  if (word == "never") return Period::kNever;
  return Period::kQuarterly;
}

}  // namespace

void Loader::read_capital(TableReader& top) {
  if (const toml::table* t = top.table("program")) {
    TableReader r(*this, *t, span(*t), "program", program_params(), top.provenance());
    ProgramSpec& p = spec_.program;
    p.present = true;
    p.name = r.text("name");
    r.read("budget", p.budget);
    r.read("first_tranche", p.first_tranche);
    p.vehicles = r.refs("vehicles");
    p.sites = r.refs("sites");
    Param<bool> enforce;
    r.read("enforce", enforce);
    p.enforce = enforce.base;
    r.read("discount_rate", p.discount_rate);
    r.read("terminal_multiple", p.terminal_multiple);
    p.where = span(*t);
  } else {
    // Without a [program], NPVs and levelised costs still need a rate: the
    // declared default, recorded as an input like any other.
    static const toml::table kEmpty;
    TableReader r(*this, kEmpty, SourceSpan{source_, 0, 0}, "program", program_params(), {});
    r.read("discount_rate", spec_.program.discount_rate);
  }

  if (const toml::array* items = top.table_array("equity")) {
    for_each_item(
        *items, "equity", [&](const std::string& id, const toml::table& t, SourceSpan where) {
          TableReader r(*this, t, where, "equity." + id, equity_params(), top.provenance());
          EquitySpec e;
          e.id = id;
          e.investor = r.ref("investor");
          e.vehicle = r.ref("vehicle");
          r.read("amount", e.amount);
          Param<bool> on_call;
          r.read("on_call", on_call);
          e.on_call = on_call.base;
          r.read("available_from", e.available_from);
          r.read("honoured", e.honoured);
          // A probability of being honoured is a draw in Monte Carlo: an
          // implicit bernoulli(p), whose base value honours it when p ≥ 50%.
          if (!e.honoured.is_uncertain() && e.honoured.base.value() > 0.0 &&
              e.honoured.base.value() < 1.0) {
            UncertainInput u;
            u.key_path = r.sub("honoured");
            u.unit = Unit::kFraction;
            u.dist.kind = DistKind::kBernoulli;
            u.dist.params = {e.honoured.base.value()};
            u.where = e.honoured.input >= 0
                          ? spec_.inputs[static_cast<size_t>(e.honoured.input)].where
                          : where;
            e.honoured.uncertain = static_cast<std::int32_t>(spec_.uncertain.size());
            spec_.uncertain.push_back(std::move(u));
          }
          e.where = where;
          if (const toml::array* calls = r.table_array("calls")) {
            for_each_item(*calls, r.path() + ".calls",
                          [&](const std::string& cid, const toml::table& ct, SourceSpan cw) {
                            TableReader cr(*this, ct, cw, r.path() + ".calls." + cid,
                                           equity_call_params(), r.provenance());
                            EquityCallSpec c;
                            c.id = cid;
                            cr.read("date", c.date);
                            cr.read("amount", c.amount);
                            cr.read("share", c.share);
                            c.where = cw;
                            if (cr.has("amount") == cr.has("share")) {
                              issue(cw, cr.path(),
                                    std::string("expected amount or share, got ") +
                                        (cr.has("amount") ? "both" : "neither"));
                            }
                            e.calls.push_back(std::move(c));
                          });
          }
          if (!e.on_call && e.calls.empty()) {
            issue(where, r.path(), "on_call = false needs a schedule of [[" + r.path() + ".calls]]",
                  "or leave on_call at its default, true, to draw when the vehicle needs it");
          } else if (e.on_call && r.has("calls")) {
            issue(r.span_of("calls"), r.sub("calls"), "calls are a schedule for on_call = false",
                  "set on_call = false, or remove the calls to draw when the vehicle needs it");
          }
          spec_.equity.push_back(std::move(e));
        });
  }

  if (const toml::array* items = top.table_array("debt")) {
    for_each_item(
        *items, "debt", [&](const std::string& id, const toml::table& t, SourceSpan where) {
          TableReader r(*this, t, where, "debt." + id, debt_params(), top.provenance());
          DebtSpec d;
          d.id = id;
          d.lender = r.ref("lender");
          d.borrower = r.ref("borrower");
          r.read("size", d.size);
          r.read("rate", d.rate);
          r.read("base_rate", d.base_rate);
          r.read("margin", d.margin);
          r.read("commitment_fee", d.commitment_fee);
          r.read("available_from", d.available_from);
          r.read("draw_period", d.draw_period);
          r.read("tenor", d.tenor);
          const std::string repayment = r.text("repayment");
          d.repayment = repayment == "bullet"     ? Repayment::kBullet
                        : repayment == "sculpted" ? Repayment::kSculpted
                                                  : Repayment::kAnnuity;
          r.read("target_dscr", d.target_dscr);
          d.payments = period_of(r.text("payments"));
          r.read("max_debt_to_capex", d.max_debt_to_capex);
          r.read("min_dscr", d.min_dscr);
          Param<bool> capitalise;
          r.read("capitalise_interest", capitalise);
          d.capitalise_interest = capitalise.base;
          Param<double> priority;
          r.read("priority", priority);
          d.priority = static_cast<std::int32_t>(priority.base);
          d.where = where;
          const bool fixed = r.has("rate"), floating = r.has("base_rate") || r.has("margin");
          if (fixed == floating) {
            issue(where, r.path(),
                  std::string("expected rate, or base_rate and margin, got ") +
                      (fixed ? "both" : "neither"));
          } else if (floating && !(r.has("base_rate") && r.has("margin"))) {
            issue(where, r.path(),
                  std::string("expected base_rate and margin together, got only ") +
                      (r.has("base_rate") ? "base_rate" : "margin"));
          }
          if (d.repayment == Repayment::kSculpted && !r.has("target_dscr")) {
            issue(r.span_of("repayment"), r.sub("repayment"),
                  "sculpted repayment needs target_dscr",
                  "the ratio of cash flow to debt service to sculpt to, e.g. target_dscr = 1.3");
          }
          if (r.has("tenor") && r.has("draw_period") &&
              d.tenor.base.mean_days() <= d.draw_period.base.mean_days()) {
            issue(r.span_of("tenor"), r.sub("tenor"),
                  "must be longer than draw_period (" + d.draw_period.base.to_string() + "), got " +
                      d.tenor.base.to_string(),
                  "the tenor counts from available_from, like the draw period");
          }
          spec_.debt.push_back(std::move(d));
        });
  }

  if (const toml::array* items = top.table_array("funding")) {
    for_each_item(
        *items, "funding", [&](const std::string& id, const toml::table& t, SourceSpan where) {
          TableReader r(*this, t, where, "funding." + id, funding_params(), top.provenance());
          FundingSpec f;
          f.id = id;
          f.funder = r.ref("funder");
          f.funded = r.ref("funded");
          r.read("limit", f.limit);
          f.where = where;
          spec_.funding.push_back(std::move(f));
        });
  }

  if (const toml::array* items = top.table_array("revenue")) {
    for_each_item(
        *items, "revenue", [&](const std::string& id, const toml::table& t, SourceSpan where) {
          TableReader r(*this, t, where, "revenue." + id, revenue_params(), top.provenance());
          RevenueSpec v;
          v.id = id;
          v.entity = r.ref("entity");
          v.payer = r.ref("payer");
          r.read("start", v.start);
          r.read("end", v.end);
          r.read("per_year", v.per_year);
          v.where = where;
          if (v.end && r.has("start") && v.end->base < v.start.base) {
            issue(r.span_of("end"), r.sub("end"),
                  "must not be before start (" + v.start.base.to_string() + "), got " +
                      v.end->base.to_string());
          }
          spec_.revenue.push_back(std::move(v));
        });
  }

  if (const toml::table* t = top.table("jobs")) {
    TableReader r(*this, *t, span(*t), "jobs", jobs_params(), top.provenance());
    spec_.jobs.present = true;
    r.read("construction_per_musd", spec_.jobs.construction_per_musd);
    r.read("permanent_per_mw", spec_.jobs.permanent_per_mw);
  }
}

void Loader::validate_capital() {
  const std::vector<std::string> entities = entity_ids(), vehicles = vehicle_ids();
  auto check_vehicle = [&](const Ref& r, std::string_view role) {
    if (r.empty()) return;
    if (std::find(entities.begin(), entities.end(), r.id) == entities.end()) {
      check_ref(r, entities, "entity");
    } else if (std::find(vehicles.begin(), vehicles.end(), r.id) == vehicles.end()) {
      issue(r.where, r.key_path, std::string(role) + " must be a vehicle, got '" + r.id + "'",
            "add \"vehicle\" to the roles of [entities." + r.id + "]");
    }
  };

  for (const EntitySpec& e : spec_.entities) {
    const std::string path = "entities." + e.id;
    if (!e.owners.empty() && !e.has(Role::kVehicle)) {
      issue(e.owners.front().owner.where, path + ".owners", "only a vehicle has owners",
            "add \"vehicle\" to its roles");
    }
    double total = 0.0;
    for (const OwnerShare& o : e.owners) {
      check_ref(o.owner, entities, "entity");
      if (o.owner.id == e.id) issue(o.owner.where, o.owner.key_path, "a vehicle cannot own itself");
      total += o.share.base.value();
    }
    if (!e.owners.empty() && std::fabs(total - 1.0) > 1e-9) {
      issue(e.owners.front().owner.where, path + ".owners",
            "shares must add up to 100%, got " + format_quantity(total, Unit::kFraction));
    }
    if (e.capex_budget && e.has(Role::kVehicle)) {
      issue(where_of(spec_, *e.capex_budget, e.where), path + ".capex_budget",
            "a vehicle pays through its waterfall; capex_budget is for other entities",
            "give the vehicle equity and debt instead");
    }
  }

  for (const EquitySpec& q : spec_.equity) {
    check_ref(q.investor, entities, "entity");
    check_vehicle(q.vehicle, "the vehicle");
    if (q.calls.empty()) continue;
    double amounts = 0.0, shares = 0.0;
    bool by_amount = false, by_share = false;
    for (const EquityCallSpec& c : q.calls) {
      if (c.amount) {
        by_amount = true;
        amounts += c.amount->base.value();
      }
      if (c.share) {
        by_share = true;
        shares += c.share->base.value();
      }
    }
    const std::string path = "equity." + q.id + ".calls";
    if (by_amount && by_share) {
      issue(q.where, path, "expected every call by amount or every call by share, got a mix");
    } else if (by_share && std::fabs(shares - 1.0) > 1e-9) {
      issue(q.where, path,
            "shares must add up to 100%, got " + format_quantity(shares, Unit::kFraction));
    } else if (by_amount && std::fabs(amounts - q.amount.base.value()) > 0.5) {
      issue(q.where, path,
            "calls add up to " + format_quantity(amounts, Unit::kUsd) + ", but the commitment is " +
                format_quantity(q.amount.base.value(), Unit::kUsd));
    }
  }

  for (const DebtSpec& d : spec_.debt) {
    check_ref(d.lender, entities, "entity");
    check_vehicle(d.borrower, "the borrower");
  }

  std::map<std::string, std::string> funder_of;
  for (const FundingSpec& f : spec_.funding) {
    check_vehicle(f.funder, "the funder");
    check_vehicle(f.funded, "the funded vehicle");
    if (!f.funder.empty() && f.funder.id == f.funded.id) {
      issue(f.funded.where, f.funded.key_path, "a vehicle cannot fund itself");
      continue;
    }
    if (auto [it, fresh] = funder_of.emplace(f.funded.id, f.funder.id); !fresh) {
      issue(f.funded.where, f.funded.key_path,
            "'" + f.funded.id + "' is already funded by '" + it->second +
                "'; a vehicle has one funder");
    }
  }
  // Funding chains must end: follow each vehicle's funder.
  for (const FundingSpec& f : spec_.funding) {
    std::string at = f.funded.id;
    for (size_t hops = 0; hops <= funder_of.size(); ++hops) {
      auto it = funder_of.find(at);
      if (it == funder_of.end()) break;
      at = it->second;
      if (at == f.funded.id) {
        issue(f.where, "funding." + f.id,
              "vehicles fund each other in a cycle through '" + f.funded.id + "'");
        break;
      }
    }
  }

  for (const RevenueSpec& v : spec_.revenue) {
    check_ref(v.entity, entities, "entity");
    check_ref(v.payer, entities, "entity");
  }

  const ProgramSpec& p = spec_.program;
  for (const Ref& v : p.vehicles) check_vehicle(v, "a program vehicle");
  std::vector<std::string> site_ids;
  for (const SiteSpec& site : spec_.sites) site_ids.push_back(site.id);
  for (const Ref& site : p.sites) check_ref(site, site_ids, "site");
  if (p.budget && p.first_tranche && p.first_tranche->base > p.budget->base) {
    issue(where_of(spec_, *p.first_tranche, p.where), "program.first_tranche",
          "must not exceed the budget (" + format_quantity(p.budget->base.value(), Unit::kUsd) +
              "), got " + format_quantity(p.first_tranche->base.value(), Unit::kUsd));
  }
}

}  // namespace stargate::load
