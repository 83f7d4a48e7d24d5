#include "util/words.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "util/error.h"

namespace hone {
namespace {

using V = std::vector<std::string>;
using ::testing::HasSubstr;

// The message of the hone::Error that f throws ("" if it throws none).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SplitWords, BlanksSeparateWords) {
  EXPECT_EQ(split_words("a b  c"), (V{"a", "b", "c"}));
  EXPECT_EQ(split_words("  lead\ttab\nnewline  "), (V{"lead", "tab", "newline"}));
  EXPECT_EQ(split_words(""), V{});
  EXPECT_EQ(split_words(" \t\n "), V{});
}

TEST(SplitWords, SingleQuotesKeepEverything) {
  EXPECT_EQ(split_words("'a b' c"), (V{"a b", "c"}));
  EXPECT_EQ(split_words(R"('a\b"$x`' z)"), (V{R"(a\b"$x`)", "z"}));
  EXPECT_EQ(split_words("'{args}'"), V{"{args}"});  // braces mean nothing to split_words
}

TEST(SplitWords, DoubleQuotesHonourFourEscapes) {
  EXPECT_EQ(split_words(R"("a b")"), V{"a b"});
  EXPECT_EQ(split_words(R"("q\"q" "b\\s" "d\$" "t\`")"), (V{"q\"q", "b\\s", "d$", "t`"}));
  // Any other backslash stays, as in sh.
  EXPECT_EQ(split_words(R"("a\nb\x")"), V{R"(a\nb\x)"});
  EXPECT_EQ(split_words(R"("it's")"), V{"it's"});
}

TEST(SplitWords, BackslashOutsideQuotesEscapesNextCharacter) {
  EXPECT_EQ(split_words(R"(a\ b c\\d \'x\')"), (V{"a b", "c\\d", "'x'"}));
  EXPECT_EQ(split_words("a\\\nb"), V{"ab"});  // line continuation
  EXPECT_EQ(split_words(R"(\")"), V{"\""});
}

TEST(SplitWords, AdjacentPartsGlueIntoOneWord) {
  EXPECT_EQ(split_words(R"(a'b c'"d e"f)"), V{"ab cd ef"});
  EXPECT_EQ(split_words(R"(--name="x y")"), V{"--name=x y"});
}

TEST(SplitWords, EmptyQuotesMakeEmptyWords) {
  EXPECT_EQ(split_words("''"), V{""});
  EXPECT_EQ(split_words(R"("")"), V{""});
  EXPECT_EQ(split_words(R"(a '' b "" c)"), (V{"a", "", "b", "", "c"}));
  EXPECT_EQ(split_words(R"(''"")"), V{""});
}

TEST(SplitWords, UnicodePassesThrough) {
  EXPECT_EQ(split_words("héllo 'wörld →' \"日本 語\""), (V{"héllo", "wörld →", "日本 語"}));
}

TEST(SplitWords, ShellOperatorsAreOrdinaryWords) {
  EXPECT_EQ(split_words("a | b > c; $HOME *.txt &"), (V{"a", "|", "b", ">", "c;", "$HOME", "*.txt", "&"}));
}

TEST(SplitWords, ErrorsNameTheColumn) {
  EXPECT_THAT(error_of([] { split_words("echo 'abc"); }),
              HasSubstr("unterminated single quote at column 6 of: echo 'abc"));
  EXPECT_THAT(error_of([] { split_words(R"(a "b\" c)"); }), HasSubstr("unterminated double quote at column 3"));
  EXPECT_THAT(error_of([] { split_words("abc\\"); }), HasSubstr("trailing backslash at column 4"));
  // Columns count characters, not bytes.
  EXPECT_THAT(error_of([] { split_words("é→ 'x"); }), HasSubstr("column 4"));
  EXPECT_THAT(error_of([] { split_words("a\nbc 'x"); }), HasSubstr("line 2, column 4"));
}

// --- expand_command ---------------------------------------------------------------------

const std::map<std::string, std::string> kVars = {
    {"args", "traces/svelte.json --fast"}, {"empty", ""}, {"name", "a b"}};

TEST(ExpandCommand, WholeWordPlaceholderBecomesWholeWords) {
  EXPECT_EQ(expand_command("./replay {args}", kVars), (V{"./replay", "traces/svelte.json", "--fast"}));
  EXPECT_EQ(expand_command("./replay {empty} x", kVars), (V{"./replay", "x"}));
}

TEST(ExpandCommand, PlaceholderInsideAWordIsTextual) {
  EXPECT_EQ(expand_command("--in={args}", kVars), V{"--in=traces/svelte.json --fast"});
  EXPECT_EQ(expand_command("x{name}y", kVars), V{"xa by"});
  EXPECT_EQ(expand_command("--opt={empty}", kVars), V{"--opt="});
}

TEST(ExpandCommand, QuotedPlaceholderStaysOneWord) {
  EXPECT_EQ(expand_command(R"(echo "{name}" '{name}')", kVars), (V{"echo", "a b", "a b"}));
  EXPECT_EQ(expand_command(R"("{empty}")", kVars), V{""});
}

TEST(ExpandCommand, InjectionAttemptStaysHarmlessWords) {
  std::map<std::string, std::string> vars = {{"args", "; rm -rf /"}};
  EXPECT_EQ(expand_command("./replay {args}", vars), (V{"./replay", ";", "rm", "-rf", "/"}));
  vars["args"] = "$(touch /tmp/pwned) `id` && reboot | tee x";
  EXPECT_EQ(expand_command("cat {args}", vars),
            (V{"cat", "$(touch", "/tmp/pwned)", "`id`", "&&", "reboot", "|", "tee", "x"}));
  // Quotes inside a value group words; they never leak into the template.
  vars["args"] = "'a b' c";
  EXPECT_EQ(expand_command("x {args} y", vars), (V{"x", "a b", "c", "y"}));
  // Textual substitution inserts the value verbatim, quotes and all, into one word.
  EXPECT_EQ(expand_command("--x={args}", vars), V{"--x='a b' c"});
  // A value that is not valid words is an error naming the placeholder.
  vars["args"] = "it's";
  EXPECT_THAT(error_of([&] { expand_command("x {args}", vars); }),
              HasSubstr("in the value of {args}: unterminated single quote"));
}

TEST(ExpandCommand, DoubledBracesAreLiteral) {
  EXPECT_EQ(expand_command("awk '{{print $1}}' {args}", kVars),
            (V{"awk", "{print $1}", "traces/svelte.json", "--fast"}));
  EXPECT_EQ(expand_command("{{args}}", kVars), V{"{args}"});
  EXPECT_EQ(expand_command("{{{args}}}", kVars), V{"{traces/svelte.json --fast}"});
}

TEST(ExpandCommand, EscapedBraceIsLiteral) { EXPECT_EQ(expand_command(R"(\{)", kVars), V{"{"}); }

TEST(ExpandCommand, UnknownPlaceholderNamesItAndTheKnownOnes) {
  std::string e = error_of([] { expand_command("run {arg}", kVars); });
  EXPECT_THAT(e, HasSubstr("unknown placeholder {arg} at column 5"));
  EXPECT_THAT(e, HasSubstr("known placeholders: {args}, {empty}, {name}"));
  EXPECT_THAT(error_of([] { expand_command("run {x}", {}); }), HasSubstr("no placeholders are defined"));
}

TEST(ExpandCommand, StrayBracesAreErrors) {
  EXPECT_THAT(error_of([] { expand_command("awk '{print}'", kVars); }), HasSubstr("at column 6"));
  EXPECT_THAT(error_of([] { expand_command("a }", kVars); }),
              HasSubstr("unmatched '}' at column 3 of: a } (write }} for a literal brace)"));
  EXPECT_THAT(error_of([] { expand_command("a {", kVars); }), HasSubstr("write {{"));
  EXPECT_THAT(error_of([] { expand_command("a {1x}", kVars); }), HasSubstr("column 3"));
}

TEST(ExpandCommand, QuotingErrorsStillNameTheColumn) {
  EXPECT_THAT(error_of([] { expand_command("x {args} 'y", kVars); }),
              HasSubstr("unterminated single quote at column 10"));
}

// --- expand_shell_command -----------------------------------------------------------------

TEST(ExpandShellCommand, SubstitutesTextuallyForSh) {
  EXPECT_EQ(expand_shell_command("cat {args} | wc -l", kVars),
            (V{"/bin/sh", "-c", "cat traces/svelte.json --fast | wc -l"}));
  EXPECT_EQ(expand_shell_command("awk '{{print}}' {name}", kVars), (V{"/bin/sh", "-c", "awk '{print}' a b"}));
  EXPECT_THAT(error_of([] { expand_shell_command("x {nope}", kVars); }),
              HasSubstr("unknown placeholder {nope} at column 3"));
  EXPECT_THAT(error_of([] { expand_shell_command("f() { x; }", kVars); }), HasSubstr("column 5"));
}

// --- quote_word / join_words ---------------------------------------------------------------

TEST(QuoteWord, PlainWordsStayBare) {
  EXPECT_EQ(quote_word("--out=a/b.txt"), "--out=a/b.txt");
  EXPECT_EQ(quote_word("héllo"), "héllo");
  EXPECT_EQ(quote_word(""), "''");
  EXPECT_EQ(quote_word("a b"), "'a b'");
  EXPECT_EQ(quote_word("it's"), R"('it'\''s')");
  EXPECT_EQ(quote_word("$HOME"), "'$HOME'");
  EXPECT_EQ(quote_word("~"), "'~'");
  EXPECT_EQ(quote_word("{a,b}"), "'{a,b}'");
}

TEST(JoinWords, QuotesWhereNeeded) {
  EXPECT_EQ(join_words({"./replay", "a b", "", "x"}), "./replay 'a b' '' x");
  EXPECT_EQ(join_words({"A=b", "C=d"}), "'A=b' C=d");  // not an assignment in sh
  EXPECT_EQ(join_words({}), "");
}

TEST(JoinWords, RoundTripsThroughSplitWords) {
  const V cases[] = {{"a"},
                     {""},
                     {"", ""},
                     {"a b", "c'd", "e\"f", "g\\h", "$i", "`j`"},
                     {"; rm -rf /"},
                     {"{args}", "}{"},
                     {"tab\there", "new\nline"},
                     {"日本", "→ x"},
                     {"'", "''", "\\", "\\'"},
                     {"#comment", "~user", "*", "?", "[a]"}};
  for (const V& argv : cases) EXPECT_EQ(split_words(join_words(argv)), argv) << join_words(argv);
}

TEST(JoinWords, RandomRoundTrip) {
  std::mt19937 rng(42);
  const std::string alphabet = std::string("ab '\"\\$`{}|;&<>*?#~=\t\n") + "é";
  for (int trial = 0; trial < 2000; ++trial) {
    V argv(rng() % 4);
    for (std::string& w : argv) {
      size_t len = rng() % 6;
      for (size_t i = 0; i < len; ++i) w += alphabet[rng() % alphabet.size()];
    }
    ASSERT_EQ(split_words(join_words(argv)), argv) << join_words(argv);
  }
}

// A real shell reads join_words' output back to the same argv.
TEST(JoinWords, RoundTripsThroughSh) {
  V argv = {"a b", "", "it's", "$HOME", "`id`", "; rm -rf /", "{x}", "é→", "a\\b", "*"};
  std::string script = "printf '[%s]\\n' " + join_words(argv);
  std::string cmd = "/bin/sh -c " + quote_word(script);
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ASSERT_EQ(pclose(p), 0);
  std::string expected;
  for (const std::string& w : argv) expected += "[" + w + "]\n";
  EXPECT_EQ(out, expected);
}

}  // namespace
}  // namespace hone

namespace hone {
namespace {

TEST(Printable, EscapesControlCharactersOnly) {
  EXPECT_EQ(printable("plain µs ✓"), "plain µs ✓");
  EXPECT_EQ(printable("\x1b[2Jname\r\a"), "\\x1b[2Jname\\x0d\\x07");
  EXPECT_EQ(printable("a\x7f"
                      "b\xc2\x9b"
                      "c"),
            "a\\x7fb\\u009bc");
  EXPECT_EQ(printable("tab\tnew\nline"), "tab\\x09new\\x0aline");
}

TEST(ShellSyntax, BuiltinsAndOperatorsNamedWithAFix) {
  EXPECT_EQ(shell_syntax_problem("make -j4", "build"), "");
  EXPECT_EQ(shell_syntax_problem("grep -E 'a|b' x", "test"), "");  // quoted: an argument
  EXPECT_EQ(shell_syntax_problem("cd bench && make", "build"),
            "'cd' is a shell builtin, not a program, and hone runs commands without a shell; write "
            "build = \"make -C bench\", or build = \"sh -c 'cd bench && make'\" to run it in one");
  EXPECT_EQ(shell_syntax_problem("make && make check", "test"),
            "'&&' is shell syntax: it would reach make as an argument, and hone runs commands without a "
            "shell; write test = \"sh -c 'make && make check'\" to run it in one");
  EXPECT_NE(shell_syntax_problem("./run > out.txt", "test"), "");
}

}  // namespace
}  // namespace hone
