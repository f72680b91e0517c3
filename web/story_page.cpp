// A story: its copies in time order, the delay of each after the first,
// what each changed against the first, and passages shared with other
// stories.
#include <algorithm>

#include "base/time.h"
#include "web/render.h"

namespace wirecrawl::web {
namespace {

// Copies whose text is compared with the first: a story carried by
// hundreds of sites lists them all, but diffs the first ones only.
constexpr size_t kMaxDiffs = 50;
// Sentences of the first copy looked up in other stories, and how long
// one must be to count as a shared passage rather than a common phrase.
constexpr size_t kMaxPassages = 12;
constexpr size_t kPassageMinWords = 8;
constexpr size_t kStoriesPerPassage = 3;

}  // namespace

nlohmann::json DiffJson(const std::vector<DiffLine>& lines) {
  nlohmann::json added = nlohmann::json::array();
  nlohmann::json removed = nlohmann::json::array();
  size_t same = 0;
  for (const DiffLine& l : lines) {
    if (l.op == DiffLine::Op::kAdded) added.push_back(l.text);
    if (l.op == DiffLine::Op::kRemoved) removed.push_back(l.text);
    if (l.op == DiffLine::Op::kSame) ++same;
  }
  return {{"added", added}, {"removed", removed}, {"same", same}};
}

// The diff as paragraphs: kept sentences muted, removed ones struck
// (<del>), added ones marked (<ins>), each in its text's direction.
void AppendDiff(HtmlDoc& doc, const std::vector<DiffLine>& lines, std::string_view before_language,
                std::string_view after_language) {
  doc.Raw("<div class=\"diff\">");
  for (const DiffLine& l : lines) {
    switch (l.op) {
      case DiffLine::Op::kSame:
        doc.Crawled("p", l.text, after_language, "same");
        break;
      case DiffLine::Op::kRemoved:
        doc.Crawled("del", l.text, before_language);
        break;
      case DiffLine::Op::kAdded:
        doc.Crawled("ins", l.text, after_language);
        break;
    }
  }
  doc.Raw("</div>");
}

Response StoryPage(const PageContext& ctx, int64_t story_id) {
  Result<std::optional<StoryDetail>> story = ctx.reader.GetStory(story_id);
  if (!story.ok()) return ErrorResponse(ctx, 500, story.status().message());
  if (!story->has_value()) return ErrorResponse(ctx, 404, "No story " + std::to_string(story_id) + ".");
  const StorySummary& summary = (*story)->summary;
  Result<std::vector<StoryCopy>> copies = ctx.reader.ListStoryCopies(story_id);
  if (!copies.ok()) return ErrorResponse(ctx, 500, copies.status().message());
  if (copies->empty())
    return ErrorResponse(ctx, 404, "Story " + std::to_string(story_id) + " has no copies.");
  const StoryCopy& first = copies->front();
  std::string language = first.language;
  for (const StoryCopy& c : *copies) {
    if (c.time.article_id == summary.representative_id) language = c.language;
  }

  std::vector<std::vector<DiffLine>> diffs(copies->size());
  for (size_t i = 1; i < copies->size() && i <= kMaxDiffs; ++i)
    diffs[i] = ctx.diff.Diff(first.body, (*copies)[i].body);

  std::vector<std::string> passages = ctx.diff.Sentences(first.body);
  if (passages.size() > kMaxPassages) passages.resize(kMaxPassages);
  Result<std::vector<SharedPassage>> shared =
      ctx.reader.FindSharedPassages(story_id, passages, kPassageMinWords, kStoriesPerPassage);
  if (!shared.ok()) return ErrorResponse(ctx, 500, shared.status().message());

  if (ctx.json) {
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < copies->size(); ++i) {
      const StoryCopy& c = (*copies)[i];
      nlohmann::json copy = {{"article_id", c.time.article_id},
                             {"site", c.time.site},
                             {"title", c.title},
                             {"url", c.url},
                             {"language", c.language},
                             {"published", IsoOrNull(c.time.published_ms)},
                             {"published_text", c.published},
                             {"fetched", FormatIsoTime(c.time.fetched_ms)},
                             {"date", FormatIsoTime(c.time.date_ms)},
                             {"delay_s", (c.time.date_ms - first.time.date_ms) / 1000},
                             {"similarity", c.similarity},
                             {"version", c.version}};
      if (i > 0 && i <= kMaxDiffs) copy["changes"] = DiffJson(diffs[i]);
      list.push_back(std::move(copy));
    }
    nlohmann::json passages_json = nlohmann::json::array();
    for (const SharedPassage& p : *shared) {
      passages_json.push_back({{"passage", passages[p.passage]},
                               {"story_id", p.story_id},
                               {"article_id", p.article_id},
                               {"title", p.title},
                               {"site", p.site}});
    }
    return JsonResponse({{"story",
                          {{"id", summary.id},
                           {"title", summary.title},
                           {"language", language},
                           {"representative_id", summary.representative_id},
                           {"copies", summary.member_count},
                           {"site_count", summary.site_count},
                           {"sites", summary.sites},
                           {"first_seen", FormatIsoTime(summary.first_seen_ms)},
                           {"last_seen", FormatIsoTime(summary.last_seen_ms)},
                           {"first_publisher", summary.first_published_site}}},
                         {"copies", list},
                         {"shared_passages", passages_json}});
  }

  HtmlDoc doc(summary.title.empty() ? "Story " + std::to_string(story_id) : summary.title, "");
  doc.Raw("<p class=\"meta\">Story ")
      .Number(story_id)
      .Raw(" · <a href=\"/api/story/")
      .Number(story_id)
      .Raw("\">JSON</a></p>");
  doc.Crawled("h1", summary.title.empty() ? "(no title)" : summary.title, language);
  doc.Raw("<p class=\"meta\">")
      .Number(summary.member_count)
      .Raw(summary.member_count == 1 ? " copy on " : " copies on ");
  doc.Number(summary.site_count)
      .Raw(summary.site_count == 1 ? " site" : " sites")
      .Raw(" · first published by <strong dir=\"ltr\">");
  doc.Text(summary.first_published_site).Raw("</strong> at ").Time(summary.first_published_ms).Raw("</p>");
  std::vector<CopyTime> times;
  for (const StoryCopy& c : *copies) times.push_back(c.time);
  doc.Raw(TimelineSvg(times, 620));

  doc.Raw(
      "<h2>Copies in time order</h2><div class=\"scroll\"><table class=\"copies\"><thead><tr><th>#</th><th>Site</th>"
      "<th>Title</th><th>Published</th><th>Fetched</th><th>After the first</th><th>Changes</th></tr></thead><tbody>");
  for (size_t i = 0; i < copies->size(); ++i) {
    const StoryCopy& c = (*copies)[i];
    doc.Raw("<tr><td>")
        .Number(static_cast<int64_t>(i + 1))
        .Raw("</td><td dir=\"ltr\">")
        .Text(c.time.site)
        .Raw("</td><td>");
    doc.Raw("<a href=\"/article/").Number(c.time.article_id).Raw("\">");
    doc.Crawled("span", c.title.empty() ? "(no title)" : c.title, c.language).Raw("</a></td><td>");
    if (c.time.published_ms) {
      doc.Time(*c.time.published_ms);
    } else {
      doc.Raw("<span class=\"muted\">—</span>");
    }
    doc.Raw("</td><td>").Time(c.time.fetched_ms).Raw("</td><td>");
    doc.Raw(i == 0 ? "first" : "+" + HumanDelay(c.time.date_ms - first.time.date_ms)).Raw("</td><td>");
    if (i > 0 && i <= kMaxDiffs) {
      DiffSummary d = SentenceDiff::Summarize(diffs[i]);
      doc.Raw("<span class=\"added\">+")
          .Number(static_cast<int64_t>(d.added))
          .Raw("</span> <span class=\"removed\">−");
      doc.Number(static_cast<int64_t>(d.removed)).Raw("</span>");
    }
    doc.Raw("</td></tr>");
  }
  doc.Raw("</tbody></table></div>");

  doc.Raw("<h2>What each copy changed against the first</h2>");
  doc.Raw(
      "<p class=\"muted\">Sentence by sentence (ICU sentence boundaries), compared after normalisation: "
      "diacritics, digits and punctuation alone are not changes.</p>");
  for (size_t i = 1; i < copies->size() && i <= kMaxDiffs; ++i) {
    const StoryCopy& c = (*copies)[i];
    DiffSummary d = SentenceDiff::Summarize(diffs[i]);
    doc.Raw("<details class=\"copy-diff\"")
        .Raw(d.added + d.removed > 0 && copies->size() <= 4 ? " open" : "")
        .Raw(">");
    doc.Raw("<summary><span dir=\"ltr\">").Text(c.time.site).Raw("</span>: <span class=\"added\">+");
    doc.Number(static_cast<int64_t>(d.added))
        .Raw("</span> <span class=\"removed\">−")
        .Number(static_cast<int64_t>(d.removed));
    doc.Raw("</span> sentences, ").Number(static_cast<int64_t>(d.same)).Raw(" kept</summary>");
    AppendDiff(doc, diffs[i], first.language, c.language);
    doc.Raw("</details>");
  }
  if (copies->size() == 1) doc.Raw("<p class=\"muted\">One copy: nothing to compare.</p>");

  if (!shared->empty()) {
    doc.Raw("<h2>Passages shared with other stories</h2><ul class=\"shared\">");
    size_t last = SIZE_MAX;
    for (const SharedPassage& p : *shared) {
      if (p.passage != last) {
        if (last != SIZE_MAX) doc.Raw("</ul></li>");
        doc.Raw("<li>");
        doc.Crawled("q", passages[p.passage], first.language);
        doc.Raw("<ul>");
        last = p.passage;
      }
      doc.Raw("<li><a href=\"/story/").Number(p.story_id).Raw("\">");
      doc.Crawled("span", p.title.empty() ? "(no title)" : p.title, {})
          .Raw("</a> <span class=\"muted\" dir=\"ltr\">");
      doc.Text(p.site).Raw("</span></li>");
    }
    doc.Raw("</ul></li></ul>");
  }
  return doc.Finish();
}

}  // namespace wirecrawl::web
