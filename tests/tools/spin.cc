// spin N: a pure CPU loop of N iterations, used by hone's tests and benchmarks as a workload
// whose cost is known: "spin 1010000" does exactly 1% more work than "spin 1000000".
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: spin ITERATIONS\n");
    return 2;
  }
  char* end = nullptr;
  unsigned long long n = std::strtoull(argv[1], &end, 10);
  if (*end != '\0') {
    std::fprintf(stderr, "spin: not a number: %s\n", argv[1]);
    return 2;
  }
  // A dependent chain the compiler cannot fold: each step needs the previous result.
  volatile unsigned long long sink = 0;
  unsigned long long x = 88172645463325252ull;
  for (unsigned long long i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  sink = x;
  (void)sink;
  return 0;
}
