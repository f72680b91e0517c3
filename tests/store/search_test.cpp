// Tests of full-text search (the man page: with and without diacritics,
// ranked results with a snippet) and of the query syntax in
// store/search_text.h.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "base/time.h"
#include "ingest/ingest.h"
#include "store/search_text.h"
#include "store/store.h"
#include "store_test_support.h"

namespace wirecrawl {
namespace {

using testing::MakeArticle;
using testing::SeedParagraphs;
using testing::TempDir;

const int64_t kT0 = *ParseIsoTime("2023-10-21T12:00:00Z");

class SearchFixture {
 public:
  SearchFixture() {
    auto store = OpenStore(dir_.Database("search.db"));
    REQUIRE(store.ok());
    store_ = std::move(store).value();
    auto pipeline = testing::IngestSession::Open(*store_);
    REQUIRE(pipeline.ok());
    pipeline_ = std::move(pipeline).value();
  }
  int64_t Add(const Article& a) {
    auto r = pipeline_->AddArticle(a, kT0);
    REQUIRE(r.ok());
    return r->article_id;
  }
  std::vector<SearchHit> Search(const std::string& text, const std::string& lang = "",
                                std::optional<int64_t> since = std::nullopt) {
    REQUIRE(pipeline_->Flush().ok());
    SearchQuery q;
    q.text = text;
    q.language = lang;
    q.since_ms = since;
    auto hits = store_->Search(q);
    INFO(text);
    REQUIRE(hits.ok());
    return *hits;
  }
  std::vector<SearchHit> Search(SearchQuery query) {
    REQUIRE(pipeline_->Flush().ok());
    auto hits = store_->Search(query);
    INFO(query.text);
    REQUIRE(hits.ok());
    return *hits;
  }
  std::vector<int64_t> Ids(const std::string& text) {
    std::vector<int64_t> ids;
    for (const auto& h : Search(text)) ids.push_back(h.article_id);
    return ids;
  }
  Store& store() { return *store_; }

 private:
  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<testing::IngestSession> pipeline_;
};

TEST_CASE("CliDoc_Search_ArabicWithOrWithoutTashkeelFindsTheSameArticles", "[store][search]") {
  SearchFixture f;
  // Seed 0 as published (no tashkeel) and an article written with tashkeel.
  int64_t plain = f.Add(MakeArticle("https://alpha.example/0", "قطر", SeedParagraphs(0), "ar"));
  int64_t vocalised = f.Add(
      MakeArticle("https://beta.example/v", "خبر", {"أكَّدَ وَزِيرُ الخَارِجِيَّةِ القَطَرِيُّ اسْتِمْرَارَ التَّنْسِيقِ."}, "ar"));
  f.Add(MakeArticle("https://gamma.example/e", "Other", {"An English article about markets."}, "en"));

  std::vector<int64_t> both = {plain, vocalised};
  std::sort(both.begin(), both.end());
  auto sorted = [](std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  // الخارجية appears in both; typed bare, with tashkeel, with tatweel.
  CHECK(sorted(f.Ids("الخارجية")) == both);
  CHECK(sorted(f.Ids("الخَارِجِيَّة")) == both);
  CHECK(sorted(f.Ids("الخـــارجية")) == both);
  // Alef with hamza and taa marbuta variants: أكد / اكد, القطرية / القطريه.
  CHECK(sorted(f.Ids("اكد")) == sorted(f.Ids("أكد")));
  CHECK_FALSE(f.Ids("أكد").empty());
  CHECK(f.Ids("القطريه") == f.Ids("القطرية"));
  CHECK(f.Ids("القطرية") == std::vector<int64_t>{plain});
}

TEST_CASE("CliDoc_Search_LatinDiacriticsAndCaseAreIgnored", "[store][search]") {
  SearchFixture f;
  int64_t id = f.Add(MakeArticle("https://a.example/1", "Élection à Genève",
                                 {"Les électeurs de Genève ont voté dimanche."}, "fr"));
  CHECK(f.Ids("geneve") == std::vector<int64_t>{id});
  CHECK(f.Ids("ÉLECTEURS") == std::vector<int64_t>{id});
  CHECK(f.Ids("électeurs genève") == std::vector<int64_t>{id});
  auto hits = f.Search("electeurs");
  REQUIRE(hits.size() == 1);
  REQUIRE(hits[0].highlights.size() == 1);
  auto [b, e] = hits[0].highlights[0];
  CHECK(hits[0].snippet.substr(b, e - b) == "électeurs");
}

TEST_CASE("CliDoc_Search_ResultsAreRankedAndCarryAHighlightedSnippet", "[store][search]") {
  SearchFixture f;
  int64_t weak = f.Add(MakeArticle(
      "https://a.example/weak", "Markets close",
      {"Shares rose slightly.", "Analysts expect the harbour reopening to help exporters later this year."}));
  int64_t strong =
      f.Add(MakeArticle("https://a.example/strong", "Harbour reopens after storm",
                        {"The harbour reopened on Monday.", "Harbour officials said the harbour is safe."}));
  auto hits = f.Search("harbour");
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].article_id == strong);
  CHECK(hits[1].article_id == weak);
  CHECK(hits[0].score > hits[1].score);

  const SearchHit& h = hits[1];
  CHECK(h.snippet.find("harbour reopening") != std::string::npos);
  REQUIRE(h.highlights.size() == 1);
  CHECK(h.snippet.substr(h.highlights[0].first, h.highlights[0].second - h.highlights[0].first) == "harbour");
}

TEST_CASE("CliDoc_Search_ArabicSnippetShowsTheOriginalTextAroundTheMatch", "[store][search]") {
  SearchFixture f;
  f.Add(MakeArticle("https://alpha.example/0", "قطر", SeedParagraphs(0), "ar"));
  auto hits = f.Search("بلينكن");
  REQUIRE(hits.size() == 1);
  // The original (not normalised) text, with its punctuation.
  CHECK(hits[0].snippet.find("أنتوني بلينكن") != std::string::npos);
  REQUIRE_FALSE(hits[0].highlights.empty());
  auto [b, e] = hits[0].highlights[0];
  CHECK(hits[0].snippet.substr(b, e - b) == "بلينكن");
}

TEST_CASE("CliDoc_Search_LanguageAndDateFiltersNarrowResults", "[store][search]") {
  SearchFixture f;
  int64_t en_old =
      f.Add(MakeArticle("https://a.example/1", "Doha summit", {"Leaders met in Doha."}, "en", "2020-05-01"));
  int64_t en_new =
      f.Add(MakeArticle("https://a.example/2", "Doha talks", {"Talks in Doha resumed."}, "en", "2023-10-20"));
  int64_t fr =
      f.Add(MakeArticle("https://a.example/3", "Doha", {"Des pourparlers à Doha."}, "fr", "2023-10-20"));
  CHECK(f.Search("doha").size() == 3);
  auto en = f.Search("doha", "en");
  REQUIRE(en.size() == 2);
  CHECK(std::find_if(en.begin(), en.end(), [&](const SearchHit& h) { return h.article_id == fr; }) ==
        en.end());
  auto recent = f.Search("doha", "en", ParseIsoTime("2023-01-01"));
  REQUIRE(recent.size() == 1);
  CHECK(recent[0].article_id == en_new);
  (void)en_old;
}

std::vector<int64_t> IdsOf(const std::vector<SearchHit>& hits) {
  std::vector<int64_t> ids;
  for (const SearchHit& h : hits) ids.push_back(h.article_id);
  return ids;
}

// The man page: "the best matches among the newest N" (SearchQuery::
// newest_matches, store/records.h), on both backends.
TEST_CASE("CliDoc_Search_RanksTheBestOfTheNewestMatchesOnly", "[store][search]") {
  SearchFixture f;
  // Stored in this order; the best match for "harbour" is the oldest, the
  // second best the third.
  int64_t best = f.Add(MakeArticle("https://a.example/best", "Harbour reopens after storm",
                                   {"The harbour reopened.", "Harbour officials said the harbour is safe."}));
  std::vector<int64_t> ids = {best};
  for (int i = 1; i <= 5; ++i) {
    bool good = i == 2;
    ids.push_back(f.Add(MakeArticle(
        "https://a.example/" + std::to_string(i),
        good ? "Harbour traffic grows" : "Markets " + std::to_string(i),
        {good ? "Harbour officials counted more ships in the harbour."
              : "Shares rose slightly as analysts discussed trade, prices, exports and the weather.",
         "Exporters expect the harbour to stay open " + std::to_string(i) + " more weeks."})));
  }
  SearchQuery q;
  q.text = "harbour";
  q.limit = 3;
  // Every match ranked (the default bound is far above six).
  CHECK(f.Search(q).front().article_id == best);
  q.newest_matches = 0;
  CHECK(f.Search(q).front().article_id == best);
  // Only the four newest: the oldest is out, the best of the others first.
  q.newest_matches = 4;
  q.limit = 20;
  std::vector<SearchHit> newest = f.Search(q);
  REQUIRE(newest.size() == 4);
  CHECK(newest.front().article_id == ids[2]);
  CHECK(newest.front().score == 1.0);
  std::vector<int64_t> found = IdsOf(newest);
  std::sort(found.begin(), found.end());
  CHECK(found == std::vector<int64_t>(ids.begin() + 2, ids.end()));
  // A limit below the bound: the best of the same four.
  q.limit = 1;
  CHECK(IdsOf(f.Search(q)) == std::vector<int64_t>{ids[2]});
}

TEST_CASE("CliDoc_Search_TheNewestMatchesAreCountedAfterTheFilters", "[store][search]") {
  SearchFixture f;
  int64_t fr_old = f.Add(MakeArticle("https://a.example/fr", "Doha", {"Des pourparlers à Doha."}, "fr"));
  int64_t dated = f.Add(
      MakeArticle("https://a.example/dated", "Doha summit", {"Leaders met in Doha."}, "en", "2023-10-20"));
  for (int i = 0; i < 3; ++i) {
    f.Add(MakeArticle("https://a.example/old" + std::to_string(i), "Doha " + std::to_string(i),
                      {"Talks in Doha, years ago."}, "en", "2020-05-01"));
  }
  SearchQuery q;
  q.text = "doha";
  q.newest_matches = 2;
  CHECK(f.Search(q).size() == 2);
  // The two newest French articles: the only one, stored first.
  q.language = "fr";
  CHECK(IdsOf(f.Search(q)) == std::vector<int64_t>{fr_old});
  // The two newest English articles dated 2023 or later: the only one,
  // stored before three older-dated ones.
  q.language = "en";
  q.since_ms = ParseIsoTime("2023-01-01");
  CHECK(IdsOf(f.Search(q)) == std::vector<int64_t>{dated});
  // Any language: the French one too (dated by its fetch, 2023-10-21).
  q.language.clear();
  std::vector<int64_t> since = IdsOf(f.Search(q));
  std::sort(since.begin(), since.end());
  CHECK(since == std::vector<int64_t>{fr_old, dated});
  q.since_ms = ParseIsoTime("2030-01-01");
  CHECK(f.Search(q).empty());
}

// The newest matches are articles that hold the query's words, not those a
// stemmer confuses with them (store/postgres/queries.cpp): زير (a water
// jar) is Snowball's stem of وزير (minister), newer and more common.
TEST_CASE("CliDoc_Search_TheNewestMatchesHoldTheWordsTyped", "[store][search]") {
  SearchFixture f;
  int64_t jar = f.Add(
      MakeArticle("https://a.example/jar", "زير الماء", {"زير من الفخار يحفظ الماء باردا في الصيف."}, "ar"));
  for (int i = 0; i < 4; ++i) {
    f.Add(MakeArticle("https://a.example/m" + std::to_string(i), "خبر " + std::to_string(i),
                      {"قال وزير الخارجية إن المحادثات مستمرة."}, "ar"));
  }
  SearchQuery q;
  q.text = "زير";
  q.newest_matches = 2;
  CHECK(IdsOf(f.Search(q)) == std::vector<int64_t>{jar});
  q.text = "وزير";
  CHECK(f.Search(q).size() == 2);
}

TEST_CASE("CliDoc_Search_QuerySyntaxPhrasesOrExclusionPrefix", "[store][search]") {
  SearchFixture f;
  int64_t a = f.Add(MakeArticle("https://a.example/a", "a", {"The prime minister visited the port city."}));
  int64_t b = f.Add(MakeArticle("https://a.example/b", "b", {"The minister said prime costs rose."}));
  int64_t c = f.Add(MakeArticle("https://a.example/c", "c", {"Ports and railways were closed."}));
  auto sorted = [](std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(sorted(f.Ids("minister prime")) == sorted({a, b}));
  CHECK(f.Ids("\"prime minister\"") == std::vector<int64_t>{a});
  CHECK(sorted(f.Ids("visited OR railways")) == sorted({a, c}));
  CHECK(f.Ids("minister -visited") == std::vector<int64_t>{b});
  CHECK(sorted(f.Ids("port*")) == sorted({a, c}));
  // FTS5 operators and stray quotes in user text are words, not syntax errors.
  CHECK(f.Ids("minister \"prime").size() == 2);
  CHECK(f.Ids("minister) AND (prime").size() == 2);
  CHECK(f.Ids("NEAR(minister prime)").empty());  // a phrase "near minister prime", not FTS5's NEAR
  CHECK(f.Ids("or").empty());
}

TEST_CASE("CliDoc_Search_QueryWithoutWordsIsAClearError", "[store][search]") {
  SearchFixture f;
  SearchQuery q;
  q.text = " ?! ... ";
  auto hits = f.store().Search(q);
  REQUIRE_FALSE(hits.ok());
  CHECK(hits.status().code() == Status::Code::kInvalidArgument);
  q.text = "-storm";
  hits = f.store().Search(q);
  REQUIRE_FALSE(hits.ok());
  CHECK(hits.status().message().find("only excludes") != std::string::npos);
}

// FTS5's own query language: the PostgreSQL backend builds a tsquery from
// the parsed structure instead (store/postgres/queries.cpp).
TEST_CASE("SQLiteFts5_UserQueryIsQuotedIntoAMatchExpression", "[store][search][sqlite-only]") {
  TextNormalizer normalizer;
  auto q = search::ParseUserQuery("Gaza \"cease fire\" OR truce -rumour talk*", normalizer);
  REQUIRE(q.ok());
  CHECK(q->match == "(\"gaza\" AND (\"cease fire\" OR \"truce\") AND \"talk\"*) NOT (\"rumour\")");
  REQUIRE(q->words.size() == 5);
  CHECK(q->words[4].word == "talk");
  CHECK(q->words[4].prefix);
}

// The search index follows the batch: an article replaced inside the batch
// that stored it is found by its new text only, and a batch rolled back
// leaves nothing to find (SQLite writes a batch's search entries at its
// commit, store/sqlite/sqlite_store.h).
TEST_CASE("Store_SearchIndexHoldsWhatTheBatchCommitted", "[store][search]") {
  TempDir dir;
  auto opened = OpenStore(dir.Database("batch.db"));
  REQUIRE(opened.ok());
  Store& store = **opened;
  auto session = testing::IngestSession::Open(store);
  REQUIRE(session.ok());
  auto search = [&](const std::string& word) {
    SearchQuery query;
    query.text = word;
    auto hits = store.Search(query);
    INFO(word);
    REQUIRE(hits.ok());
    std::vector<int64_t> ids;
    for (const SearchHit& hit : *hits) ids.push_back(hit.article_id);
    return ids;
  };
  std::vector<std::string> first = SeedParagraphs(0);
  first.push_back("A zebra crossed the square before the talks.");
  std::vector<std::string> second = SeedParagraphs(0);
  second.push_back("A yak crossed the square before the talks.");
  auto added = (*session)->AddArticle(MakeArticle("https://alpha.example/a", "first", first), kT0);
  REQUIRE(added.ok());
  auto replaced =
      (*session)->AddArticle(MakeArticle("https://alpha.example/a", "second", second), kT0 + 60'000);
  REQUIRE(replaced.ok());
  CHECK(replaced->change == ArticleChange::kNewVersion);
  REQUIRE((*session)->Flush().ok());
  CHECK(search("zebra").empty());
  CHECK(search("yak") == std::vector<int64_t>{added->article_id});

  std::vector<std::string> third = SeedParagraphs(1);
  third.push_back("A walrus crossed the square before the talks.");
  REQUIRE(store.BeginBatch().ok());
  auto discarded = (*session)->AddArticle(MakeArticle("https://beta.example/b", "third", third), kT0);
  REQUIRE(discarded.ok());
  store.RollbackBatch();
  CHECK(search("walrus").empty());
  // ... nor once the next batch commits.
  auto next =
      (*session)->AddArticle(MakeArticle("https://gamma.example/c", "fourth", SeedParagraphs(2)), kT0);
  REQUIRE(next.ok());
  REQUIRE((*session)->Flush().ok());
  CHECK(search("walrus").empty());
  CHECK(search("yak") == std::vector<int64_t>{added->article_id});
}

TEST_CASE("SQLiteFts5_MatchesDocumentAgreesWithTheMatchExpression", "[store][search]") {
  TextNormalizer normalizer;
  auto q = search::ParseUserQuery("Gaza \"cease fire\" OR truce -rumour talk*", normalizer);
  REQUIRE(q.ok());
  REQUIRE(q->groups.size() == 3);
  REQUIRE(q->excluded.size() == 1);
  CHECK(search::MatchesDocument(*q, "gaza", "the cease fire talks"));
  CHECK(search::MatchesDocument(*q, "gaza truce", "talking"));
  // A phrase is within one column (FTS5 columns title and body).
  CHECK_FALSE(search::MatchesDocument(*q, "gaza cease", "fire talks"));
  CHECK_FALSE(search::MatchesDocument(*q, "gaza", "the cease fire rumour talks"));
  CHECK_FALSE(search::MatchesDocument(*q, "gaza", "cease fire"));
  // Whole words: "talk" is a prefix, "gaza" is not.
  CHECK_FALSE(search::MatchesDocument(*q, "gazan", "truce talk"));
}

}  // namespace
}  // namespace wirecrawl
