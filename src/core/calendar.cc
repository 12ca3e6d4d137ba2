#include "core/calendar.h"

#include <algorithm>

namespace stargate {

Calendar::Calendar(Date start, Date end, StepKind step) : kind_(step) {
  const Date stop = end + 1;
  const std::int32_t days = std::max(0, stop - start);
  boundaries_.reserve(static_cast<size_t>((step == StepKind::kDay    ? days
                                           : step == StepKind::kWeek ? days / 7
                                                                     : days / 28) +
                                          2));
  for (std::int32_t k = 0;; ++k) {
    Date d;
    switch (step) {
      case StepKind::kDay:
        d = start + k;
        break;
      case StepKind::kWeek:
        d = start + 7 * k;
        break;
      case StepKind::kMonth:
        d = start.add_months(k);
        break;
    }
    if (d >= stop) break;
    boundaries_.push_back(d);
  }
  boundaries_.push_back(stop);
}

std::int32_t Calendar::step_of(Date d) const {
  if (d < boundaries_.front()) return 0;
  if (kind_ == StepKind::kDay) return std::min<std::int32_t>(d - boundaries_.front(), steps());
  const auto it = std::upper_bound(boundaries_.begin(), boundaries_.end(), d);
  return static_cast<std::int32_t>(it - boundaries_.begin()) - 1;
}

std::int32_t Calendar::first_step_from(Date d) const {
  if (kind_ == StepKind::kDay) return std::clamp<std::int32_t>(d - boundaries_.front(), 0, steps());
  const auto it = std::lower_bound(boundaries_.begin(), boundaries_.end() - 1, d);
  return static_cast<std::int32_t>(it - boundaries_.begin());
}

bool Calendar::uniform(std::int32_t k0, std::int32_t k1) const {
  if (k1 - k0 <= 1 || kind_ == StepKind::kDay) return true;
  const std::int32_t n = days(k0);
  for (std::int32_t k = k0 + 1; k < k1; ++k) {
    if (days(k) != n) return false;
  }
  return true;
}

}  // namespace stargate
