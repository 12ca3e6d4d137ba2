#include "scenario/spec.h"

namespace stargate {
namespace {

template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  for (const T& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

}  // namespace

const EntitySpec* ScenarioSpec::entity(std::string_view id) const {
  return find_by_id(entities, id);
}
const SiteSpec* ScenarioSpec::site(std::string_view id) const { return find_by_id(sites, id); }
const AcceleratorSpec* ScenarioSpec::accelerator(std::string_view id) const {
  return find_by_id(accelerators, id);
}

Draws ScenarioSpec::base_draws() const {
  Draws d;
  d.values.reserve(uncertain.size());
  for (const UncertainInput& u : uncertain) d.values.push_back(u.dist.base());
  return d;
}

}  // namespace stargate
