// parser/html_document.h: an owned gumbo parse tree and small read helpers.
//
// Internal to parser/. The tree is immutable after parsing: extraction marks
// nodes in side tables instead of editing gumbo's nodes.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace wirecrawl::html {

class Document {
 public:
  // REQUIRES: utf8 outlives the Document (gumbo points into it).
  explicit Document(std::string_view utf8);
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;

  const GumboNode* root() const { return output_->root; }

 private:
  struct Destroy {
    void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
  };
  std::unique_ptr<GumboOutput, Destroy> output_;
};

inline bool IsElement(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

// Attribute value, or empty view if absent.
inline std::string_view Attr(const GumboNode* n, const char* name) {
  if (!IsElement(n)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

// The text of a subtree, whitespace collapsed to single spaces, trimmed.
// Iterative so hostile nesting depth cannot overflow the stack.
// Stops after about `max_bytes` of text.
std::string TextContent(const GumboNode* node, size_t max_bytes = SIZE_MAX);

// Appends `text` to `out` collapsing whitespace runs (incl. NBSP) to one space.
void AppendCollapsed(std::string& out, std::string_view text);

// Trims ASCII whitespace and NBSP at both ends.
std::string_view Trim(std::string_view s);

}  // namespace wirecrawl::html
