// web/render.h: what the page files share (internal to web/): the page
// frame, crawled text in an element of its own, times, parameters, and the
// response makers. One function per page, in its own file.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/archive_reader.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/text_diff.h"

namespace wirecrawl::web {

// What a page function gets.
struct PageContext {
  ArchiveReader& reader;
  SentenceDiff& diff;
  int64_t now_ms = 0;
  const Params& params;
  bool json = false;  // /api/...: answer JSON
};

// An HTML document being written. Raw() is for the page's own markup only;
// anything from the database or the request goes through Text() or
// Crawled().
class HtmlDoc {
 public:
  // Opens the document: head (title escaped), header with the navigation
  // (`active`: "stories", "search", "sources" or "") and the search box.
  HtmlDoc(std::string_view title, std::string_view active, std::string_view query = {});
  HtmlDoc& Raw(std::string_view html) {
    out_.append(html);
    return *this;
  }
  HtmlDoc& Text(std::string_view text) {
    AppendEscaped(&out_, text);
    return *this;
  }
  HtmlDoc& Number(int64_t n) {
    out_ += std::to_string(n);
    return *this;
  }
  // <tag class="cls" dir=".." lang="..">text</tag>: crawled text in an
  // element of its own, its direction from its language (isolated from
  // what surrounds it).
  HtmlDoc& Crawled(std::string_view tag, std::string_view text, std::string_view language,
                   std::string_view cls = {});
  // <a class="cls" href="href" dir=".." lang="..">text</a>: a link of the
  // page's own (href is ours: "/story/12") around crawled text, laid out
  // in the text's direction as a block of its own.
  HtmlDoc& CrawledLink(std::string_view href, std::string_view text, std::string_view language,
                       std::string_view cls);
  // A link to a crawled URL when it is http(s), else the URL as text.
  HtmlDoc& ExternalLink(std::string_view url);
  // A time element: <time datetime="ISO">2023-10-21 14:03</time>.
  HtmlDoc& Time(int64_t epoch_ms);
  // Closes the document and makes the response.
  Response Finish(int status = 200);

 private:
  std::string out_;
};

Response JsonResponse(const nlohmann::json& value, int status = 200);
// An error as a page or as {"error": message}.
Response ErrorResponse(const PageContext& ctx, int status, std::string_view message);

// "2023-10-21 14:03" (UTC).
std::string HumanTime(int64_t epoch_ms);
// "2023-10-21T14:03:05Z", or null.
nlohmann::json IsoOrNull(std::optional<int64_t> epoch_ms);
// A delay for people: "0 s", "200 ms", "45 s", "12 min", "3 h 05 min", "2 d 4 h".
std::string HumanDelay(int64_t ms);
// text with the byte ranges marked (<mark>), escaped.
void AppendHighlighted(HtmlDoc& doc, std::string_view text,
                       const std::vector<std::pair<size_t, size_t>>& ranges);

// A sentence diff as paragraphs: kept sentences muted, removed ones in
// <del>, added ones in <ins>; and as JSON {added: [...], removed: [...], same: N}.
void AppendDiff(HtmlDoc& doc, const std::vector<DiffLine>& lines, std::string_view before_language,
                std::string_view after_language);
nlohmann::json DiffJson(const std::vector<DiffLine>& lines);

// ---- Parameters -------------------------------------------------------------
// A parameter's value, empty when absent.
std::string Param(const Params& params, const std::string& name);
// A date parameter: "2023-10-21" or an ISO 8601 date-time; nullopt when
// absent or empty; an error message in *error when malformed.
std::optional<int64_t> DateParam(const Params& params, const std::string& name, std::string* error);
// An integer parameter in [min, max]; `fallback` when absent or empty.
std::optional<int64_t> IntParam(const Params& params, const std::string& name, int64_t fallback, int64_t min,
                                int64_t max, std::string* error);

// ---- The pages (one file each) ----------------------------------------------
Response StoriesPage(const PageContext& ctx);
Response StoryPage(const PageContext& ctx, int64_t story_id);
Response ArticlePage(const PageContext& ctx, int64_t article_id);
Response FrontierPage(const PageContext& ctx);
Response SearchPage(const PageContext& ctx);
Response SourcesPage(const PageContext& ctx);

// ---- Pictures (svg.cpp): inline SVG, made on the server ---------------------
// When each site published a story: one row per site (most copies first,
// at most 6 rows), a dot per copy along the time from the first copy to
// the last.
std::string TimelineSvg(const std::vector<CopyTime>& copies, int width);
// Articles per day as bars, oldest first; first_day_ms: the first day's start.
std::string SparklineSvg(const std::vector<int64_t>& per_day, int64_t first_day_ms);

// The CSS (assets.cpp).
std::string_view StyleSheet();
std::string_view FaviconSvg();

}  // namespace wirecrawl::web
