#include "parser/metadata.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "base/ascii.h"
#include "base/time.h"
#include "parser/html_document.h"
#include "url/url.h"

namespace wirecrawl::metadata {
namespace {

using html::Attr;
using html::IsElement;
using Json = nlohmann::json;

using ascii::Lower;

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

bool LooksLikeUrl(std::string_view s) {
  return StartsWith(s, "http://") || StartsWith(s, "https://") || StartsWith(s, "/");
}

// ---- JSON-LD ---------------------------------------------------------------

bool IsArticleType(const Json& type) {
  static const std::array<std::string_view, 9> kTypes = {
      "NewsArticle",           "Article",         "ReportageNewsArticle",
      "AnalysisNewsArticle",   "BlogPosting",     "OpinionNewsArticle",
      "BackgroundNewsArticle", "LiveBlogPosting", "TechArticle"};
  auto matches = [](const Json& t) {
    if (!t.is_string()) return false;
    std::string s = t.get<std::string>();
    if (auto slash = s.rfind('/'); slash != std::string::npos) s = s.substr(slash + 1);
    return std::find(kTypes.begin(), kTypes.end(), s) != kTypes.end();
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
  return matches(type);
}

const Json* FindArticleObject(const Json& j, int depth = 0) {
  if (depth > 8) return nullptr;
  if (j.is_object()) {
    if (auto t = j.find("@type"); t != j.end() && IsArticleType(*t)) return &j;
    if (auto g = j.find("@graph"); g != j.end()) {
      if (const Json* found = FindArticleObject(*g, depth + 1)) return found;
    }
    if (auto m = j.find("mainEntity"); m != j.end()) {
      if (const Json* found = FindArticleObject(*m, depth + 1)) return found;
    }
  } else if (j.is_array()) {
    for (const Json& item : j)
      if (const Json* found = FindArticleObject(item, depth + 1)) return found;
  }
  return nullptr;
}

std::string JsonString(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    if (auto id = it->find("@id"); id != it->end() && id->is_string()) return id->get<std::string>();
    if (auto url = it->find("url"); url != it->end() && url->is_string()) return url->get<std::string>();
  }
  return {};
}

std::string AuthorNames(const Json& author) {
  std::vector<std::string> names;
  auto add = [&](const Json& a) {
    if (a.is_string()) {
      std::string s = a.get<std::string>();
      if (!LooksLikeUrl(s)) names.push_back(s);
    } else if (a.is_object()) {
      if (auto n = a.find("name"); n != a.end() && n->is_string()) names.push_back(n->get<std::string>());
    }
  };
  if (author.is_array()) {
    for (const Json& a : author) add(a);
  } else {
    add(author);
  }
  std::string out;
  for (const auto& n : names) {
    std::string_view t = html::Trim(n);
    if (t.empty()) continue;
    if (!out.empty()) out += ", ";
    out += t;
  }
  return out;
}

// ---- dates -------------------------------------------------------------------

using ascii::IsDigit;

// Arabic-Indic (U+0660..) and Persian (U+06F0..) digits to ASCII, alef
// variants unified; other bytes unchanged.
std::string FoldDigitsAndAlef(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c == 0xD9 || c == 0xDB) && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xD9 && d >= 0xA0 && d <= 0xA9) {
        out += static_cast<char>('0' + (d - 0xA0));
        ++i;
        continue;
      }
      if (c == 0xDB && d >= 0xB0 && d <= 0xB9) {
        out += static_cast<char>('0' + (d - 0xB0));
        ++i;
        continue;
      }
    }
    if (c == 0xD8 && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d == 0xA3 || d == 0xA5 || d == 0xA2) {  // أ إ آ -> ا
        out += "\xD8\xA7";
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

struct MonthName {
  std::string_view name;  // alef-folded
  int month;
};

// Both Arabic month series (Egyptian/Gulf transliterations and the Levantine
// Syriac names), the Maghreb French-derived names, and English.
constexpr std::array<MonthName, 56> kMonths = {{
    {"يناير", 1},        {"فبراير", 2},    {"مارس", 3},     {"ابريل", 4},        {"مايو", 5},
    {"يونيو", 6},        {"يونيه", 6},     {"يوليو", 7},    {"يوليه", 7},        {"اغسطس", 8},
    {"سبتمبر", 9},       {"اكتوبر", 10},   {"نوفمبر", 11},  {"ديسمبر", 12},      {"كانون الثاني", 1},
    {"شباط", 2},         {"اذار", 3},      {"نيسان", 4},    {"ايار", 5},         {"حزيران", 6},
    {"تموز", 7},         {"اب", 8},        {"ايلول", 9},    {"تشرين الاول", 10}, {"تشرين الثاني", 11},
    {"كانون الاول", 12}, {"جانفي", 1},     {"فيفري", 2},    {"افريل", 4},        {"ماي", 5},
    {"جوان", 6},         {"جويلية", 7},    {"اوت", 8},      {"january", 1},      {"february", 2},
    {"march", 3},        {"april", 4},     {"may", 5},      {"june", 6},         {"july", 7},
    {"august", 8},       {"september", 9}, {"october", 10}, {"november", 11},    {"december", 12},
    {"jan", 1},          {"feb", 2},       {"mar", 3},      {"apr", 4},          {"jun", 6},
    {"jul", 7},          {"aug", 8},       {"sep", 9},      {"oct", 10},         {"nov", 11},
    {"dec", 12},
}};

bool IsWordByteBoundary(std::string_view s, size_t pos) {
  if (pos == 0 || pos >= s.size()) return true;
  unsigned char c = static_cast<unsigned char>(s[pos]);
  return c == ' ' || c == '/' || c == ',' || c == '.' || c == '-' || c == '(' || c == ')' || c == '\n' ||
         IsDigit(static_cast<char>(c));
}

// Reads up to `max` digits ending just before `end` (skipping spaces).
int DigitsBefore(std::string_view s, size_t end, int max_digits, size_t* start_out) {
  size_t p = end;
  while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == ',')) --p;
  size_t stop = p;
  while (p > 0 && IsDigit(s[p - 1]) && stop - p < static_cast<size_t>(max_digits)) --p;
  if (p == stop || (p > 0 && IsDigit(s[p - 1]))) return -1;
  *start_out = p;
  return std::stoi(std::string(s.substr(p, stop - p)));
}

int DigitsAfter(std::string_view s, size_t begin, int max_digits, size_t* end_out) {
  size_t p = begin;
  while (p < s.size() && (s[p] == ' ' || s[p] == ',')) ++p;
  size_t start = p;
  while (p < s.size() && IsDigit(s[p]) && p - start < static_cast<size_t>(max_digits)) ++p;
  if (p == start || (p < s.size() && IsDigit(s[p]))) return -1;
  *end_out = p;
  return std::stoi(std::string(s.substr(start, p - start)));
}

std::string FormatDate(int y, int m, int d) {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// After a month name: an optional "/other-name" (Arabic pages write both
// series: "أكتوبر/تشرين الأول").
size_t SkipAlternateMonth(std::string_view s, size_t p) {
  size_t q = p;
  while (q < s.size() && s[q] == ' ') ++q;
  if (q >= s.size() || s[q] != '/') return p;
  ++q;
  while (q < s.size() && s[q] == ' ') ++q;
  for (const MonthName& m : kMonths) {
    if (s.compare(q, m.name.size(), m.name) == 0 && IsWordByteBoundary(s, q + m.name.size()))
      return q + m.name.size();
  }
  return p;
}

std::string NumericDateAfterKeyword(std::string_view s) {
  static const std::array<std::string_view, 6> kKeywords = {"تاريخ",  "نشر",  "published",
                                                            "posted", "date", "updated"};
  for (std::string_view kw : kKeywords) {
    size_t pos = s.find(kw);
    if (pos == std::string_view::npos) continue;
    size_t p = pos + kw.size();
    size_t limit = std::min(s.size(), p + 40);
    while (p < limit && !IsDigit(s[p])) ++p;
    if (p >= limit) continue;
    int a = 0, b = 0, c = 0;
    char sep1 = 0, sep2 = 0;
    int consumed = 0;
    std::string tail(s.substr(p, std::min<size_t>(12, s.size() - p)));
    if (std::sscanf(tail.c_str(), "%d%c%d%c%d%n", &a, &sep1, &b, &sep2, &c, &consumed) == 5 && sep1 == sep2 &&
        (sep1 == '-' || sep1 == '/' || sep1 == '.')) {
      std::string d = a > 31 ? FormatDate(a, b, c) : FormatDate(c, b, a);
      if (!d.empty()) return d;
    }
  }
  return {};
}

// ---- links -----------------------------------------------------------------

// A link as PageMetadata and Article carry it: resolved against the page's
// base and in NormalizeUrl's form (url/url.h); empty when it is not an
// http(s) URL (without a base, only absolute links resolve). An empty href or
// a bare fragment names the page itself, which is no link to follow.
std::string LinkTarget(const LinkResolver& base, std::string_view href) {
  std::string_view h = html::Trim(href);
  if (h.empty() || h.front() == '#') return {};
  Result<std::string> url = base.Resolve(h);
  return url.ok() ? std::move(url).value() : std::string();
}

// LinkTarget of each href, in page order, without duplicates.
std::vector<std::string> LinkTargets(const LinkResolver& base, const std::vector<std::string>& hrefs) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const std::string& href : hrefs) {
    std::string url = LinkTarget(base, href);
    if (!url.empty() && seen.insert(url).second) out.push_back(std::move(url));
  }
  return out;
}

// Words of raw text (runs between ASCII whitespace).
size_t CountWordsIn(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = ascii::IsWhitespace(c);
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

// The href of every <a> in the subtree of `heading` (a headline that links).
void AnchorsUnder(const GumboNode* heading, std::vector<std::string>* hrefs) {
  std::vector<const GumboNode*> stack{heading};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!IsElement(n)) continue;
    if (n->v.element.tag == GUMBO_TAG_A) {
      std::string_view href = Attr(n, "href");
      if (!href.empty()) hrefs->emplace_back(href);
    }
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i-- > 0;)
      stack.push_back(static_cast<const GumboNode*>(children.data[i]));
  }
}

// A link to another page of a listing: rel=next/prev, ?page=N, /page/N.
bool IsPaginationHref(std::string_view href) {
  for (std::string_view marker : {std::string_view("page="), std::string_view("/page/")}) {
    size_t at = href.find(marker);
    if (at != std::string_view::npos && at + marker.size() < href.size() &&
        IsDigit(href[at + marker.size()])) {
      return true;
    }
  }
  return false;
}

bool IsPaginationRel(std::string_view rel) {
  std::string r = Lower(rel);
  return r == "next" || r == "prev" || r == "previous";
}

// Teasers: a headline link (an anchor of five words or more, or one in a
// heading) followed by 15 to 150 words of text outside links before the
// next headline link. A listing is a run of them; a story's page has at
// most a box or two (a list of headlines alone has no text between them,
// and a story's body after a headline link is longer).
int CountTeasers(const GumboNode* root) {
  constexpr int kMinWords = 15, kMaxWords = 150;
  struct Frame {
    const GumboNode* node;
    bool in_link;
    bool in_heading;
  };
  std::vector<Frame> stack{{root, false, false}};
  int teasers = 0, words_since = 0;
  bool after_headline = false;
  auto close = [&] {
    if (after_headline && words_since >= kMinWords && words_since <= kMaxWords) ++teasers;
  };
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    const GumboNode* n = f.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      if (!f.in_link && after_headline) words_since += static_cast<int>(CountWordsIn(n->v.text.text));
      continue;
    }
    const GumboVector* children = nullptr;
    bool in_link = f.in_link, in_heading = f.in_heading;
    if (n->type == GUMBO_NODE_DOCUMENT) {
      children = &n->v.document.children;
    } else if (IsElement(n)) {
      switch (n->v.element.tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_SVG:
          continue;
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
          in_heading = true;
          break;
        case GUMBO_TAG_A:
          if (!Attr(n, "href").empty() && !f.in_link) {
            in_link = true;
            if (f.in_heading || CountWordsIn(html::TextContent(n, 512)) >= 5) {
              close();
              after_headline = true;
              words_since = 0;
            }
          }
          break;
        default:
          break;
      }
      children = &n->v.element.children;
    } else {
      continue;
    }
    for (unsigned i = children->length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children->data[i]), in_link, in_heading});
    }
  }
  close();
  return teasers;
}

// ---- title ---------------------------------------------------------------------

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

}  // namespace

std::string NormalizeDate(std::string_view value) {
  std::string_view v = html::Trim(value);
  if (v.size() >= 10 && IsDigit(v[0]) && IsDigit(v[1]) && IsDigit(v[2]) && IsDigit(v[3]) &&
      (v[4] == '-' || v[4] == '/') && IsDigit(v[5]) && IsDigit(v[6]) && (v[7] == '-' || v[7] == '/') &&
      IsDigit(v[8]) && IsDigit(v[9])) {
    // Pages write "2019/11/19" and "2019-11-19 10:00:00 GMT" too: the date's
    // slashes become dashes, the time's space a "T", and the text stops at the
    // next blank. The rest is ISO 8601 as base/time.h reads it, kept as written
    // (with the page's own offset); a time it cannot read leaves the date.
    std::string iso(v);
    iso[4] = iso[7] = '-';
    if (iso.size() >= 16 && iso[10] == ' ') iso[10] = 'T';
    iso.resize(std::min(iso.size(), iso.find_first_of(" \t")));
    if (ParseIsoTime(iso)) return iso;
    iso.resize(10);
    if (ParseIsoTime(iso)) return iso;
  }
  // RFC 822 / free text with a month name.
  return DateFromText(v);
}

std::string DateFromText(std::string_view raw) {
  std::string folded = FoldDigitsAndAlef(raw.substr(0, std::min<size_t>(raw.size(), 64 * 1024)));
  std::string lower = Lower(folded);
  std::string_view s = lower;
  size_t best_pos = std::string::npos;
  std::string best;
  for (const MonthName& m : kMonths) {
    size_t pos = 0;
    while ((pos = s.find(m.name, pos)) != std::string_view::npos) {
      size_t after = pos + m.name.size();
      if (pos >= best_pos) break;
      bool bounded = IsWordByteBoundary(s, pos > 0 ? pos - 1 : 0) &&
                     (pos == 0 || !ascii::IsAlpha(s[pos - 1])) && IsWordByteBoundary(s, after);
      if (bounded) {
        size_t end = SkipAlternateMonth(s, after);
        size_t day_start = 0, year_end = 0, dummy = 0;
        int day = DigitsBefore(s, pos, 2, &day_start);
        int year = DigitsAfter(s, end, 4, &year_end);
        std::string date;
        if (day > 0 && year > 1900) {
          date = FormatDate(year, m.month, day);
        } else {
          // "November 19, 2019"
          size_t day_end = 0;
          int d2 = DigitsAfter(s, end, 2, &day_end);
          if (d2 > 0) {
            int y2 = DigitsAfter(s, day_end, 4, &dummy);
            if (y2 > 1900) date = FormatDate(y2, m.month, d2);
          }
        }
        if (!date.empty()) {
          best = date;
          best_pos = pos;
          break;
        }
      }
      pos = after;
    }
  }
  if (!best.empty()) return best;
  return NumericDateAfterKeyword(s);
}

namespace {

// True when `title` is "PREFIX SEP tail": the prefix before `tail` ends
// with a separator mark such as |, -, ::, « or •.
bool EndsWithAfterSeparator(std::string_view title, std::string_view tail) {
  if (tail.empty() || title.size() <= tail.size() || title.substr(title.size() - tail.size()) != tail)
    return false;
  std::string_view prefix = title.substr(0, title.size() - tail.size());
  if (prefix.empty() || prefix.back() != ' ') return false;  // a whole word, not part of one
  prefix = html::Trim(prefix);
  static const std::array<std::string_view, 9> kMarks = {"|", "-", ":", "–", "—", "«", "»", "•", "/"};
  for (std::string_view mark : kMarks) {
    if (prefix.size() > mark.size() && prefix.substr(prefix.size() - mark.size()) == mark) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string_view>& TitleSeparators() {
  static const std::vector<std::string_view> kSeparators = {" | ",  " - ", " – ", " — ",
                                                            " :: ", " « ", " » ", " • "};
  return kSeparators;
}

std::string CleanTitle(std::string_view raw, std::string_view site_name) {
  std::string title(html::Trim(raw));
  std::string_view site = html::Trim(site_name);
  for (int round = 0; round < 2; ++round) {
    bool changed = false;
    for (std::string_view sep : TitleSeparators()) {
      size_t last = title.rfind(sep);
      if (last != std::string::npos) {
        std::string_view head = std::string_view(title).substr(0, last);
        std::string_view tail = std::string_view(title).substr(last + sep.size());
        bool tail_is_site =
            (!site.empty() && html::Trim(tail) == site) ||
            (CountWords(tail) <= 4 && CountWords(head) > CountWords(tail) && CountWords(head) >= 2);
        if (tail_is_site) {
          title = std::string(html::Trim(head));
          changed = true;
          break;
        }
      }
      size_t first = title.find(sep);
      if (first != std::string::npos && !site.empty()) {
        std::string_view head = std::string_view(title).substr(0, first);
        if (html::Trim(head) == site) {
          title = std::string(html::Trim(std::string_view(title).substr(first + sep.size())));
          changed = true;
          break;
        }
      }
    }
    if (!changed) break;
  }
  return title;
}

std::string DetectLanguage(std::string_view text) {
  if (text.size() < 20) return {};
  bool reliable = false;
  int len = static_cast<int>(std::min<size_t>(text.size(), 16 * 1024));
  // Cut on a code point boundary.
  while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80) --len;
  CLD2::Language lang = CLD2::DetectLanguage(text.data(), len, true, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE) return {};
  std::string code = CLD2::LanguageCode(lang);
  if (code == "un" || code == "xxx") return {};
  if (auto dash = code.find('-'); dash != std::string::npos) code.resize(dash);
  return code;
}

PageMetadata Collect(const GumboNode* root, std::string_view page_url) {
  PageMetadata md;
  std::string html_lang, meta_lang, og_title, title_tag, h1, site_name, og_url, og_type;
  std::string meta_author, meta_published, time_datetime, canonical, base_href;
  std::string ld_headline, ld_author, ld_published, ld_url;
  std::vector<std::string> hrefs, headline_hrefs;

  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_DOCUMENT) {
      for (unsigned i = n->v.document.children.length; i-- > 0;)
        stack.push_back(static_cast<const GumboNode*>(n->v.document.children.data[i]));
      continue;
    }
    if (!IsElement(n)) continue;
    GumboTag tag = n->v.element.tag;
    switch (tag) {
      case GUMBO_TAG_HTML:
        html_lang = Attr(n, "lang");
        if (html_lang.empty()) html_lang = Attr(n, "xml:lang");
        break;
      case GUMBO_TAG_TITLE:
        if (title_tag.empty()) title_tag = html::TextContent(n);
        continue;
      case GUMBO_TAG_BASE:
        if (base_href.empty()) base_href = Attr(n, "href");
        break;
      case GUMBO_TAG_H1:
        if (h1.empty()) h1 = html::TextContent(n);
        md.has_h1 = true;
        AnchorsUnder(n, &headline_hrefs);
        break;
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        AnchorsUnder(n, &headline_hrefs);
        break;
      case GUMBO_TAG_ARTICLE:
        ++md.article_elements;
        break;
      case GUMBO_TAG_META: {
        std::string key = Lower(!Attr(n, "property").empty() ? Attr(n, "property") : Attr(n, "name"));
        std::string_view itemprop = Attr(n, "itemprop");
        std::string_view content = Attr(n, "content");
        if (key.empty() && !itemprop.empty()) key = "itemprop:" + Lower(itemprop);
        std::string http_equiv = Lower(Attr(n, "http-equiv"));
        if (http_equiv == "content-language" && meta_lang.empty()) meta_lang = content;
        if (content.empty()) break;
        if (key == "og:title" && og_title.empty())
          og_title = content;
        else if (key == "og:site_name" && site_name.empty())
          site_name = content;
        else if (key == "og:url" && og_url.empty())
          og_url = content;
        else if (key == "og:type" && og_type.empty())
          og_type = Lower(content);
        else if (key == "og:locale" && meta_lang.empty())
          meta_lang = content;
        else if ((key == "author" || key == "article:author" || key == "byl" || key == "parsely-author" ||
                  key == "sailthru.author" || key == "dc.creator") &&
                 meta_author.empty() && !LooksLikeUrl(content))
          meta_author = content;
        else if ((key == "article:published_time" || key == "og:published_time" || key == "pubdate" ||
                  key == "publishdate" || key == "publish-date" || key == "date" || key == "dc.date.issued" ||
                  key == "dc.date" || key == "sailthru.date" || key == "parsely-pub-date" ||
                  key == "itemprop:datepublished" || key == "article.published" || key == "datepublished") &&
                 meta_published.empty())
          meta_published = content;
        break;
      }
      case GUMBO_TAG_LINK: {
        std::string rel = Lower(Attr(n, "rel"));
        std::string_view href = Attr(n, "href");
        if (rel == "canonical" && canonical.empty()) canonical = href;
        if (IsPaginationRel(rel)) ++md.pagination_links;
        if (rel.find("alternate") != std::string::npos) {
          std::string type = Lower(Attr(n, "type"));
          if (type.find("rss") != std::string::npos || type.find("atom") != std::string::npos ||
              type.find("feed+json") != std::string::npos)
            md.feed_links.emplace_back(href);
        }
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        if (Lower(Attr(n, "type")) == "application/ld+json") {
          std::string text = html::TextContent(n);
          Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
          if (const Json* art = j.is_discarded() ? nullptr : FindArticleObject(j)) {
            md.declares_article = true;
            if (ld_headline.empty()) ld_headline = JsonString(*art, "headline");
            if (ld_published.empty()) ld_published = JsonString(*art, "datePublished");
            if (ld_url.empty()) ld_url = JsonString(*art, "url");
            if (ld_url.empty()) ld_url = JsonString(*art, "mainEntityOfPage");
            if (auto a = art->find("author"); a != art->end() && ld_author.empty())
              ld_author = AuthorNames(*a);
            if (md.article_body.empty()) md.article_body = JsonString(*art, "articleBody");
          }
        }
        continue;
      }
      case GUMBO_TAG_TIME: {
        std::string_view dt = Attr(n, "datetime");
        if (!dt.empty() && time_datetime.empty()) time_datetime = dt;
        break;
      }
      case GUMBO_TAG_A: {
        std::string_view href = Attr(n, "href");
        std::string_view rel = Attr(n, "rel");
        if (!href.empty()) {
          hrefs.emplace_back(href);
          if (IsPaginationRel(rel) || IsPaginationHref(href)) ++md.pagination_links;
          // A headline that is not in a heading: a teaser card's title.
          if (CountWords(html::TextContent(n, 512)) >= 5) headline_hrefs.emplace_back(href);
        }
        if (rel == "author" && meta_author.empty()) meta_author = html::TextContent(n);
        break;
      }
      case GUMBO_TAG_STYLE:
        continue;
      default:
        break;
    }
    if (std::string_view itemprop = Attr(n, "itemprop");
        !itemprop.empty() && (itemprop.find("articleBody") != std::string_view::npos ||
                              itemprop.find("articlebody") != std::string_view::npos)) {
      md.body_marker = true;
    }
    if (meta_author.empty() && Attr(n, "itemprop") == "author") {
      std::string text = html::TextContent(n);
      if (!text.empty() && text.size() < 100) meta_author = text;
    }
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i-- > 0;)
      stack.push_back(static_cast<const GumboNode*>(children.data[i]));
  }

  // Links resolve against the page URL, or, for a saved page without one, the
  // URL the page gives for itself; <base href> overrides either.
  LinkResolver base("");
  for (std::string_view candidate :
       {page_url, std::string_view(canonical), std::string_view(og_url), std::string_view(ld_url)}) {
    base = LinkResolver(candidate);
    if (base.ok()) break;
  }
  if (std::string resolved = LinkTarget(base, base_href); !resolved.empty()) base = LinkResolver(resolved);
  md.links = LinkTargets(base, hrefs);
  md.feed_links = LinkTargets(base, md.feed_links);
  md.headline_links = LinkTargets(base, headline_hrefs);
  md.title_tag = title_tag;
  md.teasers = CountTeasers(root);

  if (og_type == "article") md.declares_article = true;
  std::string raw_title = !ld_headline.empty() ? ld_headline
                          : !og_title.empty()  ? og_title
                          : !title_tag.empty() ? title_tag
                                               : h1;
  md.title = CleanTitle(raw_title, site_name);
  // A <title> that merely extends the <h1> ("H1 - Section - Site", or
  // "Site :: H1" when no og:site_name names the site) is the h1.
  if (!h1.empty() && md.title != h1 && (md.title.rfind(h1, 0) == 0 || EndsWithAfterSeparator(md.title, h1))) {
    md.title = h1;
  }
  md.author = !ld_author.empty() ? ld_author : meta_author;
  md.author = std::string(html::Trim(md.author));
  for (const std::string* d : {&ld_published, &meta_published, &time_datetime}) {
    if (d->empty()) continue;
    md.published = NormalizeDate(*d);
    if (!md.published.empty()) {
      md.date_in_markup = true;
      break;
    }
  }
  std::string lang = !html_lang.empty() ? html_lang : meta_lang;
  if (!lang.empty()) {
    lang = Lower(html::Trim(lang));
    size_t cut = lang.find_first_of("-_");
    if (cut != std::string::npos) lang.resize(cut);
    md.language = lang;
  }
  for (const std::string* c : {&canonical, &og_url, &ld_url}) {
    md.canonical_url = LinkTarget(base, *c);
    if (!md.canonical_url.empty()) break;
  }
  return md;
}

}  // namespace wirecrawl::metadata
