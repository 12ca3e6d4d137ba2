#include <fmt/format.h>

#include "stargate/output.h"

namespace stargate {
namespace {

// A party's id, or "external" for the world outside the scenario.
const std::string& party(const Results& r, std::int32_t index) {
  static const std::string kExternal = "external";
  return index < 0 ? kExternal : r.parties[static_cast<size_t>(index)];
}

// Quotes a CSV field only when it needs it (RFC 4180).
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string flows_csv(const Results& r) {
  std::string out = "date,from,to,kind,amount_usd,purpose\n";
  for (const LedgerFlow& f : r.flows) {
    out += f.date.to_string();
    out += ',';
    out += field(party(r, f.from));
    out += ',';
    out += field(party(r, f.to));
    out += ',';
    out += to_string(f.kind);
    out += ',';
    fmt::format_to(std::back_inserter(out), "{}", f.amount);
    out += ',';
    out += field(r.purposes[static_cast<size_t>(f.purpose)]);
    out += '\n';
  }
  return out;
}

}  // namespace stargate
