#pragma once
// Turning a command line from hone.toml or the shell into argv, without a shell.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hone {

// Splits text into words the way a POSIX shell does for a simple command: blanks separate
// words; 'single quotes' keep everything literally; "double quotes" keep blanks and honour
// \" \\ \$ \`; a backslash outside quotes escapes the next character. No expansion of
// $VAR, globs, pipes or redirections: those need `shell = true`.
// Throws hone::Error naming the column (1-based) of an unterminated quote or trailing backslash.
std::vector<std::string> split_words(std::string_view text);

// Expands a command template into argv. Placeholders are {name}, looked up in vars.
// A word that is exactly "{name}" is replaced by split_words(value): zero or more whole words,
// so a value can never inject shell syntax or glue itself to a neighbouring word.
// A placeholder inside a larger word ("--in={args}") is replaced textually within that word.
// "{{" and "}}" are literal braces. An unknown placeholder is an error naming it and the
// known ones.
std::vector<std::string> expand_command(std::string_view command, const std::map<std::string, std::string>& vars);

// For `shell = true`: substitutes placeholders textually (the user opted into a shell) and
// returns {"/bin/sh", "-c", text}.
std::vector<std::string> expand_shell_command(std::string_view command, const std::map<std::string, std::string>& vars);

// Quotes one word so that split_words (and a POSIX shell) give it back unchanged.
std::string quote_word(std::string_view word);
// Joins argv into a display string, quoting words where needed.
std::string join_words(const std::vector<std::string>& argv);

// Text safe to print on a terminal: control characters (ESC, CR, BEL, ..., DEL and the C1
// controls U+0080-U+009F) become visible escapes ("\x1b", "\u009b"), so a name from an agent,
// a harness or a command line cannot move the cursor, recolour or retitle the terminal.
// Printable text, including other UTF-8, is unchanged.
std::string printable(std::string_view text);

// For a command hone runs without a shell: what in `text` only a shell understands (a builtin
// such as `cd` as the program, or a word that is a shell operator: &&, ||, |, ;, >, <, &...),
// with how to write it instead; "" when nothing is. `key` names the setting in the advice
// ("build"). Throws like split_words on a bad quote.
std::string shell_syntax_problem(std::string_view text, std::string_view key);

}  // namespace hone
