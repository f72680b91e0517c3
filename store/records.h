// store/records.h: the plain values that go in and out of a Store.
//
// Times are Unix epoch milliseconds (UTC) throughout; store/timestamps.h
// converts to and from ISO 8601. Ids are the database's 64-bit row ids; a
// story's id is the id of its first article (the dedup/ contract).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wirecrawl {

// ---- Articles and stories -------------------------------------------------

struct StoredArticle {
  int64_t id = 0;
  std::string url;
  std::string canonical_url;
  std::string site;  // registrable domain of the canonical URL ("bbc.co.uk")
  std::string title;
  std::string author;
  std::string published;  // as extracted (ISO 8601), or empty
  std::string language;
  std::string body;  // paragraphs joined by '\n'
  int64_t story_id = 0;
  double similarity = 1.0;            // estimated Jaccard to the story's first member
  std::optional<int64_t> matched_id;  // the member it matched when it joined
  uint64_t body_hash = 0;             // hash of the normalised body (dedup's exact hash)
  int version = 1;                    // 1 + number of earlier bodies kept in article_versions
  int64_t fetched_ms = 0;             // first stored
  int64_t updated_ms = 0;             // last material body change (== fetched_ms if none)
};

// An article's title and body in NormalizeText form (dedup/normalize.h), as
// the search index holds them. The ingest path already has the body's (dedup
// normalised it to fingerprint it) and hands it on, so that the text is
// normalised once; an unset field is normalised by the store.
struct NormalizedText {
  std::optional<std::string_view> title;
  std::optional<std::string_view> body;
};

// The part of an article that decides what a new copy of it means.
struct ArticleKey {
  int64_t id = 0;
  int64_t story_id = 0;
  uint64_t body_hash = 0;
  int version = 1;
  int64_t fetched_ms = 0;  // first stored
};

enum class ArticleChange {
  kUnchanged,        // same normalised body and metadata: only last-seen moved
  kMetadataUpdated,  // same normalised body, new title/author/...: updated in place
  kNewVersion,       // body changed: the previous one was kept in article_versions
};

// One stored fingerprint: what the story index compares a new article with.
struct StoredFingerprint {
  int64_t article_id = 0;
  int64_t story_id = 0;
  uint64_t body_hash = 0;
  uint32_t shingle_count = 0;
  int64_t seen_ms = 0;  // the article's date when it joined (published, else fetched)
  std::string site;
  // EncodeSignature's blob (dedup/fingerprint.h); empty once the article
  // left the dedup window and upkeep dropped its fingerprint with its band
  // keys (Maintenance::PruneStoryIndex): only lookups inside the window use
  // it.
  std::string signature;
};

struct StorySummary {
  int64_t id = 0;
  int64_t representative_id = 0;
  std::string title;  // the representative article's title
  int64_t member_count = 0;
  int64_t site_count = 0;
  std::vector<std::string> sites;  // distinct sites, most members first
  int64_t first_seen_ms = 0;       // earliest member date (published, else fetched)
  int64_t last_seen_ms = 0;        // latest member date
  // Who broke the story: the member published first (its published time,
  // else its fetched time; the smaller id on a tie), whatever order the
  // crawler found the members in.
  int64_t first_published_id = 0;
  std::string first_published_site;
  int64_t first_published_ms = 0;
};

struct StoryMember {
  int64_t article_id = 0;
  std::string title;
  std::string url;
  std::string site;
  std::string published;
  std::string language;
  double similarity = 1.0;
  int64_t fetched_ms = 0;
};

struct StoryDetail {
  StorySummary summary;
  std::vector<StoryMember> members;  // in the order they joined
};

struct StoryFilter {
  std::optional<int64_t> since_ms;  // stories seen (last_seen) at or after
  int64_t min_sites = 1;
  int64_t limit = 50;
};

// How many matches a search ranks: the most recently stored ones (highest
// article ids) that match the query and its filters. Ranking costs a little
// per matching article, so a word found in nearly every article ranked the
// whole archive: 2.5 s at a million articles (bench/archive/README.md). The
// newest matches are what a reader of news wants first; a word this common
// reaches back hours or days, a word in 1 % of the articles a month or more
// at 20,000 articles a day. Both backends apply it (the same articles).
inline constexpr int64_t kSearchNewestMatches = 10'000;

// A full-text query. `text` is what the user typed: words (any script, with
// or without diacritics), "quoted phrases", OR, -excluded, prefix*.
struct SearchQuery {
  std::string text;
  std::string language;             // only articles in this language, if set
  std::optional<int64_t> since_ms;  // article date (published, else fetched)
  int64_t limit = 20;
  // The best `limit` of the `newest_matches` newest matching articles;
  // 0 or less: of every match (as slow as the matches are many).
  int64_t newest_matches = kSearchNewestMatches;
};

struct SearchHit {
  int64_t article_id = 0;
  int64_t story_id = 0;
  // bm25 relevance relative to the query's best hit: 1 for the best, less
  // for the others. Relative because FTS5's bm25 floors the weight of a word
  // found in more than half of the articles (an Arabic word in an archive
  // that is mostly Arabic) at 1e-6, which made every such hit score 0.00.
  double score = 0;
  std::string title;
  std::string url;
  std::string site;
  std::string published;
  std::string language;
  std::string snippet;  // a passage of the original body around the matches
  // Byte ranges [first, second) of snippet that matched a query word.
  std::vector<std::pair<size_t, size_t>> highlights;
};

// A URL of the frontier as `wirecrawl show URL` tells it: where it stands
// and, once fetched, what kind of page it was and why.
struct PageRecord {
  std::string url;
  std::string host;
  std::string state;      // ToString(UrlState)
  std::string kind;       // as discovered: ToString(UrlKind)
  std::string found_via;  // ToString(FoundVia); empty for URLs queued before schema version 8
  std::string page_kind;  // as fetched: "article", "hub", "page", ...; empty until fetched
  std::string page_reason;
  int attempts = 0;
  std::optional<int> last_status;
  std::string last_error;
  std::optional<int64_t> last_fetched_ms;
  std::optional<int64_t> next_due_ms;  // when queued
  std::optional<int64_t> article_id;
};

struct ExportFilter {
  std::optional<int64_t> since_ms;  // article date (published, else fetched)
};

// ---- Crawl state ------------------------------------------------------------

enum class SourceKind { kSeed, kFeed, kSitemap };

// Where a source comes from, weakest first. A stored source's origin only
// rises: a URL the configuration names becomes a config source, whatever
// added it first; `wirecrawl sources add` makes a command-line or discovered
// source one the operator keeps.
enum class SourceOrigin {
  kCommandLine,  // a URL given to `wirecrawl crawl`: fetched by that crawl, not by later ones
  kDiscovered,   // a feed or sitemap the crawler found (robots.txt, links, feed autodiscovery)
  kAdded,        // `wirecrawl sources add`: read by every crawl, as a configured one
  kConfig,       // named by a configuration's [sources]
};

struct Source {
  int64_t id = 0;
  std::string url;
  SourceKind kind = SourceKind::kSeed;
  SourceOrigin origin = SourceOrigin::kDiscovered;
  bool paused = false;  // `wirecrawl sources pause`: not fetched until resumed
  int64_t added_ms = 0;
  int64_t refresh_interval_ms = 15 * 60 * 1000;
  int64_t next_refresh_ms = 0;
  std::optional<int64_t> last_refreshed_ms;
  std::optional<int> last_status;  // HTTP status of the last refresh
  std::string etag;
  std::string last_modified;
  std::string last_error;
  int consecutive_failures = 0;
};

enum class UrlKind { kPage, kArticle, kHub, kFeed, kSitemap };
enum class UrlState { kQueued, kFetching, kDone, kFailed, kSkipped };

// How the crawler came to a URL: evidence of what the page is (a news
// sitemap lists articles; a front page is a seed). Listed from the weakest
// to the strongest: when a URL is found again in a stronger way, the
// frontier keeps the stronger.
enum class FoundVia {
  kLink,         // a link on a page
  kRedirect,     // the target of a redirect (from a URL found some other way)
  kTeaser,       // a headline link on a listing (a teaser)
  kSitemap,      // a <url> of a sitemap
  kFeed,         // an item of an RSS, Atom or JSON feed
  kNewsSitemap,  // a <url> of a sitemap with a <news:news> block
  kSeed,         // configured: a seed, feed or sitemap of the config or command line
};

struct UrlToEnqueue {
  std::string url;  // absolute, already normalised by the crawler
  UrlKind kind = UrlKind::kPage;
  FoundVia found_via = FoundVia::kLink;
  int depth = 0;
  int priority = 0;    // higher is fetched first
  int64_t due_ms = 0;  // not before this time
  std::optional<int64_t> source_id;
};

struct DueUrl {
  int64_t id = 0;
  std::string url;
  std::string host;
  UrlKind kind = UrlKind::kPage;
  FoundVia found_via = FoundVia::kLink;
  int depth = 0;
  int priority = 0;
  int attempts = 0;           // failed attempts so far
  std::string etag;           // for If-None-Match
  std::string last_modified;  // for If-Modified-Since
  std::optional<int64_t> source_id;
  // PostgreSQL (several crawler processes): the host's next allowed time
  // as stored when this process newly leased the host (another process may
  // have fetched it a moment ago), on the URLs of its first take; 0
  // otherwise, and always 0 on SQLite. The frontier waits for it.
  int64_t host_not_before_ms = 0;
};

struct FetchedUrl {
  int64_t url_id = 0;
  int64_t fetched_ms = 0;
  int http_status = 200;  // 304 keeps the stored validators and article
  std::string etag;
  std::string last_modified;
  std::optional<int64_t> article_id;
  // Feeds and hubs come back: set to re-queue the URL at that time;
  // unset, the URL is done.
  std::optional<int64_t> refetch_at_ms;
  // What the page was (PageKindName: "article", "hub", "page", "sitemap", ...) and
  // the evidence; empty keeps what an earlier fetch recorded (a 304).
  std::string page_kind;
  std::string page_reason;
};

struct FailedUrl {
  int64_t url_id = 0;
  int64_t failed_ms = 0;
  std::optional<int> http_status;
  std::string error;
  // The crawler's back-off decision: retry at this time (attempts + 1), or
  // unset to give up (state failed).
  std::optional<int64_t> retry_at_ms;
};

struct FetchRecord {
  int64_t url_id = 0;
  int64_t started_ms = 0;
  std::optional<int> http_status;  // unset when no response arrived
  int64_t bytes = 0;
  int64_t elapsed_ms = 0;
  std::string error;
  std::vector<std::string> redirects;  // each URL after the first, in order
  std::string content_type;
};

struct RobotsCacheEntry {
  int http_status = 0;  // of the robots.txt fetch; 0 when unreachable
  std::string body;     // as served (the crawler enforces the 500 KiB limit)
  int64_t fetched_ms = 0;
  int64_t expires_ms = 0;
};

struct HostPoliteness {
  int64_t crawl_delay_ms = 0;    // from robots.txt, after the crawler's cap
  int64_t next_allowed_ms = 0;   // earliest time of the next request
  int64_t backoff_until_ms = 0;  // after 429/503/timeouts (Retry-After)
  int consecutive_errors = 0;
};

struct HostPageCount {
  std::string host;
  std::string page_kind;
  int64_t pages = 0;
};

struct StoreStats {
  std::vector<std::pair<std::string, int64_t>> urls_by_state;
  std::vector<std::pair<std::string, int64_t>> fetches_by_status;  // "200", "404", "error"
  int64_t articles = 0;
  int64_t article_versions = 0;
  int64_t stories = 0;
  int64_t multi_site_stories = 0;
  int64_t sources = 0;
  int64_t hosts = 0;
  int64_t database_bytes = 0;  // main file + WAL
  int schema_version = 0;
  std::vector<std::pair<std::string, int64_t>> pages_by_kind;  // fetched pages by their verdict
  // Fetched pages per host and verdict, hosts with the most articles first.
  std::vector<HostPageCount> pages_by_host;
};

// What `wirecrawl status` shows: the daemon's metrics, read back from the
// database (counts over a recent window, since_ms .. now).
struct ServiceStatus {
  std::vector<std::pair<std::string, int64_t>> urls_by_state;
  std::vector<std::pair<std::string, int64_t>> fetches_by_class;  // "2xx", "4xx", "error"; in the window
  int64_t fetched_bytes = 0;                                      // in the window
  std::optional<int64_t> fetch_ms_median, fetch_ms_p90;           // in the window
  int64_t articles = 0;                                           // new in the window
  int64_t new_stories = 0;                                        // of which started a story
  int64_t exact_duplicates = 0;                                   // joined with the same normalised text
  int64_t near_duplicates = 0;
  // Stored time minus published time of the window's articles, seconds.
  std::optional<int64_t> lag_s_median, lag_s_p90;
  int64_t robots_denials = 0;  // all time
  int64_t hosts_in_backoff = 0;
  int64_t sources_active = 0, sources_retired = 0;
  std::optional<int64_t> last_fetch_ms;
  // Pages fetched in the window by their verdict, in all and per host
  // (hosts with the most articles first), so that a site whose articles
  // stop being recognised shows.
  std::vector<std::pair<std::string, int64_t>> pages_by_kind;
  std::vector<HostPageCount> pages_by_host;
};

// ---- What the web page shows (web/) -------------------------------------------

// A page of the story list, newest first (last_seen_ms, then id).
struct StoryListQuery {
  std::optional<int64_t> from_ms;   // stories whose last copy is dated at or after
  std::optional<int64_t> until_ms;  // stories whose first copy is dated before
  std::string language;             // the representative's language ("ar"), if set
  int64_t min_sites = 1;
  int64_t offset = 0;
  int64_t limit = 50;
};

// When one copy of a story appeared. Its date is the article's date
// (published, else fetched), as for StorySummary::first_seen_ms.
struct CopyTime {
  int64_t article_id = 0;
  std::string site;
  std::optional<int64_t> published_ms;  // parsed from the page; unset when it gave none
  int64_t fetched_ms = 0;               // first stored
  int64_t date_ms = 0;                  // published_ms, else fetched_ms
};

struct StoryOverview {
  StorySummary summary;  // with sites and the first to publish
  std::string language;  // the representative's
  // Every copy in time order (date_ms, then id), the order that names the
  // first to publish: copies.front() is summary.first_published_id.
  std::vector<CopyTime> copies;
};

struct StoryListing {
  std::vector<StoryOverview> stories;
  bool more = false;  // stories beyond this page match the query
};

// One copy of a story with its text, for the story page.
struct StoryCopy {
  CopyTime time;
  std::string title;
  std::string url;
  std::string language;
  std::string published;  // as extracted (ISO 8601), or empty
  double similarity = 1.0;
  int version = 1;
  std::string body;  // paragraphs joined by '\n'
};

// Another story whose articles contain one of the given passages word for
// word (after NormalizeText): a shared quote, a boilerplate paragraph, a
// wire story's paragraph reused in another story.
struct SharedPassage {
  size_t passage = 0;  // index into the passages asked about
  int64_t story_id = 0;
  int64_t article_id = 0;
  std::string title;
  std::string site;
};

// An earlier body of an article (article_versions).
struct ArticleVersion {
  int version = 1;
  int64_t fetched_ms = 0;   // when this version was first seen
  int64_t replaced_ms = 0;  // when the next one replaced it
  std::string title;
  std::string body;
};

// How one crawled host is doing, for the web page's sources page. Counts of
// URLs are over the frontier (each URL's latest state and response); the
// articles are those of the host's site (articles.site, the registrable
// domain), by the day they were first stored.
struct HostHealth {
  std::string host;  // host key: lower case, ":port" when not the default
  std::string site;  // SiteOfUrl of the host: whose articles are counted
  std::optional<int64_t> last_fetch_ms;
  // The latest response of each fetched URL, by class: "2xx", "3xx",
  // "4xx", "5xx", "error" (no response).
  std::vector<std::pair<std::string, int64_t>> status_mix;
  std::vector<std::pair<std::string, int64_t>> urls_by_state;
  std::vector<std::pair<std::string, int64_t>> pages_by_kind;
  int64_t robots_denied = 0;  // URLs skipped because robots.txt disallows them
  std::string last_error;     // of the most recently failed URL
  std::optional<int64_t> last_error_ms;
  int consecutive_errors = 0;
  int64_t backoff_until_ms = 0;  // in back-off while after now
  int64_t crawl_delay_ms = 0;
  std::optional<int> robots_status;  // of the robots.txt fetch; 0: unreachable; unset: never fetched
  std::optional<int64_t> robots_fetched_ms;
  std::optional<int64_t> robots_expires_ms;
  // The site's articles stored per day, oldest first, the last entry being
  // the day of HealthQuery::now_ms (UTC days).
  std::vector<int64_t> articles_per_day;
  int64_t articles = 0;                    // the site's, all time
  std::vector<Source> sources;             // the sources on this host
  std::optional<int64_t> next_refresh_ms;  // the earliest of its active sources
};

// A page of hosts, by host name: every host of the frontier and every
// source's host.
struct HealthQuery {
  int64_t now_ms = 0;
  int days = 30;  // length of articles_per_day
  int64_t offset = 0;
  int64_t limit = 50;
};

struct HostHealthListing {
  std::vector<HostHealth> hosts;
  int64_t total = 0;  // hosts in all pages
};

const char* ToString(UrlKind kind);
const char* ToString(
    FoundVia via);  // "link", "redirect", "teaser", "sitemap", "feed", "news_sitemap", "seed"
const char* ToString(UrlState state);
const char* ToString(SourceKind kind);
// "command-line", "discovered", "added", "config" (as stored and printed).
const char* ToString(SourceOrigin origin);

}  // namespace wirecrawl
