// gen-inputs: writes the wc example's four benchmark inputs into a folder.
//
//   gen-inputs DIR
//
// The inputs are generated, never downloaded or committed, and must be byte-identical on every
// machine and every run: benchmarks and correctness tests compare against them. So this uses its
// own PRNG (xorshift64*, fixed seeds) and integer arithmetic only -- no std::random distributions,
// whose output differs between standard libraries.
//
// Each input has its own shape, so an optimization that helps one kind of text and hurts another
// shows up in the results:
//
//   short-lines.txt  many lines of 1-20 characters (newline-heavy)
//   long-lines.txt   lines of 2-20 KB (few newlines, long runs of words)
//   small-words.txt  1-3 letter words separated by single spaces or tabs (word-boundary heavy)
//   utf8.txt         Cyrillic, CJK and emoji mixed with ASCII words, spaces and newlines
//
// Sizes are chosen so the naive wc-naive takes roughly 60-150 ms on each (see README.md).

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

// xorshift64* (Vigna): tiny, fast and fully specified, so the same seed gives the same bytes
// everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed ? seed : 0x9e3779b97f4a7c15ULL) {}

  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545f4914f6cdd1dULL;
  }

  // Uniform-enough integer in [lo, hi] (the modulo bias is irrelevant here, and deterministic).
  std::uint64_t range(std::uint64_t lo, std::uint64_t hi) { return lo + (next() >> 11) % (hi - lo + 1); }

  // True with probability percent/100.
  bool chance(unsigned percent) { return range(0, 99) < percent; }

 private:
  std::uint64_t state_;
};

constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kPunct = ".,;:!?-'\"()0123456789";

void append_letters(std::string& out, Rng& rng, std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) out += kLetters[rng.range(0, 25)];  // lowercase
}

// A plain-text word: mostly lowercase letters, sometimes capitalized or followed by punctuation.
void append_word(std::string& out, Rng& rng, std::uint64_t min_len, std::uint64_t max_len) {
  const std::uint64_t len = rng.range(min_len, max_len);
  if (rng.chance(10)) {
    out += kLetters[rng.range(26, 51)];
    append_letters(out, rng, len - 1);
  } else {
    append_letters(out, rng, len);
  }
  if (rng.chance(8)) out += kPunct[rng.range(0, kPunct.size() - 1)];
}

// Many short lines: 1-20 characters each, words and single spaces, sometimes a blank line.
std::string short_lines(std::size_t target) {
  Rng rng(0x5ec0de0001ULL);
  std::string out;
  out.reserve(target + 64);
  while (out.size() < target) {
    if (rng.chance(3)) {  // an empty line now and then
      out += '\n';
      continue;
    }
    const std::size_t start = out.size();
    const std::uint64_t len = rng.range(1, 20);
    while (out.size() - start < len) {
      const std::uint64_t left = len - (out.size() - start);
      append_letters(out, rng, rng.range(1, left < 8 ? left : 8));
      if (out.size() - start + 1 < len) out += ' ';
    }
    out += '\n';
  }
  return out;
}

// Long lines: 2-20 KB of prose-like words, separated mostly by single spaces, sometimes two
// spaces or a tab.
std::string long_lines(std::size_t target) {
  Rng rng(0x5ec0de0002ULL);
  std::string out;
  out.reserve(target + 21 * 1024);
  while (out.size() < target) {
    const std::size_t start = out.size();
    const std::uint64_t len = rng.range(2 * 1024, 20 * 1024);
    while (out.size() - start < len) {
      append_word(out, rng, 1, 12);
      const std::uint64_t gap = rng.range(0, 99);
      out += gap < 90 ? " " : gap < 96 ? "  " : "\t";
    }
    out.back() = '\n';  // replace the trailing separator
  }
  return out;
}

// Small words: 1-3 letters each, one space or one tab between words, 8-24 words per line.
std::string small_words(std::size_t target) {
  Rng rng(0x5ec0de0003ULL);
  std::string out;
  out.reserve(target + 128);
  while (out.size() < target) {
    const std::uint64_t words = rng.range(8, 24);
    for (std::uint64_t w = 0; w < words; ++w) {
      if (w > 0) out += rng.chance(80) ? ' ' : '\t';
      append_letters(out, rng, rng.range(1, 3));
    }
    out += '\n';
  }
  return out;
}

// UTF-8 heavy text. Pieces are whole UTF-8 sequences, so the file is valid UTF-8.
constexpr std::string_view kCyrillic[] = {"привет", "мир",   "быстро", "медленно", "счётчик", "слово", "строка",
                                          "байт",   "текст", "время",  "память",   "поток",   "ядро",  "щука"};
constexpr std::string_view kCjk[] = {"你好", "世界", "字符",     "统计",   "性能", "测试", "日本語",
                                     "漢字", "かな", "カタカナ", "한국어", "문자", "東京", "速度"};
constexpr std::string_view kEmoji[] = {"😀", "🚀", "🎉",    "👍",      "🔥",           "✨",  "🐍",
                                       "🌍", "💡", "🧪", "⏱️", "👩‍💻", "🇩🇪", "❤️"};

template <std::size_t N>
std::string_view pick(Rng& rng, const std::string_view (&list)[N]) {
  return list[rng.range(0, N - 1)];
}

std::string utf8(std::size_t target) {
  Rng rng(0x5ec0de0004ULL);
  std::string out;
  out.reserve(target + 256);
  while (out.size() < target) {
    const std::uint64_t words = rng.range(3, 16);
    for (std::uint64_t w = 0; w < words; ++w) {
      if (w > 0) out += rng.chance(90) ? " " : rng.chance(50) ? "\t" : "  ";
      const std::uint64_t kind = rng.range(0, 99);
      if (kind < 35) {
        out += pick(rng, kCyrillic);
      } else if (kind < 60) {
        out += pick(rng, kCjk);
        if (rng.chance(30)) out += pick(rng, kCjk);  // CJK runs without spaces
      } else if (kind < 72) {
        out += pick(rng, kEmoji);
      } else if (kind < 90) {
        append_word(out, rng, 1, 8);  // plain ASCII
      } else {
        // Mixed ASCII and UTF-8 in one word, e.g. "x86-ядро" or "v2🚀".
        append_letters(out, rng, rng.range(1, 4));
        out += rng.chance(50) ? pick(rng, kCyrillic) : pick(rng, kEmoji);
      }
    }
    out += '\n';
  }
  return out;
}

bool write_file(const std::string& dir, const char* name, const std::string& data) {
  const std::string path = dir + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::fprintf(stderr, "gen-inputs: %s: %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  const int write_errno = errno;
  if (std::fclose(f) != 0 || !ok) {
    std::fprintf(stderr, "gen-inputs: %s: write failed: %s\n", path.c_str(), std::strerror(ok ? errno : write_errno));
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen-inputs DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  // Target sizes in bytes (each file stops at the first line end past its target), tuned so the
  // naive wc-naive takes about 100 ms on each on a 2-core VM; GNU wc needs about 10 ms.
  bool ok = true;
  ok = write_file(dir, "short-lines.txt", short_lines(2'100'000)) && ok;
  ok = write_file(dir, "long-lines.txt", long_lines(1'950'000)) && ok;
  ok = write_file(dir, "small-words.txt", small_words(2'350'000)) && ok;
  ok = write_file(dir, "utf8.txt", utf8(2'200'000)) && ok;
  return ok ? 0 : 1;
}
