// src/core/calendar.h
//
// The steps of a run. Step k covers the days [boundary(k), boundary(k+1));
// the last step ends the day after the scenario's end, and may be shorter
// than the others. Monthly steps are calendar months counted from the start
// (add months, clamp to the month's end), so they are 28 to 31 days long.
#pragma once

#include <cstdint>
#include <vector>

#include "stargate/units.h"

namespace stargate {

class Calendar {
 public:
  // REQUIRES: start ≤ end.
  Calendar(Date start, Date end, StepKind step);

  std::int32_t steps() const { return static_cast<std::int32_t>(boundaries_.size()) - 1; }
  Date begin(std::int32_t k) const { return boundaries_[static_cast<size_t>(k)]; }
  Date end(std::int32_t k) const { return boundaries_[static_cast<size_t>(k) + 1]; }
  std::int32_t days(std::int32_t k) const { return end(k) - begin(k); }
  // The step whose days include `d`: 0 for dates before the start, steps()
  // for dates after the end.
  std::int32_t step_of(Date d) const;
  // The first step that begins on or after `d` (steps() if none): when a
  // change dated `d` takes effect at a step boundary.
  std::int32_t first_step_from(Date d) const;
  const std::vector<Date>& boundaries() const { return boundaries_; }
  // True when every step in [k0, k1) has the same length.
  bool uniform(std::int32_t k0, std::int32_t k1) const;

 private:
  std::vector<Date> boundaries_;
  StepKind kind_;
};

}  // namespace stargate
