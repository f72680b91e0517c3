// parser/html_document.h: an owned gumbo parse tree and small read helpers.
//
// Internal to parser/. The tree is immutable after parsing: extraction marks
// nodes in side tables instead of editing gumbo's nodes.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace wirecrawl::html {

class Document {
 public:
  // The tree of utf8 without the text of its scripts and style sheets
  // (WithoutScriptText). REQUIRES: utf8 outlives the Document (gumbo points
  // into it).
  explicit Document(std::string_view utf8);
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;

  const GumboNode* root() const { return output_->root; }

 private:
  // The markup gumbo parsed when WithoutScriptText removed something; on
  // the heap, so that a move keeps the buffer gumbo points into.
  std::unique_ptr<const std::string> lean_;
  struct Destroy {
    void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
  };
  std::unique_ptr<GumboOutput, Destroy> output_;
};

// The contents of <script> (other than JSON data blocks such as
// application/ld+json) and <style> are raw text that gumbo tokenizes one
// character token at a time: on news pages they are about half of the bytes
// and most of the parse time, and no stage reads them. This returns the
// markup without them (the elements stay, empty), or nothing when there is
// nothing to remove; gumbo then builds the same tree minus those text nodes.
//
// The scan follows the tokenizer only as far as it must to find real start
// tags: comments, declarations, quoted attribute values and the contents of
// the other raw-text and RCDATA elements (title, textarea, iframe, ...) are
// stepped over unchanged, so a "<script" inside them is not taken for a tag.
// Not followed: the escaped states inside a script ("<!--<script>" in a
// script's text), where the tokenizer may end the script at a later
// "</script>" than this scan; the difference is then only text between the
// two, which a page does not show either.
std::optional<std::string> WithoutScriptText(std::string_view html);

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
