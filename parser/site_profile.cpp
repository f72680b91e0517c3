#include "parser/site_profile.h"

#include <algorithm>
#include <set>

#include "base/ascii.h"
#include "parser/metadata.h"

namespace wirecrawl {
namespace {

size_t Words(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = ascii::IsWhitespace(c);
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return ascii::IsDigit(c); });
}

// Digit runs replaced by {n}: "p1234" -> "p{n}".
std::string BlankDigits(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (ascii::IsDigit(s[i])) {
      while (i < s.size() && ascii::IsDigit(s[i])) ++i;
      out += "{n}";
    } else {
      out += s[i++];
    }
  }
  return out;
}

// A path segment's shape: "11120.htm" -> "{n}.htm", "some-story-title.html"
// -> "{slug}.html", "news" -> "news".
std::string SegmentShape(std::string_view segment) {
  std::string_view base = segment, ext;
  if (size_t dot = segment.rfind('.'); dot != std::string_view::npos && dot > 0) {
    std::string_view e = segment.substr(dot + 1);
    bool short_word =
        !e.empty() && e.size() <= 5 && !AllDigits(e) &&
        std::all_of(e.begin(), e.end(), [](char c) { return ascii::IsAlpha(c) || ascii::IsDigit(c); });
    if (short_word) {
      base = segment.substr(0, dot);
      ext = segment.substr(dot);
    }
  }
  std::string shape;
  size_t joins = static_cast<size_t>(std::count(base.begin(), base.end(), '-') +
                                     std::count(base.begin(), base.end(), '_'));
  size_t escapes = static_cast<size_t>(std::count(base.begin(), base.end(), '%'));
  if (AllDigits(base)) {
    shape = "{n}";
  } else if (joins >= 2 || base.size() >= 25 || escapes >= 3) {
    // A title written into the URL: every story has its own.
    shape = "{slug}";
  } else {
    shape = BlankDigits(base);
  }
  shape += ext;
  return shape;
}

std::string QueryShape(std::string_view query) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view key = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      std::string part(key);
      if (eq != std::string_view::npos) part += value.empty() ? "=" : AllDigits(value) ? "={n}" : "={v}";
      parts.push_back(std::move(part));
    }
    start = end + 1;
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "&") + p;
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Longest first: "Site | World | " before "Site | ".
std::vector<const SitePattern*> LongestFirst(std::vector<const SitePattern*> list) {
  std::stable_sort(list.begin(), list.end(), [](const SitePattern* a, const SitePattern* b) {
    return a->pattern.size() > b->pattern.size();
  });
  return list;
}

// A title affix leaves at least this many words of headline.
constexpr size_t kMinHeadlineWords = 2;
// An affix longer than this is a headline part, not a site name.
constexpr size_t kMaxAffixWords = 6;

}  // namespace

const char* SitePatternKindName(SitePatternKind kind) {
  switch (kind) {
    case SitePatternKind::kArticleUrl:
      return "article_url";
    case SitePatternKind::kHubUrl:
      return "hub_url";
    case SitePatternKind::kTitlePrefix:
      return "title_prefix";
    case SitePatternKind::kTitleSuffix:
      return "title_suffix";
  }
  return "article_url";
}

std::optional<SitePatternKind> ParseSitePatternKind(std::string_view name) {
  for (SitePatternKind k : {SitePatternKind::kArticleUrl, SitePatternKind::kHubUrl,
                            SitePatternKind::kTitlePrefix, SitePatternKind::kTitleSuffix}) {
    if (name == SitePatternKindName(k)) return k;
  }
  return std::nullopt;
}

std::string UrlShape(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  size_t path_start = rest.find_first_of("/?#");
  if (path_start == std::string_view::npos) return "/";
  rest = rest.substr(path_start);
  rest = rest.substr(0, rest.find('#'));
  size_t q = rest.find('?');
  std::string_view path = rest.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : rest.substr(q + 1);
  std::string shape;
  size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      shape += '/';
      ++start;
      continue;
    }
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    shape += SegmentShape(path.substr(start, end - start));
    start = end;
  }
  if (shape.empty()) shape = "/";
  if (!query.empty()) shape += "?" + QueryShape(query);
  return shape;
}

void SiteProfile::Count(SitePatternKind kind, std::string pattern, int64_t now_ms) {
  if (pattern.empty()) return;
  SitePattern* victim = nullptr;
  size_t of_kind = 0;
  for (SitePattern& p : patterns) {
    if (p.kind != kind) continue;
    if (p.pattern == pattern) {
      ++p.pages;
      p.last_seen_ms = std::max(p.last_seen_ms, now_ms);
      return;
    }
    ++of_kind;
    if (victim == nullptr || p.pages < victim->pages ||
        (p.pages == victim->pages && p.last_seen_ms < victim->last_seen_ms)) {
      victim = &p;
    }
  }
  SitePattern fresh{kind, std::move(pattern), 1, now_ms};
  if (of_kind < kMaxPatternsPerKind || victim == nullptr) {
    patterns.push_back(std::move(fresh));
  } else {
    *victim = std::move(fresh);
  }
}

const SitePattern* SiteProfile::Find(SitePatternKind kind, std::string_view pattern) const {
  for (const SitePattern& p : patterns) {
    if (p.kind == kind && p.pattern == pattern) return &p;
  }
  return nullptr;
}

void SiteProfile::NoteArticleUrl(std::string_view url, int64_t now_ms) {
  Count(SitePatternKind::kArticleUrl, UrlShape(url), now_ms);
}

void SiteProfile::NoteHubUrl(std::string_view url, int64_t now_ms) {
  Count(SitePatternKind::kHubUrl, UrlShape(url), now_ms);
}

void SiteProfile::NoteTitle(std::string_view title_tag, int64_t now_ms) {
  std::string_view title = ascii::TrimWhitespace(title_tag);
  if (title.empty()) return;
  ++titled_pages;
  std::set<std::pair<SitePatternKind, std::string>> candidates;
  for (std::string_view sep : metadata::TitleSeparators()) {
    for (size_t at = title.find(sep); at != std::string_view::npos; at = title.find(sep, at + 1)) {
      std::string_view head = title.substr(0, at);
      std::string_view tail = title.substr(at + sep.size());
      size_t head_words = Words(head), tail_words = Words(tail);
      if (head_words >= 1 && head_words <= kMaxAffixWords && tail_words >= 1) {
        candidates.emplace(SitePatternKind::kTitlePrefix, std::string(title.substr(0, at + sep.size())));
      }
      if (tail_words >= 1 && tail_words <= kMaxAffixWords && head_words >= 1) {
        candidates.emplace(SitePatternKind::kTitleSuffix, std::string(title.substr(at)));
      }
    }
  }
  for (const auto& [kind, affix] : candidates) Count(kind, affix, now_ms);
}

const SitePattern* SiteProfile::TrustedUrlShape(std::string_view url, SitePatternKind kind) const {
  std::string shape = UrlShape(url);
  const SitePattern* p = Find(kind, shape);
  if (p == nullptr || p->pages < kMinPagesForUrlShape) return nullptr;
  SitePatternKind other =
      kind == SitePatternKind::kArticleUrl ? SitePatternKind::kHubUrl : SitePatternKind::kArticleUrl;
  // A shape both kinds claim tells nothing unless one claim is far stronger.
  if (const SitePattern* rival = Find(other, shape); rival != nullptr && rival->pages * 3 > p->pages)
    return nullptr;
  return p;
}

bool SiteProfile::AffixTrusted(const SitePattern& p) const {
  if (p.kind != SitePatternKind::kTitlePrefix && p.kind != SitePatternKind::kTitleSuffix) return false;
  return p.pages >= kMinPagesForAffix && p.pages * kAffixShareDivisor >= titled_pages;
}

std::vector<const SitePattern*> SiteProfile::TrustedAffixes() const {
  std::vector<const SitePattern*> out;
  for (const SitePattern& p : patterns) {
    if (AffixTrusted(p)) out.push_back(&p);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SitePattern* a, const SitePattern* b) { return a->pages > b->pages; });
  return out;
}

std::string SiteProfile::StripTitleAffixes(std::string_view raw) const {
  std::string_view title = ascii::TrimWhitespace(raw);
  std::vector<const SitePattern*> prefixes, suffixes;
  for (const SitePattern* p : TrustedAffixes()) {
    (p->kind == SitePatternKind::kTitlePrefix ? prefixes : suffixes).push_back(p);
  }
  for (const SitePattern* p : LongestFirst(prefixes)) {
    if (!StartsWith(title, p->pattern)) continue;
    std::string_view rest = ascii::TrimWhitespace(title.substr(p->pattern.size()));
    if (Words(rest) >= kMinHeadlineWords) {
      title = rest;
      break;
    }
  }
  for (const SitePattern* p : LongestFirst(suffixes)) {
    if (!EndsWith(title, p->pattern)) continue;
    std::string_view rest = ascii::TrimWhitespace(title.substr(0, title.size() - p->pattern.size()));
    if (Words(rest) >= kMinHeadlineWords) {
      title = rest;
      break;
    }
  }
  return std::string(title);
}

}  // namespace wirecrawl
