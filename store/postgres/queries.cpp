// The PostgreSQL Store: what users ask of the database (search, stories,
// show, export, stats), with the same results as the SQLite backend's
// (store/sqlite/queries.cpp) for the same data.
//
// Search runs on article_search, a tsvector per article in the `arabic`
// text search configuration (Snowball Arabic) over NormalizeText output,
// which articles.cpp writes. The user's query goes through the same
// parser as on SQLite (store/search_text.h) and the same normalisation.
// Two things differ from FTS5, and both are undone here so that a query
// finds the same articles on both backends:
// - Snowball stems: "وزير" is indexed as "زير", "القطري" as "قطر", so the
//   index finds more than the words typed. The index gives candidates (a
//   superset: a word and its stem are the same for the document and the
//   query), and each one is checked against the exact words of its
//   normalised title and body (search::MatchesDocument) before it counts.
//   Exclusions (-word) are applied by that check only: excluding a stem
//   would drop documents that hold another word of the same stem.
// - A prefix (word*) is matched on stems by the index. Besides the stemmed
//   prefix, the query asks for the prefix as typed and without the one to
//   three letters Snowball Arabic may strip in front (و, ال, بال...), so
//   that a document word the prefix begins is found through its stem;
//   what is still missed is a prefix longer than the stem of the word it
//   begins (its suffix stripped into the prefix).
// Ranking is PostgreSQL's ts_rank_cd (cover density, divided by 1 + the
// log of the document's length), not FTS5's bm25 with the title weighted:
// the same articles, in an order that may differ between close scores.
// It ranks the same matches as SQLite: the SearchQuery::newest_matches
// newest that pass the exact check (store/records.h). When more candidates
// than that exist, the bound is found by checking candidates newest first
// until that many pass, so that a rare word whose stem a common word
// shares (زير, وزير) still reaches as far back as on SQLite. The cost is
// about 100 us per article checked, mostly its normalisation: 1.2 s for a
// word in every article of 30,000 (bench/archive/README.md), where ranking
// all 30,000 took 0.4 s; ts_rank_cd alone costs ~25 us per ranked row, so
// ranking every match of such a word in a million articles would take ~25 s.
// An index of the exact normalised words (a `simple` tsvector) would make
// the check, and most of this cost, unnecessary.
//
// The database: Snowball Arabic and the parser need the database's
// encoding to be UTF8 (`initdb --encoding=UTF8`, or `CREATE DATABASE ...
// ENCODING 'UTF8' TEMPLATE template0`). Its LC_CTYPE may be a UTF-8 locale
// (the tests' server: C.UTF-8), whose classes tell the parser which
// characters are letters, or C, where PostgreSQL counts every non-ASCII
// character as a letter: both see the words of NormalizeText output, which
// has no punctuation or symbols left. In a SQL_ASCII database no Arabic
// letter is a letter and Search says so rather than find nothing.
// Text is ordered COLLATE "C" (byte order, as SQLite's BINARY), whatever
// the database's collation.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "store/postgres/postgres_store.h"
#include "store/postgres/schema.h"
#include "store/postgres/story_summary.h"
#include "store/search_text.h"

namespace wirecrawl {
namespace {

#define WIRECRAWL_PG_ARTICLE_COLUMNS                                                                       \
  "a.id, a.url, a.canonical_url, a.site, a.title, a.author, a.published, a.language, a.body, a.story_id, " \
  "a.similarity, a.body_hash, a.version, a.fetched_ms, a.updated_ms, a.matched_id"

// Each term's tsquery, parsed and stemmed by PostgreSQL ($1: text[] of
// to_tsquery input, each term's words quoted).
constexpr const char* kTermQueries =
    "SELECT to_tsquery('arabic', t)::text FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i";
// $1 the tsquery, $2 language, $3 since (article date).
#define WIRECRAWL_PG_SEARCH_WHERE                                                    \
  " FROM article_search s JOIN articles a ON a.id = s.article_id "                   \
  "WHERE s.document @@ $1::tsquery AND ($2::text IS NULL OR a.language = $2::text) " \
  "AND ($3::bigint IS NULL OR coalesce(a.published_ms, a.fetched_ms) >= $3::bigint) "
// The id of the newest candidate but $4: whether more than $4 candidates
// exist (OldestRanked).
constexpr const char* kSearchNewestCandidateAfter =
    "SELECT a.id" WIRECRAWL_PG_SEARCH_WHERE "ORDER BY a.id DESC LIMIT 1 OFFSET $4";
// The newest candidates below id $4, at most $5, with what the exact check
// reads.
constexpr const char* kSearchNewestCandidates =
    "SELECT a.id, a.title, a.body" WIRECRAWL_PG_SEARCH_WHERE "AND a.id < $4 ORDER BY a.id DESC LIMIT $5";
constexpr int64_t kSearchCandidatePage = 1000;
// Candidates from id $6 on, best first; $4/$5 a page of them.
constexpr const char* kSearchCandidates =
    "SELECT ts_rank_cd(s.document, $1::tsquery, 1), " WIRECRAWL_PG_ARTICLE_COLUMNS WIRECRAWL_PG_SEARCH_WHERE
    "AND a.id >= $6 ORDER BY 1 DESC, a.id LIMIT $4 OFFSET $5";
#undef WIRECRAWL_PG_SEARCH_WHERE

constexpr const char* kArticleById =
    "SELECT " WIRECRAWL_PG_ARTICLE_COLUMNS " FROM articles a WHERE a.id = $1";
constexpr const char* kArticleByUrl =
    "SELECT " WIRECRAWL_PG_ARTICLE_COLUMNS
    " FROM articles a WHERE a.url = $1 OR a.canonical_url = $1 ORDER BY a.url = $1 DESC, a.id LIMIT 1";
// A page of the export, after the last id emitted ($1), so that a long
// export never holds its whole result in memory.
constexpr const char* kExport =
    "SELECT " WIRECRAWL_PG_ARTICLE_COLUMNS
    " FROM articles a WHERE a.id > $1 AND ($2::bigint IS NULL OR coalesce(a.published_ms, a.fetched_ms) >= "
    "$2::bigint) ORDER BY a.id LIMIT $3";
constexpr int64_t kExportPage = 500;

// With the first to publish (store/postgres/story_summary.h).
#define WIRECRAWL_PG_STORY_COLUMNS \
  "SELECT " WIRECRAWL_PG_STORY_SUMMARY_COLUMNS WIRECRAWL_PG_STORY_SUMMARY_FROM
constexpr const char* kStories = WIRECRAWL_PG_STORY_COLUMNS
    "WHERE ($1::bigint IS NULL OR s.last_seen_ms >= $1::bigint) AND s.site_count >= $2 "
    "ORDER BY s.last_seen_ms DESC, s.id DESC LIMIT $3";
constexpr const char* kStory = WIRECRAWL_PG_STORY_COLUMNS "WHERE s.id = $1";
#undef WIRECRAWL_PG_STORY_COLUMNS
// Sites of several stories, most copies first.
constexpr const char* kStorySites =
    "SELECT story_id, site, count(*) AS n FROM articles WHERE story_id = ANY($1::bigint[]) "
    "GROUP BY story_id, site ORDER BY story_id, n DESC, site COLLATE \"C\"";
constexpr const char* kStoryMembers =
    "SELECT id, title, url, site, published, language, similarity, fetched_ms FROM articles "
    "WHERE story_id = $1 ORDER BY id";
constexpr const char* kPage =
    "SELECT u.url, h.host, u.state, u.kind, u.page_kind, u.page_reason, u.attempts, u.last_status, u.last_error, "
    "u.last_fetched_ms, u.next_due_ms, u.article_id, u.found_via FROM urls u JOIN hosts h ON h.id = u.host_id "
    "WHERE u.url = $1";
// Fetched pages per host and verdict, the hosts with the most articles
// first (then the most pages). $1, $2: a window on last_fetched_ms.
constexpr const char* kPagesByHost =
    "WITH counts AS (SELECT u.host_id, u.page_kind, count(*) AS n FROM urls u WHERE u.page_kind IS NOT NULL "
    "AND u.last_fetched_ms BETWEEN coalesce($1::bigint, 0) AND coalesce($2::bigint, 9223372036854775807) "
    "GROUP BY u.host_id, u.page_kind), "
    "totals AS (SELECT host_id, sum(CASE WHEN page_kind = 'article' THEN n ELSE 0 END) AS articles, sum(n) AS pages "
    "FROM counts GROUP BY host_id) "
    "SELECT h.host, c.page_kind, c.n FROM counts c JOIN totals t ON t.host_id = c.host_id "
    "JOIN hosts h ON h.id = c.host_id "
    "ORDER BY t.articles DESC, t.pages DESC, h.host COLLATE \"C\", c.page_kind COLLATE \"C\"";

constexpr const char* kUrlsByState =
    "SELECT state, count(*) FROM urls GROUP BY state ORDER BY state COLLATE \"C\"";
constexpr const char* kPagesByKind =
    "SELECT page_kind, count(*) FROM urls WHERE page_kind IS NOT NULL GROUP BY page_kind "
    "ORDER BY page_kind COLLATE \"C\"";
// SQLite sorts NULL (no response) first.
constexpr const char* kFetchesByStatus =
    "SELECT status, count(*) FROM fetches GROUP BY status ORDER BY status NULLS FIRST";
constexpr const char* kCounts =
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_versions), "
    "(SELECT count(*) FROM stories), (SELECT count(*) FROM stories WHERE site_count > 1), "
    "(SELECT count(*) FROM sources), (SELECT count(*) FROM hosts), pg_database_size(current_database())";

// Each table's bytes with its indexes and TOAST, by part (BytesByPart).
constexpr const char* kTableBytes =
    "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
    "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'S', 'm')";

// Reads the columns of WIRECRAWL_PG_ARTICLE_COLUMNS from `first` on.
void ReadArticle(const pg::Rows& rows, int row, int first, StoredArticle* article) {
  article->id = rows.Int64(row, first + 0);
  article->url = rows.Text(row, first + 1);
  article->canonical_url = rows.Text(row, first + 2);
  article->site = rows.Text(row, first + 3);
  article->title = rows.Text(row, first + 4);
  article->author = rows.Text(row, first + 5);
  article->published = rows.Text(row, first + 6);
  article->language = rows.Text(row, first + 7);
  article->body = rows.Text(row, first + 8);
  article->story_id = rows.Int64(row, first + 9);
  article->similarity = rows.Double(row, first + 10);
  article->body_hash = pg::HashFromColumn(rows.Int64(row, first + 11));
  article->version = rows.Int(row, first + 12);
  article->fetched_ms = rows.Int64(row, first + 13);
  article->updated_ms = rows.Int64(row, first + 14);
  article->matched_id = rows.OptionalInt64(row, first + 15);
}

// to_tsquery input for one lexeme as typed: quoted, so that whatever the
// text holds it is one operand, never tsquery syntax.
std::string QuotedLexeme(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

std::string TermInput(const search::QueryTerm& term) {
  std::string out;
  for (size_t i = 0; i < term.words.size(); ++i) {
    if (i > 0) out += " <-> ";
    out += QuotedLexeme(term.words[i]);
  }
  if (term.prefix) out += ":*";
  return out;
}

// The prefix as typed, and without 1 to 3 leading letters, as lexemes that
// are not stemmed (the tsquery type's own input): a word the prefix begins
// may be indexed under a stem whose front letters Snowball stripped.
// Latin, Cyrillic... words are left as they are by the Arabic stemmer, so
// only a word with non-ASCII letters needs them.
std::vector<std::string> UnstemmedPrefixes(std::string_view word) {
  std::vector<std::string> out;
  if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return out;
  }
  std::vector<size_t> starts;  // byte offset of each code point
  for (size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  for (size_t skip = 0; skip <= 3 && skip + 2 <= starts.size(); ++skip) {
    out.push_back(QuotedLexeme(word.substr(starts[skip])) + ":*");
  }
  return out;
}

std::string Parenthesized(const std::string& inner) {
  std::string out(1, '(');
  out.append(inner).push_back(')');
  return out;
}

Status NoLexemes(std::string_view what) {
  return Status::Unsupported(
      "PostgreSQL's text search finds no word in " + std::string(what) +
      ": full-text search needs a database in encoding UTF8 (CREATE DATABASE ... ENCODING 'UTF8')");
}

}  // namespace

namespace pg {

void ReadStorySummary(const Rows& rows, int row, StorySummary* story) {
  story->id = rows.Int64(row, 0);
  story->representative_id = rows.Int64(row, 1);
  story->title = rows.Text(row, 2);
  story->member_count = rows.Int64(row, 3);
  story->site_count = rows.Int64(row, 4);
  story->first_seen_ms = rows.Int64(row, 5);
  story->last_seen_ms = rows.Int64(row, 6);
  story->first_published_id = rows.Int64(row, 7);
  story->first_published_site = rows.Text(row, 8);
  story->first_published_ms = rows.Int64(row, 9);
}

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace pg

Status PostgresStore::ReadConsistently(const std::function<Status()>& reads) {
  // In a batch, a failed read has ended the batch already (Run).
  if (in_batch_) return reads();
  WIRECRAWL_RETURN_IF_ERROR(db_.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  Status s = reads();
  if (!s.ok()) {
    (void)db_.Exec("ROLLBACK");
    return s;
  }
  return db_.Exec("COMMIT");
}

Result<std::vector<std::string>> PostgresStore::TermQueries(
    const std::vector<const search::QueryTerm*>& terms) {
  std::vector<std::string> inputs;
  inputs.reserve(terms.size());
  for (const search::QueryTerm* term : terms) inputs.push_back(TermInput(*term));
  Result<pg::Rows> rows = Run(kTermQueries, pg::Params().Add(pg::TextArray(inputs)));
  if (!rows.ok()) return rows.status();
  std::vector<std::string> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(rows->Text(i, 0));
  if (out.size() != terms.size()) return Status::Corruption("to_tsquery gave a wrong number of queries");
  return out;
}

Result<std::vector<SearchHit>> PostgresStore::Search(const SearchQuery& query) {
  Result<search::FtsQuery> fts = search::ParseUserQuery(query.text, normalizer_);
  if (!fts.ok()) return fts.status();
  if (query.limit <= 0) return std::vector<SearchHit>();

  // The index's query: every group that can narrow the candidates (a group
  // with an alternative PostgreSQL finds no lexeme in matches anything, as
  // far as the index can tell).
  std::vector<const search::QueryTerm*> terms;
  for (const auto& group : fts->groups) {
    for (const search::QueryTerm& term : group) terms.push_back(&term);
  }
  Result<std::vector<std::string>> stemmed = TermQueries(terms);
  if (!stemmed.ok()) return stemmed.status();
  std::string tsquery;
  size_t next = 0;
  for (const auto& group : fts->groups) {
    std::vector<std::string> alternatives;
    bool narrows = true;
    for (const search::QueryTerm& term : group) {
      const std::string& lexemes = (*stemmed)[next++];
      if (lexemes.empty()) narrows = false;
      alternatives.push_back(Parenthesized(lexemes));
      if (term.prefix) {
        for (std::string& prefix : UnstemmedPrefixes(term.words.back()))
          alternatives.push_back(std::move(prefix));
      }
    }
    if (!narrows) continue;
    std::string any;
    for (const std::string& alternative : alternatives) {
      if (!any.empty()) any += " | ";
      any += alternative;
    }
    if (!tsquery.empty()) tsquery += " & ";
    tsquery += Parenthesized(any);
  }
  if (tsquery.empty()) return NoLexemes("the query \"" + query.text + "\"");

  int64_t oldest_ranked = std::numeric_limits<int64_t>::min();
  if (query.newest_matches > 0) {
    Result<std::optional<int64_t>> oldest = OldestRanked(query, *fts, tsquery);
    if (!oldest.ok()) return oldest.status();
    if (oldest->has_value()) oldest_ranked = **oldest;
  }

  std::vector<std::pair<double, StoredArticle>> ranked;
  // Candidates come a page at a time until `limit` pass the exact check;
  // most do, so one page is the usual cost.
  const int64_t page = std::max<int64_t>(32, query.limit * 2);
  for (int64_t offset = 0; static_cast<int64_t>(ranked.size()) < query.limit; offset += page) {
    Result<pg::Rows> rows = Run(kSearchCandidates, pg::Params()
                                                       .Add(tsquery)
                                                       .AddTextOrNull(query.language)
                                                       .Add(query.since_ms)
                                                       .Add(page)
                                                       .Add(offset)
                                                       .Add(oldest_ranked));
    if (!rows.ok()) return rows.status();
    for (int i = 0; i < rows->size() && static_cast<int64_t>(ranked.size()) < query.limit; ++i) {
      normalizer_.Normalize(rows->TextView(i, 1 + 4), &query_title_);
      normalizer_.Normalize(rows->TextView(i, 1 + 8), &query_body_);
      if (!search::MatchesDocument(*fts, query_title_, query_body_)) continue;
      auto& [score, article] = ranked.emplace_back();
      score = rows->Double(i, 0);
      ReadArticle(*rows, i, 1, &article);
    }
    if (rows->size() < page) break;
  }

  // Relative to the best hit (SearchHit::score says why).
  const double best = ranked.empty() ? 0 : ranked.front().first;
  std::vector<SearchHit> hits;
  hits.reserve(ranked.size());
  for (const auto& [score, a] : ranked) {
    SearchHit hit;
    hit.article_id = a.id;
    hit.story_id = a.story_id;
    hit.score = best > 0 ? score / best : score;
    hit.title = a.title;
    hit.url = a.url;
    hit.site = a.site;
    hit.published = a.published;
    hit.language = a.language;
    search::Snippet snippet = search::MakeSnippet(a.body, fts->words, normalizer_);
    hit.snippet = std::move(snippet.text);
    hit.highlights = std::move(snippet.highlights);
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<std::optional<int64_t>> PostgresStore::OldestRanked(const SearchQuery& query,
                                                           const search::FtsQuery& fts,
                                                           const std::string& tsquery) {
  // No more candidates than that: every match is ranked, and no body is
  // read (a rarer word, the usual case).
  Result<pg::Rows> beyond = Run(kSearchNewestCandidateAfter, pg::Params()
                                                                 .Add(tsquery)
                                                                 .AddTextOrNull(query.language)
                                                                 .Add(query.since_ms)
                                                                 .Add(query.newest_matches - 1));
  if (!beyond.ok()) return beyond.status();
  if (beyond->empty()) return std::optional<int64_t>();
  // Candidates are a superset of the matches (store/postgres/queries.cpp's
  // top comment): count the ones that match exactly, newest first.
  int64_t matches = 0;
  int64_t below = std::numeric_limits<int64_t>::max();
  while (true) {
    Result<pg::Rows> rows = Run(kSearchNewestCandidates, pg::Params()
                                                             .Add(tsquery)
                                                             .AddTextOrNull(query.language)
                                                             .Add(query.since_ms)
                                                             .Add(below)
                                                             .Add(kSearchCandidatePage));
    if (!rows.ok()) return rows.status();
    for (int i = 0; i < rows->size(); ++i) {
      below = rows->Int64(i, 0);
      normalizer_.Normalize(rows->TextView(i, 1), &query_title_);
      normalizer_.Normalize(rows->TextView(i, 2), &query_body_);
      if (!search::MatchesDocument(fts, query_title_, query_body_)) continue;
      if (++matches == query.newest_matches) return std::optional<int64_t>(below);
    }
    if (rows->size() < kSearchCandidatePage) return std::optional<int64_t>();
  }
}

Status PostgresStore::FillSites(std::vector<StorySummary*> stories) {
  if (stories.empty()) return Status::Ok();
  std::vector<int64_t> ids;
  for (StorySummary* story : stories) {
    story->sites.clear();
    ids.push_back(story->id);
  }
  Result<pg::Rows> rows = Run(kStorySites, pg::Params().AddInt64Array(ids));
  if (!rows.ok()) return rows.status();
  std::sort(stories.begin(), stories.end(),
            [](const StorySummary* a, const StorySummary* b) { return a->id < b->id; });
  size_t s = 0;
  for (int i = 0; i < rows->size(); ++i) {
    int64_t id = rows->Int64(i, 0);
    while (s < stories.size() && stories[s]->id < id) ++s;
    if (s == stories.size()) break;
    if (stories[s]->id == id) stories[s]->sites.push_back(rows->Text(i, 1));
  }
  return Status::Ok();
}

Result<std::vector<StorySummary>> PostgresStore::ListStories(const StoryFilter& filter) {
  Result<pg::Rows> rows =
      Run(kStories, pg::Params().Add(filter.since_ms).Add(filter.min_sites).Add(filter.limit));
  if (!rows.ok()) return rows.status();
  std::vector<StorySummary> stories(static_cast<size_t>(rows->size()));
  std::vector<StorySummary*> all;
  for (int i = 0; i < rows->size(); ++i) {
    pg::ReadStorySummary(*rows, i, &stories[static_cast<size_t>(i)]);
    all.push_back(&stories[static_cast<size_t>(i)]);
  }
  WIRECRAWL_RETURN_IF_ERROR(FillSites(std::move(all)));
  return stories;
}

Result<std::optional<StoredArticle>> PostgresStore::GetArticle(int64_t id) {
  Result<pg::Rows> rows = Run(kArticleById, pg::Params().Add(id));
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<StoredArticle>();
  StoredArticle article;
  ReadArticle(*rows, 0, 0, &article);
  return std::optional<StoredArticle>(std::move(article));
}

Result<std::optional<StoredArticle>> PostgresStore::GetArticleByUrl(std::string_view url) {
  Result<pg::Rows> rows = Run(kArticleByUrl, pg::Params().Add(url));
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<StoredArticle>();
  StoredArticle article;
  ReadArticle(*rows, 0, 0, &article);
  return std::optional<StoredArticle>(std::move(article));
}

Result<std::optional<StoryDetail>> PostgresStore::GetStory(int64_t id) {
  StoryDetail detail;
  Result<pg::Rows> story = Run(kStory, pg::Params().Add(id));
  if (!story.ok()) return story.status();
  if (story->empty()) return std::optional<StoryDetail>();
  pg::ReadStorySummary(*story, 0, &detail.summary);
  WIRECRAWL_RETURN_IF_ERROR(FillSites({&detail.summary}));
  Result<pg::Rows> members = Run(kStoryMembers, pg::Params().Add(id));
  if (!members.ok()) return members.status();
  for (int i = 0; i < members->size(); ++i) {
    StoryMember& m = detail.members.emplace_back();
    m.article_id = members->Int64(i, 0);
    m.title = members->Text(i, 1);
    m.url = members->Text(i, 2);
    m.site = members->Text(i, 3);
    m.published = members->Text(i, 4);
    m.language = members->Text(i, 5);
    m.similarity = members->Double(i, 6);
    m.fetched_ms = members->Int64(i, 7);
  }
  return std::optional<StoryDetail>(std::move(detail));
}

Result<std::optional<PageRecord>> PostgresStore::GetPage(std::string_view url) {
  Result<pg::Rows> rows = Run(kPage, pg::Params().Add(url));
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<PageRecord>();
  PageRecord page;
  page.url = rows->Text(0, 0);
  page.host = rows->Text(0, 1);
  page.state = rows->Text(0, 2);
  page.kind = rows->Text(0, 3);
  page.page_kind = rows->Text(0, 4);
  page.page_reason = rows->Text(0, 5);
  page.attempts = rows->Int(0, 6);
  if (std::optional<int64_t> status = rows->OptionalInt64(0, 7)) page.last_status = static_cast<int>(*status);
  page.last_error = rows->Text(0, 8);
  page.last_fetched_ms = rows->OptionalInt64(0, 9);
  if (page.state == "queued") page.next_due_ms = rows->OptionalInt64(0, 10);
  page.article_id = rows->OptionalInt64(0, 11);
  page.found_via = rows->Text(0, 12);
  return std::optional<PageRecord>(std::move(page));
}

Status PostgresStore::ExportArticles(const ExportFilter& filter,
                                     const std::function<bool(const StoredArticle&)>& emit) {
  StoredArticle article;
  int64_t after = 0;  // article ids start at 1
  while (true) {
    Result<pg::Rows> rows = Run(kExport, pg::Params().Add(after).Add(filter.since_ms).Add(kExportPage));
    if (!rows.ok()) return rows.status();
    for (int i = 0; i < rows->size(); ++i) {
      ReadArticle(*rows, i, 0, &article);
      after = article.id;
      if (!emit(article)) return Status::Ok();
    }
    if (rows->size() < kExportPage) return Status::Ok();
  }
}

Status PostgresStore::ReadPagesByHost(std::optional<int64_t> since_ms, std::optional<int64_t> until_ms,
                                      std::vector<HostPageCount>* out) {
  Result<pg::Rows> rows = Run(kPagesByHost, pg::Params().Add(since_ms).Add(until_ms));
  if (!rows.ok()) return rows.status();
  for (int i = 0; i < rows->size(); ++i) {
    out->push_back(HostPageCount{rows->Text(i, 0), rows->Text(i, 1), rows->Int64(i, 2)});
  }
  return Status::Ok();
}

Result<StoreStats> PostgresStore::Stats() {
  StoreStats stats;
  stats.schema_version = pg_schema::kVersion;
  Status s = ReadConsistently([&]() -> Status {
    auto group = [&](const char* sql, std::vector<std::pair<std::string, int64_t>>* out) -> Status {
      Result<pg::Rows> rows = Run(sql);
      if (!rows.ok()) return rows.status();
      for (int i = 0; i < rows->size(); ++i) {
        out->emplace_back(rows->IsNull(i, 0) ? "error" : rows->Text(i, 0), rows->Int64(i, 1));
      }
      return Status::Ok();
    };
    WIRECRAWL_RETURN_IF_ERROR(group(kUrlsByState, &stats.urls_by_state));
    WIRECRAWL_RETURN_IF_ERROR(group(kPagesByKind, &stats.pages_by_kind));
    WIRECRAWL_RETURN_IF_ERROR(group(kFetchesByStatus, &stats.fetches_by_status));
    WIRECRAWL_RETURN_IF_ERROR(ReadPagesByHost(std::nullopt, std::nullopt, &stats.pages_by_host));
    Result<pg::Rows> counts = Run(kCounts);
    if (!counts.ok()) return counts.status();
    stats.articles = counts->Int64(0, 0);
    stats.article_versions = counts->Int64(0, 1);
    stats.stories = counts->Int64(0, 2);
    stats.multi_site_stories = counts->Int64(0, 3);
    stats.sources = counts->Int64(0, 4);
    stats.hosts = counts->Int64(0, 5);
    stats.database_bytes = counts->Int64(0, 6);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return stats;
}

Result<std::vector<std::pair<std::string, int64_t>>> PostgresStore::BytesByPart() {
  // The parts SQLite's BytesByPart names, from each table's total size
  // (heap, indexes, TOAST). No "free": PostgreSQL keeps a table's dead
  // space in the table for reuse (VACUUM), it has no free list of its own.
  static const std::pair<const char*, const char*> kParts[] = {
      {"articles", "articles"},
      {"article_versions", "articles"},
      {"article_search", "search index"},
      {"fingerprints", "story index"},
      {"lsh_bands", "story index"},
      {"stories", "stories"},
      {"urls", "frontier"},
      {"hosts", "frontier"},
      {"sources", "frontier"},
      {"fetches", "fetch log"},
  };
  std::vector<std::pair<std::string, int64_t>> out;
  for (const char* part :
       {"articles", "search index", "story index", "stories", "frontier", "fetch log", "other"}) {
    out.emplace_back(part, 0);
  }
  Result<pg::Rows> rows = Run(kTableBytes);
  if (!rows.ok()) return rows.status();
  for (int i = 0; i < rows->size(); ++i) {
    std::string_view table = rows->TextView(i, 0);
    std::string_view part = "other";
    for (const auto& [name, group] : kParts) {
      if (table == name) part = group;
    }
    for (auto& [name, bytes] : out) {
      if (name == part) bytes += rows->Int64(i, 1);
    }
  }
  return out;
}

}  // namespace wirecrawl
