#include "config/values.h"

#include <fmt/format.h>

#include <cctype>
#include <cstring>
#include <sstream>

namespace hone::config_values {

namespace fs = std::filesystem;

// "\"text\"" with control characters and quotes escaped; long values shortened.
std::string quote_text(std::string_view s) {
  std::string out = "\"";
  size_t count = 0;
  for (char c : s) {
    if (++count > 60) {
      out += "...";
      break;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", static_cast<int>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

// "string \"5\"", "integer 5", "float 0.5", "boolean true", "array", "table", ...
std::string describe(const toml::node& n) {
  std::ostringstream os;
  switch (n.type()) {
    case toml::node_type::string: return "string " + quote_text(**n.as_string());
    case toml::node_type::integer: return fmt::format("integer {}", **n.as_integer());
    case toml::node_type::floating_point: os << "float " << *n.as_floating_point(); break;
    case toml::node_type::boolean: return **n.as_boolean() ? "boolean true" : "boolean false";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    case toml::node_type::date: os << "date " << *n.as_date(); break;
    case toml::node_type::time: os << "time " << *n.as_time(); break;
    case toml::node_type::date_time: os << "date-time " << *n.as_date_time(); break;
    default: return "nothing";
  }
  return os.str();
}

bool valid_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

bool placeholder_name(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// Names of the {placeholders} in a command template, with the syntax of util/words.h:
// {name} with name = [A-Za-z_][A-Za-z0-9_]*, "{{" and "}}" literal braces. Anything else
// about braces is left to expand_command, which reports it.
std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (placeholder_name(name)) out.emplace_back(name);
  }
  return out;
}

// What is wrong with a branch prefix, or "" when nothing is: git's rules for ref names
// (git-check-ref-format), applied to the prefix of every name hone makes from it (prefix +
// "slug-of-the-candidate"). Each component the prefix completes must not start with '.' or end
// with ".lock"; no "..", "//", "@{", control characters, space, ~ ^ : ? * [ or '\\'; no leading
// '-' or '/'.
std::string branch_prefix_problem(const std::string& p) {
  for (char ch : p)
    if (static_cast<unsigned char>(ch) <= ' ' || std::strchr("~^:?*[\\", ch) || ch == 127)
      return fmt::format("cannot start a git branch name: it holds {}",
                         ch == ' ' ? std::string("a space") : quote_text(std::string(1, ch)));
  for (const char* bad : {"..", "//", "@{"})
    if (p.find(bad) != std::string::npos) return fmt::format("cannot start a git branch name: it holds \"{}\"", bad);
  if (!p.empty() && (p[0] == '-' || p[0] == '/'))
    return fmt::format("cannot start a git branch name: it starts with '{}'", p[0]);
  size_t start = 0;
  for (;;) {
    size_t slash = p.find('/', start);
    std::string_view part(p.data() + start, (slash == std::string::npos ? p.size() : slash) - start);
    if (!part.empty() && part[0] == '.')
      return fmt::format("cannot start a git branch name: the component \"{}\" starts with '.'", part);
    if (slash == std::string::npos) break;
    if (part.ends_with(".lock"))
      return fmt::format("cannot start a git branch name: the component \"{}\" ends with \".lock\"", part);
    start = slash + 1;
  }
  return "";
}

// The top of the git repository holding dir (the nearest folder with a .git), else dir itself.
fs::path repository_top(const fs::path& dir) {
  std::error_code ec;
  fs::path d = fs::weakly_canonical(dir, ec);
  if (ec) d = dir.lexically_normal();
  for (fs::path p = d;; p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    if (p == p.root_path() || p.parent_path() == p || p.empty()) return d;
  }
}

// Whether path (symbolic links resolved as far as it exists) lies inside top.
bool inside(const fs::path& top, const fs::path& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(path, ec);
  if (ec) p = path.lexically_normal();
  fs::path rel = p.lexically_relative(top);
  return !rel.empty() && *rel.begin() != ".." && !rel.is_absolute();
}

}  // namespace hone::config_values
