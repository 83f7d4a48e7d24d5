// count-bench: Google Benchmark micro-benchmarks of wc-naive's counting core (src/count.h).
//
//   count-bench [--benchmark_filter=REGEX] [--benchmark_format=json] [--benchmark_repetitions=N]
//
// hone's target "micro" in hone.toml runs one benchmark per process, e.g.
//   ./build/count-bench --benchmark_filter=^BM_Count/utf8$ --benchmark_format=json ...
// and reads Google Benchmark's own per-repetition times.
//
// Where wc-naive (target "ours") times the whole process -- start-up, file reading through
// std::ifstream::get() and counting -- these benchmarks time only wc::count_text(), the
// per-byte count_char() / classify_char() path, over in-memory text. The four buffers have the
// shapes of the four generated inputs (gen/gen-inputs.cc) but are generated here, in memory, by
// a small deterministic generator: the benchmarks depend on no files and no working directory,
// and give the same bytes on every machine. Each buffer is 64 KiB, so one iteration of the naive
// counter takes a few milliseconds.
//
//   BM_Count/short-lines   lines of 1-20 characters (newline-heavy)
//   BM_Count/long-lines    lines of 2-20 KB (few newlines, long runs of words)
//   BM_Count/small-words   1-3 letter words separated by single spaces or tabs
//   BM_Count/utf8          Cyrillic, CJK and emoji mixed with ASCII words

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../src/count.h"

namespace {

constexpr std::size_t kBufferSize = 64 * 1024;

// xorshift64* (Vigna), as in gen/gen-inputs.cc: fully specified, so the same seed gives the
// same bytes with every compiler and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545f4914f6cdd1dULL;
  }
  // An integer in [lo, hi].
  std::uint64_t range(std::uint64_t lo, std::uint64_t hi) { return lo + (next() >> 11) % (hi - lo + 1); }
  // True with probability percent/100.
  bool chance(unsigned percent) { return range(0, 99) < percent; }

 private:
  std::uint64_t state_;
};

void append_letters(std::string& out, Rng& rng, std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) out += static_cast<char>('a' + rng.range(0, 25));
}

// Stops at kBufferSize exactly, so every benchmark processes the same number of bytes.
std::string finish(std::string out) {
  out.resize(kBufferSize);
  out.back() = '\n';
  return out;
}

std::string short_lines() {
  Rng rng(0x5ec0de0101ULL);
  std::string out;
  while (out.size() < kBufferSize) {
    if (rng.chance(3)) {  // an empty line now and then
      out += '\n';
      continue;
    }
    const std::uint64_t len = rng.range(1, 20);
    const std::size_t start = out.size();
    while (out.size() - start < len) {
      append_letters(out, rng, rng.range(1, 8));
      if (out.size() - start + 1 < len) out += ' ';
    }
    out += '\n';
  }
  return finish(std::move(out));
}

std::string long_lines() {
  Rng rng(0x5ec0de0102ULL);
  std::string out;
  while (out.size() < kBufferSize) {
    const std::uint64_t len = rng.range(2 * 1024, 20 * 1024);
    const std::size_t start = out.size();
    while (out.size() - start < len) {
      append_letters(out, rng, rng.range(1, 12));
      if (rng.chance(8)) out += ".,;:!?"[rng.range(0, 5)];
      const std::uint64_t gap = rng.range(0, 99);
      out += gap < 90 ? " " : gap < 96 ? "  " : "\t";
    }
    out.back() = '\n';
  }
  return finish(std::move(out));
}

std::string small_words() {
  Rng rng(0x5ec0de0103ULL);
  std::string out;
  while (out.size() < kBufferSize) {
    const std::uint64_t words = rng.range(8, 24);
    for (std::uint64_t w = 0; w < words; ++w) {
      if (w > 0) out += rng.chance(80) ? ' ' : '\t';
      append_letters(out, rng, rng.range(1, 3));
    }
    out += '\n';
  }
  return finish(std::move(out));
}

std::string utf8() {
  constexpr std::string_view kWords[] = {"привет", "мир",    "счётчик", "строка", "你好",        "世界",
                                         "日本語", "한국어", "😀",       "🚀",      "👩‍💻", "❤️"};
  constexpr std::size_t kCount = sizeof kWords / sizeof kWords[0];
  Rng rng(0x5ec0de0104ULL);
  std::string out;
  while (out.size() < kBufferSize) {
    const std::uint64_t words = rng.range(3, 16);
    for (std::uint64_t w = 0; w < words; ++w) {
      if (w > 0) out += rng.chance(90) ? " " : "\t";
      const std::uint64_t kind = rng.range(0, 99);
      if (kind < 72) {
        out += kWords[rng.range(0, kCount - 1)];
      } else if (kind < 90) {
        append_letters(out, rng, rng.range(1, 8));  // plain ASCII
      } else {
        append_letters(out, rng, rng.range(1, 4));  // mixed, like "v2🚀"
        out += kWords[rng.range(0, kCount - 1)];
      }
    }
    out += '\n';
  }
  // Cutting at kBufferSize may split a UTF-8 sequence: harmless, the counter works on bytes.
  return finish(std::move(out));
}

void BM_Count(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    wc::CountState counter;
    wc::count_text(counter, text);
    benchmark::DoNotOptimize(counter.counts);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}

}  // namespace

int main(int argc, char** argv) {
  // Generated once, before any benchmark runs; they live until the end of main.
  static const std::string kShortLines = short_lines(), kLongLines = long_lines(), kSmallWords = small_words(),
                           kUtf8 = utf8();
  benchmark::RegisterBenchmark("BM_Count/short-lines", BM_Count, kShortLines)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Count/long-lines", BM_Count, kLongLines)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Count/small-words", BM_Count, kSmallWords)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Count/utf8", BM_Count, kUtf8)->Unit(benchmark::kMillisecond);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
