#include "parser/html_document.h"

#include <algorithm>
#include <vector>

#include "base/ascii.h"

namespace wirecrawl::html {

namespace {

constexpr size_t npos = std::string_view::npos;

// Where the end tag `</name` (any case, then whitespace, '/', '>' or the
// end) of a raw-text or RCDATA element starts, or html.size().
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t i = html.find("</", from); i != npos; i = html.find("</", i + 2)) {
    size_t after = i + 2 + name.size();
    if (after > html.size() || !ascii::EqualsIgnoreCase(html.substr(i + 2, name.size()), name)) continue;
    if (after == html.size() || ascii::IsWhitespace(html[after]) || html[after] == '/' || html[after] == '>')
      return i;
  }
  return html.size();
}

// What a start tag's element holds for the tokenizer (HTML "parsing HTML
// fragments" table), as far as the scan below cares.
enum class Contents { kMarkup, kDroppedText, kKeptText, kRestOfDocument };

Contents ContentsOf(std::string_view name, std::string_view type) {
  if (name == "style") return Contents::kDroppedText;
  // JSON data blocks (application/ld+json) carry the article's metadata.
  if (name == "script")
    return ascii::Lower(type).find("json") == npos ? Contents::kDroppedText : Contents::kKeptText;
  if (name == "title" || name == "textarea" || name == "xmp" || name == "iframe" || name == "noembed" ||
      name == "noframes")
    return Contents::kKeptText;
  if (name == "plaintext") return Contents::kRestOfDocument;
  return Contents::kMarkup;
}

// Steps over the start tag whose name begins at html[*pos] (after '<'):
// returns its lower-cased name and the value of its type attribute, and
// leaves *pos after its '>' (or at the end). Quoted values may hold '>'.
std::string TagName(std::string_view html, size_t* pos, std::string_view* type) {
  size_t p = *pos;
  const size_t n = html.size();
  while (p < n && !ascii::IsWhitespace(html[p]) && html[p] != '/' && html[p] != '>') ++p;
  std::string name = ascii::Lower(html.substr(*pos, p - *pos));
  while (p < n) {
    char c = html[p];
    if (ascii::IsWhitespace(c) || c == '/') {
      ++p;
      continue;
    }
    if (c == '>') {
      ++p;
      break;
    }
    size_t attr_start = p++;  // a name may begin with '='
    while (p < n && !ascii::IsWhitespace(html[p]) && html[p] != '/' && html[p] != '>' && html[p] != '=') ++p;
    std::string_view attr = html.substr(attr_start, p - attr_start);
    size_t q = p;
    while (q < n && ascii::IsWhitespace(html[q])) ++q;
    if (q == n || html[q] != '=') continue;
    ++q;
    while (q < n && ascii::IsWhitespace(html[q])) ++q;
    size_t value_start = q;
    size_t value_end;
    if (q < n && (html[q] == '"' || html[q] == '\'')) {
      value_start = q + 1;
      value_end = std::min(html.find(html[q], value_start), n);
      p = std::min(value_end + 1, n);
    } else {
      while (q < n && !ascii::IsWhitespace(html[q]) && html[q] != '>') ++q;
      value_end = p = q;
    }
    if (ascii::EqualsIgnoreCase(attr, "type")) *type = html.substr(value_start, value_end - value_start);
  }
  *pos = p;
  return name;
}

}  // namespace

std::optional<std::string> WithoutScriptText(std::string_view html) {
  std::optional<std::string> lean;
  size_t copied = 0;  // html[0, copied) is in *lean
  const size_t n = html.size();
  size_t i = 0;
  while ((i = html.find('<', i)) != npos && i + 1 < n) {
    char next = html[i + 1];
    if (html.compare(i, 4, "<!--") == 0) {
      // Comments, including the abrupt "<!-->" and "<!--->".
      if (html.compare(i + 4, 1, ">") == 0 || html.compare(i + 4, 2, "->") == 0) {
        i += 5;
        continue;
      }
      // "-->" or "--!>" ends it; one pass (a search for each to the end of
      // the page, comment after comment, would be quadratic).
      size_t dashes = html.find("--", i + 4);
      while (dashes != npos && html.compare(dashes + 2, 1, ">") != 0 &&
             html.compare(dashes + 2, 2, "!>") != 0)
        dashes = html.find("--", dashes + 1);
      if (dashes == npos) break;
      i = dashes + (html[dashes + 2] == '>' ? 3 : 4);
      continue;
    }
    if (next == '!' || next == '?' || (next == '/' && !(i + 2 < n && ascii::IsAlpha(html[i + 2])))) {
      // Declarations and bogus comments end at the first '>'.
      size_t end = html.find('>', i + 2);
      if (end == npos) break;
      i = end + 1;
      continue;
    }
    if (!ascii::IsAlpha(next) && next != '/') {
      ++i;  // a '<' in text
      continue;
    }
    bool end_tag = next == '/';
    size_t pos = i + (end_tag ? 2 : 1);
    std::string_view type;
    std::string name = TagName(html, &pos, &type);
    i = pos;
    if (end_tag || i >= n) continue;
    Contents contents = ContentsOf(name, type);
    if (contents == Contents::kMarkup) continue;
    if (contents == Contents::kRestOfDocument) break;
    size_t end = FindEndTag(html, i, name);
    if (contents == Contents::kDroppedText && end > i) {
      if (!lean) {
        lean.emplace();
        lean->reserve(n);
      }
      lean->append(html.substr(copied, i - copied));
      copied = end;
    }
    i = end;
  }
  if (lean) lean->append(html.substr(copied));
  return lean;
}

Document::Document(std::string_view utf8) {
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are not used; recording them costs time and memory.
  options.max_errors = 0;
  if (std::optional<std::string> lean = WithoutScriptText(utf8)) {
    lean_ = std::make_unique<const std::string>(*std::move(lean));
    utf8 = *lean_;
  }
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
