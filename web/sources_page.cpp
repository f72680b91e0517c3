// Sources: each crawled host's health: last fetch, the mix of its latest
// responses, errors and back-off, robots.txt, articles per day, pages by
// kind and its sources' next refresh.
#include <algorithm>

#include "base/time.h"
#include "web/render.h"

namespace wirecrawl::web {
namespace {

constexpr int kDays = 30;
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kPerPage = 50;

nlohmann::json CountsJson(const std::vector<std::pair<std::string, int64_t>>& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : counts) out[k] = v;
  return out;
}

void AppendCounts(HtmlDoc& doc, const std::vector<std::pair<std::string, int64_t>>& counts) {
  if (counts.empty()) {
    doc.Raw("<span class=\"muted\">—</span>");
    return;
  }
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i > 0) doc.Raw(" · ");
    bool bad = counts[i].first == "error" || counts[i].first == "4xx" || counts[i].first == "5xx" ||
               counts[i].first == "failed";
    doc.Raw(bad ? "<span class=\"bad\">" : "<span>")
        .Text(counts[i].first)
        .Raw(" ")
        .Number(counts[i].second)
        .Raw("</span>");
  }
}

const char* KindName(SourceKind kind) { return ToString(kind); }

}  // namespace

Response SourcesPage(const PageContext& ctx) {
  std::string error;
  std::optional<int64_t> page = IntParam(ctx.params, "page", 1, 1, 1000000, &error);
  if (!error.empty()) return ErrorResponse(ctx, 400, error);
  HealthQuery query;
  query.now_ms = ctx.now_ms;
  query.days = kDays;
  query.limit = kPerPage;
  query.offset = (*page - 1) * kPerPage;
  Result<HostHealthListing> listing = ctx.reader.ListHostHealth(query);
  if (!listing.ok()) return ErrorResponse(ctx, 500, listing.status().message());
  const std::vector<HostHealth>* hosts = &listing->hosts;
  const bool more = query.offset + static_cast<int64_t>(hosts->size()) < listing->total;
  const int64_t first_day = ctx.now_ms - ctx.now_ms % kDayMs - (kDays - 1) * kDayMs;

  if (ctx.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const HostHealth& h : *hosts) {
      nlohmann::json sources = nlohmann::json::array();
      for (const Source& s : h.sources) {
        sources.push_back(
            {{"url", s.url},
             {"kind", KindName(s.kind)},
             {"origin", ToString(s.origin)},
             {"paused", s.paused},
             {"refresh_interval_s", s.refresh_interval_ms / 1000},
             {"next_refresh",
              s.next_refresh_ms == INT64_MAX ? nlohmann::json("retired") : IsoOrNull(s.next_refresh_ms)},
             {"last_refreshed", IsoOrNull(s.last_refreshed_ms)},
             {"last_status", s.last_status ? nlohmann::json(*s.last_status) : nlohmann::json(nullptr)},
             {"last_error", s.last_error},
             {"consecutive_failures", s.consecutive_failures}});
      }
      list.push_back(
          {{"host", h.host},
           {"site", h.site},
           {"last_fetch", IsoOrNull(h.last_fetch_ms)},
           {"status_mix", CountsJson(h.status_mix)},
           {"urls_by_state", CountsJson(h.urls_by_state)},
           {"pages_by_kind", CountsJson(h.pages_by_kind)},
           {"last_error", h.last_error},
           {"last_error_at", IsoOrNull(h.last_error_ms)},
           {"consecutive_errors", h.consecutive_errors},
           {"backoff_until", h.backoff_until_ms > ctx.now_ms ? IsoOrNull(h.backoff_until_ms) : nullptr},
           {"crawl_delay_ms", h.crawl_delay_ms},
           {"robots",
            {{"status", h.robots_status ? nlohmann::json(*h.robots_status) : nlohmann::json(nullptr)},
             {"fetched", IsoOrNull(h.robots_fetched_ms)},
             {"expires", IsoOrNull(h.robots_expires_ms)},
             {"denied_urls", h.robots_denied}}},
           {"articles", h.articles},
           {"articles_per_day", h.articles_per_day},
           {"next_refresh", IsoOrNull(h.next_refresh_ms)},
           {"sources", sources}});
    }
    return JsonResponse({{"now", FormatIsoTime(ctx.now_ms)},
                         {"page", *page},
                         {"per_page", kPerPage},
                         {"total_hosts", listing->total},
                         {"more", more},
                         {"days", kDays},
                         {"first_day", FormatIsoTime(first_day)},
                         {"hosts", list}});
  }

  HtmlDoc doc("Sources", "sources");
  doc.Raw("<h1>Sources</h1><p class=\"meta\">").Number(listing->total);
  doc.Raw(listing->total == 1 ? " host" : " hosts");
  if (listing->total > kPerPage) {
    doc.Raw(" (")
        .Number(query.offset + 1)
        .Raw("–")
        .Number(query.offset + static_cast<int64_t>(hosts->size()))
        .Raw(")");
  }
  doc.Raw(" · as of ").Time(ctx.now_ms);
  doc.Raw(" · <a href=\"/api/sources\">JSON</a></p>");
  if (hosts->empty()) doc.Raw("<p class=\"muted\">Nothing crawled yet: the database has no hosts.</p>");
  for (const HostHealth& h : *hosts) {
    doc.Raw("<section class=\"host\"><h2 dir=\"ltr\">").Text(h.host).Raw("</h2><dl class=\"facts\">");
    doc.Raw("<dt>Last fetch</dt><dd>");
    if (h.last_fetch_ms) {
      doc.Time(*h.last_fetch_ms).Raw(" (").Text(HumanDelay(ctx.now_ms - *h.last_fetch_ms)).Raw(" ago)");
    } else {
      doc.Raw("<span class=\"muted\">never</span>");
    }
    doc.Raw("</dd><dt>Latest responses</dt><dd>");
    AppendCounts(doc, h.status_mix);
    doc.Raw("</dd><dt>URLs</dt><dd>");
    AppendCounts(doc, h.urls_by_state);
    doc.Raw("</dd><dt>Errors</dt><dd>");
    if (h.consecutive_errors > 0)
      doc.Raw("<span class=\"bad\">").Number(h.consecutive_errors).Raw(" in a row</span> · ");
    if (h.backoff_until_ms > ctx.now_ms) {
      doc.Raw("<span class=\"bad\">backing off until ").Time(h.backoff_until_ms).Raw("</span> · ");
    }
    if (h.last_error.empty()) {
      doc.Raw("<span class=\"muted\">none</span>");
    } else {
      doc.Raw("last: ").Crawled("span", h.last_error, "en");
      if (h.last_error_ms) doc.Raw(" (").Time(*h.last_error_ms).Raw(")");
    }
    doc.Raw("</dd><dt>robots.txt</dt><dd>");
    if (!h.robots_status) {
      doc.Raw("<span class=\"muted\">not fetched</span>");
    } else if (*h.robots_status == 0) {
      doc.Raw("<span class=\"bad\">unreachable</span>");
    } else {
      doc.Raw("status ").Number(*h.robots_status);
    }
    if (h.robots_fetched_ms) doc.Raw(" · fetched ").Time(*h.robots_fetched_ms);
    if (h.robots_expires_ms) doc.Raw(" · expires ").Time(*h.robots_expires_ms);
    if (h.crawl_delay_ms > 0) doc.Raw(" · crawl delay ").Text(HumanDelay(h.crawl_delay_ms));
    doc.Raw(" · ").Number(h.robots_denied).Raw(h.robots_denied == 1 ? " URL disallowed" : " URLs disallowed");
    doc.Raw("</dd><dt>Articles per day</dt><dd>").Raw(SparklineSvg(h.articles_per_day, first_day));
    int64_t recent = 0;
    for (int64_t n : h.articles_per_day) recent += n;
    doc.Raw(" ").Number(recent).Raw(" in ").Number(kDays).Raw(" days · ").Number(h.articles).Raw(" in all");
    if (!h.site.empty() && h.site != h.host)
      doc.Raw(" <span class=\"muted\">(site ").Text(h.site).Raw(")</span>");
    doc.Raw("</dd><dt>Pages by kind</dt><dd>");
    AppendCounts(doc, h.pages_by_kind);
    doc.Raw("</dd><dt>Next refresh</dt><dd>");
    if (h.next_refresh_ms) {
      doc.Time(*h.next_refresh_ms);
      if (*h.next_refresh_ms <= ctx.now_ms) doc.Raw(" (due)");
    } else {
      bool paused = std::any_of(h.sources.begin(), h.sources.end(), [](const Source& s) { return s.paused; });
      doc.Raw("<span class=\"muted\">")
          .Raw(h.sources.empty() ? "no source on this host"
               : paused          ? "paused"
                                 : "retired")
          .Raw("</span>");
    }
    doc.Raw("</dd>");
    if (!h.sources.empty()) {
      doc.Raw("<dt>Sources</dt><dd><ul>");
      for (const Source& s : h.sources) {
        doc.Raw("<li>")
            .Text(KindName(s.kind))
            .Raw(" ")
            .ExternalLink(s.url)
            .Raw(" · ")
            .Text(ToString(s.origin));
        if (s.paused) doc.Raw(" · <span class=\"bad\">paused</span>");
        if (s.last_status) doc.Raw(" · ").Number(*s.last_status);
        if (s.consecutive_failures > 0)
          doc.Raw(" · <span class=\"bad\">").Number(s.consecutive_failures).Raw(" failures</span>");
        doc.Raw("</li>");
      }
      doc.Raw("</ul></dd>");
    }
    doc.Raw("</dl></section>");
  }
  if (*page > 1 || more) {
    doc.Raw("<nav class=\"pager\">");
    if (*page > 1) {
      doc.Raw("<a rel=\"prev\" href=\"/sources?page=").Number(*page - 1).Raw("\">← Previous</a>");
    } else {
      doc.Raw("<span></span>");
    }
    if (more) doc.Raw("<a rel=\"next\" href=\"/sources?page=").Number(*page + 1).Raw("\">Next →</a>");
    doc.Raw("</nav>");
  }
  return doc.Finish();
}

}  // namespace wirecrawl::web
