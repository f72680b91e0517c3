// Search: full text over titles and bodies (Arabic with or without
// tashkeel: the index holds NormalizeText forms), highlighted snippets; the
// query and its filters live in the URL, so a search can be shared.
#include "base/time.h"
#include "web/render.h"

namespace wirecrawl::web {

Response SearchPage(const PageContext& ctx) {
  std::string error;
  SearchQuery query;
  query.text = Param(ctx.params, "q");
  query.language = Param(ctx.params, "lang");
  if (!query.language.empty() && LangTag(query.language).empty())
    error = "lang: expected a language tag (ar, en)";
  query.since_ms = DateParam(ctx.params, "since", &error);
  std::optional<int64_t> limit = IntParam(ctx.params, "limit", 20, 1, 200, &error);
  if (!error.empty()) return ErrorResponse(ctx, 400, error);
  query.limit = *limit;

  std::vector<SearchHit> hits;
  std::string problem;
  bool searched = false;
  if (!query.text.empty()) {
    Result<std::vector<SearchHit>> found = ctx.reader.Search(query);
    if (found.ok()) {
      hits = std::move(found).value();
      searched = true;
    } else if (found.status().code() == Status::Code::kInvalidArgument) {
      problem = found.status().message();  // nothing searchable in the query
    } else {
      return ErrorResponse(ctx, 500, found.status().message());
    }
  }

  if (ctx.json) {
    if (query.text.empty())
      return ErrorResponse(ctx, 400, "q: give the words to search for (/api/search?q=...)");
    if (!problem.empty()) return ErrorResponse(ctx, 400, problem);
    nlohmann::json list = nlohmann::json::array();
    for (const SearchHit& h : hits) {
      nlohmann::json ranges = nlohmann::json::array();
      for (const auto& [b, e] : h.highlights) ranges.push_back({b, e});
      list.push_back({{"article_id", h.article_id},
                      {"story_id", h.story_id},
                      {"score", h.score},
                      {"title", h.title},
                      {"url", h.url},
                      {"site", h.site},
                      {"published", h.published},
                      {"language", h.language},
                      {"snippet", h.snippet},
                      {"highlights", ranges}});
    }
    return JsonResponse({{"query", query.text},
                         {"lang", query.language},
                         {"since", IsoOrNull(query.since_ms)},
                         {"limit", query.limit},
                         {"hits", list}});
  }

  HtmlDoc doc(query.text.empty() ? std::string("Search") : "Search: " + query.text, "search", query.text);
  doc.Raw("<h1>Search</h1><form class=\"filters\" action=\"/search\" method=\"get\">");
  doc.Raw("<label>Words<input type=\"search\" name=\"q\" dir=\"auto\" value=\"")
      .Text(query.text)
      .Raw("\"></label>");
  doc.Raw("<label>Language<input name=\"lang\" size=\"4\" placeholder=\"ar, en\" value=\"")
      .Text(query.language);
  doc.Raw("\"></label><label>Since<input type=\"date\" name=\"since\" value=\"")
      .Text(Param(ctx.params, "since"));
  doc.Raw("\"></label><button type=\"submit\">Search</button></form>");
  doc.Raw(
      "<p class=\"muted\">Words are all required; <code>\"a phrase\"</code>, <code>a OR b</code>, "
      "<code>-word</code>, <code>prefix*</code>. Arabic matches with or without tashkeel "
      "(غزة finds غزّة).</p>");
  if (!problem.empty()) doc.Raw("<p class=\"error\">").Text(problem).Raw("</p>");
  if (searched) {
    doc.Raw("<p class=\"meta\">").Number(static_cast<int64_t>(hits.size()));
    doc.Raw(hits.size() == 1 ? " article" : " articles")
        .Raw(static_cast<int64_t>(hits.size()) == query.limit ? " (the best ones)" : "");
    doc.Raw(" · <a href=\"/api/search?q=").Text(EncodeQueryValue(query.text));
    if (!query.language.empty()) doc.Raw("&amp;lang=").Text(EncodeQueryValue(query.language));
    if (!Param(ctx.params, "since").empty())
      doc.Raw("&amp;since=").Text(EncodeQueryValue(Param(ctx.params, "since")));
    doc.Raw("\">JSON</a></p><ol class=\"hits\">");
    for (const SearchHit& h : hits) {
      doc.Raw("<li class=\"hit\">");
      doc.CrawledLink("/article/" + std::to_string(h.article_id), h.title.empty() ? "(no title)" : h.title,
                      h.language, "title");
      doc.Raw("<div class=\"meta\"><span dir=\"ltr\">").Text(h.site).Raw("</span>");
      if (!h.published.empty()) doc.Raw(" · ").Crawled("span", h.published, "en");
      doc.Raw(" · <a href=\"/story/").Number(h.story_id).Raw("\">story</a></div>");
      doc.Raw("<p class=\"snippet\" dir=\"").Raw(DirForLanguage(h.language)).Raw("\"");
      if (std::string lang = LangTag(h.language); !lang.empty()) doc.Raw(" lang=\"").Raw(lang).Raw("\"");
      doc.Raw(">");
      AppendHighlighted(doc, h.snippet, h.highlights);
      doc.Raw("</p></li>");
    }
    doc.Raw("</ol>");
  }
  return doc.Finish();
}

}  // namespace wirecrawl::web
