// An article: its clean text and metadata, its earlier versions and what
// changed between them, and why the crawler took the page for an article
// (the frontier's verdict, GetPage). Also /page?url=: any URL of the
// frontier, article or not, with its verdict.
#include "base/time.h"
#include "web/render.h"

namespace wirecrawl::web {
namespace {

nlohmann::json PageJson(const PageRecord& p) {
  return {{"url", p.url},
          {"host", p.host},
          {"state", p.state},
          {"discovered_as", p.kind},
          {"found_via", p.found_via.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.found_via)},
          {"page_kind", p.page_kind},
          {"page_reason", p.page_reason},
          {"attempts", p.attempts},
          {"last_status", p.last_status ? nlohmann::json(*p.last_status) : nlohmann::json(nullptr)},
          {"last_error", p.last_error},
          {"last_fetched", IsoOrNull(p.last_fetched_ms)},
          {"next_due", IsoOrNull(p.next_due_ms)},
          {"article_id", p.article_id ? nlohmann::json(*p.article_id) : nlohmann::json(nullptr)}};
}

void AppendVerdict(HtmlDoc& doc, const PageRecord& p) {
  doc.Raw("<dl class=\"facts\"><dt>Page kind</dt><dd>");
  if (p.page_kind.empty()) {
    doc.Raw("<span class=\"muted\">not fetched yet</span>");
  } else {
    doc.Raw("<strong>").Text(p.page_kind).Raw("</strong>");
  }
  doc.Raw("</dd><dt>Why</dt><dd>");
  doc.Crawled("span", p.page_reason.empty() ? "—" : p.page_reason, "en");
  doc.Raw("</dd><dt>Frontier</dt><dd>").Text(p.state).Raw(" · discovered as ").Text(p.kind);
  // Empty for a URL queued before schema version 8 recorded it.
  if (!p.found_via.empty()) doc.Raw(" · found via ").Text(p.found_via);
  doc.Raw(" · ").Number(p.attempts).Raw(p.attempts == 1 ? " failed attempt" : " failed attempts");
  if (p.last_status) doc.Raw(" · last status ").Number(*p.last_status);
  if (p.last_fetched_ms) doc.Raw(" · last fetched ").Time(*p.last_fetched_ms);
  if (p.next_due_ms) doc.Raw(" · due ").Time(*p.next_due_ms);
  doc.Raw("</dd>");
  if (!p.last_error.empty())
    doc.Raw("<dt>Last error</dt><dd>").Crawled("span", p.last_error, "en").Raw("</dd>");
  doc.Raw("</dl>");
}

}  // namespace

Response ArticlePage(const PageContext& ctx, int64_t article_id) {
  Result<std::optional<StoredArticle>> found = ctx.reader.GetArticle(article_id);
  if (!found.ok()) return ErrorResponse(ctx, 500, found.status().message());
  if (!found->has_value()) return ErrorResponse(ctx, 404, "No article " + std::to_string(article_id) + ".");
  const StoredArticle& a = **found;
  Result<std::vector<ArticleVersion>> versions = ctx.reader.ListArticleVersions(article_id);
  if (!versions.ok()) return ErrorResponse(ctx, 500, versions.status().message());
  Result<std::optional<PageRecord>> page = ctx.reader.GetPage(a.url);
  if (!page.ok()) return ErrorResponse(ctx, 500, page.status().message());

  // Version k against the one after it (the last against the article as it is now).
  std::vector<std::vector<DiffLine>> changes(versions->size());
  for (size_t i = 0; i < versions->size(); ++i) {
    const std::string& next = i + 1 < versions->size() ? (*versions)[i + 1].body : a.body;
    changes[i] = ctx.diff.Diff((*versions)[i].body, next);
  }

  if (ctx.json) {
    nlohmann::json versions_json = nlohmann::json::array();
    for (size_t i = 0; i < versions->size(); ++i) {
      const ArticleVersion& v = (*versions)[i];
      versions_json.push_back({{"version", v.version},
                               {"fetched", FormatIsoTime(v.fetched_ms)},
                               {"replaced", FormatIsoTime(v.replaced_ms)},
                               {"title", v.title},
                               {"body", v.body},
                               {"changes_to_next", DiffJson(changes[i])}});
    }
    return JsonResponse({{"article",
                          {{"id", a.id},
                           {"url", a.url},
                           {"canonical_url", a.canonical_url},
                           {"site", a.site},
                           {"title", a.title},
                           {"author", a.author},
                           {"published", a.published},
                           {"language", a.language},
                           {"story_id", a.story_id},
                           {"similarity", a.similarity},
                           {"version", a.version},
                           {"fetched", FormatIsoTime(a.fetched_ms)},
                           {"updated", FormatIsoTime(a.updated_ms)},
                           {"body", a.body}}},
                         {"versions", versions_json},
                         {"page", *page ? PageJson(**page) : nlohmann::json(nullptr)}});
  }

  HtmlDoc doc(a.title.empty() ? "Article " + std::to_string(a.id) : a.title, "");
  doc.Raw("<p class=\"meta\">Article ")
      .Number(a.id)
      .Raw(" · <a href=\"/api/article/")
      .Number(a.id)
      .Raw("\">JSON</a></p>");
  doc.Raw("<article>");
  doc.Crawled("h1", a.title.empty() ? "(no title)" : a.title, a.language, "article-title");
  doc.Raw("<dl class=\"facts\"><dt>Author</dt><dd>");
  if (a.author.empty()) {
    doc.Raw("<span class=\"muted\">—</span>");
  } else {
    doc.Crawled("span", a.author, a.language, "author");
  }
  doc.Raw("</dd><dt>Published</dt><dd>");
  if (a.published.empty()) {
    doc.Raw("<span class=\"muted\">not given</span>");
  } else {
    doc.Crawled("span", a.published, "en");
  }
  doc.Raw("</dd><dt>Stored</dt><dd>").Time(a.fetched_ms);
  if (a.updated_ms != a.fetched_ms) doc.Raw(" · changed ").Time(a.updated_ms);
  doc.Raw("</dd><dt>Language</dt><dd>").Text(a.language.empty() ? "unknown" : a.language);
  doc.Raw("</dd><dt>Site</dt><dd dir=\"ltr\">").Text(a.site);
  doc.Raw("</dd><dt>Story</dt><dd><a href=\"/story/")
      .Number(a.story_id)
      .Raw("\">story ")
      .Number(a.story_id)
      .Raw("</a>");
  if (a.story_id != a.id) {
    char similarity[16];
    std::snprintf(similarity, sizeof similarity, "%.2f", a.similarity);
    doc.Raw(" (similarity ").Raw(similarity).Raw(")");
  } else {
    doc.Raw(" (its first article)");
  }
  doc.Raw("</dd><dt>Source URL</dt><dd>").ExternalLink(a.url);
  doc.Raw("</dd><dt>Canonical URL</dt><dd>").ExternalLink(a.canonical_url);
  doc.Raw("</dd><dt>Version</dt><dd>").Number(a.version).Raw("</dd></dl>");

  doc.Raw("<div class=\"body\">");
  size_t pos = 0;
  while (pos <= a.body.size()) {
    size_t end = a.body.find('\n', pos);
    if (end == std::string::npos) end = a.body.size();
    if (end > pos) doc.Crawled("p", std::string_view(a.body).substr(pos, end - pos), a.language);
    pos = end + 1;
  }
  doc.Raw("</div></article>");

  doc.Raw("<h2>Why this is an article</h2>");
  if (*page) {
    AppendVerdict(doc, **page);
  } else {
    doc.Raw(
        "<p class=\"muted\">No crawl record for this URL: the page was ingested from a file "
        "(<code>wirecrawl ingest</code>), and the extractor found an article in it.</p>");
  }

  doc.Raw("<h2>Earlier versions</h2>");
  if (versions->empty())
    doc.Raw("<p class=\"muted\">None: the text has not changed since it was first stored.</p>");
  for (size_t i = 0; i < versions->size(); ++i) {
    const ArticleVersion& v = (*versions)[i];
    DiffSummary d = SentenceDiff::Summarize(changes[i]);
    doc.Raw("<details class=\"version\"><summary>Version ")
        .Number(v.version)
        .Raw(", seen ")
        .Time(v.fetched_ms);
    doc.Raw(", replaced ")
        .Time(v.replaced_ms)
        .Raw(": <span class=\"added\">+")
        .Number(static_cast<int64_t>(d.added));
    doc.Raw("</span> <span class=\"removed\">−")
        .Number(static_cast<int64_t>(d.removed))
        .Raw("</span> sentences in the next</summary>");
    if (v.title != a.title) doc.Raw("<p>Title then: ").Crawled("span", v.title, a.language).Raw("</p>");
    AppendDiff(doc, changes[i], a.language, a.language);
    doc.Raw("</details>");
  }
  return doc.Finish();
}

Response FrontierPage(const PageContext& ctx) {
  std::string url = Param(ctx.params, "url");
  if (url.empty()) return ErrorResponse(ctx, 400, "url: give the URL to look up (/page?url=...)");
  Result<std::optional<PageRecord>> page = ctx.reader.GetPage(url);
  if (!page.ok()) return ErrorResponse(ctx, 500, page.status().message());
  if (!page->has_value()) return ErrorResponse(ctx, 404, "The frontier has no such URL: " + url);
  if (ctx.json) return JsonResponse({{"page", PageJson(**page)}});
  HtmlDoc doc("Page", "");
  doc.Raw("<h1>A page of the crawl</h1><p>").ExternalLink((*page)->url).Raw("</p>");
  AppendVerdict(doc, **page);
  if ((*page)->article_id) {
    doc.Raw("<p><a href=\"/article/").Number(*(*page)->article_id).Raw("\">The stored article</a></p>");
  }
  return doc.Finish();
}

}  // namespace wirecrawl::web
