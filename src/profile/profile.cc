// Profiles (see profile.h): hand-written parsers of `perf script` text and of callgrind's output
// format into weighted call stacks, and everything derived from stacks — folded text, hotspot
// tables, per-function differences. Parsers read line by line and throw hone::Error naming
// "file:line" at the first line they cannot make sense of.
#include "profile/profile.h"

#include <cxxabi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "util/error.h"

namespace hone::profile {
namespace {

// ---- small text helpers -----------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool all_of(std::string_view s, bool (*pred)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), pred); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// A line quoted in an error message: at most 80 characters, control bytes shown as '?'.
std::string quote(std::string_view line) {
  std::string out;
  for (char c : line.substr(0, 80)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  if (line.size() > 80) out += "...";
  return "'" + out + "'";
}

// Iterates over the lines of a text, counting from 1. A text that does not end with a newline
// was cut off: every tool here ends its output with one.
class Lines {
 public:
  Lines(std::string_view text, const std::string& source) : text_(text), source_(source) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) {
      ++number_;
      fail(
          "{}:{}: truncated: the last line has no newline (the file was cut off while being "
          "written?): {}",
          source_, number_, quote(text_.substr(pos_)));
    }
    line = text_.substr(pos_, nl - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = nl + 1;
    ++number_;
    return true;
  }
  int number() const { return number_; }
  std::string where() const { return fmt::format("{}:{}", source_, number_); }
  // Rejects binary data early with a clearer message than a parse error would give.
  void reject_binary() const {
    if (text_.substr(0, 4096).find('\0') != std::string_view::npos)
      fail(
          "{}:1: binary data, not text (give the output of `perf script` / the callgrind.out "
          "file, not perf.data)",
          source_);
  }

 private:
  std::string_view text_;
  const std::string& source_;
  size_t pos_ = 0;
  int number_ = 0;
};

std::string format_weight(double w) {
  if (w == std::floor(w) && std::fabs(w) < 1e15) return fmt::format("{:.0f}", w);
  return fmt::format("{}", w);
}

// ---- Rust v0 symbols --------------------------------------------------------------------
// "_R" symbols (RFC 2603), printed like rustc-demangle's alternate form (no crate hashes):
// paths, impls, closures, generic arguments and the common types. Anything it does not know
// makes demangle() return the symbol unchanged rather than guess.

class RustV0 {
 public:
  explicit RustV0(std::string_view s) : s_(s) {}

  bool run(std::string& out) {
    try {
      if (s_.substr(0, 2) != "_R") return false;
      pos_ = 2;
      if (pos_ < s_.size() && is_digit(s_[pos_])) decimal();  // encoding version
      out = path(true);
      // An instantiating crate may follow; vendor suffixes start with '.' or '$'.
      return true;
    } catch (const Bad&) {
      return false;
    }
  }

 private:
  struct Bad {};
  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;

  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  char take() {
    if (pos_ >= s_.size()) throw Bad{};
    return s_[pos_++];
  }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  struct Depth {
    int& d;
    explicit Depth(int& x) : d(x) {
      if (++d > 100) throw Bad{};
    }
    ~Depth() { --d; }
  };

  uint64_t decimal() {
    if (!is_digit(peek())) throw Bad{};
    if (peek() == '0') {
      ++pos_;
      return 0;
    }
    uint64_t v = 0;
    while (is_digit(peek())) {
      v = v * 10 + static_cast<uint64_t>(take() - '0');
      if (v > (1ull << 40)) throw Bad{};
    }
    return v;
  }
  // "_" is 0; otherwise digits 0-9a-zA-Z then "_", value + 1.
  uint64_t base62() {
    if (eat('_')) return 0;
    uint64_t v = 0;
    for (;;) {
      char c = take();
      if (c == '_') return v + 1;
      int d = is_digit(c)              ? c - '0'
              : (c >= 'a' && c <= 'z') ? c - 'a' + 10
              : (c >= 'A' && c <= 'Z') ? c - 'A' + 36
                                       : -1;
      if (d < 0) throw Bad{};
      v = v * 62 + static_cast<uint64_t>(d);  // crate hashes use all 64 bits: wraps harmlessly
    }
  }
  uint64_t disambiguator() { return eat('s') ? base62() + 1 : 0; }
  std::string identifier() {
    disambiguator();
    return undisambiguated();
  }
  std::string undisambiguated() {
    bool puny = eat('u');
    uint64_t len = decimal();
    eat('_');
    if (pos_ + len > s_.size()) throw Bad{};
    std::string id(s_.substr(pos_, len));
    pos_ += len;
    // Punycode identifiers are shown in their encoded form ("_" separates ASCII from deltas).
    if (puny) std::replace(id.begin(), id.end(), '_', '-');
    return id;
  }
  // Follows a back-reference: parses what is at the referenced offset, then comes back.
  template <typename F>
  std::string backref(F&& f) {
    uint64_t at = base62() + 2;
    if (at >= pos_) throw Bad{};
    size_t saved = pos_;
    pos_ = at;
    std::string r = f();
    pos_ = saved;
    return r;
  }

  std::string path(bool value) {
    Depth guard(depth_);
    char c = take();
    switch (c) {
      case 'C': return identifier();
      case 'M': {
        disambiguator();
        path(false);  // the impl's own path: not printed
        return "<" + type() + ">";
      }
      case 'X': {
        disambiguator();
        path(false);
        std::string t = type();
        return "<" + t + " as " + path(false) + ">";
      }
      case 'Y': {
        std::string t = type();
        return "<" + t + " as " + path(false) + ">";
      }
      case 'N': {
        char ns = take();
        if (!std::isalpha(static_cast<unsigned char>(ns))) throw Bad{};
        std::string parent = path(value);
        uint64_t dis = disambiguator();
        std::string name = undisambiguated();
        if (std::isupper(static_cast<unsigned char>(ns))) {
          std::string kind = ns == 'C' ? "closure" : ns == 'S' ? "shim" : std::string(1, ns);
          return parent + "::{" + kind + (name.empty() ? "" : ":" + name) + "#" + std::to_string(dis) + "}";
        }
        return name.empty() ? parent : parent + "::" + name;
      }
      case 'I': {
        std::string p = path(value);
        std::string args;
        for (bool first = true; !eat('E'); first = false) {
          std::string a = generic_arg();
          if (a.empty()) continue;  // erased lifetimes
          args += (args.empty() ? "" : ", ") + a;
          (void)first;
        }
        return p + (value ? "::<" : "<") + args + ">";
      }
      case 'B': return backref([&] { return path(value); });
      default: throw Bad{};
    }
  }

  std::string generic_arg() {
    if (eat('L')) {
      base62();
      return "";
    }
    if (eat('K')) return constant();
    return type();
  }

  std::string constant() {
    Depth guard(depth_);
    if (eat('p')) return "_";
    if (eat('B')) return backref([&] { return constant(); });
    char t = take();  // the constant's type
    bool neg = eat('n');
    std::string hex;
    while (peek() != '_') {
      char c = take();
      if (!is_hex(c)) throw Bad{};
      hex += c;
    }
    take();
    if (t == 'b') return hex == "1" ? "true" : "false";
    if (hex.size() > 15) return "0x" + hex;
    uint64_t v = hex.empty() ? 0 : std::strtoull(hex.c_str(), nullptr, 16);
    return (neg ? "-" : "") + std::to_string(v);
  }

  std::string type() {
    Depth guard(depth_);
    char c = peek();
    static constexpr std::string_view kBasic[] = {"i8",    "bool", "char", "f64", "str",  "f32",  "",    "u8", "isize",
                                                  "usize", "",     "i32",  "u32", "i128", "u128", "_",   "",   "",
                                                  "i16",   "u16",  "()",   "...", "",     "i64",  "u64", "!"};
    if (c >= 'a' && c <= 'z' && !kBasic[c - 'a'].empty()) {
      ++pos_;
      return std::string(kBasic[c - 'a']);
    }
    switch (c) {
      case 'A': {
        ++pos_;
        std::string t = type();
        return "[" + t + "; " + constant() + "]";
      }
      case 'S': ++pos_; return "[" + type() + "]";
      case 'T': {
        ++pos_;
        std::vector<std::string> ts;
        while (!eat('E')) ts.push_back(type());
        std::string out = "(";
        for (size_t i = 0; i < ts.size(); ++i) out += (i ? ", " : "") + ts[i];
        return out + (ts.size() == 1 ? ",)" : ")");
      }
      case 'R':
      case 'Q': {
        ++pos_;
        if (eat('L')) base62();
        return std::string(c == 'R' ? "&" : "&mut ") + type();
      }
      case 'P': ++pos_; return "*const " + type();
      case 'O': ++pos_; return "*mut " + type();
      case 'F': {
        ++pos_;
        if (eat('G')) base62();
        std::string prefix;
        if (eat('U')) prefix += "unsafe ";
        if (eat('K')) {
          if (eat('C'))
            prefix += "extern \"C\" ";
          else
            prefix += "extern \"" + undisambiguated() + "\" ";
        }
        std::string args;
        while (!eat('E')) args += (args.empty() ? "" : ", ") + type();
        std::string ret = type();
        return prefix + "fn(" + args + ")" + (ret == "()" ? "" : " -> " + ret);
      }
      case 'D': {
        ++pos_;
        if (eat('G')) base62();
        std::string bounds;
        while (!eat('E')) {
          std::string b = path(false);
          while (eat('p')) {
            std::string name = undisambiguated();
            b.insert(b.size() - (b.back() == '>' ? 1 : 0),
                     (b.back() == '>' ? ", " : "<") + name + " = " + type() + (b.back() == '>' ? "" : ">"));
          }
          bounds += (bounds.empty() ? "" : " + ") + b;
        }
        if (!eat('L')) throw Bad{};
        base62();
        return "dyn " + bounds;
      }
      case 'B': ++pos_; return backref([&] { return type(); });
      default: return path(false);
    }
  }
};

// "core::fmt::write::h0123456789abcdef" → "core::fmt::write": the hash of Rust's legacy mangling
// says which crate build a symbol came from, nothing a person reading a profile needs.
std::string strip_rust_hash(std::string s) {
  if (s.size() > 19) {
    size_t at = s.size() - 19;
    if (s.compare(at, 3, "::h") == 0 && all_of(std::string_view(s).substr(at + 3), is_hex)) s.resize(at);
  }
  return s;
}

// Legacy Rust symbols demangle as C++ (_ZN...E) into "a::b::h<hash>" with $-escapes left in.
std::string unescape_rust_legacy(std::string s) {
  static const std::pair<std::string_view, std::string_view> kEscapes[] = {
      {"$SP$", "@"},  {"$BP$", "*"},  {"$RF$", "&"},  {"$LT$", "<"},  {"$GT$", ">"},  {"$LP$", "("},
      {"$RP$", ")"},  {"$C$", ","},   {"$u7e$", "~"}, {"$u20$", " "}, {"$u27$", "'"}, {"$u5b$", "["},
      {"$u5d$", "]"}, {"$u7b$", "{"}, {"$u7d$", "}"}, {"$u3b$", ";"}, {"$u2b$", "+"}, {"$u22$", "\""}};
  if (s.find('$') == std::string::npos && s.find("..") == std::string::npos) return s;
  // A component that starts with an escape carries a leading '_' ("_$LT$T$u20$as$u20$...").
  if (s.rfind("_$", 0) == 0) s.erase(0, 1);
  for (size_t at = s.find("::_$"); at != std::string::npos; at = s.find("::_$", at + 2)) s.erase(at + 2, 1);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    if (s[i] == '$') {
      for (const auto& [from, to] : kEscapes) {
        if (s.compare(i, from.size(), from) == 0) {
          out += to;
          i += from.size();
          done = true;
          break;
        }
      }
    } else if (s.compare(i, 2, "..") == 0) {
      out += "::";
      i += 2;
      done = true;
    }
    if (!done) out += s[i++];
  }
  return out;
}

}  // namespace

std::string demangle(std::string_view symbol) {
  std::string s(symbol);
  // Vendor suffixes from LTO and optimizations: "foo.llvm.123", "bar.cold", "baz.isra.0".
  std::string suffix;
  if (s.rfind("_R", 0) == 0 || s.rfind("_Z", 0) == 0 || s.rfind("__Z", 0) == 0) {
    if (s.rfind("_R", 0) == 0) {
      size_t dot = s.find('.');
      std::string core = s.substr(0, dot);
      std::string out;
      if (RustV0(core).run(out)) return out;
      return s;
    }
    std::string core = s.rfind("__Z", 0) == 0 ? s.substr(1) : s;
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> d(abi::__cxa_demangle(core.c_str(), nullptr, nullptr, &status), std::free);
    if (status == 0 && d) {
      std::string out = d.get();
      bool rust = out.size() > 19 && out.compare(out.size() - 19, 3, "::h") == 0;
      return rust ? unescape_rust_legacy(strip_rust_hash(out)) : out;
    }
    return s;
  }
  // Already demangled by perf: drop a legacy Rust hash if one is left.
  return strip_rust_hash(std::move(s));
}

// ---- perf script --------------------------------------------------------------------------

namespace {

struct PerfHeader {
  std::string comm;
  std::string event;
  std::string_view inline_frame;  // "addr sym (dso)" on the header line (no -g), or empty
};

// "COMM PID[/TID] [CPU] TIME: [PERIOD] EVENT: [IP SYM (DSO)]": the command name may contain
// spaces, so the line is matched from the pid onwards and the command is what comes before.
bool parse_perf_header(std::string_view line, PerfHeader& h) {
  std::vector<std::string_view> t = split_ws(line);
  auto is_pid = [](std::string_view s) {
    size_t slash = s.find('/');
    if (slash == std::string_view::npos)
      return all_of(s, is_digit) || (s.size() > 1 && s[0] == '-' && all_of(s.substr(1), is_digit));
    return all_of(s.substr(0, slash), is_digit) && all_of(s.substr(slash + 1), is_digit);
  };
  auto is_time = [](std::string_view s) {
    if (s.size() < 3 || s.back() != ':') return false;
    s.remove_suffix(1);
    size_t dot = s.find('.');
    return dot != std::string_view::npos && all_of(s.substr(0, dot), is_digit) && all_of(s.substr(dot + 1), is_digit);
  };
  for (size_t i = 1; i < t.size(); ++i) {
    if (!is_pid(t[i])) continue;
    size_t j = i + 1;
    if (j < t.size() && t[j].size() > 2 && t[j].front() == '[' && t[j].back() == ']' &&
        all_of(t[j].substr(1, t[j].size() - 2), is_digit))
      ++j;  // [CPU]
    if (j < t.size() && is_time(t[j])) ++j;
    if (j < t.size() && all_of(t[j], is_digit)) ++j;  // period
    if (j >= t.size() || t[j].size() < 2 || t[j].back() != ':' || is_time(t[j])) continue;
    h.event = std::string(t[j].substr(0, t[j].size() - 1));
    const char* comm_begin = t[0].data();
    const char* comm_end = t[i - 1].data() + t[i - 1].size();
    h.comm = std::string(comm_begin, comm_end);
    const char* rest = t[j].data() + t[j].size();
    h.inline_frame = trim(std::string_view(rest, line.data() + line.size() - rest));
    return true;
  }
  return false;
}

struct PerfFrame {
  uint64_t address = 0;
  bool address_known = false;
  std::string symbol;  // offset stripped
  std::string dso;     // without parentheses; "" when not printed
};

// "ADDRESS SYMBOL[+0xOFF] (DSO)": the symbol may contain spaces and parentheses
// ("operator()", "std::function<void (int)>"), so the dso is the parenthesised group that
// closes the line.
bool parse_perf_frame(std::string_view line, PerfFrame& f) {
  line = trim(line);
  size_t sp = 0;
  while (sp < line.size() && !is_space(line[sp])) ++sp;
  std::string_view addr = line.substr(0, sp);
  if (!all_of(addr, is_hex) || addr.size() > 16) return false;
  f.address = std::strtoull(std::string(addr).c_str(), nullptr, 16);
  f.address_known = true;
  std::string_view rest = trim(line.substr(sp));
  f.dso.clear();
  if (!rest.empty() && rest.back() == ')') {
    int depth = 0;
    for (size_t i = rest.size(); i-- > 0;) {
      if (rest[i] == ')') ++depth;
      if (rest[i] == '(' && --depth == 0) {
        if (i == 0 || is_space(rest[i - 1])) {
          f.dso = std::string(rest.substr(i + 1, rest.size() - i - 2));
          rest = trim(rest.substr(0, i));
        }
        break;
      }
    }
  }
  if (rest.empty()) return false;
  // "+0x1a" offset.
  size_t plus = rest.rfind("+0x");
  if (plus != std::string_view::npos && plus > 0 && all_of(rest.substr(plus + 3), is_hex)) rest = rest.substr(0, plus);
  f.symbol = std::string(rest);
  return true;
}

bool is_kernel_frame(const PerfFrame& f) {
  if (f.dso.rfind("[kernel", 0) == 0) return true;
  if (f.dso == "[unknown]" || f.dso == "[vdso]" || f.dso == "[vsyscall]") return false;
  // Kernel text (and modules, printed as "[module]") lives in the top half of the address space.
  return f.address >= 0xffff800000000000ull;
}

std::string basename_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string frame_name(const PerfFrame& f) {
  if (f.symbol == "[unknown]" || f.symbol.empty()) {
    if (f.dso.empty() || f.dso == "[unknown]") return "[unknown]";
    return "[unknown] (" + basename_of(f.dso) + ")";
  }
  return demangle(f.symbol);
}

// Folded stacks keep one frame per ';'-separated field and the weight after the last space.
std::string folded_safe(std::string name) {
  for (char& c : name)
    if (c == ';')
      c = ':';
    else if (c == '\n' || c == '\r')
      c = ' ';
  return name;
}

class StackSet {
 public:
  void add(std::vector<std::string> frames, double w) { weights_[std::move(frames)] += w; }
  void into(Profile& p) {
    for (auto& [frames, w] : weights_) {
      if (!(w > 0)) continue;
      p.total += w;
      p.max_depth = std::max(p.max_depth, frames.size());
      p.stacks.push_back(Stack{frames, w});
    }
  }

 private:
  std::map<std::vector<std::string>, double> weights_;
};

}  // namespace

Profile parse_perf_script(std::string_view text, const std::string& source, const PerfScriptOptions& opts) {
  Lines lines(text, source);
  lines.reject_binary();
  Profile p;
  p.unit = "samples";
  p.process_root = true;
  StackSet stacks;

  bool in_sample = false, keep = false;
  bool any_callchain = false;
  int header_line = 0;
  PerfHeader h;
  std::vector<PerfFrame> frames;  // leaf first, as perf prints them

  auto finish = [&]() {
    if (!in_sample) return;
    in_sample = false;
    if (!keep) return;
    // Leaf-first frames → root-first names, kernel frames dropped or kept, runs of [unknown]
    // (unwinding that lost its way) merged into one.
    std::vector<std::string> names;
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
      std::string name;
      if (!opts.kernel && is_kernel_frame(*it)) {
        name = "[kernel]";
      } else {
        name = folded_safe(frame_name(*it));
      }
      if (!names.empty() && names.back() == name && (name == "[kernel]" || name.rfind("[unknown]", 0) == 0)) continue;
      names.push_back(std::move(name));
    }
    names.insert(names.begin(), folded_safe(h.comm));
    stacks.add(std::move(names), 1);
  };

  std::string_view line;
  while (lines.next(line)) {
    if (trim(line).empty()) {
      finish();
      continue;
    }
    if (!is_space(line[0])) {
      if (line[0] == '#') continue;  // `perf script --header` comments
      finish();
      h = PerfHeader{};
      if (!parse_perf_header(line, h))
        fail(
            "{}: expected a sample header 'COMMAND PID TIME: [PERIOD] EVENT:' (output of `perf "
            "script`), got {}",
            lines.where(), quote(line));
      in_sample = true;
      header_line = lines.number();
      frames.clear();
      if (p.event.empty()) p.event = h.event;
      // One event per profile: the first one recorded (perf record -e a,b interleaves them).
      keep = h.event == p.event && (opts.comm.empty() || h.comm == opts.comm);
      if (!h.inline_frame.empty()) {
        PerfFrame f;
        if (!parse_perf_frame(h.inline_frame, f))
          fail("{}: expected 'ADDRESS SYMBOL (DSO)' after the event, got {}", lines.where(), quote(h.inline_frame));
        frames.push_back(std::move(f));
      }
      continue;
    }
    if (!in_sample)
      fail("{}: a stack frame outside any sample (a sample header line is missing before it): {}", lines.where(),
           quote(line));
    PerfFrame f;
    if (!parse_perf_frame(line, f))
      fail("{}: expected a stack frame 'ADDRESS SYMBOL+OFFSET (DSO)', got {}", lines.where(), quote(line));
    any_callchain = true;
    frames.push_back(std::move(f));
  }
  // perf script ends every sample with a blank line; a last header without frames (when other
  // samples have them) means the text stops in the middle of a sample.
  if (in_sample && frames.empty() && any_callchain)
    fail("{}:{}: truncated: the sample that starts here has no stack frames", source, header_line);
  finish();
  stacks.into(p);
  return p;
}

// ---- callgrind ------------------------------------------------------------------------------

namespace {

struct CgFunction {
  std::string name, object;
  double self = 0;
  std::map<size_t, double> calls;  // callee → inclusive cost of the calls (summed over call sites)
};

// "fib(unsigned int)'2" (a recursion level with --separate-recs) → "fib(unsigned int)".
std::string strip_recursion_level(std::string name) {
  size_t q = name.rfind('\'');
  if (q != std::string::npos && q + 1 < name.size() && all_of(std::string_view(name).substr(q + 1), is_digit))
    name.resize(q);
  return name;
}

class CallgrindParser {
 public:
  CallgrindParser(std::string_view text, const std::string& source) : lines_(text, source), source_(source) {}

  CallgrindProfile parse() {
    lines_.reject_binary();
    std::string_view line;
    bool first = true;
    while (lines_.next(line)) {
      std::string_view t = trim(line);
      if (first && !t.empty()) {
        first = false;
        // Every callgrind file starts with a header line such as "# callgrind format" or
        // "version: 1"; anything else is not one.
        static constexpr std::string_view kFirst[] = {
            "# callgrind format", "version:", "creator:", "pid:", "cmd:", "positions:", "events:", "desc:", "part:"};
        if (std::none_of(std::begin(kFirst), std::end(kFirst), [&](std::string_view k) { return t.rfind(k, 0) == 0; }))
          fail("{}: not callgrind output (expected '# callgrind format' or 'version: 1' first), got {}", lines_.where(),
               quote(t));
      }
      if (t.empty() || t[0] == '#') continue;
      line_ = t;
      if (is_cost_start(t[0])) {
        cost_line(t);
      } else if (size_t eq = t.find('='); eq != std::string_view::npos && eq < t.find(':')) {
        spec(t.substr(0, eq), t.substr(eq + 1));
      } else if (size_t colon = t.find(':'); colon != std::string_view::npos) {
        header(t.substr(0, colon), trim(t.substr(colon + 1)));
      } else {
        bad("a cost line, a 'key=value' line or a 'key: value' header");
      }
    }
    if (first) fail("{}: empty: no callgrind output", source_);
    if (pending_call_)
      fail("{}:{}: truncated: a calls= line without the cost line that must follow it", source_, lines_.number());
    if (events_.empty()) fail("{}: not callgrind output: no 'events:' line", source_);
    if (have_summary_ && !have_totals_)
      fail(
          "{}:{}: truncated: callgrind ends its output with a 'totals:' line and this file has none "
          "(cut off while being written?)",
          source_, lines_.number());
    return build();
  }

 private:
  Lines lines_;
  const std::string& source_;
  std::string_view line_;

  std::vector<std::string> events_;
  size_t event_index_ = 0;
  size_t positions_ = 1;
  double summary_ = 0, totals_ = 0;
  bool have_summary_ = false, have_totals_ = false;

  std::map<int64_t, std::string> objects_, files_, names_;  // compressed ids
  std::string object_;                                      // ob=
  std::string call_object_;                                 // cob= for the next call
  bool call_object_set_ = false;
  std::vector<CgFunction> fns_;
  std::unordered_map<std::string, size_t> index_;  // object + '\0' + name → fns_
  size_t current_ = SIZE_MAX;
  size_t callee_ = SIZE_MAX;
  bool pending_call_ = false;

  [[noreturn]] void bad(std::string_view expected) {
    fail("{}: expected {}, got {}", lines_.where(), expected, quote(line_));
  }

  static bool is_cost_start(char c) { return is_digit(c) || c == '+' || c == '-' || c == '*'; }

  // "(id) name", "(id)" or "name" with separate id spaces per kind.
  std::string compressed(std::map<int64_t, std::string>& ids, std::string_view v) {
    v = trim(v);
    if (v.empty() || v[0] != '(') return std::string(v);
    size_t close = v.find(')');
    if (close == std::string_view::npos) bad("'(id)' or '(id) name'");
    std::string_view id = v.substr(1, close - 1);
    if (!all_of(id, is_digit)) bad("a numeric id in '(id)'");
    int64_t n = std::strtoll(std::string(id).c_str(), nullptr, 10);
    std::string_view name = trim(v.substr(close + 1));
    if (!name.empty()) {
      ids[n] = std::string(name);
      return std::string(name);
    }
    auto it = ids.find(n);
    if (it == ids.end()) fail("{}: id ({}) is used before it is defined: {}", lines_.where(), n, quote(line_));
    return it->second;
  }

  // Functions are told apart by object and name, as callgrind does (libc has two
  // "(below main)", one calling the other); tables merge equal names. Code without a symbol,
  // which callgrind names by its address, gets its object's name added:
  // "0x1ab70 (ld-linux-x86-64.so.2)".
  size_t function(const std::string& raw_name, const std::string& object) {
    std::string name = demangle(strip_recursion_level(raw_name));
    if (name.size() > 2 && name.compare(0, 2, "0x") == 0 && all_of(std::string_view(name).substr(2), is_hex)) {
      size_t digits = name.find_first_not_of('0', 2);
      name = "0x" + (digits == std::string::npos ? std::string("0") : name.substr(digits));
      if (!object.empty()) name += " (" + basename_of(object) + ")";
    }
    std::string key = object + '\0' + name;
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    fns_.push_back(CgFunction{name, object, 0, {}});
    index_.emplace(std::move(key), fns_.size() - 1);
    return fns_.size() - 1;
  }

  void spec(std::string_view key, std::string_view value) {
    if (pending_call_ && key != "cob" && key != "cfi" && key != "cfl" && key != "cfn")
      bad("the cost line of the calls= line before");
    if (key == "ob") {
      object_ = compressed(objects_, value);
    } else if (key == "cob") {
      call_object_ = compressed(objects_, value);
      call_object_set_ = true;
    } else if (key == "fl" || key == "fi" || key == "fe" || key == "cfi" || key == "cfl") {
      compressed(files_, value);
    } else if (key == "fn") {
      current_ = function(compressed(names_, value), object_);
      call_object_set_ = false;
    } else if (key == "cfn") {
      callee_ = function(compressed(names_, value), call_object_set_ ? call_object_ : object_);
    } else if (key == "calls") {
      if (current_ == SIZE_MAX) bad("fn= before the first calls= line");
      if (callee_ == SIZE_MAX) bad("cfn= before calls=");
      std::vector<std::string_view> w = split_ws(value);
      if (w.empty() || !all_of(w[0], is_digit)) bad("'calls=COUNT TARGET'");
      pending_call_ = true;
    } else if (key == "jump" || key == "jcnd") {
      // Jump counts (--collect-jumps): not costs.
    } else {
      bad("one of ob= fl= fi= fe= fn= cob= cfi= cfl= cfn= calls= jump= jcnd=");
    }
  }

  void header(std::string_view key, std::string_view value) {
    if (key == "events") {
      events_.clear();
      for (std::string_view e : split_ws(value)) events_.emplace_back(e);
      if (events_.empty()) bad("event names after 'events:'");
      auto ir = std::find(events_.begin(), events_.end(), "Ir");
      event_index_ = ir == events_.end() ? 0 : static_cast<size_t>(ir - events_.begin());
    } else if (key == "positions") {
      positions_ = split_ws(value).size();
      if (positions_ == 0) bad("'positions: line' or 'positions: instr line'");
    } else if (key == "summary" || key == "totals") {
      std::vector<std::string_view> v = split_ws(value);
      double x = 0;
      if (event_index_ < v.size()) {
        if (!all_of(v[event_index_], is_digit)) bad("numbers after '" + std::string(key) + ":'");
        x = std::strtod(std::string(v[event_index_]).c_str(), nullptr);
      }
      if (key == "summary") {
        summary_ += x;
        have_summary_ = true;
      } else {
        totals_ += x;
        have_totals_ = true;
      }
    } else if (key == "version" || key == "creator" || key == "pid" || key == "cmd" || key == "part" || key == "desc" ||
               key == "thread" || key == "event" || key == "timeframe (BB)") {
      // Facts about the run; not needed for the profile.
    } else if (!key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '_' || c == '(' || c == ')';
               })) {
      // Other "key: value" headers from newer versions: ignored.
    } else {
      bad("a cost line, a 'key=value' line or a 'key: value' header");
    }
  }

  void cost_line(std::string_view t) {
    if (events_.empty()) bad("an 'events:' header before the first cost line");
    if (current_ == SIZE_MAX) bad("fn= before the first cost line");
    std::vector<std::string_view> w = split_ws(t);
    if (w.size() < positions_) bad(fmt::format("{} position(s) and then costs", positions_));
    for (size_t i = 0; i < positions_; ++i) {
      std::string_view pos = w[i];
      if (pos == "*") continue;
      if (pos[0] == '+' || pos[0] == '-') pos.remove_prefix(1);
      if (pos.rfind("0x", 0) == 0) pos.remove_prefix(2);
      if (!all_of(pos, is_hex)) bad("a position (number, +N, -N or *) at the start of a cost line");
    }
    if (w.size() - positions_ > events_.size())
      bad(fmt::format("at most {} cost(s) after the position(s)", events_.size()));
    double cost = 0;
    for (size_t i = positions_; i < w.size(); ++i) {
      if (!all_of(w[i], is_digit)) bad("costs as whole numbers");
      if (i - positions_ == event_index_) cost = std::strtod(std::string(w[i]).c_str(), nullptr);
    }
    if (pending_call_) {
      pending_call_ = false;
      call_object_set_ = false;
      // A function calling itself (recursion callgrind did not separate) adds nothing to its
      // inclusive cost: the callee's own cost lines already count it.
      if (callee_ != current_) fns_[current_].calls[callee_] += cost;
    } else {
      fns_[current_].self += cost;
    }
  }

  CallgrindProfile build() {
    CallgrindProfile out;
    out.event = events_[event_index_];
    double self_sum = 0;
    for (const CgFunction& f : fns_) self_sum += f.self;
    out.total = have_summary_ ? summary_ : have_totals_ ? totals_ : self_sum;
    out.stacks = stacks(std::max(out.total, self_sum));
    // Inclusive cost is self + the calls' costs, exact — except in a cycle of calls (a calls b
    // calls a), where the calls' costs count the cycle more than once; there the rebuilt stacks
    // (which count each instruction once) give it.
    std::unordered_map<std::string, double> in_stacks;
    std::unordered_set<std::string_view> seen;
    for (const Stack& st : out.stacks) {
      seen.clear();
      for (const std::string& name : st.frames)
        if (seen.insert(name).second) in_stacks[name] += st.weight;
    }
    // One row per name: self costs add up; the inclusive cost is the largest (when one calls
    // the other, the caller's covers both).
    std::map<std::string, CallgrindFunction> rows;
    for (const CgFunction& f : fns_) {
      if (f.self <= 0 && f.calls.empty()) continue;
      double inclusive = f.self;
      for (const auto& [callee, c] : f.calls) inclusive += c;
      auto it = in_stacks.find(folded_safe(f.name));
      if (it != in_stacks.end() && inclusive > it->second + 1e-3 * out.total + 1)
        inclusive = std::max(f.self, it->second);
      inclusive = std::min(inclusive, std::max(out.total, self_sum));
      auto [row, fresh] = rows.try_emplace(f.name, CallgrindFunction{f.name, f.object, 0, 0});
      row->second.self += f.self;
      row->second.inclusive = std::max({row->second.inclusive, inclusive, row->second.self});
    }
    for (auto& [name, row] : rows) out.functions.push_back(std::move(row));
    std::sort(out.functions.begin(), out.functions.end(), [](const CallgrindFunction& a, const CallgrindFunction& b) {
      if (a.self != b.self) return a.self > b.self;
      if (a.inclusive != b.inclusive) return a.inclusive > b.inclusive;
      return a.name < b.name;
    });
    return out;
  }

  // Callgrind records a call graph, not stacks. Stacks are rebuilt by walking down from the
  // functions nobody calls and splitting each function's cost among its callees in proportion
  // to what the calls cost (the assumption gprof and every callgrind flame graph make), so the
  // weights always add up to the cost walked. Recursion folds: a call back into a function on
  // the path continues from that function's place on the path. Paths carrying less than 1e-5
  // of the total stop where they are, their cost staying with the last function.
  std::vector<Stack> stacks(double total) {
    std::vector<bool> called(fns_.size(), false);
    for (const CgFunction& f : fns_)
      for (const auto& [callee, c] : f.calls) called[callee] = true;
    std::vector<size_t> path;                          // function indices, root first
    std::vector<size_t> place(fns_.size(), SIZE_MAX);  // index in path, or SIZE_MAX
    const double floor = total * 1e-5;
    std::map<std::vector<size_t>, double> acc;
    int folds = 0;
    std::function<void(size_t, double)> walk = [&](size_t at, double flow) {
      const CgFunction& f = fns_[at];
      double whole = f.self;
      for (const auto& [callee, c] : f.calls) whole += c;
      path.push_back(at);
      place[at] = path.size() - 1;
      double keep = whole > 0 ? flow * f.self / whole : flow;
      if (whole > 0) {
        for (const auto& [callee, c] : f.calls) {
          double part = flow * c / whole;
          if (part <= 0) continue;
          if (part < floor || path.size() >= 256 || (place[callee] != SIZE_MAX && folds >= 64)) {
            keep += part;
          } else if (place[callee] != SIZE_MAX) {
            // Back to an ancestor: continue from its place, then restore the path.
            std::vector<size_t> tail(path.begin() + static_cast<long>(place[callee]), path.end());
            for (size_t x : tail) place[x] = SIZE_MAX;
            path.resize(path.size() - tail.size());
            ++folds;
            walk(callee, part);
            --folds;
            for (size_t x : tail) {
              place[x] = path.size();
              path.push_back(x);
            }
          } else {
            walk(callee, part);
          }
        }
      }
      if (keep > 0) acc[path] += keep;
      place[at] = SIZE_MAX;
      path.pop_back();
    };
    for (size_t i = 0; i < fns_.size(); ++i) {
      if (called[i]) continue;
      double whole = fns_[i].self;
      for (const auto& [callee, c] : fns_[i].calls) whole += c;
      if (whole > 0) walk(i, whole);
    }
    // Rounded to whole instructions; identical name paths (folded recursion) merge.
    std::map<std::vector<std::string>, double> named;
    for (const auto& [ids, w] : acc) {
      std::vector<std::string> f;
      for (size_t id : ids) f.push_back(folded_safe(fns_[id].name));
      named[std::move(f)] += w;
    }
    std::vector<Stack> out;
    for (auto& [frames, w] : named) {
      double r = std::round(w);
      if (r > 0) out.push_back(Stack{frames, r});
    }
    return out;
  }
};

}  // namespace

CallgrindProfile parse_callgrind(std::string_view text, const std::string& source) {
  return CallgrindParser(text, source).parse();
}

// ---- folded stacks ------------------------------------------------------------------------

std::string to_folded(const Profile& p) {
  std::vector<std::string> rows;
  rows.reserve(p.stacks.size());
  for (const Stack& s : p.stacks) {
    if (s.frames.empty() || !(s.weight > 0)) continue;
    std::string row;
    for (size_t i = 0; i < s.frames.size(); ++i) {
      if (i) row += ';';
      row += folded_safe(s.frames[i]);
    }
    row += ' ';
    row += format_weight(s.weight);
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end());
  std::string out;
  for (const std::string& r : rows) {
    out += r;
    out += '\n';
  }
  return out;
}

Profile parse_folded(std::string_view text, const std::string& source) {
  Lines lines(text, source);
  lines.reject_binary();
  Profile p;
  StackSet stacks;
  std::string_view line;
  while (lines.next(line)) {
    std::string_view t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t sp = t.find_last_of(" \t");
    std::string_view num = sp == std::string_view::npos ? std::string_view() : t.substr(sp + 1);
    char* end = nullptr;
    std::string n(num);
    double w = n.empty() ? -1 : std::strtod(n.c_str(), &end);
    if (sp == std::string_view::npos || n.empty() || end != n.c_str() + n.size() || !(w >= 0) || !std::isfinite(w))
      fail("{}: expected folded stack 'frame;frame;... WEIGHT' (a non-negative number last), got {}", lines.where(),
           quote(t));
    std::string_view frames = trim(t.substr(0, sp));
    std::vector<std::string> names;
    size_t at = 0;
    while (at <= frames.size()) {
      size_t semi = frames.find(';', at);
      if (semi == std::string_view::npos) semi = frames.size();
      std::string_view f = frames.substr(at, semi - at);
      if (f.empty()) fail("{}: empty frame name in {}", lines.where(), quote(t));
      names.emplace_back(f);
      at = semi + 1;
    }
    stacks.add(std::move(names), w);
  }
  stacks.into(p);
  return p;
}

// ---- hotspots -----------------------------------------------------------------------------

namespace {

struct Tally {
  double self = 0, total = 0;
};

std::map<std::string, Tally> tally(const Profile& p) {
  std::map<std::string, Tally> t;
  std::unordered_set<std::string_view> seen;
  for (const Stack& s : p.stacks) {
    if (s.frames.empty()) continue;
    // A perf profile's first frame names the process: every sample has it, it is no function.
    size_t first = p.process_root && s.frames.size() > 1 ? 1 : 0;
    t[s.frames.back()].self += s.weight;
    seen.clear();
    for (size_t i = first; i < s.frames.size(); ++i)
      if (seen.insert(s.frames[i]).second) t[s.frames[i]].total += s.weight;
  }
  return t;
}

std::vector<Hotspot> ranked(const Profile& p, size_t n, bool by_total) {
  std::vector<Hotspot> all;
  double total = p.total > 0 ? p.total : 1;
  for (const auto& [name, t] : tally(p)) all.push_back(Hotspot{name, t.self, t.total, t.self / total, t.total / total});
  std::sort(all.begin(), all.end(), [by_total](const Hotspot& a, const Hotspot& b) {
    double ka = by_total ? a.total : a.self, kb = by_total ? b.total : b.self;
    if (ka != kb) return ka > kb;
    double la = by_total ? a.self : a.total, lb = by_total ? b.self : b.total;
    if (la != lb) return la > lb;
    return a.function < b.function;
  });
  // By self, functions that never are a leaf add nothing.
  if (!by_total)
    all.erase(std::remove_if(all.begin(), all.end(), [](const Hotspot& h) { return h.self <= 0; }), all.end());
  if (all.size() > n) all.resize(n);
  return all;
}

}  // namespace

std::vector<Hotspot> hotspots(const Profile& p, size_t n) { return ranked(p, n, false); }
std::vector<Hotspot> hotspots_by_total(const Profile& p, size_t n) { return ranked(p, n, true); }

std::vector<HotspotDelta> diff_hotspots(const Profile& a, const Profile& b, size_t n) {
  std::map<std::string, Tally> ta = tally(a), tb = tally(b);
  std::map<std::string, HotspotDelta> d;
  double total_a = a.total > 0 ? a.total : 1, total_b = b.total > 0 ? b.total : 1;
  for (const auto& [name, t] : ta) {
    HotspotDelta& x = d[name];
    x.function = name;
    x.self_a = t.self;
    x.self_share_a = t.self / total_a;
  }
  for (const auto& [name, t] : tb) {
    HotspotDelta& x = d[name];
    x.function = name;
    x.self_b = t.self;
    x.self_share_b = t.self / total_b;
  }
  std::vector<HotspotDelta> out;
  for (auto& [name, x] : d)
    if (x.self_a > 0 || x.self_b > 0) out.push_back(x);
  // Instruction counts are exact, so the absolute change ranks them; samples are compared by
  // share, since two runs rarely collect the same number of samples.
  bool counts = a.unit == "instructions" && b.unit == "instructions";
  auto change = [counts](const HotspotDelta& x) {
    return counts ? std::fabs(x.self_b - x.self_a) : std::fabs(x.self_share_b - x.self_share_a);
  };
  std::sort(out.begin(), out.end(), [&](const HotspotDelta& x, const HotspotDelta& y) {
    double cx = change(x), cy = change(y);
    if (cx != cy) return cx > cy;
    return x.function < y.function;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

}  // namespace hone::profile
