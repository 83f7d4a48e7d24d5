#pragma once
// The checks and descriptions of single values that hone.toml's reader (config.cc) applies:
// how a value is quoted and described in an error, which names and placeholders are valid, what
// git refuses in a branch prefix, and where a path lies relative to the repository.
#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hone::config_values {

// "\"text\"" with control characters and quotes escaped; long values shortened.
std::string quote_text(std::string_view s);
// "string \"5\"", "integer 5", "float 0.5", "boolean true", "array", "table", ...
std::string describe(const toml::node& n);
// A benchmark's or target's name: letters, digits, '_', '.', '-'; not empty.
bool valid_name(std::string_view s);
// [A-Za-z_][A-Za-z0-9_]*
bool placeholder_name(std::string_view s);
// Names of the {placeholders} in a command template, with the syntax of util/words.h:
// {name} with name = [A-Za-z_][A-Za-z0-9_]*, "{{" and "}}" literal braces. Anything else
// about braces is left to expand_command, which reports it.
std::vector<std::string> placeholders(std::string_view text);
// What is wrong with a branch prefix, or "" when nothing is: git's rules for ref names
// (git-check-ref-format), applied to the prefix of every name hone makes from it.
std::string branch_prefix_problem(const std::string& p);
// The top of the git repository holding dir (the nearest folder with a .git), else dir itself.
std::filesystem::path repository_top(const std::filesystem::path& dir);
// Whether path (symbolic links resolved as far as it exists) lies inside top.
bool inside(const std::filesystem::path& top, const std::filesystem::path& path);

}  // namespace hone::config_values
