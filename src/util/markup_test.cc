#include "util/markup.h"

#include <gtest/gtest.h>

namespace hone {
namespace {

TEST(MarkupEscape, EscapesWhatHtmlAndXmlNeed) {
  EXPECT_EQ(markup_escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  EXPECT_EQ(markup_escape("col\tumn"), "col&#9;umn");
  EXPECT_EQ(markup_escape("&amp;"), "&amp;amp;");  // escaped once more: text, not markup
}

TEST(MarkupEscape, KeepsEverythingElse) {
  EXPECT_EQ(markup_escape(""), "");
  EXPECT_EQ(markup_escape("µs ✓ std::vector<int>::operator[]"), "µs ✓ std::vector&lt;int&gt;::operator[]");
  EXPECT_EQ(markup_escape("line\nnext"), "line\nnext");
  EXPECT_EQ(markup_escape("plain text 123"), "plain text 123");
}

}  // namespace
}  // namespace hone
