#pragma once
// Order statistics of Walsh averages, for the paired ratio's Hodges–Lehmann estimate and its
// signed-rank interval (stats.h: paired_ratio).
#include <cstddef>
#include <span>

namespace hone::stats {

// The k-th smallest (from 0) of the n(n+1)/2 Walsh averages (x_i + x_j) / 2, i <= j, of sorted
// finite values, found without storing them all (O(n) memory, O(n) per step of a bisection of at
// most 64 steps: 10,000 rounds in milliseconds, where storing them would take 400 MB); the same
// double a sort of them all gives. Throws hone::Error when k is out of range or the values are not
// sorted.
double walsh_average(std::span<const double> sorted, size_t k);

}  // namespace hone::stats
