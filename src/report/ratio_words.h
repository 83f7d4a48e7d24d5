#pragma once
// A comparison in words with its CI, as the terminal table shows them (defined in render.cc).
#include <string>
#include <utility>

#include "report/analysis.h"

namespace hone {

// {"4.32x faster", "[4.28x, 4.36x]"} ("exact" for a deterministic metric). invert: the baseline
// against the candidate instead.
std::pair<std::string, std::string> comparison_words(const Analysis& a, const ComparisonRow& c, bool invert = false);

}  // namespace hone
