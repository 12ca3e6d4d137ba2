#include "support/generate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iterator>
#include <map>
#include <string_view>

namespace stargate::testing {
namespace {

// splitmix64 (Steele, Lea and Flood 2014; the constants of Vigna's reference
// code): one 64-bit state, a fixed output for every seed on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // An integer in [lo, hi]; the modulo bias (< 2^-40 here) does not matter.
  int between(int lo, int hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  double real(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }

 private:
  std::uint64_t state_;
};

// Catalog accelerators with all_in_w, unit_price, mtbf and dense BF16
// (data/accelerators.csv: all_in_it_w, system_price_usd, mtbf_hours and
// dense_bf16_tflops).
struct CatalogType {
  std::string_view id;
  double watts;
  double unit_price;
  double mtbf_hours;
  double bf16;  // FLOP/s
};
constexpr std::array<CatalogType, 5> kTypes = {{
    {"h100", 1400.0, 45000.0, 30000.0, 989e12},
    {"b200", 2000.0, 55000.0, 30000.0, 2250e12},
    {"gb200", 1950.0, 60000.0, 30000.0, 2500e12},
    {"gb300", 2000.0, 70000.0, 30000.0, 2500e12},
    {"mi355x", 2000.0, 40000.0, 30000.0, 2500e12},
}};

template <class... Args>
void put(std::string& out, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
}

// The value a scenario gets from the text we write ("1.234" → 1.234).
double parsed(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

std::string duration_text(int n, Duration::Unit unit, bool weeks) {
  if (weeks) return fmt::format("{}w", n);
  switch (unit) {
    case Duration::Unit::kDays:
      return fmt::format("{}d", n);
    case Duration::Unit::kMonths:
      return fmt::format("{}mo", n);
    case Duration::Unit::kYears:
      return fmt::format("{}y", n);
  }
  return {};
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

struct PhaseDraft {
  std::string id;
  double it_mw = 0.0;
};

template <class T>
const T& pick(Rng& rng, const std::vector<T>& items) {
  return items[static_cast<size_t>(rng.between(0, static_cast<int>(items.size()) - 1))];
}

// Whole-number weights in [1, 100] of `n` parts, as percentages that add up
// to exactly 100 (each at least 1). REQUIRES: 1 ≤ n ≤ 100.
std::vector<int> percentages(Rng& rng, int n) {
  std::vector<int> cuts;
  for (int i = 0; i + 1 < n; ++i) cuts.push_back(rng.between(1, 99));
  std::sort(cuts.begin(), cuts.end());
  cuts.push_back(100);
  std::vector<int> out;
  int given = 0;
  for (int c : cuts) {
    const int part = std::max(1, c - given);
    out.push_back(part);
    given += part;
  }
  // Rounding up a zero part may overshoot; take it back from the largest.
  int sum = 0;
  for (int v : out) sum += v;
  *std::max_element(out.begin(), out.end()) -= sum - 100;
  return out;
}

// The money sections of a scenario with capital (GenerateOptions::
// with_capital), drawn from their own stream once the physical scenario is
// known: `need` is what each payer must pay (phases' capex, orders' cost).
std::string capital_sections(Rng& rng, GeneratedScenario& g,
                             const std::vector<std::string>& vehicles,
                             std::map<std::string, double>& need) {
  const Date start = g.start, end = g.end;
  const int span = end - start + 1;
  std::string ents, money;
  auto usd = [](double v) { return fmt::format("{:.0f}", std::max(1.0, std::floor(v))); };
  auto in_horizon = [&](double from, double to) {
    return start + static_cast<int>(span * rng.real(from, to));
  };
  double vehicle_need = 0.0;
  for (const std::string& v : vehicles) {
    need[v] = std::max(need[v], 100e6);
    vehicle_need += need[v];
  }

  // Non-vehicle payers: the developer sometimes has cash or a capex budget
  // (then it defers what they cannot pay); the buyer sometimes has cash.
  ents += "[entities.dev]\nname = \"Developer\"\nroles = [\"developer\"]\n";
  const double dev_need = std::max(need["dev"], 50e6);
  const double dev_limit = rng.uniform();
  if (dev_limit < 0.25) {
    put(ents, "cash = {}\n", usd(dev_need * rng.real(0.2, 1.2)));
    g.with_cash.push_back("dev");
  } else if (dev_limit < 0.45) {
    const std::string budget = usd(dev_need * rng.real(0.1, 0.6));
    put(ents, "capex_budget = {}\n", budget);
    g.dev_capex_budget = parsed(budget);
  }
  ents += "\n[entities.buyer]\nname = \"Buyer\"\nroles = [\"cloud_provider\", \"tenant\"]\n";
  if (rng.chance(0.15)) {
    put(ents, "cash = {}\n", usd(std::max(need["buyer"], 50e6) * rng.real(0.3, 1.5)));
    g.with_cash.push_back("buyer");
  }
  const int ninvestors = rng.between(1, 3);
  for (int i = 1; i <= ninvestors; ++i) {
    put(ents, "\n[entities.i{}]\nname = \"Investor {}\"\nroles = [\"investor\", \"owner\"]\n", i,
        i);
    // An investor with cash pays what it has when called.
    if (rng.chance(0.1)) {
      put(ents, "cash = {}\n", usd(vehicle_need * rng.real(0.05, 0.5)));
      g.with_cash.push_back(fmt::format("i{}", i));
    }
  }
  ents += "\n[entities.l1]\nname = \"Lender 1\"\nroles = [\"lender\"]\n";
  ents += "\n[entities.l2]\nname = \"Lender 2\"\nroles = [\"lender\"]\n";
  for (const std::string& v : vehicles) {
    put(ents, "\n[entities.{}]\nname = \"Vehicle {}\"\nroles = [\"vehicle\", \"operator\"]\n", v,
        v);
    const int nowners = rng.between(1, ninvestors);
    const std::vector<int> shares = percentages(rng, nowners);
    ents += "owners = {";
    for (int o = 0; o < nowners; ++o)
      put(ents, "{} i{} = \"{}%\"", o ? "," : "", o + 1, shares[static_cast<size_t>(o)]);
    ents += " }\n";
    if (rng.chance(0.2)) put(ents, "cash = {}\n", usd(need[v] * rng.real(0.01, 0.3)));
    if (rng.chance(0.3)) put(ents, "reserve = {}\n", usd(need[v] * rng.real(0.001, 0.05)));
    if (rng.chance(0.4)) put(ents, "tax_rate = \"{}%\"\n", rng.between(5, 35));
    if (rng.chance(0.5)) {
      static const char* kPeriods[] = {"monthly", "quarterly", "annual", "never"};
      put(ents, "distributions = \"{}\"\n", kPeriods[rng.between(0, 3)]);
    }
  }

  // Equity: 20–120% of each vehicle's need over 1–3 commitments.
  int nq = 0;
  for (const std::string& v : vehicles) {
    const double total = need[v] * rng.real(0.2, 1.2);
    const int n = rng.between(1, 3);
    const std::vector<int> parts = percentages(rng, n);
    for (int c = 0; c < n; ++c) {
      const double amount =
          std::max(1.0, std::floor(total * parts[static_cast<size_t>(c)] / 100.0));
      put(money,
          "[[equity]]\nid = \"q{}\"\ninvestor = \"i{}\"\nvehicle = \"{}\"\namount = {:.0f}\n", ++nq,
          rng.between(1, ninvestors), v, amount);
      const double h = rng.uniform();
      if (h < 0.15) {
        put(money, "honoured = \"{}%\"\n", rng.between(0, 45));  // not in the base case
      } else if (h < 0.3) {
        put(money, "honoured = \"{}%\"\n", rng.between(50, 100));
      }
      if (rng.chance(0.2)) put(money, "available_from = {}\n", in_horizon(-0.1, 0.5).to_string());
      if (rng.chance(0.2)) {
        // A schedule of calls, by share or by whole dollars, adding up exactly.
        money += "on_call = false\n";
        const int ncalls = rng.between(1, 4);
        const std::vector<int> pcts = percentages(rng, ncalls);
        const bool by_share = rng.chance(0.5);
        double given = 0.0;
        for (int k = 0; k < ncalls; ++k) {
          put(money, "\n[[equity.calls]]\nid = \"c{}\"\ndate = {}\n", k + 1,
              in_horizon(-0.05, 0.9).to_string());
          if (by_share) {
            put(money, "share = \"{}%\"\n", pcts[static_cast<size_t>(k)]);
          } else {
            const double a = k + 1 == ncalls
                                 ? amount - given
                                 : std::floor(amount * pcts[static_cast<size_t>(k)] / 100.0);
            given += a;
            put(money, "amount = {:.0f}\n", a);
          }
        }
      }
      money += "\n";
    }
  }

  // Debt: 0–2 facilities per vehicle, each 10–60% of its need.
  int nd = 0;
  for (const std::string& v : vehicles) {
    const double u = rng.uniform();
    const int n = u < 0.3 ? 0 : u < 0.8 ? 1 : 2;
    for (int f = 0; f < n; ++f) {
      GeneratedFacility gf{fmt::format("d{}", ++nd), v, std::nullopt};
      put(money, "[[debt]]\nid = \"{}\"\nlender = \"l{}\"\nborrower = \"{}\"\nsize = {}\n", gf.id,
          rng.between(1, 2), v, usd(need[v] * rng.real(0.1, 0.6)));
      if (rng.chance(0.8)) {
        put(money, "rate = \"{:.1f}%\"\n", rng.between(0, 140) / 10.0);
      } else {
        put(money, "base_rate = \"{:.1f}%\"\nmargin = \"{:.1f}%\"\n", rng.between(10, 50) / 10.0,
            rng.between(5, 40) / 10.0);
      }
      if (rng.chance(0.3))
        put(money, "commitment_fee = \"{:.2f}%\"\n", rng.between(10, 100) / 100.0);
      if (rng.chance(0.3)) put(money, "available_from = {}\n", in_horizon(-0.2, 0.4).to_string());
      const int draw = rng.between(3, 36);
      put(money, "draw_period = \"{}mo\"\ntenor = \"{}mo\"\n", draw, draw + rng.between(3, 84));
      const double r = rng.uniform();
      if (r < 0.35) {
        money += "repayment = \"bullet\"\n";
      } else if (r < 0.6) {
        put(money, "repayment = \"sculpted\"\ntarget_dscr = {:.2f}\n",
            rng.between(100, 180) / 100.0);
      }
      if (rng.chance(0.5)) {
        static const char* kPayments[] = {"monthly", "quarterly", "annual"};
        put(money, "payments = \"{}\"\n", kPayments[rng.between(0, 2)]);
      }
      if (rng.chance(0.6)) {
        const int cap = rng.between(20, 90);
        gf.cap = cap / 100.0;
        put(money, "max_debt_to_capex = \"{}%\"\n", cap);
      }
      if (rng.chance(0.3)) put(money, "min_dscr = {:.2f}\n", rng.between(100, 200) / 100.0);
      if (rng.chance(0.3)) money += "capitalise_interest = false\n";
      if (rng.chance(0.3)) put(money, "priority = {}\n", rng.between(1, 3));
      money += "\n";
      g.facilities.push_back(std::move(gf));
    }
  }

  // Funding: an earlier vehicle funds a later one (so never a cycle), each
  // funded by one funder at most.
  int nf = 0;
  for (size_t b = 1; b < vehicles.size(); ++b) {
    if (!rng.chance(0.45)) continue;
    const std::string& funder =
        vehicles[static_cast<size_t>(rng.between(0, static_cast<int>(b) - 1))];
    put(money, "[[funding]]\nid = \"f{}\"\nfunder = \"{}\"\nfunded = \"{}\"\n", ++nf, funder,
        vehicles[b]);
    if (rng.chance(0.5)) put(money, "limit = {}\n", usd(need[vehicles[b]] * rng.real(0.05, 0.6)));
    money += "\n";
  }

  // Revenue: most vehicles and sometimes the developer, from outside or
  // from the buyer.
  int nr = 0;
  std::vector<std::string> earners = vehicles;
  earners.push_back("dev");
  for (const std::string& e : earners) {
    if (!rng.chance(e == "dev" ? 0.2 : 0.6)) continue;
    const Date from = in_horizon(-0.1, 0.7);
    put(money, "[[revenue]]\nid = \"r{}\"\nentity = \"{}\"\nstart = {}\nper_year = {}\n", ++nr, e,
        from.to_string(), usd(std::max(need[e], 50e6) * rng.real(0.03, 0.4)));
    if (rng.chance(0.3)) money += "payer = \"buyer\"\n";
    if (rng.chance(0.3)) put(money, "end = {}\n", (from + rng.between(0, span)).to_string());
    money += "\n";
  }

  // The program's envelope, sometimes enforced.
  if (rng.chance(0.4)) {
    const std::string budget = usd(std::max(1e6, vehicle_need * rng.real(0.3, 1.3)));
    put(money, "[program]\nname = \"generated program\"\nbudget = {}\n", budget);
    if (rng.chance(0.5))
      put(money, "first_tranche = {}\n", usd(parsed(budget) * rng.real(0.1, 1.0)));
    if (rng.chance(0.5)) {
      money += "enforce = true\n";
      g.enforced_budget = parsed(budget);
    }
    if (vehicles.size() > 1 && rng.chance(0.4))
      put(money, "vehicles = [\"{}\"]\n", vehicles.front());
    money += "\n";
  }
  g.vehicles = vehicles;
  return ents + "\n" + money;
}

// The capacity market of a scenario (GenerateOptions::with_market), drawn
// from its own stream once the physical scenario is known: entities go to
// `ents`, the providers' sites and orders to `sites` and `orders`, contracts,
// tenants and rights of first refusal to the returned text.
std::string market_sections(Rng& rng, GeneratedScenario& g, std::string& ents, std::string& sites,
                            std::string& orders) {
  const Date start = g.start, end = g.end;
  const int span = end - start + 1;
  GeneratedMarket m;
  std::string text;
  // A date from `from` to `to` of the way through the horizon (negative:
  // before the start), never after the end.
  auto in_horizon = [&](double from, double to) {
    return std::min(end, start + static_cast<int>(span * rng.real(from, to)));
  };
  auto usd = [](double v) { return fmt::format("{:.2f}", v); };

  // Providers with a site of their own and a fleet of one type: a phase and
  // an order in service before the start, sometimes a second of each during
  // the horizon.
  std::map<std::string, double> fleet;  // accelerators ordered, per provider
  const int nproviders = rng.between(2, 3);
  for (int i = 1; i <= nproviders; ++i) {
    const std::string id = fmt::format("m{}", i), site_id = id + "-dc";
    const CatalogType& type =
        kTypes[static_cast<size_t>(rng.between(0, static_cast<int>(kTypes.size()) - 1))];
    m.providers.push_back(id);
    m.provider_type[id] = std::string(type.id);
    put(ents, "\n[entities.{}]\nname = \"Provider {}\"\nroles = [\"cloud_provider\"]\n", id, i);
    if (rng.chance(0.3)) {
      const int r = rng.between(5, 50);
      m.reserved_share[id] = r / 100.0;
      put(ents, "reserved_share = \"{}%\"\n", r);
    }
    ents += "@PRICE:" + id + "@\n";  // the market price, decided below
    GeneratedSite site;
    site.id = site_id;
    site.pue = rng.between(110, 140) / 100.0;
    const int it1 = rng.between(10, 60);
    const int it2 = rng.chance(0.4) ? rng.between(5, 40) : 0;
    put(sites, "[sites.{}]\npue = {:.2f}\n\n", site_id, site.pue);
    const double mw = std::ceil((it1 + it2) * site.pue * 1.1);
    site.power.push_back(GeneratedPower{start - 1000, mw, true, 50.0, 0.4});
    put(sites,
        "[[sites.{}.power]]\nid = \"grid\"\nkind = \"grid\"\nmw = \"{}MW\"\nonline = {}\n"
        "price = \"$50/MWh\"\ncarbon_intensity = \"0.40t/MWh\"\n\n",
        site_id, mw, (start - 1000).to_string());
    g.sites.push_back(site);
    const Date p1 = start - rng.between(200, 500);
    put(sites,
        "[[sites.{}.phases]]\nid = \"p1\"\nit_mw = \"{}MW\"\nstart = {}\nduration = \"60d\"\n"
        "capex = \"$1B\"\npayer = \"{}\"\n\n",
        site_id, it1, p1.to_string(), id);
    g.phases.push_back(GeneratedPhase{site_id, "p1", p1, {}, Duration::days(60), false, 1e9, id});
    // Orders: about half to all of what the phases hold.
    auto order = [&](const std::string& oid, int it_mw, Date ordered, int lead_days, int ramp) {
      const int count =
          std::max(10, static_cast<int>(it_mw * 1e6 / type.watts * rng.real(0.45, 0.95)));
      fleet[id] += count;
      GeneratedOrder go;
      go.id = oid;
      go.site = site_id;
      go.buyer = id;
      go.watts = type.watts;
      go.mtbf_hours = type.mtbf_hours;
      go.life = Duration::years(5.0);
      const Date first = ordered + lead_days;
      go.lot_dates.push_back(first);
      put(orders,
          "[[orders]]\nid = \"{}\"\nbuyer = \"{}\"\naccelerator = \"{}\"\nsite = \"{}\"\n"
          "count = {}\nordered = {}\nlead_time = \"{}d\"\n",
          oid, id, type.id, site_id, count, ordered.to_string(), lead_days);
      if (ramp > 0) {
        put(orders, "ramp = \"{}mo\"\n", ramp);
        const Date ramp_end = add_duration(first, Duration::months(ramp));
        for (int k = 1; add_duration(first, Duration::months(k)) < ramp_end; ++k)
          go.lot_dates.push_back(add_duration(first, Duration::months(k)));
      }
      go.lot_weights.assign(go.lot_dates.size(), 1.0);
      orders += "\n";
      g.orders.push_back(std::move(go));
    };
    order(id + "-o1", it1, start - rng.between(150, 400), rng.between(30, 120), 0);
    if (it2 > 0) {
      const Date p2 = in_horizon(0.0, 0.5);
      const int days = rng.between(30, 120);
      put(sites,
          "[[sites.{}.phases]]\nid = \"p2\"\nit_mw = \"{}MW\"\nstart = {}\nduration = \"{}d\"\n"
          "capex = \"$0.5B\"\npayer = \"{}\"\n\n",
          site_id, it2, p2.to_string(), days, id);
      g.phases.push_back(
          GeneratedPhase{site_id, "p2", p2, {}, Duration::days(days), false, 0.5e9, id});
      order(id + "-o2", it2, in_horizon(0.0, 0.6), rng.between(0, 90),
            rng.chance(0.5) ? rng.between(1, 6) : 0);
    }
  }
  // The buyer of the other orders sells too, now and then.
  bool buyer_sells = false;
  for (const GeneratedOrder& o : g.orders) {
    if (o.buyer == "buyer") {
      fleet["buyer"] += 1000.0;  // a guess, for sizing contracts; its orders vary widely
      buyer_sells = true;
    }
  }
  buyer_sells = buyer_sells && rng.chance(0.5);
  if (buyer_sells) m.providers.push_back("buyer");
  double total = 0.0;
  for (const std::string& p : m.providers) total += fleet[p];

  const int nx = rng.chance(0.5) ? 2 : rng.between(0, 1), nt = rng.between(1, 3);
  for (int i = 1; i <= nx; ++i) {
    m.intermediaries.push_back(fmt::format("x{}", i));
    put(ents, "\n[entities.x{}]\nname = \"Intermediary {}\"\nroles = [\"cloud_provider\"]\n", i, i);
    ents += "@PRICE:" + m.intermediaries.back() + "@\n";
  }
  for (int i = 1; i <= nt; ++i) {
    m.tenants.push_back(GeneratedTenant{fmt::format("t{}", i), rng.between(1, 2)});
    put(ents, "\n[entities.t{}]\nname = \"Tenant {}\"\nroles = [\"tenant\"]\n", i, i);
  }
  auto tenant = [&]() { return m.tenants[static_cast<size_t>(rng.between(0, nt - 1))].id; };
  auto is_tenant = [&](const std::string& e) { return !e.empty() && e[0] == 't'; };

  // Contracts. `carries` is each contract's tag, its own or the one it
  // passes on (all_of), which decides where a chain may end.
  std::map<std::string, std::string> carries;
  int nc = 0;
  auto contract = [&](const std::string& provider, const std::string& customer,
                      const std::string& amount, const std::string& tag, bool compute) {
    GeneratedContract c;
    c.id = fmt::format("c{}", ++nc);
    c.kind = compute ? "compute" : "lease";
    c.provider = provider;
    c.customer = customer;
    c.exclusive_to = tag;
    put(text, "[[contracts]]\nid = \"{}\"\nkind = \"{}\"\nprovider = \"{}\"\ncustomer = \"{}\"\n{}",
        c.id, c.kind, provider, customer, amount);
    if (!tag.empty()) put(text, "exclusive_to = \"{}\"\n", tag);
    c.start = rng.chance(0.6) ? start - rng.between(0, 200) : in_horizon(0.0, 0.7);
    put(text, "start = {}\n", c.start.to_string());
    if (rng.chance(0.5)) {
      const int months = rng.between(3, 30);
      c.end = add_duration(c.start, Duration::months(months));
      put(text, "term = \"{}mo\"\n", months);
    }
    if (rng.chance(0.35)) put(text, "priority = {}\n", rng.between(1, 3));
    if (rng.chance(0.2)) put(text, "signed = {}\n", (c.start - rng.between(0, 400)).to_string());
    const double how = rng.uniform();
    if (compute && how < 0.6) {
      put(text, "price_per_accelerator_hour = \"${}\"\n", usd(rng.between(100, 400) / 100.0));
    } else if (how < 0.8) {
      put(text, "price_per_mw_month = \"${}k\"\n", rng.between(80, 200));
    } else {
      const int millions = rng.between(1, 50);
      c.fixed_per_year = millions * 1e6;
      put(text, "fixed_per_year = \"${}M\"\n", millions);
    }
    if (rng.chance(0.25)) text += "take_or_pay = false\n";
    text += "\n";
    carries[c.id] = tag;
    m.contracts.push_back(c);
    return c.id;
  };
  std::vector<std::string> buyers_of = m.intermediaries;  // who providers sell to
  for (const GeneratedTenant& t : m.tenants) buyers_of.push_back(t.id);
  for (const std::string& p : m.providers) {
    const int n = rng.between(0, 2);
    for (int k = 0; k < n; ++k) {
      const std::string customer = pick(rng, buyers_of);
      std::string amount =
          rng.chance(0.5) ? fmt::format("count = {}\n",
                                        std::max(1.0, std::floor(fleet[p] * rng.real(0.1, 0.9))))
                          : fmt::format("share = \"{}%\"\n", rng.between(10, 100));
      if (p != "buyer" && rng.chance(0.2)) amount += fmt::format("site = \"{}-dc\"\n", p);
      if (p != "buyer" && rng.chance(0.2))
        amount += fmt::format("accelerator = \"{}\"\n", m.provider_type[p]);
      std::string tag;
      if (rng.chance(0.25)) tag = is_tenant(customer) ? customer : tenant();
      contract(p, customer, amount, tag, true);
    }
  }
  // Intermediaries pass on what they receive: by all_of (x1 may pass to x2,
  // which passes to tenants), and now and then a count of their own.
  for (size_t i = 0; i < m.intermediaries.size(); ++i) {
    const std::string& x = m.intermediaries[i];
    const bool to_x2 = i == 0 && m.intermediaries.size() > 1;
    std::vector<std::string> incoming;
    for (const GeneratedContract& c : m.contracts) {
      if (c.customer == x && c.kind == "compute") incoming.push_back(c.id);
    }
    for (const std::string& in : incoming) {
      if (!rng.chance(0.75)) continue;
      const std::string& tag = carries[in];
      std::string customer;
      if (!tag.empty()) {
        customer = to_x2 && rng.chance(0.6) ? m.intermediaries[1] : tag;
      } else {
        customer = to_x2 && rng.chance(0.3) ? m.intermediaries[1] : tenant();
      }
      std::string own;
      if (!tag.empty() && rng.chance(0.3)) own = tag;
      if (tag.empty() && rng.chance(0.2)) own = is_tenant(customer) ? customer : tenant();
      contract(x, customer, fmt::format("all_of = \"{}\"\n", in), own, true);
      if (own.empty()) carries[m.contracts.back().id] = tag;
    }
    if (rng.chance(0.3)) {
      contract(x, tenant(), fmt::format("count = {}\n", rng.between(1, 2000)), "", true);
    }
  }
  // A landlord leasing a provider's site to it, and now and then a second
  // lease of the same site to another provider.
  if (rng.chance(0.35)) {
    put(ents, "\n[entities.land]\nname = \"Landlord\"\nroles = [\"owner\"]\n");
    const std::string owner = m.providers[static_cast<size_t>(rng.between(0, nproviders - 1))];
    std::vector<std::string> lessees{owner};
    const std::string other = m.providers[static_cast<size_t>(rng.between(0, nproviders - 1))];
    if (other != owner && rng.chance(0.4)) lessees.push_back(other);
    for (const std::string& lessee : lessees) {
      std::string amount = fmt::format("site = \"{}-dc\"\n", owner);
      amount += rng.chance(0.5) ? std::string("share = \"100%\"\n")
                                : fmt::format("mw = \"{}MW\"\n", rng.between(5, 60));
      contract("land", lessee, amount, rng.chance(0.4) ? tenant() : "", false);
      m.contracts.back().site = owner + "-dc";
    }
  }

  // Market providers at distinct prices; holders of rights need a price
  // (their own, or the right's).
  std::vector<int> cents;
  auto distinct_cents = [&]() {
    for (;;) {
      const int c = rng.between(50, 600);
      if (std::find(cents.begin(), cents.end(), c) == cents.end()) {
        cents.push_back(c);
        return c;
      }
    }
  };
  // The buyer's table is written with the physical scenario: it sells only
  // under contracts and rights that carry their own price.
  std::vector<std::string> sellers, holders;
  for (const std::string& p : m.providers) {
    if (p != "buyer") sellers.push_back(p);
  }
  sellers.insert(sellers.end(), m.intermediaries.begin(), m.intermediaries.end());
  holders = sellers;
  if (buyer_sells) holders.push_back("buyer");
  for (const std::string& e : sellers) {
    const bool one_type = m.provider_type.count(e) > 0;
    const bool sells = e == sellers.front() || rng.chance(one_type ? 0.6 : 0.3);
    std::string line;
    if (sells) {
      const int c = distinct_cents();
      if (one_type && rng.chance(0.4)) {
        m.price_per_accelerator_hour[e] = c / 100.0;
        line = fmt::format("market_price_per_accelerator_hour = \"${}\"\n", usd(c / 100.0));
      } else {
        m.price_per_pflop_hour[e] = c / 100.0;
        line = fmt::format("market_price_per_pflop_hour = \"${}\"\n", usd(c / 100.0));
      }
    }
    const std::string key = "@PRICE:" + e + "@\n";
    ents.replace(ents.find(key), key.size(), line);
  }
  int nr = 0;
  for (const GeneratedTenant& t : m.tenants) {
    if (!rng.chance(0.6)) continue;
    GeneratedRight r;
    r.id = fmt::format("r{}", ++nr);
    r.tenant = t.id;
    r.holder = pick(rng, holders);
    static constexpr int kTakes[] = {0, 25, 50, 100};
    const int take = rng.chance(0.8) ? kTakes[rng.between(0, 3)] : rng.between(1, 99);
    r.take = take / 100.0;
    r.start = rng.chance(0.6) ? start - rng.between(0, 100) : in_horizon(0.0, 0.6);
    put(text,
        "[[right_of_first_refusal]]\nid = \"{}\"\ntenant = \"{}\"\nholder = \"{}\"\nstart = {}\n"
        "take_fraction = \"{}%\"\n",
        r.id, r.tenant, r.holder, r.start.to_string(), take);
    if (rng.chance(0.25)) {
      r.end = std::max(r.start, in_horizon(0.4, 1.0));
      put(text, "end = {}\n", r.end->to_string());
    }
    const bool priced =
        m.price_per_pflop_hour.count(r.holder) || m.price_per_accelerator_hour.count(r.holder);
    if (!priced || rng.chance(0.3)) {
      r.price_per_pflop_hour = rng.between(50, 600) / 100.0;
      put(text, "price_per_pflop_hour = \"${}\"\n", usd(*r.price_per_pflop_hour));
    }
    text += "\n";
    m.rights.push_back(r);
  }

  // Tenants: demand in H100-equivalents against the providers' fleets.
  for (const GeneratedTenant& t : m.tenants) {
    put(text, "[tenants.{}]\npriority = {}\nprocurement_term = \"{}mo\"\nretry = \"{}mo\"\n\n",
        t.id, t.priority, rng.between(3, 12), rng.between(1, 3));
    if (rng.chance(0.9)) {
      put(text, "[tenants.{}.inference]\naccelerator = \"h100\"\n", t.id);
      if (rng.chance(0.6)) {
        put(text, "start = {}\naccelerators = {:.0f}\ngrowth = \"{}%\"\n\n",
            (start - rng.between(0, 100)).to_string(),
            std::max(1.0, std::floor(total * rng.real(0.05, 0.6))), rng.between(-30, 150));
      } else {
        text += "\n";
        const int npoints = rng.between(2, 4);
        Date d = start - rng.between(0, 60);
        for (int k = 1; k <= npoints; ++k) {
          put(text,
              "[[tenants.{}.inference.points]]\nid = \"d{}\"\ndate = {}\naccelerators = {:.0f}\n\n",
              t.id, k, d.to_string(), std::floor(total * rng.real(0.0, 0.7)));
          d = std::min(end, d + std::max(1, span / npoints));
          if (d == end && k + 1 < npoints) break;
        }
      }
    }
    if (rng.chance(0.25)) {
      const int npoints = rng.between(1, 2);
      for (int k = 1; k <= npoints; ++k) {
        put(text, "[[tenants.{}.budget]]\nid = \"b{}\"\ndate = {}\nper_year = \"${}M\"\n\n", t.id,
            k, (start + (k - 1) * (span / 2)).to_string(), rng.between(1, 300));
      }
    }
    if (rng.chance(0.35)) {
      GeneratedRun run{t.id, "run1", in_horizon(0.0, 0.8)};
      put(text, "[[tenants.{}.training]]\nid = \"run1\"\nearliest_start = {}\n", t.id,
          run.earliest.to_string());
      if (rng.chance(0.7)) {
        put(text, "duration = \"{}mo\"\n", rng.between(1, 4));
      } else {
        const std::string flop = fmt::format("{}e24", rng.between(1, 50));
        run.flop = parsed(flop);
        put(text, "flop = {}\n", flop);
      }
      run.too_large = rng.chance(0.3);
      // A hundred million: more than every order of a generated scenario.
      run.min_accelerators = run.too_large ? 1e8 : rng.between(1, 100);
      put(text, "min_accelerators = {:.0f}\n", run.min_accelerators);
      m.runs.push_back(run);
      if (rng.chance(0.6)) text += "sites = 2\n";
      const int max_accelerators = rng.between(100, 5000);
      if (rng.chance(0.2) && !run.too_large) put(text, "max_accelerators = {}\n", max_accelerators);
      text += "\n";
    }
    if (rng.chance(0.25)) {
      put(text,
          "[tenants.{}.frontier]\nstart = {}\ncadence = \"{}mo\"\nduration = \"{}mo\"\n"
          "min_accelerators = {}\n\n",
          t.id, in_horizon(0.0, 0.5).to_string(), rng.between(2, 6), rng.between(1, 8),
          rng.between(1, 500));
    }
  }
  for (const CatalogType& t : kTypes) m.bf16[std::string(t.id)] = t.bf16;
  g.market = std::move(m);
  return text;
}

}  // namespace

Date add_duration(Date start, const Duration& d) {
  const int n = static_cast<int>(d.amount);
  if (d.unit == Duration::Unit::kDays) return start + n;
  const int months = d.unit == Duration::Unit::kYears ? 12 * n : n;
  const int m0 = start.month() - 1 + months;
  const int y = start.year() + m0 / 12, m = m0 % 12 + 1;
  return Date::from_ymd(y, m, std::min(start.day(), days_in_month(y, m)));
}

GeneratedScenario generate(std::uint64_t seed, const GenerateOptions& options) {
  Rng rng(seed);
  // Money draws from a stream of its own: the physical scenario is the same
  // with and without capital.
  Rng money(seed ^ 0x6361706974616cULL);
  const bool capital = options.with_capital;
  std::vector<std::string> vehicles;
  if (capital) {
    const int n = money.between(1, 3);
    for (int v = 1; v <= n; ++v) vehicles.push_back(fmt::format("v{}", v));
  }
  std::vector<std::string> capex_payers = vehicles;
  capex_payers.push_back("dev");
  std::map<std::string, double> need;  // what each payer must pay
  GeneratedScenario g;
  std::string head, accelerators, sites, orders;

  // The horizon: a start in 2024–2027, whole calendar years long.
  const Date start = Date::from_ymd(2024, 1, 1) + rng.between(0, 4 * 365 - 1);
  const int years = rng.between(options.min_horizon_years, options.horizon_years);
  const Date end = add_duration(start, Duration::years(years)) - 1;
  const int span = end - start + 1;  // days in the horizon
  g.start = start;
  g.end = end;
  const double step_draw = rng.uniform();
  const char* step = step_draw < 0.8 ? "day" : step_draw < 0.9 ? "week" : "month";

  put(head, "# generate_scenario({}{}): a random valid scenario (tests/support/generate.cc)\n",
      seed,
      capital && options.with_market ? ", {.with_capital = true, .with_market = true}"
      : capital                      ? ", {.with_capital = true}"
      : options.with_market          ? ", {.with_market = true}"
                                     : "");
  put(head, "[scenario]\nid = \"gen-{}\"\nname = \"generated scenario {}\"\n", seed, seed);
  put(head, "start = {}\nend = {}\nstep = \"{}\"\nseed = {}\n\n", start.to_string(),
      end.to_string(), step, seed % 1000000007ULL);
  if (!capital) {
    put(head,
        "[entities.dev]\nname = \"Developer\"\nroles = [\"developer\"]\n\n"
        "[entities.buyer]\nname = \"Buyer\"\nroles = [\"cloud_provider\", \"tenant\"]\n\n");
  }

  // Sites, each with its phases and then power sized against their load.
  const int nsites = rng.between(options.min_sites, options.max_sites);
  std::vector<double> site_it(static_cast<size_t>(nsites), 0.0);
  for (int s = 0; s < nsites; ++s) {
    GeneratedSite site;
    site.id = fmt::format("s{}", s + 1);
    const std::string pue = fmt::format("{:.3f}", rng.real(1.05, 1.5));
    site.pue = parsed(pue);
    put(sites, "[sites.{}]\npue = {}\n", site.id, pue);
    if (rng.chance(0.15)) {
      const int percent = rng.between(50, 99);
      site.utilisation = percent / 100.0;
      put(sites, "utilisation = \"{}%\"\n", percent);
    }
    if (capital) {
      // Running costs, paid by the operator (else the owner, else the payer
      // of the first phase); the land lease goes to the owner.
      if (money.chance(0.5)) put(sites, "operator = \"{}\"\n", pick(money, capex_payers));
      if (money.chance(0.3)) put(sites, "owner = \"{}\"\n", pick(money, capex_payers));
      if (money.chance(0.5)) put(sites, "om_rate = \"{:.1f}%\"\n", money.between(5, 40) / 10.0);
      if (money.chance(0.4))
        put(sites, "staff_cost = \"${:.2f}M/MW\"\n", money.between(5, 60) / 100.0);
      if (money.chance(0.4)) put(sites, "land_lease = \"${}M\"\n", money.between(1, 30));
      if (money.chance(0.2)) put(sites, "building_life = \"{}y\"\n", money.between(1, 30));
    }
    sites += "\n";

    const int nphases = rng.between(1, options.max_phases_per_site);
    std::vector<PhaseDraft> drafts;
    for (int p = 0; p < nphases; ++p) {
      PhaseDraft d;
      d.id = fmt::format("p{}", p + 1);
      d.it_mw = rng.between(20, 1200) / 2.0;
      put(sites, "[[sites.{}.phases]]\nid = \"{}\"\nit_mw = \"{:.1f}MW\"\n", site.id, d.id,
          d.it_mw);

      // Finish-to-start on one or two earlier phases (so never a cycle);
      // half of those phases have no start of their own.
      std::vector<int> deps;
      if (p > 0 && rng.chance(0.35)) {
        deps.push_back(rng.between(0, p - 1));
        if (p > 1 && rng.chance(0.25)) {
          const int second = rng.between(0, p - 1);
          if (second != deps.front()) deps.push_back(second);
        }
      }
      const bool before = rng.chance(0.25);
      const Date phase_start =
          before ? start - rng.between(1, 720) : start + rng.between(0, span * 3 / 4);
      GeneratedPhase gp;
      gp.site = site.id;
      gp.id = d.id;
      if (deps.empty() || rng.chance(0.5)) {
        gp.start = phase_start;
        put(sites, "start = {}\n", phase_start.to_string());
      }
      if (!deps.empty()) {
        sites += "depends_on = [";
        for (size_t i = 0; i < deps.size(); ++i) {
          gp.depends_on.push_back(drafts[static_cast<size_t>(deps[i])].id);
          put(sites, "{}\"{}\"", i ? ", " : "", gp.depends_on.back());
        }
        sites += "]\n";
      }

      // Duration in days, weeks, months or years; sometimes a PERT whose
      // mode (the base value) is the drawn duration.
      const double u = rng.uniform();
      bool weeks = false;
      int n = 0;
      Duration::Unit unit = Duration::Unit::kDays;
      if (u < 0.3) {
        n = rng.between(30, 720);
      } else if (u < 0.4) {
        n = rng.between(8, 100);
        weeks = true;
      } else if (u < 0.85) {
        n = rng.between(3, 30);
        unit = Duration::Unit::kMonths;
      } else {
        n = rng.between(1, 3);
        unit = Duration::Unit::kYears;
      }
      if (n >= 2 && rng.chance(0.1)) {
        const int lo = n - std::max(1, n / 4);
        put(sites, "duration = {{ pert = [\"{}\", \"{}\", \"{}\"] }}\n",
            duration_text(lo, unit, weeks), duration_text(n, unit, weeks),
            duration_text(2 * n, unit, weeks));
      } else {
        put(sites, "duration = \"{}\"\n", duration_text(n, unit, weeks));
      }
      gp.duration = weeks ? Duration::days(7.0 * n) : Duration{static_cast<double>(n), unit};
      g.phases.push_back(std::move(gp));

      if (rng.chance(0.5)) {
        const int hundredths = rng.between(10, 1500);
        put(sites, "capex = \"${:.2f}B\"\n", hundredths / 100.0);
        g.phases.back().capex = hundredths * 1e7;
      } else {
        const int tenths = rng.between(50, 250);
        put(sites, "capex_per_mw = \"${:.1f}M/MW\"\n", tenths / 10.0);
        g.phases.back().capex = tenths * 1e5 * d.it_mw;
      }
      const double profile = rng.uniform();
      if (profile >= 0.5) put(sites, "profile = \"{}\"\n", profile < 0.7 ? "s-curve" : "linear");
      g.phases.back().linear = profile >= 0.7;
      // With capital, vehicles pay most phases.
      g.phases.back().payer = capital && money.chance(0.75) ? pick(money, vehicles) : "dev";
      need[g.phases.back().payer] += g.phases.back().capex;
      put(sites, "payer = \"{}\"\n\n", g.phases.back().payer);
      site_it[static_cast<size_t>(s)] += d.it_mw;
      drafts.push_back(std::move(d));
    }

    // Power: 1–4 blocks adding up to 0.5–1.7 × the phases' facility load, so
    // some sites wait for power and some never get enough. A block is online
    // before the start, during the horizon, or late in it.
    const double demand = site_it[static_cast<size_t>(s)] * site.pue;
    const double total = demand * rng.real(0.5, 1.7);
    const int nblocks = rng.between(1, 4);
    std::vector<double> weights;
    double wsum = 0.0;
    for (int b = 0; b < nblocks; ++b) {
      weights.push_back(rng.real(0.2, 1.0));
      wsum += weights.back();
    }
    for (int b = 0; b < nblocks; ++b) {
      Date online;
      if (rng.chance(b == 0 ? 0.5 : 0.15)) {
        online = start - rng.between(1, 1500);
      } else if (rng.chance(0.25)) {
        online = start + (span * 4 / 5) + rng.between(0, span / 5 - 1);
      } else {
        online = start + rng.between(0, span - 1);
      }
      const bool grid = b == 0 ? rng.chance(0.7) : rng.chance(0.5);
      const std::string mw =
          fmt::format("{:.1f}", std::max(0.1, total * weights[static_cast<size_t>(b)] / wsum));
      const int price = rng.between(30, 120);
      const std::string carbon = fmt::format("{:.2f}", rng.between(0, 60) / 100.0);
      site.power.push_back(
          GeneratedPower{online, parsed(mw), grid, static_cast<double>(price), parsed(carbon)});
      put(sites,
          "[[sites.{}.power]]\nid = \"b{}\"\nkind = \"{}\"\nmw = \"{}MW\"\nonline = {}\n"
          "price = \"${}/MWh\"\ncarbon_intensity = \"{}t/MWh\"\n\n",
          site.id, b + 1, grid ? "grid" : "onsite", mw, online.to_string(), price, carbon);
    }
    g.sites.push_back(std::move(site));
  }

  // Orders: sized against their site's IT MW, from a tenth to 1.3 times what
  // it can hold.
  const int norders = rng.between(0, options.max_orders);
  std::vector<char> used(kTypes.size(), 0);
  std::vector<size_t> order_types;
  for (int o = 0; o < norders; ++o) {
    const int s = rng.between(0, nsites - 1);
    const size_t ti = static_cast<size_t>(rng.between(0, static_cast<int>(kTypes.size()) - 1));
    const CatalogType& type = kTypes[ti];
    used[ti] = 1;
    order_types.push_back(ti);
    const GeneratedSite& site = g.sites[static_cast<size_t>(s)];
    GeneratedOrder go;
    go.id = fmt::format("o{}", o + 1);
    go.site = site.id;
    go.watts = type.watts;
    go.mtbf_hours = type.mtbf_hours;
    go.life = Duration::years(5.0);  // the catalog's; overrides below
    const double fill = rng.real(0.1, 1.3);
    const int count =
        std::max(10, static_cast<int>(fill * site_it[static_cast<size_t>(s)] * 1e6 / type.watts));

    put(orders, "[[orders]]\nid = \"{}\"\nbuyer = \"buyer\"\naccelerator = \"{}\"\nsite = \"{}\"\n",
        go.id, type.id, site.id);
    std::string payer = rng.chance(0.2) ? "dev" : "buyer";
    if (capital) {
      const double who = money.uniform();
      payer = who < 0.4 ? "buyer" : who < 0.55 ? "dev" : pick(money, vehicles);
    }
    if (payer != "buyer") put(orders, "payer = \"{}\"\n", payer);
    const bool by_budget = rng.chance(0.3);
    double price = type.unit_price;
    if (rng.chance(0.15)) {
      const int k = rng.between(20, 90);
      price = k * 1000.0;
      put(orders, "unit_price = \"${}k\"\n", k);
    }
    need[payer] += count * price;
    if (by_budget) {
      put(orders, "budget = \"${:.1f}M\"\n", count * price * rng.real(0.9, 1.1) / 1e6);
    } else {
      put(orders, "count = {}\n", count);
    }
    const int delay = rng.chance(0.15) ? rng.between(1, 120) : 0;
    if (delay > 0) put(orders, "delay = \"{}d\"\n", delay);

    if (rng.chance(0.4)) {
      // An explicit schedule, its lots in any order; by count only for an
      // order by count (the loader's rule).
      const int lots = rng.between(1, 4);
      const bool lot_counts = !by_budget && rng.chance(0.5);
      go.lot_counts = lot_counts;
      std::vector<int> cuts;  // cumulative amounts at each lot's end
      const int whole = lot_counts ? count : 100;
      for (int l = 0; l + 1 < lots; ++l) cuts.push_back(rng.between(0, whole));
      std::sort(cuts.begin(), cuts.end());
      cuts.push_back(whole);
      int given = 0;
      for (int l = 0; l < lots; ++l) {
        const Date date =
            rng.chance(0.2) ? start - rng.between(1, 400) : start + rng.between(0, span - 1);
        const int amount = cuts[static_cast<size_t>(l)] - given;
        go.lot_dates.push_back(date + delay);
        go.lot_weights.push_back(amount);
        given = cuts[static_cast<size_t>(l)];
        put(orders, "\n[[orders.deliveries]]\nid = \"l{}\"\ndate = {}\n", l + 1, date.to_string());
        if (lot_counts) {
          put(orders, "count = {}\n", amount);
        } else {
          put(orders, "share = \"{}%\"\n", amount);
        }
      }
    } else {
      const Date ordered =
          rng.chance(0.3) ? start - rng.between(0, 500) : start + rng.between(0, span * 4 / 5);
      put(orders, "ordered = {}\n", ordered.to_string());
      Duration lead;
      if (rng.chance(0.5)) {
        const int months = rng.between(1, 18);
        lead = Duration::months(months);
        put(orders, "lead_time = \"{}mo\"\n", months);
      } else {
        const int days = rng.between(0, 400);
        lead = Duration::days(days);
        put(orders, "lead_time = \"{}d\"\n", days);
      }
      // Lots: one at ordered + lead_time + delay, then monthly while before
      // the end of the ramp, in equal shares.
      const Date first = add_duration(ordered, lead) + delay;
      go.lot_dates.push_back(first);
      if (rng.chance(0.6)) {
        const int ramp = rng.between(1, 18);
        put(orders, "ramp = \"{}mo\"\n", ramp);
        const Date ramp_end = add_duration(first, Duration::months(ramp));
        for (int m = 1; add_duration(first, Duration::months(m)) < ramp_end; ++m) {
          go.lot_dates.push_back(add_duration(first, Duration::months(m)));
        }
      }
      go.lot_weights.assign(go.lot_dates.size(), 1.0);
    }
    orders += "\n";
    g.orders.push_back(std::move(go));
  }

  // Overrides of catalog types that are ordered: a shorter life (so that
  // retirements happen within short horizons) or a longer repair time.
  for (size_t ti = 0; ti < kTypes.size(); ++ti) {
    if (!used[ti]) continue;
    const bool life = rng.chance(0.3), repair = rng.chance(0.15);
    if (!life && !repair) continue;
    put(accelerators, "[accelerators.{}]\n", kTypes[ti].id);
    if (life) {
      const int years_of_life = rng.between(1, 4);
      put(accelerators, "useful_life = \"{}y\"\n", years_of_life);
      for (size_t o = 0; o < g.orders.size(); ++o) {
        if (order_types[o] == ti) g.orders[o].life = Duration::years(years_of_life);
      }
    }
    if (repair) {
      const int days = rng.between(1, 30);
      put(accelerators, "repair_time = \"{}d\"\n", days);
      for (size_t o = 0; o < g.orders.size(); ++o) {
        if (order_types[o] == ti) g.orders[o].repair_days = days;
      }
    }
    accelerators += "\n";
  }

  // The market draws from a third stream: the physical scenario and its
  // money are the same with and without it.
  std::string market_ents, market;
  if (options.with_market) {
    Rng market_rng(seed ^ 0x6d61726b6574ULL);
    market = market_sections(market_rng, g, market_ents, sites, orders);
    market_ents += "\n";
  }
  g.toml = head + market_ents + accelerators + sites + orders + market;
  if (capital) {
    g.toml = head + capital_sections(money, g, vehicles, need) + market_ents + accelerators +
             sites + orders + market;
  }
  return g;
}

std::string generate_scenario(std::uint64_t seed, const GenerateOptions& options) {
  return generate(seed, options).toml;
}

std::string generate_large_scenario(int sites, int phases, int orders, int years) {
  sites = std::max(1, sites);
  phases = std::max(1, phases);
  orders = std::max(0, orders);
  years = std::max(1, years);
  const Date start = Date::from_ymd(2025, 1, 1);
  const Date end = add_duration(start, Duration::years(years)) - 1;
  const int span = end - start + 1;
  // Every phase is 100 MW IT at PUE 1.2, 18 months long; starts are spread
  // evenly over the first 70% of the horizon, site by site, so construction
  // goes on in most steps.
  constexpr double kPhaseMw = 100.0, kPue = 1.2;
  const double site_facility = phases * kPhaseMw * kPue;
  const long total_phases = static_cast<long>(sites) * phases;

  std::string t;
  put(t, "# generate_large_scenario({}, {}, {}, {}): a regular benchmark scenario\n", sites, phases,
      orders, years);
  put(t, "[scenario]\nid = \"large-{}x{}-{}-{}y\"\nname = \"large generated scenario\"\n", sites,
      phases, orders, years);
  put(t, "start = {}\nend = {}\nstep = \"day\"\n\n", start.to_string(), end.to_string());
  t += "[entities.dev]\nname = \"Developer\"\nroles = [\"developer\"]\n\n";
  t += "[entities.buyer]\nname = \"Buyer\"\nroles = [\"cloud_provider\", \"tenant\"]\n\n";

  for (int s = 0; s < sites; ++s) {
    put(t, "[sites.site-{:03}]\npue = {}\n\n", s, kPue);
    // Power in three steps: a third before the start, a third on site a
    // third of the way in, the rest by grid two thirds of the way in (each
    // site's dates shifted a little, so power events spread out too).
    const int shift = (s * 37) % std::max(1, span / 6);
    const Date dates[3] = {start - 30, start + span / 3 + shift - span / 12,
                           start + 2 * span / 3 + shift - span / 12};
    const char* kinds[3] = {"grid", "onsite", "grid"};
    for (int b = 0; b < 3; ++b) {
      put(t,
          "[[sites.site-{:03}.power]]\nid = \"b{}\"\nkind = \"{}\"\nmw = \"{:.1f}MW\"\nonline = "
          "{}\n"
          "price = \"${}/MWh\"\ncarbon_intensity = \"{:.2f}t/MWh\"\n\n",
          s, b + 1, kinds[b], site_facility * 0.36, std::min(dates[b], end).to_string(),
          45 + 10 * b, b == 1 ? 0.53 : 0.37);
    }
    for (int p = 0; p < phases; ++p) {
      const long index = static_cast<long>(p) * sites + s;  // interleaved: every site builds early
      const Date phase_start = start + static_cast<int>(index * (span * 7L / 10) / total_phases);
      put(t, "[[sites.site-{:03}.phases]]\nid = \"p{}\"\nit_mw = \"{}MW\"\n", s, p + 1, kPhaseMw);
      // Every third phase follows the one before it (finish-to-start).
      if (p % 3 == 2) put(t, "depends_on = [\"p{}\"]\n", p);
      put(t, "start = {}\nduration = \"18mo\"\ncapex_per_mw = \"$12M/MW\"\n",
          phase_start.to_string());
      put(t, "profile = \"{}\"\npayer = \"dev\"\n\n", p % 2 ? "linear" : "s-curve");
    }
  }

  for (int o = 0; o < orders; ++o) {
    const int s = static_cast<int>(static_cast<long>(o) * sites / std::max(1, orders));
    const CatalogType& type = kTypes[static_cast<size_t>(o) % kTypes.size()];
    // Enough to fill half the site's IT, ordered across the first 60% of the
    // horizon, delivered a year later over two years.
    const long count = static_cast<long>(phases * kPhaseMw * 1e6 * 0.5 / type.watts);
    const Date ordered =
        start + static_cast<int>(static_cast<long>(o) * (span * 6L / 10) / std::max(1, orders));
    put(t,
        "[[orders]]\nid = \"o{}\"\nbuyer = \"buyer\"\naccelerator = \"{}\"\nsite = \"site-{:03}\"\n"
        "count = {}\nordered = {}\nlead_time = \"12mo\"\nramp = \"24mo\"\n\n",
        o + 1, type.id, s, count, ordered.to_string());
  }
  return t;
}

}  // namespace stargate::testing
