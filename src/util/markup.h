#pragma once
// Text inside HTML or XML (SVG) markup, one escaping for both: the HTML report and the flame graph.
#include <string>
#include <string_view>

namespace hone {

// Text safe inside an element or a quoted attribute of HTML and of XML: & < > " ' as entities
// (' as &#39;, which HTML 4 lacks as &apos;), and a tab as &#9;, which XML's attribute-value
// normalization would otherwise turn into a space. Every other byte (UTF-8 included) is kept.
std::string markup_escape(std::string_view text);

}  // namespace hone
