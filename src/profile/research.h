#pragma once
// Research notes (procedure 1.3 and 1.2): numbered markdown files in <artifacts>/research/,
// "NN-topic.md", written by people and agents from hone's templates; hone numbers them and
// never overwrites one.
#include <filesystem>
#include <string>
#include <string_view>

namespace hone::profile {

// 1 + the largest NN among files named "NN-..." in dir (1 when there are none or no dir).
int next_note_number(const std::filesystem::path& dir);
// "Competing implementations: GNU wc" → "competing-implementations-gnu-wc". Throws hone::Error
// when nothing is left (a topic of only punctuation).
std::string slugify(std::string_view topic);
// dir/"NN-slug" + ext, NN zero-padded to two digits.
std::filesystem::path note_path(const std::filesystem::path& dir, int number, const std::string& slug,
                                const std::string& ext);

// The template of `hone research new`: the procedure's 1.3 questions.
std::string research_template(const std::string& topic, const std::string& project, const std::string& date);

// Writes text to path, creating folders; refuses (hone::Error) to overwrite an existing file.
void write_new_file(const std::filesystem::path& path, const std::string& text);

}  // namespace hone::profile
