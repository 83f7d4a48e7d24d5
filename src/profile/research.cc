#include "profile/research.h"

#include <fmt/format.h>

#include <cctype>
#include <fstream>

#include "util/error.h"
#include "util/files.h"

namespace hone::profile {

int next_note_number(const std::filesystem::path& dir) {
  int top = 0;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return 1;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    size_t digits = 0;
    while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
    // Note numbers have 1-3 digits; a longer number is a date ("2026-11-25-notes.md").
    if (digits == 0 || digits > 3 || digits >= name.size() || name[digits] != '-') continue;
    top = std::max(top, std::stoi(name.substr(0, digits)));
  }
  return top + 1;
}

std::string slugify(std::string_view topic) {
  std::string slug;
  for (char c : topic) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.size() > 60) slug.resize(60);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) fail("topic '{}' has no letters or digits to name a note after", topic);
  return slug;
}

std::filesystem::path note_path(const std::filesystem::path& dir, int number, const std::string& slug,
                                const std::string& ext) {
  return dir / fmt::format("{:02}-{}{}", number, slug, ext);
}

std::string research_template(const std::string& topic, const std::string& project, const std::string& date) {
  return fmt::format(R"(# {topic}

*{project} · research note · {date}*

Procedure step 1.3: read how others solved the same problem before writing optimization code.
Clone competing implementations to /tmp, read their core data structures, note the techniques,
and answer the questions below with file and line references.

## Implementations studied

| Implementation | Version / commit | Where the core is |
|---|---|---|
| | | |

## What data structures do they use?


## What is their algorithmic complexity?


## What constants do they optimize for?


## What tradeoffs did they make?


## Techniques worth trying here

<!-- Each one a candidate for `hone candidate add`: current, proposed, expected gain, complexity, risk. -->

)",
                     fmt::arg("topic", topic), fmt::arg("project", project), fmt::arg("date", date));
}

void write_new_file(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) fail("{} already exists; hone never overwrites a note", path.string());
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) fail("cannot create {}: {}", path.parent_path().string(), ec.message());
  write_file_checked(path, text);
}

}  // namespace hone::profile
