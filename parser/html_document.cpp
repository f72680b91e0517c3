#include "parser/html_document.h"

#include <vector>

#include "base/ascii.h"

namespace wirecrawl::html {

Document::Document(std::string_view utf8) {
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are not used; recording them costs time and memory.
  options.max_errors = 0;
  output_.reset(gumbo_parse_with_options(&options, utf8.data(), utf8.size()));
}

void AppendCollapsed(std::string& out, std::string_view text) {
  bool pending_space = !out.empty() && out.back() != ' ';
  bool wrote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // HTML collapses and strips ASCII whitespace (WHATWG Infra), and NBSP.
    bool space = ascii::IsWhitespace(static_cast<char>(c));
    size_t width = 1;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      space = true;  // NBSP
      width = 2;
    }
    if (space) {
      if (wrote || !out.empty()) pending_space = true;
      i += width - 1;
      continue;
    }
    if (pending_space && !out.empty() && out.back() != ' ') out += ' ';
    pending_space = false;
    out += static_cast<char>(c);
    wrote = true;
  }
  if (pending_space && wrote) out += ' ';
}

std::string_view Trim(std::string_view s) {
  auto is_trim = [](std::string_view v, size_t i) { return ascii::IsWhitespace(v[i]); };
  while (!s.empty()) {
    if (is_trim(s, 0)) {
      s.remove_prefix(1);
    } else if (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") {
      s.remove_prefix(2);
    } else {
      break;
    }
  }
  while (!s.empty()) {
    if (is_trim(s, s.size() - 1)) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

std::string TextContent(const GumboNode* node, size_t max_bytes) {
  std::string out;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty() && out.size() < max_bytes) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      AppendCollapsed(out, n->v.text.text);
    } else if (IsElement(n) &&
               (n == node || (n->v.element.tag != GUMBO_TAG_SCRIPT && n->v.element.tag != GUMBO_TAG_STYLE))) {
      const GumboVector& children = n->v.element.children;
      for (unsigned i = children.length; i-- > 0;)
        stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
  }
  return std::string(Trim(out));
}

}  // namespace wirecrawl::html
