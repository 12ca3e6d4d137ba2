// src/core/suggest.h: "did you mean" for misspelt keys and unknown ids.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace stargate {

// The optimal-string-alignment distance (Damerau–Levenshtein with adjacent
// transpositions counted once) between a and b, case-sensitive.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a likely typo:
// distance ≤ max(1, |word| / 3), or one is a prefix of the other and at least
// 4 characters long. Ties go to the first candidate. Empty when none is close.
std::string closest(std::string_view word, std::span<const std::string> candidates);

// "did you mean 'x'?" for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

}  // namespace stargate
