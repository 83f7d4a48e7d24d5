#pragma once
// Small helpers of the loop's wiring: files and text. (git goes through src/git only.)
#include <filesystem>
#include <string>
#include <vector>

namespace hone::loop::io {

std::string trim(std::string s);
std::string read_file(const std::filesystem::path& p);                     // "" when unreadable
void write_file(const std::filesystem::path& p, const std::string& text);  // creates folders
// The last n lines of text on one line, joined by " | ": a reason quoting a failure's output.
std::string last_lines(const std::string& text, int n);
std::string short12(const std::string& commit);

}  // namespace hone::loop::io
