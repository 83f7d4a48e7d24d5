// Symbol demangling for profiles: C++ (the system demangler), Rust legacy (hash stripped,
// escapes undone) and Rust v0 (a small demangler of our own).
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

#include "profile/text.h"
#include "util/error.h"

namespace hone::profile {

using namespace text;

namespace {

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

}  // namespace hone::profile
