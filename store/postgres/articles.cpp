// The PostgreSQL Store: the article write path (new articles, new versions),
// the search document of each article, and the lock that serialises story
// assignment across processes.
#include "base/time.h"
#include "parser/charset.h"
#include "store/postgres/postgres_store.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

// Story assignment across processes. A new article's story is decided from
// what FindNearDuplicates sees and stored by InsertArticle. Two processes
// ingesting copies of one wire story at the same moment would each miss the
// other's copy (neither has committed) and found two stories. So lookups
// and inserts run under one transaction-level advisory lock, taken by the
// first of them in a batch and held to its commit. The process that waited
// for it sees, in its next statement, every copy the holder committed:
// READ COMMITTED takes a snapshot per statement, and PostgreSQL makes a
// commit visible before it releases the transaction's locks. (Hence the
// lock is its own statement: a lookup that took it would read with the
// snapshot from before the wait.)
//
// One lock, not one per band key: a batch holds many articles, each with
// dozens of band keys learned one article at a time, so per-key locks could
// not be taken in one global order, and two batches would deadlock, each
// holding a key of the other's next article (PostgreSQL would break the
// cycle by rolling back a whole batch). What this serialises is the story
// lookup and the inserts, from a batch's first new article to its commit;
// fetching, parsing and fingerprinting happen before and stay parallel.
//
// UpdateArticle takes it too, so that rows of the article tables are only
// ever locked after it (one order: no deadlock between two batches), and two
// processes re-fetching one URL number its versions one after the other.
//
// The key is any number other than the schema's migration lock
// (store/postgres/schema.cpp).
constexpr const char* kLockStories = "SELECT pg_advisory_xact_lock(7795774837019)";

constexpr const char* kFindArticle =
    "SELECT id, story_id, body_hash, version, fetched_ms FROM articles WHERE url = $1";
// Several processes insert at once: ids come from a sequence (gaps are
// harmless: a rolled-back batch leaves one).
constexpr const char* kNextArticleId = "SELECT nextval('article_ids')";

constexpr const char* kStoryAndSite =
    "SELECT EXISTS (SELECT 1 FROM stories WHERE id = $1), "
    "EXISTS (SELECT 1 FROM articles WHERE story_id = $1 AND site = $2)";
// ON CONFLICT: a URL already stored (by another process since FindArticle)
// is refused without aborting the transaction, so the batch goes on.
constexpr const char* kInsertArticle =
    "INSERT INTO articles(id, story_id, similarity, matched_id, body_hash, version, fetched_ms, updated_ms, "
    "seen_ms, published_ms, language, published, site, title, author, url, canonical_url, body) "
    "VALUES ($1, $2, $3, $4, $5, 1, $6, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
    "ON CONFLICT (url) DO NOTHING";
constexpr const char* kInsertStory =
    "INSERT INTO stories(id, representative_id, member_count, site_count, first_seen_ms, last_seen_ms) "
    "VALUES ($1, $1, 1, 1, $2, $2)";
constexpr const char* kJoinStory =
    "UPDATE stories SET member_count = member_count + 1, site_count = site_count + $2, "
    "first_seen_ms = least(first_seen_ms, $3), last_seen_ms = greatest(last_seen_ms, $3) WHERE id = $1";
// The rest of a new article in one round trip: its fingerprint, band keys
// and search document.
constexpr const char* kInsertIndexes =
    "WITH fingerprint AS ("
    "  INSERT INTO fingerprints(article_id, story_id, body_hash, shingle_count, seen_ms, site, signature) "
    "  VALUES ($1::bigint, $2, $3, $4, $5, $6, $7)), "
    "bands AS ("
    "  INSERT INTO lsh_bands(band_key, article_id) SELECT DISTINCT unnest($8::bigint[]), $1::bigint "
    "  ON CONFLICT DO NOTHING) "
    "INSERT INTO article_search(article_id, document) "
    "VALUES ($1::bigint, to_tsvector('arabic', $9::text || ' ' || $10::text))";

constexpr const char* kCurrentArticle =
    "SELECT body_hash, version, updated_ms, title, author, published, language, canonical_url, body "
    "FROM articles WHERE id = $1";
constexpr const char* kKeepVersion =
    "INSERT INTO article_versions(article_id, version, body_hash, fetched_ms, replaced_ms, title, body) "
    "SELECT id, version, body_hash, updated_ms, $2, title, body FROM articles WHERE id = $1";
constexpr const char* kReplaceArticle =
    "UPDATE articles SET body_hash = $2, version = version + $3::integer, "
    "updated_ms = CASE WHEN $3::integer <> 0 THEN $4 ELSE updated_ms END, seen_ms = $4, published_ms = $5, "
    "language = $6, published = $7, title = $8, author = $9, canonical_url = $10, body = $11 WHERE id = $1";
constexpr const char* kSeenArticle = "UPDATE articles SET seen_ms = greatest(seen_ms, $2) WHERE id = $1";
constexpr const char* kUpdateFingerprint =
    "UPDATE fingerprints SET body_hash = $2, shingle_count = $3, signature = $4 WHERE article_id = $1";
// The search document (the `arabic` text search configuration over the
// NormalizeText output, as the SQLite index holds): Search in queries.cpp
// reads it.
constexpr const char* kPutSearchDocument =
    "INSERT INTO article_search(article_id, document) "
    "VALUES ($1, to_tsvector('arabic', $2::text || ' ' || $3::text)) "
    "ON CONFLICT (article_id) DO UPDATE SET document = excluded.document";

// PostgreSQL text holds valid UTF-8 without NUL bytes; anything else would
// fail inside the transaction and take the whole batch with it, so it is
// refused first (SQLite would store the bytes as they are).
bool StorableText(std::string_view text) {
  return text.find('\0') == std::string_view::npos && IsValidUtf8(text);
}

Status CheckText(std::string_view field, std::string_view text) {
  if (StorableText(text)) return Status::Ok();
  return Status::InvalidArgument("article " + std::string(field) +
                                 " is not valid UTF-8 text (PostgreSQL refuses it)");
}

Status CheckArticleText(const Article& article, std::string_view body) {
  WIRECRAWL_RETURN_IF_ERROR(CheckText("URL", article.url));
  Status s = CheckText("canonical URL", article.canonical_url);
  if (s.ok()) s = CheckText("title", article.title);
  if (s.ok()) s = CheckText("author", article.author);
  if (s.ok()) s = CheckText("published date", article.published);
  if (s.ok()) s = CheckText("language", article.language);
  if (s.ok()) s = CheckText("body", body);
  return s.ok() ? s : WithContext(s, article.url);
}

// Band keys as a bigint[] parameter (the statements drop repeated keys: two
// bands may share one 32-bit key).
std::vector<int64_t> KeysColumn(std::span<const uint32_t> band_keys) {
  return std::vector<int64_t>(band_keys.begin(), band_keys.end());
}

}  // namespace

Status PostgresStore::LockStoryAssignment() {
  if (!in_batch_ || story_lock_held_) return Status::Ok();
  Result<pg::Rows> locked = Run(kLockStories);
  if (!locked.ok()) return WithContext(locked.status(), "waiting for the story index lock");
  story_lock_held_ = true;
  return Status::Ok();
}

Result<std::optional<ArticleKey>> PostgresStore::FindArticle(std::string_view url) {
  // Not a URL PostgreSQL can hold, so not stored (InsertArticle refuses it).
  if (!StorableText(url)) return std::optional<ArticleKey>();
  Result<pg::Rows> rows = Run(kFindArticle, pg::Params().Add(url));
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ArticleKey>();
  ArticleKey key;
  key.id = rows->Int64(0, 0);
  key.story_id = rows->Int64(0, 1);
  key.body_hash = pg::HashFromColumn(rows->Int64(0, 2));
  key.version = rows->Int(0, 3);
  key.fetched_ms = rows->Int64(0, 4);
  return std::optional<ArticleKey>(key);
}

Result<int64_t> PostgresStore::NextArticleId() {
  if (!in_batch_) return Status::InvalidArgument("NextArticleId outside a batch");
  if (next_article_id_ == 0) {
    // Taken once and kept until InsertArticle uses it: dedup names the
    // article's story after this id before the row exists.
    Result<pg::Rows> rows = Run(kNextArticleId);
    if (!rows.ok()) return rows.status();
    next_article_id_ = rows->Int64(0, 0);
  }
  return next_article_id_;
}

Status PostgresStore::InsertArticle(int64_t id, const Article& article, const Fingerprint& fingerprint,
                                    std::span<const uint32_t> band_keys, const StoryAssignment& story,
                                    int64_t fetched_ms, const NormalizedText& normalized) {
  // Everything that can be wrong with the input is checked before the first
  // write: PostgreSQL aborts the whole transaction on any error, and a
  // refused article must leave the batch as it was.
  Result<int64_t> expected = NextArticleId();
  if (!expected.ok()) return expected.status();
  if (id != *expected) {
    return Status::InvalidArgument("article id " + std::to_string(id) + " is not the next id (" +
                                   std::to_string(*expected) + ")");
  }
  if (article.url.empty()) return Status::InvalidArgument("article has no URL");
  if (story.new_story != (story.story_id == id)) {
    return Status::InvalidArgument("story " + std::to_string(story.story_id) + " for article " +
                                   std::to_string(id) +
                                   ": a new story takes the article's id, an existing one another id");
  }
  const std::string& canonical = article.canonical_url.empty() ? article.url : article.canonical_url;
  std::string site = SiteOfUrl(canonical);
  if (site.empty()) site = SiteOfUrl(article.url);
  std::optional<int64_t> published_ms = ParseIsoTime(article.published);
  int64_t date_ms = published_ms.value_or(fetched_ms);
  std::string body = article.Body();
  WIRECRAWL_RETURN_IF_ERROR(CheckArticleText(article, body));
  std::string_view indexed_title = NormalizedTitle(normalized, article.title);
  std::string_view indexed_body = NormalizedBody(normalized, body);
  WIRECRAWL_RETURN_IF_ERROR(CheckText("normalised text", indexed_title));
  WIRECRAWL_RETURN_IF_ERROR(CheckText("normalised text", indexed_body));

  // Normally held since the story lookup; a caller that assigned the story
  // itself takes it here, before reading what other processes committed.
  WIRECRAWL_RETURN_IF_ERROR(LockStoryAssignment());
  int64_t new_site = 1;
  if (!story.new_story) {
    Result<pg::Rows> known = Run(kStoryAndSite, pg::Params().Add(story.story_id).Add(site));
    if (!known.ok()) return known.status();
    if (!known->Bool(0, 0)) {
      return Status::Corruption("article " + std::to_string(id) + " joins story " +
                                std::to_string(story.story_id) + ", which is not stored");
    }
    new_site = known->Bool(0, 1) ? 0 : 1;
  }
  {
    // The first write: one statement, which writes nothing when the URL is
    // taken.
    pg::Params params;
    params.Add(id)
        .Add(story.story_id)
        .Add(story.story_similarity)
        .Add(story.matched_doc != id ? std::optional<int64_t>(story.matched_doc) : std::nullopt)
        .Add(pg::HashToColumn(fingerprint.exact_hash))
        .Add(fetched_ms)
        .Add(published_ms)
        .AddTextOrNull(article.language)
        .AddTextOrNull(article.published)
        .Add(site)
        .Add(article.title)
        .AddTextOrNull(article.author)
        .Add(article.url)
        .Add(canonical)
        .Add(body);
    Result<pg::Rows> inserted = Run(kInsertArticle, params);
    if (!inserted.ok()) return inserted.status();
    if (inserted->Affected() == 0) {
      return Status::InvalidArgument("article " + article.url + " is already stored");
    }
  }
  // From here a failure is the database's: Run has rolled the batch back.
  if (story.new_story) {
    Result<pg::Rows> created = Run(kInsertStory, pg::Params().Add(id).Add(date_ms));
    if (!created.ok()) return created.status();
  } else {
    Result<pg::Rows> joined = Run(kJoinStory, pg::Params().Add(story.story_id).Add(new_site).Add(date_ms));
    if (!joined.ok()) return joined.status();
  }
  Result<pg::Rows> indexed = Run(kInsertIndexes, pg::Params()
                                                     .Add(id)
                                                     .Add(story.story_id)
                                                     .Add(pg::HashToColumn(fingerprint.exact_hash))
                                                     .Add(static_cast<int64_t>(fingerprint.shingle_count))
                                                     .Add(date_ms)
                                                     .Add(site)
                                                     .AddBytes(EncodeSignature(fingerprint.signature))
                                                     .AddInt64Array(KeysColumn(band_keys))
                                                     .Add(indexed_title)
                                                     .Add(indexed_body));
  if (!indexed.ok()) return indexed.status();
  next_article_id_ = 0;  // the next article takes a new id from the sequence
  return Status::Ok();
}

Result<ArticleChange> PostgresStore::UpdateArticle(int64_t id, const Article& article,
                                                   const Fingerprint& fingerprint,
                                                   std::span<const uint32_t> band_keys, int64_t fetched_ms,
                                                   const NormalizedText& normalized) {
  const std::string& canonical = article.canonical_url.empty() ? article.url : article.canonical_url;
  std::optional<int64_t> published_ms = ParseIsoTime(article.published);
  std::string body = article.Body();
  WIRECRAWL_RETURN_IF_ERROR(CheckArticleText(article, body));
  // Read under the lock, so that the version compared with is the last one
  // committed by any process (see kLockStories). Outside a batch, Atomically
  // opens one below and the lock is taken there.
  WIRECRAWL_RETURN_IF_ERROR(LockStoryAssignment());
  ArticleChange change = ArticleChange::kUnchanged;
  bool body_changed = false;
  bool same_text = false;
  bool title_changed = false;
  {
    Result<pg::Rows> current = Run(kCurrentArticle, pg::Params().Add(id));
    if (!current.ok()) return current.status();
    if (current->empty()) return Status::NotFound("no article with id " + std::to_string(id));
    body_changed = pg::HashFromColumn(current->Int64(0, 0)) != fingerprint.exact_hash;
    title_changed = current->TextView(0, 3) != article.title;
    same_text = !body_changed && !title_changed && current->TextView(0, 4) == article.author &&
                current->TextView(0, 5) == article.published && current->TextView(0, 6) == article.language &&
                current->TextView(0, 7) == canonical && current->TextView(0, 8) == body;
  }
  std::string_view indexed_title;
  std::string_view indexed_body;
  if (body_changed || title_changed) {
    indexed_title = NormalizedTitle(normalized, article.title);
    indexed_body = NormalizedBody(normalized, body);
    WIRECRAWL_RETURN_IF_ERROR(CheckText("normalised text", indexed_title));
    WIRECRAWL_RETURN_IF_ERROR(CheckText("normalised text", indexed_body));
  }

  Status s = Atomically([&]() -> Status {
    WIRECRAWL_RETURN_IF_ERROR(LockStoryAssignment());
    if (same_text) {
      Result<pg::Rows> seen = Run(kSeenArticle, pg::Params().Add(id).Add(fetched_ms));
      return seen.ok() ? Status::Ok() : seen.status();
    }
    if (body_changed) {
      Result<pg::Rows> kept = Run(kKeepVersion, pg::Params().Add(id).Add(fetched_ms));
      if (!kept.ok()) return kept.status();
    }
    {
      pg::Params params;
      params.Add(id)
          .Add(pg::HashToColumn(fingerprint.exact_hash))
          .Add(body_changed ? 1 : 0)
          .Add(fetched_ms)
          .Add(published_ms)
          .AddTextOrNull(article.language)
          .AddTextOrNull(article.published)
          .Add(article.title)
          .AddTextOrNull(article.author)
          .Add(canonical)
          .Add(body);
      Result<pg::Rows> replaced = Run(kReplaceArticle, params);
      if (!replaced.ok()) return replaced.status();
    }
    if (body_changed) {
      // The old keys come from the stored signature, so they go before it
      // is replaced.
      Result<std::optional<StoredFingerprint>> stored = GetFingerprint(id);
      if (!stored.ok()) return stored.status();
      if (stored->has_value()) WIRECRAWL_RETURN_IF_ERROR(DeleteBands({**stored}));
      Result<pg::Rows> updated =
          Run(kUpdateFingerprint, pg::Params()
                                      .Add(id)
                                      .Add(pg::HashToColumn(fingerprint.exact_hash))
                                      .Add(static_cast<int64_t>(fingerprint.shingle_count))
                                      .AddBytes(EncodeSignature(fingerprint.signature)));
      if (!updated.ok()) return updated.status();
      // An article pruned beyond the window has no fingerprint to update,
      // and takes no band keys: no later article's window reaches it.
      if (updated->Affected() > 0) WIRECRAWL_RETURN_IF_ERROR(PutBands(id, band_keys));
    }
    if (body_changed || title_changed) {
      Result<pg::Rows> document =
          Run(kPutSearchDocument, pg::Params().Add(id).Add(indexed_title).Add(indexed_body));
      if (!document.ok()) return document.status();
    }
    change = body_changed ? ArticleChange::kNewVersion : ArticleChange::kMetadataUpdated;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return change;
}

}  // namespace wirecrawl
