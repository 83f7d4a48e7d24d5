// A tiny Google Benchmark program whose real --benchmark_format=json output the adapters test
// parses: two sizes of one benchmark, and one with a custom counter.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <vector>

static void BM_Sum(benchmark::State& state) {
  std::vector<uint64_t> v(static_cast<size_t>(state.range(0)));
  std::iota(v.begin(), v.end(), 1);
  for (auto _ : state) {
    uint64_t sum = std::accumulate(v.begin(), v.end(), uint64_t{0});
    benchmark::DoNotOptimize(sum);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Sum)->Arg(64)->Arg(4096);

static void BM_Counter(benchmark::State& state) {
  uint64_t x = 1;
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) x = x * 6364136223846793005u + 1442695040888963407u;
    benchmark::DoNotOptimize(x);
  }
  state.counters["steps"] =
      benchmark::Counter(100.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Counter)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
