#pragma once
// The one seeded PRNG of hone: xoshiro256** seeded through splitmix64, with Lemire's unbiased
// bounded draw. Its output is identical on every platform and standard library, unlike
// std::uniform_int_distribution, so a seed recorded with a run reproduces its round order and
// its bootstrap CIs. src/stats/reference.py carries a Python port for the tests' golden values.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace hone {

class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t next();
  uint64_t below(uint64_t n);  // uniform in [0, n); n > 0
  double uniform();            // uniform in [0, 1), 53 random bits

  template <typename T>
  void shuffle(std::vector<T>& v) {  // Fisher–Yates
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  uint64_t s_[4];
};

// A fresh seed from the OS, for runs without a configured seed (the seed is recorded).
uint64_t random_seed();

}  // namespace hone
