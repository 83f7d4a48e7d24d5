#include "util/words.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <optional>

#include "util/error.h"

namespace hone {
namespace {

// Blanks separate words. Newlines count as blanks too: a command in hone.toml may span lines
// of a multi-line string, and there is no second command for them to separate.
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// "column 7" or "line 2, column 3": 1-based, counted in characters (UTF-8 code points), so the
// position matches what the user sees in an editor even after "é" or "→".
std::string where(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++column;
    }
  }
  if (line > 1) return fmt::format("line {}, column {}", line, column);
  return fmt::format("column {}", column);
}

// One word as the lexer sees it: literal text with placeholders in it.
struct Segment {
  std::string text;  // literal text, or the placeholder's name
  bool placeholder = false;
  bool quoted = false;  // the placeholder stood inside quotes
  size_t offset = 0;    // where the placeholder starts in the command
};
struct Word {
  std::vector<Segment> segments;
  // A word that is exactly one unquoted placeholder expands to zero or more whole words.
  bool is_whole_placeholder() const { return segments.size() == 1 && segments[0].placeholder && !segments[0].quoted; }
};

// The one tokenizer behind split_words and expand_command. With placeholders off, braces are
// ordinary characters; with them on, {name} is a placeholder and {{ }} are literal braces, in
// every quoting context (so a placeholder can sit inside "..." or '...' and stay one word).
class Lexer {
 public:
  Lexer(std::string_view text, bool placeholders) : text_(text), placeholders_(placeholders) {}

  std::vector<Word> run() {
    const size_t n = text_.size();
    size_t i = 0;
    while (i < n) {
      char c = text_[i];
      if (is_blank(c)) {
        finish_word();
        ++i;
      } else if (c == '\\') {
        if (i + 1 == n) fail_at(i, "trailing backslash");
        if (text_[i + 1] == '\n') {  // line continuation: removed, as in a shell
          i += 2;
          continue;
        }
        literal(text_[i + 1]);
        i += 2;
      } else if (c == '\'') {
        size_t close = text_.find('\'', i + 1);
        if (close == std::string_view::npos) fail_at(i, "unterminated single quote");
        in_word_ = true;
        size_t j = i + 1;
        while (j < close) j = ordinary(j, /*quoted=*/true);
        i = close + 1;
      } else if (c == '"') {
        in_word_ = true;
        size_t j = i + 1;
        for (;;) {
          if (j >= n) fail_at(i, "unterminated double quote");
          char d = text_[j];
          if (d == '"') break;
          // Inside double quotes a backslash escapes only " \ $ ` and newline; elsewhere it
          // is an ordinary character (POSIX 2.2.3).
          if (d == '\\' && j + 1 < n) {
            char e = text_[j + 1];
            if (e == '\n') {
              j += 2;
              continue;
            }
            if (e == '"' || e == '\\' || e == '$' || e == '`') {
              literal(e);
              j += 2;
              continue;
            }
          }
          j = ordinary(j, /*quoted=*/true);
        }
        i = j + 1;
      } else {
        i = ordinary(i, /*quoted=*/false);
      }
    }
    finish_word();
    return std::move(words_);
  }

 private:
  [[noreturn]] void fail_at(size_t offset, std::string_view what, std::string_view hint = "") {
    fail("{} at {} of: {}{}", what, where(text_, offset), text_, hint);
  }

  void literal(char c) {
    in_word_ = true;
    if (current_.segments.empty() || current_.segments.back().placeholder) current_.segments.push_back(Segment{});
    current_.segments.back().text += c;
  }

  // Consumes one character (or brace construct) at i; returns the next offset.
  size_t ordinary(size_t i, bool quoted) {
    char c = text_[i];
    if (placeholders_ && (c == '{' || c == '}')) {
      if (i + 1 < text_.size() && text_[i + 1] == c) {  // {{ or }}: a literal brace
        literal(c);
        return i + 2;
      }
      if (c == '}') fail_at(i, "unmatched '}'", " (write }} for a literal brace)");
      size_t j = i + 1;
      if (j < text_.size() && is_name_start(text_[j])) {
        while (j < text_.size() && is_name_char(text_[j])) ++j;
        if (j < text_.size() && text_[j] == '}') {
          in_word_ = true;
          current_.segments.push_back(Segment{std::string(text_.substr(i + 1, j - i - 1)), true, quoted, i});
          return j + 1;
        }
      }
      fail_at(i, "'{' that does not start a placeholder like {args}", " (write {{ for a literal brace)");
    }
    literal(c);
    return i + 1;
  }

  void finish_word() {
    if (in_word_) words_.push_back(std::move(current_));
    current_ = Word{};
    in_word_ = false;
  }

  std::string_view text_;
  bool placeholders_;
  std::vector<Word> words_;
  Word current_;
  bool in_word_ = false;  // '' and "" make an (empty) word, so "seen a quote" counts
};

const std::string& lookup(std::string_view command, const Segment& s, const std::map<std::string, std::string>& vars) {
  auto it = vars.find(s.text);
  if (it != vars.end()) return it->second;
  std::string known;
  for (const auto& [name, value] : vars) {
    if (!known.empty()) known += ", ";
    known += "{" + name + "}";
  }
  fail("unknown placeholder {{{}}} at {} of: {} ({})", s.text, where(command, s.offset), command,
       known.empty() ? std::string("no placeholders are defined here") : "known placeholders: " + known);
}

}  // namespace

std::vector<std::string> split_words(std::string_view text) {
  std::vector<Word> words = Lexer(text, /*placeholders=*/false).run();
  std::vector<std::string> out;
  out.reserve(words.size());
  for (Word& w : words) out.push_back(w.segments.empty() ? std::string() : std::move(w.segments[0].text));
  return out;
}

std::vector<std::string> expand_command(std::string_view command, const std::map<std::string, std::string>& vars) {
  std::vector<std::string> out;
  for (const Word& w : Lexer(command, /*placeholders=*/true).run()) {
    if (w.is_whole_placeholder()) {
      const std::string& value = lookup(command, w.segments[0], vars);
      // The value becomes whole words of its own: "; rm -rf /" is four harmless arguments.
      std::vector<std::string> parts;
      try {
        parts = split_words(value);
      } catch (const Error& e) {
        fail("in the value of {{{}}}: {}", w.segments[0].text, e.what());
      }
      for (std::string& p : parts) out.push_back(std::move(p));
      continue;
    }
    std::string word;
    for (const Segment& s : w.segments) word += s.placeholder ? lookup(command, s, vars) : s.text;
    out.push_back(std::move(word));
  }
  return out;
}

std::vector<std::string> expand_shell_command(std::string_view command,
                                              const std::map<std::string, std::string>& vars) {
  std::string text;
  text.reserve(command.size());
  const size_t n = command.size();
  for (size_t i = 0; i < n;) {
    char c = command[i];
    if (c != '{' && c != '}') {
      text += c;
      ++i;
      continue;
    }
    if (i + 1 < n && command[i + 1] == c) {
      text += c;
      i += 2;
      continue;
    }
    if (c == '}') fail("unmatched '}}' at {} of: {} (write }}}} for a literal brace)", where(command, i), command);
    size_t j = i + 1;
    if (j < n && is_name_start(command[j])) {
      while (j < n && is_name_char(command[j])) ++j;
      if (j < n && command[j] == '}') {
        Segment s{std::string(command.substr(i + 1, j - i - 1)), true, false, i};
        text += lookup(command, s, vars);
        i = j + 1;
        continue;
      }
    }
    fail(
        "'{{' that does not start a placeholder like {{args}} at {} of: {} (write {{{{ for a "
        "literal brace)",
        where(command, i), command);
  }
  return {"/bin/sh", "-c", std::move(text)};
}

std::string quote_word(std::string_view word) {
  if (word.empty()) return "''";
  bool plain = true;
  for (char ch : word) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c >= 0x80 ||  // UTF-8 letters are ordinary characters to split_words and sh
                c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == ',' || c == '+' || c == '=' ||
                c == '@' || c == '%';
    if (!safe) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(word);
  // Single quotes keep everything literally; a ' itself is closed, escaped and reopened.
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += '\'';
  return out;
}

std::string join_words(const std::vector<std::string>& argv) {
  std::string out;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (i) out += ' ';
    std::string q = quote_word(argv[i]);
    // A shell reads an unquoted first word "A=b" as a variable assignment, not a command.
    if (i == 0 && q == argv[i] && q.find('=') != std::string::npos) q = "'" + q + "'";
    out += q;
  }
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string shell_syntax_problem(std::string_view text, std::string_view key) {
  static const std::vector<std::string> kBuiltins = {"cd",    "export", "source", ".",    "set",   "unset",
                                                     "alias", "ulimit", "umask",  "eval", "pushd", "popd"};
  static const std::vector<std::string> kOperators = {"&&", "||", "|", ";", "&", ">", ">>", "<", "2>", "2>&1", "&>"};
  std::vector<std::string> w = split_words(text);
  if (w.empty()) return "";
  std::string what;
  if (std::find(kBuiltins.begin(), kBuiltins.end(), w[0]) != kBuiltins.end())
    what = fmt::format("'{}' is a shell builtin, not a program", w[0]);
  for (size_t i = 1; what.empty() && i < w.size(); ++i)
    if (std::find(kOperators.begin(), kOperators.end(), w[i]) != kOperators.end())
      what = fmt::format("'{}' is shell syntax: it would reach {} as an argument", w[i], w[0]);
  if (what.empty()) return "";
  std::string advice;
  // `cd DIR && make ...` is what make's -C says.
  if (w.size() >= 4 && w[0] == "cd" && w[2] == "&&" && w[3] == "make" &&
      std::find(w.begin() + 4, w.end(), "&&") == w.end()) {
    std::vector<std::string> make = {"make", "-C", w[1]};
    make.insert(make.end(), w.begin() + 4, w.end());
    advice = fmt::format("{} = \"{}\", or ", key, join_words(make));
  }
  return fmt::format("{}, and hone runs commands without a shell; write {}{} = \"sh -c {}\" to run it in one", what,
                     advice, key, quote_word(text));
}

}  // namespace hone
