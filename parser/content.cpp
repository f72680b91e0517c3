#include "parser/content.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "base/ascii.h"
#include "parser/html_document.h"

namespace wirecrawl::content {
namespace {

using html::Attr;
using html::IsElement;

enum Flag : uint32_t {
  kHardDrop = 1u << 0,       // never content (script, style, form controls...)
  kSoftDrop = 1u << 1,       // furniture by tag, role or class, unless it holds the article
  kRemoved = 1u << 2,        // final decision, inherited by descendants
  kInLink = 1u << 3,         // the element is <a> or inside one
  kBlock = 1u << 4,          // block-level: text does not flow through it
  kBodyMarker = 1u << 5,     // itemprop=articleBody or a descendant of one
  kHasBodyMarker = 1u << 6,  // has such a descendant
  kHidden = 1u << 7,
};

struct Elem {
  const GumboNode* node = nullptr;
  int parent = -1;
  int end = 0;  // one past the last descendant's index (pre-order)
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  uint32_t flags = 0;
  int class_weight = 0;
  // Whole subtree, removals ignored: used to keep a "furniture" wrapper that
  // in fact holds most of the page.
  int raw_chars = 0;
  int raw_link_chars = 0;
  int raw_inline_chars = 0;
  int raw_inline_link_chars = 0;
  int raw_prose = 0;  // chars in prose paragraphs (long, punctuated, few links)
  // Kept subtree (removed descendants excluded).
  int chars = 0;
  int link_chars = 0;
  int punct = 0;
  // Text reachable without crossing a block element: the element's own prose.
  int inline_chars = 0;
  int inline_punct = 0;
  int inline_link_chars = 0;
  int paragraphs = 0;  // kept descendants that are paragraphs of prose
  float score = 0;
  bool scored = false;
};

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_UNKNOWN:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_VIDEO:
      return true;
    default:
      return false;
  }
}

bool IsHardDropTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_LABEL:
      return true;
    default:
      return false;
  }
}

bool IsSoftDropTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_ADDRESS:
      return true;
    default:
      return false;
  }
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// Class/id names that mark page furniture in common news CMS themes
// (WordPress, Drupal, Jannah/JNews/Newspaper themes, Arc, custom Arabic
// CMSs). Matched per part of a class word ("post-share__icon" has the parts
// post, share, icon), so "tag-sport" or "hidden-xs" do not match by accident.
constexpr std::array<std::string_view, 47> kFurniturePartPrefixes = {
    "comment",  "related",  "share",      "sharing",    "social",  "newsletter", "subscri",   "cookie",
    "consent",  "gdpr",     "breadcrumb", "pagination", "ticker",  "breaking",   "marquee",   "sidebar",
    "widget",   "outbrain", "taboola",    "promo",      "sponsor", "advert",     "popup",     "modal",
    "author",   "avatar",   "popular",    "trending",   "byline",  "caption",    "copyright", "toolbar",
    "masthead", "signup",   "navbar",     "footer",     "header",  "disqus",     "respond",   "recommend",
    "readmore", "readalso", "mostread",   "whatsapp",   "banner",  "cta",        "rating"};
constexpr std::array<std::string_view, 16> kFurnitureParts = {
    "nav",  "menu", "meta", "tags", "tag",    "ad",      "ads",      "print",
    "skip", "also", "more", "date", "credit", "credits", "keywords", "follow"};
constexpr std::array<std::string_view, 9> kFurnitureWords = {
    "hidden", "hide",      "sr-only", "visually-hidden", "screen-reader-text",
    "d-none", "invisible", "noprint", "visuallyhidden"};

// Readability-style hints: these raise or lower a container's score.
constexpr std::array<std::string_view, 14> kPositiveHints = {
    "article", "body", "content", "entry", "hentry", "main",      "page",
    "post",    "text", "blog",    "story", "prose",  "rich-text", "column"};
constexpr std::array<std::string_view, 20> kNegativeHints = {
    "combx",    "comment", "com-",       "contact", "foot",     "footnote", "masthead",
    "media",    "meta",    "outbrain",   "promo",   "related",  "scroll",   "share",
    "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "widget"};

// `ignored`: list entries switched off (ContentTuning::ignored_furniture,
// for the benchmark's ablations; empty in use).
bool Ignored(std::string_view entry, const std::vector<std::string>& ignored) {
  return !ignored.empty() && std::find(ignored.begin(), ignored.end(), entry) != ignored.end();
}

bool IsFurniturePart(std::string_view part, const std::vector<std::string>& ignored) {
  if (part.empty()) return false;
  for (auto p : kFurnitureParts)
    if (part == p && !Ignored(p, ignored)) return true;
  for (auto p : kFurniturePartPrefixes)
    if (part.size() >= p.size() && part.compare(0, p.size(), p) == 0 && !Ignored(p, ignored)) return true;
  return false;
}

bool IsFurnitureClass(std::string_view cls, const std::vector<std::string>& ignored) {
  size_t pos = 0;
  while (pos < cls.size()) {
    size_t end = cls.find(' ', pos);
    if (end == std::string_view::npos) end = cls.size();
    std::string_view word = cls.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    for (auto w : kFurnitureWords)
      if (word == w && !Ignored(w, ignored)) return true;
    size_t part_start = 0;
    for (size_t i = 0; i <= word.size(); ++i) {
      if (i == word.size() || word[i] == '-' || word[i] == '_') {
        if (IsFurniturePart(word.substr(part_start, i - part_start), ignored)) return true;
        part_start = i + 1;
      }
    }
  }
  return false;
}

int ClassWeight(std::string_view cls, int weight) {
  if (cls.size() <= 2) return 0;
  int w = 0;
  for (auto s : kPositiveHints)
    if (Contains(cls, s)) {
      w += weight;
      break;
    }
  for (auto s : kNegativeHints)
    if (Contains(cls, s)) {
      w -= weight;
      break;
    }
  return w;
}

bool StyleHides(std::string_view style) {
  std::string s;
  s.reserve(style.size());
  for (char c : style)
    if (c != ' ') s += ascii::ToLower(c);
  return Contains(s, "display:none") || Contains(s, "visibility:hidden");
}

bool HasRoleOfFurniture(std::string_view role) {
  for (std::string_view r : {"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                             "menubar", "dialog", "alertdialog", "toolbar", "tablist", "alert"})
    if (role == r) return true;
  return false;
}

int InitialTagScore(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
      return 5;
    case GUMBO_TAG_SECTION:
      return 3;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
      return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
      return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
      return -5;
    default:
      return 0;
  }
}

struct TextStats {
  int chars = 0;  // non-space code points
  int punct = 0;  // commas and clause marks, Latin and Arabic
};

// Counts code points (not bytes, so Arabic is not double-weighted) and
// punctuation: , ، ؛ ؟ and sentence ends.
TextStats CountText(std::string_view t) {
  TextStats s;
  for (size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') continue;
    if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) continue;
    ++s.chars;
    if (c == ',') ++s.punct;
    if (c == 0xD8 && i + 1 < t.size()) {
      unsigned char d = static_cast<unsigned char>(t[i + 1]);
      if (d == 0x8C || d == 0x9B || d == 0x9F) ++s.punct;  // ، ؛ ؟
    }
  }
  return s;
}

class ContentSelector {
 public:
  ContentSelector(const GumboNode* root, const Options& options) : options_(options) { Build(root); }

  std::vector<std::string> Paragraphs(MainContentStats* stats);

 private:
  // Lines emitted so far, for MainContentStats.
  struct LineTally {
    MainContentStats stats;
    int run = 0;  // prose words since the last link line
  };
  void Build(const GumboNode* root);
  void DecideRemovals();
  void Aggregate();
  void Score();
  int PickTop() const;
  std::vector<int> SameClassChunks(int top, float top_score) const;
  bool KeepInOutput(const Elem& e) const;
  void Emit(int index, std::vector<std::string>& out, LineTally& tally) const;

  float LinkDensity(const Elem& e) const {
    return e.chars == 0 ? 0.f : static_cast<float>(e.link_chars) / static_cast<float>(e.chars);
  }

  Options options_;
  std::vector<Elem> elems_;
  // Text nodes, in document order, with the element they belong to.
  // `seq` is the number of elements begun before the run: the run comes
  // after element seq-1 starts and before element seq, which merges runs and
  // elements back into document order.
  struct TextRun {
    int elem;
    int seq;
    std::string_view text;
    TextStats stats;  // CountText(text): read by three passes
  };
  std::vector<TextRun> texts_;
  int body_ = 0;
};

void ContentSelector::Build(const GumboNode* root) {
  elems_.reserve(2048);
  texts_.reserve(4096);
  struct Frame {
    const GumboNode* node;
    int parent;
    int depth;
  };
  std::vector<Frame> stack{{root, -1, 0}};
  std::vector<int> open;  // elements whose `end` is not known yet
  std::string cls;
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    // Close elements whose subtree ended before this node.
    while (!open.empty() && open.back() != f.parent && elems_[open.back()].end == 0) {
      // An open element that is not this node's parent and not its ancestor
      // has finished; ancestors stay open.
      int top = open.back();
      bool is_ancestor = false;
      for (int p = f.parent; p >= 0; p = elems_[p].parent)
        if (p == top) {
          is_ancestor = true;
          break;
        }
      if (is_ancestor) break;
      elems_[top].end = static_cast<int>(elems_.size());
      open.pop_back();
    }
    const GumboNode* n = f.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      if (f.parent >= 0)
        texts_.push_back(
            {f.parent, static_cast<int>(elems_.size()), n->v.text.text, CountText(n->v.text.text)});
      continue;
    }
    if (n->type == GUMBO_NODE_WHITESPACE) {
      if (f.parent >= 0) texts_.push_back({f.parent, static_cast<int>(elems_.size()), " ", TextStats{}});
      continue;
    }
    if (!IsElement(n) && n->type != GUMBO_NODE_DOCUMENT) continue;

    int self = f.parent;
    const GumboVector* children = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) {
      children = &n->v.document.children;
    } else {
      children = &n->v.element.children;
      if (f.depth <= options_.max_depth) {
        Elem e;
        e.node = n;
        e.parent = f.parent;
        e.tag = n->v.element.tag;
        uint32_t inherited = f.parent >= 0 ? (elems_[f.parent].flags & (kInLink | kBodyMarker)) : 0;
        e.flags = inherited;
        if (e.tag == GUMBO_TAG_A) e.flags |= kInLink;
        if (IsBlockTag(e.tag)) e.flags |= kBlock;
        if (IsHardDropTag(e.tag)) e.flags |= kHardDrop;
        if (IsSoftDropTag(e.tag)) e.flags |= kSoftDrop;
        if (e.tag == GUMBO_TAG_BODY) body_ = static_cast<int>(elems_.size());
        // One pass over the attributes: gumbo_get_attribute per name would
        // rescan them for each of the seven we read.
        cls.clear();
        bool hidden = false, body_marker = false, furniture_role = false;
        const GumboVector& attrs = n->v.element.attributes;
        for (unsigned a = 0; a < attrs.length; ++a) {
          const auto* attr = static_cast<const GumboAttribute*>(attrs.data[a]);
          std::string_view name = attr->name, value = attr->value;
          if (name == "class" || name == "id") {
            cls += ' ';
            for (char c : value) cls += ascii::ToLower(c);
          } else if (name == "itemprop") {
            body_marker = Contains(value, "articleBody") || Contains(value, "articlebody");
          } else if (name == "role") {
            furniture_role = HasRoleOfFurniture(value);
          } else if (name == "hidden") {
            hidden = true;
          } else if (name == "aria-hidden") {
            hidden = hidden || value == "true";
          } else if (name == "style") {
            hidden = hidden || StyleHides(value);
          }
        }
        cls += ' ';
        // <article> and <main> carry post taxonomy classes ("tag-sport",
        // "category-news") that must not read as furniture.
        bool structural = e.tag == GUMBO_TAG_BODY || e.tag == GUMBO_TAG_HTML || e.tag == GUMBO_TAG_ARTICLE ||
                          e.tag == GUMBO_TAG_MAIN;
        if (!structural && IsFurnitureClass(cls, options_.tuning.ignored_furniture)) e.flags |= kSoftDrop;
        e.class_weight = ClassWeight(cls, options_.tuning.class_hint_weight);
        if (body_marker) {
          e.flags |= kBodyMarker;
          e.class_weight += 50;
        }
        if (furniture_role) e.flags |= kSoftDrop;
        if (hidden) e.flags |= kHidden;
        self = static_cast<int>(elems_.size());
        elems_.push_back(e);
        open.push_back(self);
      }
    }
    for (unsigned i = children->length; i-- > 0;)
      stack.push_back({static_cast<const GumboNode*>(children->data[i]), self, f.depth + 1});
  }
  for (int i : open) elems_[i].end = static_cast<int>(elems_.size());
}

void ContentSelector::DecideRemovals() {
  // Raw text per element, bottom-up (children always follow their parent).
  // Hard drops first, so script and style text does not count as page text.
  for (Elem& e : elems_) {
    if ((e.flags & kHardDrop) || (e.parent >= 0 && (elems_[e.parent].flags & kHardDrop)))
      e.flags |= kHardDrop;
  }
  for (const TextRun& t : texts_) {
    Elem& e = elems_[t.elem];
    if (e.flags & kHardDrop) continue;
    int c = t.stats.chars;
    e.raw_chars += c;
    e.raw_inline_chars += c;
    if (e.flags & kInLink) {
      e.raw_link_chars += c;
      e.raw_inline_link_chars += c;
    }
  }
  for (int i = static_cast<int>(elems_.size()) - 1; i > 0; --i) {
    Elem& e = elems_[i];
    if (e.parent < 0 || (e.flags & kHardDrop)) continue;
    if ((e.flags & kBlock) && e.raw_inline_chars >= 80 &&
        e.raw_inline_link_chars * 10 < e.raw_inline_chars * 3)
      e.raw_prose += e.raw_inline_chars;
    Elem& p = elems_[e.parent];
    p.raw_chars += e.raw_chars;
    p.raw_link_chars += e.raw_link_chars;
    p.raw_prose += e.raw_prose;
    if (!(e.flags & kBlock)) {
      p.raw_inline_chars += e.raw_inline_chars;
      p.raw_inline_link_chars += e.raw_inline_link_chars;
    }
    if (e.flags & (kBodyMarker | kHasBodyMarker)) p.flags |= kHasBodyMarker;
  }
  const int total = elems_.empty() ? 0 : std::max(1, elems_[body_].raw_chars);
  const int total_prose = elems_.empty() ? 0 : elems_[body_].raw_prose;
  for (size_t i = 0; i < elems_.size(); ++i) {
    Elem& e = elems_[i];
    bool removed = e.parent >= 0 && (elems_[e.parent].flags & kRemoved);
    if (!removed && (e.flags & (kHardDrop | kHidden))) removed = true;
    if (!removed && (e.flags & kSoftDrop)) {
      // A "furniture" wrapper that holds the article (a page-wide <form>, a
      // theme's <div class="has-comments">) is a container, not furniture.
      // Most of the page's prose inside it is the strongest sign.
      bool holds_article = (e.flags & kHasBodyMarker) ||
                           (e.tag != GUMBO_TAG_NAV && e.tag != GUMBO_TAG_FIGCAPTION &&
                            ((e.raw_chars * 10 >= total * 4 && e.raw_link_chars * 2 < e.raw_chars) ||
                             (total_prose > 0 && e.raw_prose * 2 > total_prose)));
      removed = !holds_article;
    }
    if (removed) e.flags |= kRemoved;
    if (removed && !(elems_[std::max(e.parent, 0)].flags & kRemoved) && e.raw_chars * 10 >= total &&
        spdlog::should_log(spdlog::level::trace))
      spdlog::trace("removed <{} class='{}' id='{}'> chars={}", gumbo_normalized_tagname(e.tag),
                    Attr(e.node, "class"), Attr(e.node, "id"), e.raw_chars);
  }
}

bool IsInlineContainer(const Elem& e) { return !(e.flags & kBlock); }

void ContentSelector::Aggregate() {
  for (const TextRun& t : texts_) {
    Elem& e = elems_[t.elem];
    if (e.flags & kRemoved) continue;
    const TextStats& s = t.stats;
    e.chars += s.chars;
    e.punct += s.punct;
    e.inline_chars += s.chars;
    e.inline_punct += s.punct;
    if (e.flags & kInLink) {
      e.link_chars += s.chars;
      e.inline_link_chars += s.chars;
    }
  }
  for (int i = static_cast<int>(elems_.size()) - 1; i > 0; --i) {
    Elem& e = elems_[i];
    if ((e.flags & kRemoved) || e.parent < 0) continue;
    Elem& p = elems_[e.parent];
    p.chars += e.chars;
    p.link_chars += e.link_chars;
    p.punct += e.punct;
    p.paragraphs += e.paragraphs;
    if (IsInlineContainer(e)) {
      p.inline_chars += e.inline_chars;
      p.inline_punct += e.inline_punct;
      p.inline_link_chars += e.inline_link_chars;
    }
    bool is_paragraph =
        (e.flags & kBlock) && e.inline_chars >= 25 && e.inline_link_chars * 2 < e.inline_chars;
    if (is_paragraph) p.paragraphs += 1;
  }
}

void ContentSelector::Score() {
  for (size_t i = 0; i < elems_.size(); ++i) {
    const Elem& e = elems_[i];
    if ((e.flags & kRemoved) || !(e.flags & kBlock)) continue;
    if (e.inline_chars < 25) continue;
    // A block of prose: its own text, not the text of nested blocks.
    float link_share = static_cast<float>(e.inline_link_chars) / static_cast<float>(e.inline_chars);
    if (link_share > 0.5f) continue;
    float points =
        1.f + static_cast<float>(e.inline_punct) + std::min(static_cast<float>(e.inline_chars) / 100.f, 3.f);
    // The paragraph itself counts as a candidate only when it is a container
    // tag; its ancestors receive decaying shares (parent full, grandparent
    // half, then 1/(3*level)).
    // Prose written straight into a container (<div>text<br>text</div>) is
    // scored as if wrapped in a <p>: the container is its parent.
    bool container = e.tag == GUMBO_TAG_DIV || e.tag == GUMBO_TAG_SECTION || e.tag == GUMBO_TAG_ARTICLE ||
                     e.tag == GUMBO_TAG_MAIN || e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_UNKNOWN;
    int level = 0;
    for (int a = container ? static_cast<int>(i) : e.parent; a >= 0 && level < 5;
         a = elems_[a].parent, ++level) {
      Elem& anc = elems_[a];
      if (anc.tag == GUMBO_TAG_HTML) break;
      if (!anc.scored) {
        anc.scored = true;
        anc.score = static_cast<float>(InitialTagScore(anc.tag) + anc.class_weight);
      }
      float divider = level == 0 ? 1.f : level == 1 ? 2.f : static_cast<float>(level * 3);
      anc.score += points / divider;
    }
  }
}

int ContentSelector::PickTop() const {
  int best = -1;
  float best_score = 0;
  for (size_t i = 0; i < elems_.size(); ++i) {
    const Elem& e = elems_[i];
    if (!e.scored || (e.flags & kRemoved)) continue;
    float s = e.score * (1.f - LinkDensity(e));
    if (best < 0 || s > best_score) {
      best = static_cast<int>(i);
      best_score = s;
    }
  }
  if (best < 0) return body_;
  // Articles split into several blocks of similar weight (lead, body,
  // continuation) share a parent: climb while the parent holds clearly more
  // prose paragraphs without diluting the text with links.
  int current = best;
  for (int steps = 0; steps < 3; ++steps) {
    int p = elems_[current].parent;
    if (p < 0 || p == body_ || elems_[p].tag == GUMBO_TAG_HTML || elems_[p].tag == GUMBO_TAG_BODY) break;
    const Elem& pe = elems_[p];
    const Elem& ce = elems_[current];
    bool more_prose = pe.paragraphs >= ce.paragraphs + 2 && pe.paragraphs * 10 >= ce.paragraphs * 13;
    bool not_links = LinkDensity(pe) < 0.25f;
    bool similar_size = pe.chars * 10 <= ce.chars * 25;
    if (more_prose && not_links && similar_size) {
      current = p;
    } else {
      break;
    }
  }
  return current;
}

// Conditional cleaning inside the chosen content: lists of links, thin
// blocks that are all links, and image galleries are not article text.
bool ContentSelector::KeepInOutput(const Elem& e) const {
  if (e.flags & kRemoved) return false;
  if (e.chars == 0) return e.tag == GUMBO_TAG_BR;
  float ld = LinkDensity(e);
  switch (e.tag) {
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_UNKNOWN:
      if (ld > options_.tuning.block_link_density) return false;
      if (e.class_weight < 0 && e.punct < 10 && ld > 0.2f) return false;
      if (e.punct < 3 && e.chars < 200 && ld > 0.33f) return false;
      return true;
    case GUMBO_TAG_P:
    case GUMBO_TAG_LI:
      if (ld > 0.6f && e.chars < 300) return false;
      return true;
    default:
      return true;
  }
}

void ContentSelector::Emit(int top, std::vector<std::string>& out, LineTally& tally) const {
  std::string current;
  int current_chars = 0, current_link_chars = 0, current_links = 0, last_link = -1;
  auto flush = [&] {
    std::string_view t = html::Trim(current);
    // A line that is mostly links (tag lists, "more on this" rows) is
    // navigation even inside the article container.
    bool link_line =
        current_links >= options_.tuning.link_line_links && current_link_chars * 2 > current_chars;
    if (!t.empty() && !link_line) {
      out.emplace_back(t);
      int words = 0;
      bool in_word = false;
      for (char c : t) {
        bool space = c == ' ';
        if (!space && !in_word) ++words;
        in_word = !space;
      }
      // A headline that links away (a teaser's title) ends a run of prose.
      if (current_links >= 1 && current_link_chars * 10 >= current_chars * 8) {
        if (out.size() == 1 && words >= 5) tally.stats.opens_with_headline_link = true;
        ++tally.stats.link_lines;
        tally.run = 0;
      } else {
        tally.stats.prose_words += words;
        tally.run += words;
        tally.stats.longest_prose_run = std::max(tally.stats.longest_prose_run, tally.run);
      }
    }
    current.clear();
    current_chars = current_link_chars = current_links = 0;
  };
  const int limit = elems_[top].end;
  auto inside = [&](int elem, int from, int to) { return elem >= from && elem < to; };
  auto text_it = std::upper_bound(texts_.begin(), texts_.end(), top,
                                  [](int idx, const TextRun& t) { return idx < t.seq; });
  std::vector<int> open_blocks;  // entering or leaving a block ends a paragraph
  auto close_blocks_before = [&](int elem) {
    while (!open_blocks.empty() && !inside(elem, open_blocks.back(), elems_[open_blocks.back()].end)) {
      open_blocks.pop_back();
      flush();
    }
  };
  int i = top;
  while (true) {
    bool text_pending = text_it != texts_.end() && inside(text_it->elem, top, limit);
    bool elem_pending = i < limit;
    if (!text_pending && !elem_pending) break;
    if (text_pending && (!elem_pending || text_it->seq <= i)) {
      close_blocks_before(text_it->elem);
      html::AppendCollapsed(current, text_it->text);
      int chars = text_it->stats.chars;
      current_chars += chars;
      if (elems_[text_it->elem].flags & kInLink) {
        current_link_chars += chars;
        int link = text_it->elem;
        while (elems_[link].tag != GUMBO_TAG_A && elems_[link].parent >= 0) link = elems_[link].parent;
        if (link != last_link && chars > 0) ++current_links;
        last_link = link;
      }
      ++text_it;
      continue;
    }
    const Elem& e = elems_[i];
    close_blocks_before(i);
    if (i != top && !KeepInOutput(e)) {
      if (e.tag == GUMBO_TAG_BR) flush();
      while (text_it != texts_.end() && text_it->seq <= e.end && inside(text_it->elem, i, e.end)) ++text_it;
      i = e.end;
      continue;
    }
    if (e.flags & kBlock) {
      flush();
      open_blocks.push_back(i);
    }
    ++i;
  }
  flush();
}

std::vector<int> ContentSelector::SameClassChunks(int top, float top_score) const {
  std::vector<int> chunks;
  std::string_view cls = Attr(elems_[top].node, "class");
  if (cls.empty() || top == body_) return chunks;
  for (int i = 0; i < static_cast<int>(elems_.size());) {
    const Elem& e = elems_[i];
    bool same = i == top || (e.tag == elems_[top].tag && !(e.flags & kRemoved) &&
                             Attr(e.node, "class") == cls && e.paragraphs >= 1 && LinkDensity(e) < 0.3f &&
                             (e.scored ? e.score : 0.f) >= std::max(10.f, top_score * 0.1f));
    if (same) {
      chunks.push_back(i);
      i = e.end;  // nested copies belong to this one
    } else if (i < top && top < e.end && e.end > i + 1) {
      ++i;  // an ancestor of top: look inside
    } else {
      ++i;
    }
  }
  return chunks;
}

std::vector<std::string> ContentSelector::Paragraphs(MainContentStats* stats) {
  std::vector<std::string> out;
  LineTally tally;
  if (elems_.empty()) return out;
  DecideRemovals();
  Aggregate();
  Score();
  int top = PickTop();
  if (spdlog::should_log(spdlog::level::debug)) {
    std::vector<int> order;
    for (size_t i = 0; i < elems_.size(); ++i)
      if (elems_[i].scored && !(elems_[i].flags & kRemoved)) order.push_back(static_cast<int>(i));
    std::sort(order.begin(), order.end(), [&](int a, int b) { return elems_[a].score > elems_[b].score; });
    for (size_t k = 0; k < std::min<size_t>(order.size(), 6); ++k) {
      const Elem& e = elems_[order[k]];
      spdlog::debug("candidate #{} <{} class='{}' id='{}'> score={:.1f} chars={} ld={:.2f} paras={}",
                    order[k], gumbo_normalized_tagname(e.tag), Attr(e.node, "class"), Attr(e.node, "id"),
                    e.score, e.chars, LinkDensity(e), e.paragraphs);
    }
    const Elem& t = elems_[top];
    spdlog::debug("chosen #{} <{} class='{}'>", top, gumbo_normalized_tagname(t.tag), Attr(t.node, "class"));
  }
  int parent = elems_[top].parent;
  const float top_score = elems_[top].score * (1.f - LinkDensity(elems_[top]));
  // Themes that break an article with ad rails repeat the body container
  // ("article__body" several times, each in its own grid cell): take every
  // non-nested copy that holds prose, in document order.
  std::vector<int> chunks = SameClassChunks(top, top_score);
  if (chunks.size() > 1) {
    for (int c : chunks) Emit(c, out, tally);
  } else if (parent < 0 || top == body_) {
    Emit(top, out, tally);
  } else {
    // Siblings that look like continuation of the article join it.
    const float threshold = std::max(10.f, top_score * options_.tuning.sibling_share);
    for (int c = parent + 1; c < elems_[parent].end; c = elems_[c].end) {
      const Elem& s = elems_[c];
      bool include = c == top;
      if (!include && !(s.flags & kRemoved)) {
        float sscore = s.scored ? s.score * (1.f - LinkDensity(s)) : 0.f;
        if (sscore >= threshold) include = true;
        if (!include && s.tag == GUMBO_TAG_P) {
          float ld = LinkDensity(s);
          if (s.chars > options_.tuning.sibling_p_chars && ld < options_.tuning.sibling_p_link_density)
            include = true;
          if (s.chars > 0 && s.chars <= 80 && ld == 0.f && s.punct > 0) include = true;
        }
      }
      if (include) Emit(c, out, tally);
    }
  }
  if (options_.tuning.phrase_filter)
    out.erase(std::remove_if(out.begin(), out.end(), IsBoilerplatePhrase), out.end());
  if (stats != nullptr) *stats = tally.stats;
  return out;
}

}  // namespace

std::vector<std::string> FurnitureWords() {
  std::vector<std::string> out;
  for (auto w : kFurnitureWords) out.emplace_back(w);
  for (auto w : kFurnitureParts) out.emplace_back(w);
  for (auto w : kFurniturePartPrefixes) out.emplace_back(w);
  return out;
}

std::vector<std::string> MainParagraphs(const GumboNode* root, const Options& options,
                                        MainContentStats* stats) {
  ContentSelector selector(root, options);
  return selector.Paragraphs(stats);
}

}  // namespace wirecrawl::content
