// `stargate explain`: a scenario in plain words — who, where, how much, when —
// with every number in the base case and every uncertain input listed.

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/format.h"
#include "scenario/quantity.h"
#include "scenario/spec.h"
#include "stargate/scenario.h"

namespace stargate {
namespace {

std::string money(Usd v) { return format_quantity(v.value(), Unit::kUsd); }
std::string power(Megawatts v) { return format_quantity(v.value(), Unit::kMw); }
std::string date(Date d) { return d.to_string(); }
std::string count(double n) { return format_count(n); }

std::string entity_name(const ScenarioSpec& spec, const Ref& r) {
  if (r.empty()) return "";
  const EntitySpec* e = spec.entity(r.id);
  return e ? e->name : r.id;
}

std::string step_name(StepKind k) {
  switch (k) {
    case StepKind::kDay:
      return "daily";
    case StepKind::kWeek:
      return "weekly";
    case StepKind::kMonth:
      return "monthly";
  }
  return "daily";
}

std::string uncertain_mark(const ScenarioSpec& spec, std::int32_t uncertain) {
  if (uncertain < 0) return "";
  const UncertainInput& u = spec.uncertain[static_cast<size_t>(uncertain)];
  return fmt::format(" [uncertain: {}]", to_string(u.dist.kind));
}

}  // namespace

std::string Scenario::explain() const {
  const ScenarioSpec& s = *spec_;
  const Draws base = s.base_draws();
  std::string out;
  auto line = [&](const std::string& text) { out += text + "\n"; };

  line(fmt::format("{} ({})", s.info.name, s.info.id));
  if (!s.info.description.empty()) line("  " + s.info.description);
  line(fmt::format("  from {}", s.source_name));
  line(fmt::format(
      "  Runs {} to {} in {} steps. A run uses the base case of each of its {} uncertain inputs.",
      date(s.info.start), date(s.info.end), step_name(s.info.step), s.uncertain.size()));

  line("");
  line(fmt::format("Who ({} entities)", s.entities.size()));
  for (const EntitySpec& e : s.entities) {
    std::string roles;
    for (const std::string& r : e.role_names) roles += (roles.empty() ? "" : ", ") + r;
    line(fmt::format("  {:<22} {} — {}", e.id, e.name, roles.empty() ? "no roles" : roles));
  }

  Megawatts planned_total(0.0);
  Usd capex_total(0.0);
  for (const SiteSpec& site : s.sites) {
    for (const PhaseSpec& p : site.phases) {
      const Megawatts mw = resolve(p.it_mw, base);
      planned_total += mw;
      capex_total += p.capex ? resolve(*p.capex, base) : resolve(*p.capex_per_mw, base) * mw;
    }
  }
  line("");
  line(fmt::format("Where ({} sites, {} of IT capacity planned, {} of construction capex)",
                   s.sites.size(), power(planned_total), money(capex_total)));
  for (const SiteSpec& site : s.sites) {
    Megawatts site_mw(0.0);
    for (const PhaseSpec& p : site.phases) site_mw += resolve(p.it_mw, base);
    std::string who;
    if (!site.owner.empty()) who += ", owned by " + entity_name(s, site.owner);
    if (!site.developer.empty()) who += ", built by " + entity_name(s, site.developer);
    if (!site.operator_.empty()) who += ", run by " + entity_name(s, site.operator_);
    line(fmt::format("  {} — {}{}: {} IT in {} phase{}, PUE {:.2f}{}", site.id,
                     site.location.empty() ? site.name : site.name + " (" + site.location + ")",
                     who, power(site_mw), site.phases.size(), site.phases.size() == 1 ? "" : "s",
                     resolve(site.pue, base), uncertain_mark(s, site.pue.uncertain)));
    for (const PowerBlockSpec& b : site.power) {
      line(fmt::format("    power  {:<18} {} {} from {}, {}, {}{}", b.id,
                       power(resolve(b.mw, base)), b.kind == PowerKind::kGrid ? "grid" : "on-site",
                       date(resolve(b.online, base)),
                       format_quantity(resolve(b.price, base).value(), Unit::kUsdPerMwh),
                       format_quantity(resolve(b.carbon_intensity, base).value(), Unit::kCarbon),
                       uncertain_mark(s, b.online.uncertain)));
    }
    for (const PhaseSpec& p : site.phases) {
      const Megawatts mw = resolve(p.it_mw, base);
      const Usd capex = p.capex ? resolve(*p.capex, base) : resolve(*p.capex_per_mw, base) * mw;
      std::string when;
      if (p.start) when = "starts " + date(resolve(*p.start, base));
      if (!p.depends_on.empty()) {
        std::string deps;
        for (const Ref& d : p.depends_on) deps += (deps.empty() ? "" : ", ") + d.id;
        when += (when.empty() ? "starts after " : ", not before ") + deps + std::string(" built");
      }
      line(fmt::format("    phase  {:<18} {} IT, {}, takes {}{}, costs {} ({} curve), paid by {}",
                       p.id, power(mw), when, resolve(p.duration, base).to_string(),
                       uncertain_mark(s, p.duration.uncertain), money(capex),
                       p.profile == SpendProfile::kSCurve ? "S" : "linear",
                       entity_name(s, p.payer)));
    }
  }

  line("");
  line(fmt::format("What ({} accelerator orders)", s.orders.size()));
  for (const OrderSpec& o : s.orders) {
    const AcceleratorSpec* a = s.accelerator(o.accelerator.id);
    const Usd price = o.unit_price ? resolve(*o.unit_price, base) : resolve(*a->unit_price, base);
    const double n =
        o.count ? resolve(*o.count, base).value() : std::floor(resolve(*o.budget, base) / price);
    // When the simulation delivers: the delay applied, the earliest lot first.
    const std::vector<Date> dates = delivery_dates(o, base);
    const Date first = *std::min_element(dates.begin(), dates.end());
    const std::string timing =
        !o.deliveries.empty()
            ? fmt::format("in {} lots from {}", o.deliveries.size(), date(first))
            : "from " + date(first) + (o.ramp ? " over " + resolve(*o.ramp, base).to_string() : "");
    line(fmt::format("  {}: {} buys {} {} ({}) at {} each{} for {}, {}, paid by {}", o.id,
                     entity_name(s, o.buyer), count(n), a->name,
                     o.budget ? "a budget of " + money(resolve(*o.budget, base)) : "by count",
                     money(price),
                     uncertain_mark(s, (o.unit_price ? *o.unit_price : *a->unit_price).uncertain),
                     o.site.id, timing, entity_name(s, o.payer.empty() ? o.buyer : o.payer)));
  }

  if (!s.contracts.empty() || !s.tenants.empty()) {
    line("");
    line(fmt::format("Who gets the compute ({} contract{}, {} tenant{})", s.contracts.size(),
                     s.contracts.size() == 1 ? "" : "s", s.tenants.size(),
                     s.tenants.size() == 1 ? "" : "s"));
    for (const ContractSpec& c : s.contracts) {
      std::string what;
      if (c.kind == ContractKind::kLease) {
        what = c.mw ? power(resolve(*c.mw, base)) + " of " + c.site.id
                    : format_quantity(resolve(*c.share, base).value(), Unit::kFraction) + " of " +
                          c.site.id + "'s IT";
      } else if (c.count) {
        what = count(resolve(*c.count, base).value()) + " accelerators";
      } else if (c.share) {
        what =
            format_quantity(resolve(*c.share, base).value(), Unit::kFraction) + " of its capacity";
      } else {
        what = "all it receives under " + c.all_of.id;
      }
      if (c.kind == ContractKind::kCompute && !c.site.empty()) what += " at " + c.site.id;
      if (!c.accelerator.empty()) what += " (" + c.accelerator.id + ")";
      const std::string price =
          c.price_per_accelerator_hour
              ? money(resolve(*c.price_per_accelerator_hour, base)) + " per accelerator-hour"
          : c.price_per_mw_month ? money(resolve(*c.price_per_mw_month, base)) + " per MW-month"
                                 : money(resolve(*c.fixed_per_year, base)) + " a year";
      line(fmt::format("  {}: {} {} → {}: {} from {}{}, {}{}{}", c.id,
                       c.kind == ContractKind::kLease ? "lease" : "compute",
                       entity_name(s, c.provider), entity_name(s, c.customer), what,
                       date(resolve(c.start, base)),
                       c.term ? " for " + resolve(*c.term, base).to_string() : "", price,
                       c.take_or_pay ? "" : " (pays for what it uses)",
                       c.exclusive_to.empty() ? "" : ", exclusive to " + c.exclusive_to.id));
    }
    for (const RofrSpec& f : s.rofr) {
      line(fmt::format(
          "  right of first refusal {}: {} is offered {}'s new demand first from {}, "
          "takes {}{}",
          f.id, entity_name(s, f.holder), entity_name(s, f.tenant), date(resolve(f.start, base)),
          format_quantity(resolve(f.take_fraction, base).value(), Unit::kFraction),
          uncertain_mark(s, f.take_fraction.uncertain)));
    }
    for (const EntitySpec& e : s.entities) {
      if (e.market_price_per_pflop_hour || e.market_price_per_accelerator_hour) {
        line(fmt::format(
            "  market provider {}: spare capacity at {}", e.id,
            e.market_price_per_pflop_hour
                ? money(resolve(*e.market_price_per_pflop_hour, base)) + " per PFLOP-hour"
                : money(resolve(*e.market_price_per_accelerator_hour, base)) +
                      " per accelerator-hour"));
      }
    }
    for (const TenantSpec& t : s.tenants) {
      const InferenceSpec& inf = t.inference;
      std::string demand = "no inference demand";
      if (inf.present && inf.points.empty()) {
        demand = (inf.flops ? format_quantity(resolve(*inf.flops, base).value(), Unit::kFlopPerS)
                            : count(resolve(*inf.accelerators, base).value()) + " " +
                                  inf.accelerator.id + "-equivalents") +
                 " of inference from " + date(resolve(*inf.start, base)) + ", growing " +
                 format_quantity(resolve(inf.growth, base).value(), Unit::kFraction) + " a year";
      } else if (inf.present) {
        demand = fmt::format("inference demand in {} dated points", inf.points.size());
      }
      line(fmt::format("  tenant {}: {}; {} explicit training run{}{}", t.id, demand,
                       t.training.size(), t.training.size() == 1 ? "" : "s",
                       t.frontier.present
                           ? fmt::format("; a frontier run every {} from {} for {}",
                                         resolve(t.frontier.cadence, base).to_string(),
                                         date(resolve(t.frontier.start, base)),
                                         resolve(t.frontier.duration, base).to_string())
                           : ""));
    }
  }

  if (!s.uncertain.empty()) {
    line("");
    line(fmt::format("Uncertain inputs ({}; a run uses the base value)", s.uncertain.size()));
    for (const UncertainInput& u : s.uncertain) {
      const std::string base_text = u.unit == Unit::kDuration
                                        ? Duration{u.dist.base(), u.duration_unit}.to_string()
                                        : format_quantity(u.dist.base(), u.unit);
      line(fmt::format("  {:<46} {} → base {}", u.key_path, to_string(u.dist.kind), base_text));
    }
  }
  return out;
}

}  // namespace stargate
