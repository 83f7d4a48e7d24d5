// Two Google Benchmark micro-benchmarks for hone init to find in build/.
#include <benchmark/benchmark.h>

static void BM_Sum(benchmark::State& state) {
  for (auto _ : state) {
    unsigned long s = 0;
    for (unsigned long i = 0; i < 1000; ++i) benchmark::DoNotOptimize(s += i);
  }
}
BENCHMARK(BM_Sum);

static void BM_Shift(benchmark::State& state) {
  for (auto _ : state) {
    unsigned long x = 1;
    for (int i = 0; i < static_cast<int>(state.range(0)); ++i) benchmark::DoNotOptimize(x = x << 1 | 1);
  }
}
BENCHMARK(BM_Shift)->Arg(64);

BENCHMARK_MAIN();
