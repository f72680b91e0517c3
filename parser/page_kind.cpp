#include "parser/page_kind.h"

#include <algorithm>
#include <array>
#include <vector>

#include "base/ascii.h"

namespace wirecrawl {
namespace {

struct UrlParts {
  std::vector<std::string_view> segments;                            // path segments, empty ones dropped
  std::vector<std::pair<std::string_view, std::string_view>> query;  // key, value
  bool trailing_slash = false;
};

UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  size_t path_start = rest.find_first_of("/?#");
  if (path_start == std::string_view::npos) return parts;
  rest = rest.substr(path_start);
  rest = rest.substr(0, rest.find('#'));
  size_t q = rest.find('?');
  std::string_view path = rest.substr(0, q);
  parts.trailing_slash = path.size() > 1 && path.back() == '/';
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    size_t at = 0;
    while (at <= query.size()) {
      size_t end = query.find('&', at);
      if (end == std::string_view::npos) end = query.size();
      std::string_view pair = query.substr(at, end - at);
      if (!pair.empty()) {
        size_t eq = pair.find('=');
        parts.query.emplace_back(pair.substr(0, eq),
                                 eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      }
      at = end + 1;
    }
  }
  return parts;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return ascii::IsDigit(c); });
}

bool PlainWord(std::string_view s) {
  return !s.empty() && s.size() <= 24 &&
         std::all_of(s.begin(), s.end(), [](char c) { return ascii::IsAlpha(c); });
}

// A segment without its extension, lower-cased: "Section.asp" -> "section".
std::string Stem(std::string_view segment) {
  size_t dot = segment.rfind('.');
  if (dot != std::string_view::npos && dot > 0 && segment.size() - dot <= 6) segment = segment.substr(0, dot);
  return ascii::Lower(segment);
}

template <size_t N>
bool OneOf(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// The words CMSs put in the path of listings, by what they list. Matched
// against the last two path segments (/tag/gaza, /author/jane-doe/,
// /category/politics/, /section.asp?id=3).
// English first, then the French, Spanish, German and Italian words that
// news CMSs in those languages use.
constexpr std::array<std::string_view, 13> kTagWords = {
    "tag",    "tags",    "topic",     "topics",   "keyword",    "keywords", "label",
    "labels", "mot-cle", "mots-cles", "etiqueta", "schlagwort", "argomento"};
constexpr std::array<std::string_view, 10> kAuthorWords = {
    "author", "authors", "writer", "writers", "byline", "columnists", "auteur", "auteurs", "autor", "autore"};
constexpr std::array<std::string_view, 6> kSearchWords = {"search", "find",  "recherche",
                                                          "buscar", "suche", "cerca"};
constexpr std::array<std::string_view, 19> kSectionWords = {
    "category",  "categories", "section", "sections",  "archive", "archives", "calendar",
    "feed",      "cat",        "list",    "listing",   "sitemap", "rubrique", "rubriques",
    "categorie", "categoria",  "seccion", "kategorie", "ressort"};
constexpr std::array<std::string_view, 4> kIndexWords = {"index", "default", "home", "main"};
constexpr std::array<std::string_view, 7> kSearchKeys = {"q",       "s",        "query", "search",
                                                         "keyword", "keywords", "term"};
// Not "p": WordPress names posts ?p=123.
constexpr std::array<std::string_view, 5> kPageKeys = {"page", "paged", "pg", "start", "offset"};

// A path segment that names one story: a slug of three words or more, a
// long id, a long (percent-encoded) title.
bool IsStorySegment(std::string_view segment) {
  size_t joins = static_cast<size_t>(std::count(segment.begin(), segment.end(), '-') +
                                     std::count(segment.begin(), segment.end(), '_'));
  size_t digits = 0, longest = 0;
  for (char c : segment) {
    digits = ascii::IsDigit(c) ? digits + 1 : 0;
    longest = std::max(longest, digits);
  }
  return joins >= 2 || longest >= 4 || segment.size() >= 40;
}

std::string Signed(int weight) { return (weight > 0 ? "+" : "") + std::to_string(weight); }

// The evidence for one verdict: what was seen, with its weight (positive
// for an article, negative for a listing).
class Evidence {
 public:
  void Add(int weight, std::string what, bool learned = false) {
    score_ += weight;
    if (learned) learned_ += weight;
    if (weight < 0) hub_seen_ = true;
    items_.push_back(std::move(what) + " (" + Signed(weight) + ")");
  }
  int score() const { return score_; }
  // The score without what the site's learned URL shapes added.
  int unlearned_score() const { return score_ - learned_; }
  bool any_hub_evidence() const { return hub_seen_; }
  std::string Describe() const {
    std::string out;
    for (const std::string& item : items_) out += (out.empty() ? "" : ", ") + item;
    return out;
  }

 private:
  int score_ = 0;
  int learned_ = 0;
  bool hub_seen_ = false;
  std::vector<std::string> items_;
};

std::string WordsOfProse(size_t words) {
  return std::to_string(words) + (words == 1 ? " word" : " words") + " of prose";
}

std::string Teasers(int n) { return std::to_string(n) + (n == 1 ? " teaser" : " teasers"); }

}  // namespace

const char* PageKindName(PageKind kind) {
  switch (kind) {
    case PageKind::kArticle:
      return "article";
    case PageKind::kHub:
      return "hub";
    case PageKind::kOther:
      return "page";
  }
  return "page";
}

bool LooksLikeArticleUrl(std::string_view url) {
  if (ListingUrlKind(url)) return false;
  UrlParts parts = SplitUrl(url);
  // ?id=12345 on a script that is not a listing (legacy CMSs: news.php?id=...;
  // WordPress: /?p=123).
  for (const auto& [key, value] : parts.query) {
    if (AllDigits(value) && value.size() >= 3 && !OneOf(ascii::Lower(key), kPageKeys)) return true;
  }
  const std::vector<std::string_view>& segments = parts.segments;
  if (segments.empty()) return false;  // the front page
  // A slug of several words, a long numeric id, or a percent-encoded
  // (non-Latin) title: the way CMSs name single stories.
  if (IsStorySegment(segments.back())) return true;
  bool dated = segments.size() >= 3 && AllDigits(segments[0]) && AllDigits(segments[1]);
  return dated && !AllDigits(segments.back());
}

std::optional<std::string_view> ListingUrlKind(std::string_view url) {
  UrlParts parts = SplitUrl(url);
  const std::vector<std::string_view>& segments = parts.segments;
  for (const auto& [raw_key, value] : parts.query) {
    std::string key = ascii::Lower(raw_key);
    if (OneOf(key, kPageKeys) && AllDigits(value)) return "a paginated listing";
    if (OneOf(key, kSearchKeys)) return "a search page";
  }
  if (segments.empty() || (segments.size() == 1 && OneOf(Stem(segments[0]), kIndexWords))) {
    return parts.query.empty() ? std::optional<std::string_view>("a front page") : std::nullopt;
  }
  size_t n = segments.size();
  // A story filed under a section word still has its slug or id last:
  // /archive/2024/10/some-story-title.html, /list/123456.
  const bool story_last = IsStorySegment(segments.back());
  for (size_t i = n >= 2 ? n - 2 : 0; i < n; ++i) {
    std::string word = Stem(segments[i]);
    if (word == "page" && (i + 1 < n ? AllDigits(segments[i + 1]) : true)) return "a paginated listing";
    if (OneOf(word, kTagWords)) return "a tag page";
    if (OneOf(word, kAuthorWords)) return "an author page";
    if (OneOf(word, kSearchWords)) return "a search page";
    if (OneOf(word, kSectionWords) && (i + 1 == n || !story_last)) return "a section page";
  }
  // "/news/index.htm": a section's front.
  if (OneOf(Stem(segments.back()), kIndexWords) && segments.back().find('.') != std::string_view::npos) {
    return "a section page";
  }
  // "/world/", "/en/", "/world/europe/": plain words ending in a slash name a
  // section (a story's URL has a slug, an id or a date).
  if (parts.trailing_slash && parts.query.empty() && n <= 2 &&
      std::all_of(segments.begin(), segments.end(), PlainWord)) {
    return "a section page";
  }
  return std::nullopt;
}

size_t BodyWordCount(const Article& article) {
  size_t words = 0;
  for (const std::string& p : article.paragraphs) {
    bool in_word = false;
    for (unsigned char c : p) {
      bool space = ascii::IsWhitespace(static_cast<char>(c));
      if (!space && !in_word) ++words;
      in_word = !space;
    }
  }
  return words;
}

void LearnFromPage(SiteProfile& site, std::string_view url, std::string_view title_tag, PageKind kind,
                   bool confident, int64_t now_ms) {
  site.NoteTitle(title_tag, now_ms);
  if (!confident) return;
  if (kind == PageKind::kArticle) site.NoteArticleUrl(url, now_ms);
  if (kind == PageKind::kHub) site.NoteHubUrl(url, now_ms);
}

PageVerdict ClassifyPage(const Article& article, std::string_view url) {
  PageContext context;
  context.url = url;
  return ClassifyPage(article, context);
}

PageVerdict ClassifyPage(const Article& article, const PageContext& context) {
  const std::string_view url = context.url;
  const size_t words = BodyWordCount(article);
  const PageSignals& signals = article.signals;
  const std::string prose = WordsOfProse(words);

  // The operator knows the site better than any rule.
  if (context.site_rule) {
    std::string rule = "site rule '" + std::string(context.site_rule_pattern) + "'";
    if (*context.site_rule == PageKind::kArticle && words == 0) {
      return {PageKind::kOther, rule + " says article, but the page has no text", false};
    }
    return {*context.site_rule, rule + ", " + prose, false};
  }

  // A front, section, tag, author or search page is never an article.
  if (std::optional<std::string_view> listing = ListingUrlKind(url)) {
    std::string reason(*listing);
    int teasers = std::max(signals.link_lines, signals.teasers);
    if (teasers > 0) reason += ", " + Teasers(teasers);
    return {PageKind::kHub, reason + ", " + prose, false};
  }

  Evidence evidence;
  switch (context.found) {
    case HowFound::kNewsSitemap:
      evidence.Add(3, "listed in a news sitemap");
      break;
    case HowFound::kFeed:
      evidence.Add(3, "a feed item");
      break;
    case HowFound::kSitemap:
      evidence.Add(1, "listed in a sitemap");
      break;
    case HowFound::kTeaser:
      evidence.Add(2, "linked from a listing's teaser");
      break;
    // A seed is where a crawl starts: a front or section page (whose URL
    // says so), or a story someone wants: no evidence either way.
    case HowFound::kSeed:
    case HowFound::kLink:
    case HowFound::kUnknown:
      break;
  }
  if (article.is_article_type) evidence.Add(3, "declared an article (JSON-LD or og:type)");
  if (signals.date_in_markup || !article.published.empty()) evidence.Add(1, "a publication date");
  if (!article.author.empty()) evidence.Add(1, "a byline");
  if (signals.body_marker) {
    evidence.Add(1, "an articleBody");
  } else if (signals.article_elements == 1) {
    evidence.Add(1, "an <article> element");
  }
  const SitePattern* article_shape =
      context.site ? context.site->TrustedUrlShape(url, SitePatternKind::kArticleUrl) : nullptr;
  const SitePattern* hub_shape =
      context.site ? context.site->TrustedUrlShape(url, SitePatternKind::kHubUrl) : nullptr;
  if (article_shape) {
    evidence.Add(2, "a URL like the site's articles " + article_shape->pattern, /*learned=*/true);
  } else if (LooksLikeArticleUrl(url)) {
    evidence.Add(1, "an article-like URL");
  }
  if (hub_shape) evidence.Add(-3, "a URL like the site's listings " + hub_shape->pattern, /*learned=*/true);

  // A listing's main block is a column of teasers: headlines that link away
  // with a few lines between them; no run of prose holds much of the text.
  // Or the block chosen as the page's text is itself one teaser (it opens
  // with a headline linking away) among many like it on the page. A story's
  // prose is one long run, perhaps cut by a few "read also" links, which its
  // other evidence outweighs, and a box of teasers beside it is not its text.
  const bool column = signals.link_lines >= 4 && signals.longest_prose_run * 10 < signals.prose_words * 4;
  const bool one_of_many = signals.opens_with_headline_link && signals.teasers >= 4;
  const bool teasers = column || one_of_many;
  const int teaser_count = std::max(signals.link_lines, signals.teasers);
  if (teasers) evidence.Add(-4, Teasers(teaser_count));
  if (signals.article_elements >= 3)
    evidence.Add(-2, std::to_string(signals.article_elements) + " <article> cards");
  size_t story_links =
      static_cast<size_t>(std::count_if(article.links.begin(), article.links.end(),
                                        [](const std::string& l) { return LooksLikeArticleUrl(l); }));
  if (story_links >= 20 && words < 25 * story_links) {
    evidence.Add(-1, std::to_string(story_links) + " links to stories");
  }
  if (signals.pagination_links > 0) evidence.Add(-1, "pagination");

  const int score = evidence.score();
  if (words >= kMinArticleWords) {
    // A brief needs evidence; a longer text less; a long one only no sign
    // of a listing.
    bool enough = score >= 3 || (score >= 1 && words >= 150) ||
                  (score >= 0 && words >= 300 && !evidence.any_hub_evidence());
    if (enough) {
      const int unlearned = evidence.unlearned_score();
      bool confident = unlearned >= 3 || (unlearned >= 0 && words >= 300 && !evidence.any_hub_evidence());
      std::string described = evidence.Describe();
      return {PageKind::kArticle, described.empty() ? prose : prose + "; " + described, confident};
    }
  }
  std::string described = evidence.Describe();
  if (evidence.any_hub_evidence()) {
    // What a listing is known by first: its teasers.
    std::string reason =
        teasers ? Teasers(teaser_count) + ", " + WordsOfProse(static_cast<size_t>(signals.prose_words))
                : prose;
    bool structural = teasers || signals.article_elements >= 3;
    return {PageKind::kHub, reason + "; " + described, structural && !hub_shape};
  }
  std::string why =
      words < kMinArticleWords ? " (too few for an article)" : " (too little evidence for an article)";
  return {PageKind::kOther, prose + why + (described.empty() ? "" : "; " + described), false};
}

}  // namespace wirecrawl
