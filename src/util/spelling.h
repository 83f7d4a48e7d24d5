#pragma once
// "Did you mean ...?": the nearest of a list of known words to a word that is not one of them,
// for errors about unknown keys, names and values.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hone::spelling {

std::string lower(std::string_view s);
// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
size_t edit_distance(std::string_view a, std::string_view b);
// The nearest candidate (case-insensitively) when it is close enough to be a likely typo: at most
// max(2, a third of the word's length) edits away; else "".
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
// The items with `sep` between them: "a, b, c".
std::string join(const std::vector<std::string>& items, std::string_view sep);

}  // namespace hone::spelling
