// The front page: stories, newest first, with who published first and a
// picture of when each site carried them.
#include "base/time.h"
#include "web/render.h"

namespace wirecrawl::web {
namespace {

constexpr int64_t kPerPage = 50;
constexpr int64_t kDayMs = 86'400'000;

nlohmann::json CopyTimeJson(const CopyTime& c) {
  return {{"article_id", c.article_id},
          {"site", c.site},
          {"published", IsoOrNull(c.published_ms)},
          {"fetched", FormatIsoTime(c.fetched_ms)},
          {"date", FormatIsoTime(c.date_ms)}};
}

// The story's first to publish, as `wirecrawl stories` names it
// (StorySummary::first_published_id), with its times from the timeline.
nlohmann::json FirstPublisherJson(const StoryOverview& s) {
  for (const CopyTime& c : s.copies) {
    if (c.article_id == s.summary.first_published_id) return CopyTimeJson(c);
  }
  return {{"article_id", s.summary.first_published_id},
          {"site", s.summary.first_published_site},
          {"date", FormatIsoTime(s.summary.first_published_ms)}};
}

// The page's filters as a query string (without page), to build the pager.
std::string FilterQuery(const Params& params) {
  std::string q;
  for (const char* name : {"from", "to", "lang", "min_sites"}) {
    std::string v = Param(params, name);
    if (v.empty()) continue;
    q += q.empty() ? "" : "&";
    q += name;
    q += '=';
    q += EncodeQueryValue(v);
  }
  return q;
}

}  // namespace

Response StoriesPage(const PageContext& ctx) {
  std::string error;
  StoryListQuery query;
  query.from_ms = DateParam(ctx.params, "from", &error);
  std::optional<int64_t> to = DateParam(ctx.params, "to", &error);
  // "to=2023-10-21" includes that day.
  std::string to_text = Param(ctx.params, "to");
  if (to) query.until_ms = *to + (to_text.size() == 10 ? kDayMs : 1);
  query.language = Param(ctx.params, "lang");
  if (!query.language.empty() && LangTag(query.language).empty())
    error = "lang: expected a language tag (ar, en)";
  std::optional<int64_t> min_sites = IntParam(ctx.params, "min_sites", 1, 1, 100000, &error);
  std::optional<int64_t> page = IntParam(ctx.params, "page", 1, 1, 1000000, &error);
  if (!error.empty()) return ErrorResponse(ctx, 400, error);
  query.min_sites = *min_sites;
  query.limit = kPerPage;
  query.offset = (*page - 1) * kPerPage;

  Result<StoryListing> listing = ctx.reader.ListStoryOverviews(query);
  if (!listing.ok()) return ErrorResponse(ctx, 500, listing.status().message());

  if (ctx.json) {
    nlohmann::json stories = nlohmann::json::array();
    for (const StoryOverview& s : listing->stories) {
      nlohmann::json timeline = nlohmann::json::array();
      for (const CopyTime& c : s.copies) timeline.push_back(CopyTimeJson(c));
      stories.push_back({{"id", s.summary.id},
                         {"title", s.summary.title},
                         {"language", s.language},
                         {"representative_id", s.summary.representative_id},
                         {"copies", s.summary.member_count},
                         {"site_count", s.summary.site_count},
                         {"sites", s.summary.sites},
                         {"first_seen", FormatIsoTime(s.summary.first_seen_ms)},
                         {"last_seen", FormatIsoTime(s.summary.last_seen_ms)},
                         {"first_publisher", FirstPublisherJson(s)},
                         {"timeline", timeline}});
    }
    return JsonResponse({{"stories", stories},
                         {"page", *page},
                         {"per_page", kPerPage},
                         {"more", listing->more},
                         {"filters",
                          {{"from", IsoOrNull(query.from_ms)},
                           {"until", IsoOrNull(query.until_ms)},
                           {"lang", query.language},
                           {"min_sites", query.min_sites}}}});
  }

  HtmlDoc doc("Stories", "stories");
  doc.Raw("<h1>Stories</h1><form class=\"filters\" action=\"/\" method=\"get\">");
  doc.Raw("<label>From<input type=\"date\" name=\"from\" value=\"")
      .Text(Param(ctx.params, "from"))
      .Raw("\"></label>");
  doc.Raw("<label>To<input type=\"date\" name=\"to\" value=\"")
      .Text(Param(ctx.params, "to"))
      .Raw("\"></label>");
  doc.Raw("<label>Language<input name=\"lang\" size=\"4\" placeholder=\"ar, en\" value=\"")
      .Text(query.language)
      .Raw("\"></label>");
  doc.Raw("<label>Sites at least<input type=\"number\" name=\"min_sites\" min=\"1\" value=\"")
      .Number(query.min_sites)
      .Raw("\"></label><button type=\"submit\">Show</button></form>");
  if (listing->stories.empty()) doc.Raw("<p class=\"muted\">No story matches.</p>");
  doc.Raw("<ol class=\"stories\">");
  for (const StoryOverview& s : listing->stories) {
    doc.Raw("<li class=\"story\">");
    doc.CrawledLink("/story/" + std::to_string(s.summary.id),
                    s.summary.title.empty() ? "(no title)" : s.summary.title, s.language, "title");
    doc.Raw("<div class=\"meta\">")
        .Number(s.summary.member_count)
        .Raw(s.summary.member_count == 1 ? " copy" : " copies");
    doc.Raw(" · ").Number(s.summary.site_count).Raw(s.summary.site_count == 1 ? " site" : " sites");
    doc.Raw(" · first ").Time(s.summary.first_seen_ms).Raw(" · last ").Time(s.summary.last_seen_ms);
    doc.Raw(" · first published by <strong class=\"first\" dir=\"ltr\">")
        .Text(s.summary.first_published_site)
        .Raw("</strong>");
    doc.Raw("</div><div class=\"sites\" dir=\"ltr\">");
    for (size_t i = 0; i < s.summary.sites.size(); ++i) {
      if (i > 0) doc.Raw(", ");
      doc.Text(s.summary.sites[i]);
    }
    doc.Raw("</div>").Raw(TimelineSvg(s.copies, 360)).Raw("</li>");
  }
  doc.Raw("</ol><nav class=\"pager\">");
  std::string filters = FilterQuery(ctx.params);
  std::string base = "/?" + filters + (filters.empty() ? "" : "&");
  if (*page > 1)
    doc.Raw("<a rel=\"prev\" href=\"").Text(base + "page=" + std::to_string(*page - 1)).Raw("\">← Newer</a>");
  else
    doc.Raw("<span></span>");
  if (listing->more)
    doc.Raw("<a rel=\"next\" href=\"").Text(base + "page=" + std::to_string(*page + 1)).Raw("\">Older →</a>");
  doc.Raw("</nav>");
  return doc.Finish();
}

}  // namespace wirecrawl::web
