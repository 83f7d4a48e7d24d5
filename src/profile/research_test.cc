#include "profile/research.h"

#include <gtest/gtest.h>

#include <fstream>

#include "util/error.h"

namespace hone::profile {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "hone_research_XXXXXX").string();
  EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
  return tmpl;
}

void touch(const fs::path& p) { std::ofstream(p) << "x"; }

TEST(Research, NumbersFollowTheLargestExistingNote) {
  fs::path d = temp_dir();
  EXPECT_EQ(next_note_number(d / "missing"), 1);
  EXPECT_EQ(next_note_number(d), 1);
  touch(d / "01-baseline.md");
  touch(d / "07-profile-utf8.svg");
  touch(d / "README.md");
  touch(d / "2026-11-25-notes.md");  // a date, not a note number
  touch(d / "x-12-thing.md");
  EXPECT_EQ(next_note_number(d), 8);
  fs::remove_all(d);
}

TEST(Research, SlugsAreLowercaseWordsJoinedByDashes) {
  EXPECT_EQ(slugify("Competing implementations: GNU wc"), "competing-implementations-gnu-wc");
  EXPECT_EQ(slugify("  SIMD / memchr  "), "simd-memchr");
  EXPECT_EQ(slugify("utf8"), "utf8");
  EXPECT_THROW(slugify("?!"), Error);
  EXPECT_LE(slugify(std::string(200, 'a')).size(), 60u);
}

TEST(Research, NotePathsAreZeroPadded) {
  EXPECT_EQ(note_path("/r", 3, "topic", ".md"), fs::path("/r/03-topic.md"));
  EXPECT_EQ(note_path("/r", 123, "t", ".svg"), fs::path("/r/123-t.svg"));
}

TEST(Research, TemplateAsksTheProceduresQuestions) {
  std::string t = research_template("GNU wc", "wc-example", "2026-11-25");
  EXPECT_EQ(t.rfind("# GNU wc\n", 0), 0u);
  for (const char* q : {"What data structures do they use?", "What is their algorithmic complexity?",
                        "What constants do they optimize for?", "What tradeoffs did they make?"})
    EXPECT_NE(t.find(q), std::string::npos) << q;
}

TEST(Research, NeverOverwritesANote) {
  fs::path d = temp_dir();
  write_new_file(d / "research" / "01-a.md", "first");
  EXPECT_THROW(write_new_file(d / "research" / "01-a.md", "second"), Error);
  std::ifstream in(d / "research" / "01-a.md");
  std::string s;
  std::getline(in, s);
  EXPECT_EQ(s, "first");
  fs::remove_all(d);
}

}  // namespace
}  // namespace hone::profile
