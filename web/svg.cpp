// The inline pictures: SVG written on the server, with presentation
// attributes only (no style attribute or element: the Content-Security-Policy
// allows no inline style), and every crawled string escaped.
#include <algorithm>
#include <cstdio>
#include <map>

#include "web/render.h"

namespace wirecrawl::web {
namespace {

constexpr size_t kMaxRows = 6;
constexpr int kRowHeight = 12;
constexpr int kLabelWidth = 118;
constexpr int64_t kDayMs = 86'400'000;

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string TimelineSvg(const std::vector<CopyTime>& copies, int width) {
  if (copies.empty()) return {};
  int64_t t0 = copies.front().date_ms;
  int64_t t1 = t0;
  for (const CopyTime& c : copies) {
    t0 = std::min(t0, c.date_ms);
    t1 = std::max(t1, c.date_ms);
  }
  // Rows in the order the sites first carried the story: the first
  // publisher on top.
  std::vector<std::string> rows;
  std::map<std::string, size_t> row_of;
  size_t others = 0;
  for (const CopyTime& c : copies) {
    if (row_of.count(c.site) > 0) continue;
    if (rows.size() < kMaxRows) {
      row_of[c.site] = rows.size();
      rows.push_back(c.site);
    } else {
      row_of[c.site] = kMaxRows;
      ++others;
    }
  }
  size_t row_count = rows.size() + (others > 0 ? 1 : 0);
  const int height = static_cast<int>(row_count) * kRowHeight + 4;
  const double x0 = kLabelWidth + 6;
  const double x1 = std::max(x0 + 10, static_cast<double>(width) - 6);
  auto x_of = [&](int64_t t) {
    return t1 == t0 ? x0 : x0 + (x1 - x0) * static_cast<double>(t - t0) / static_cast<double>(t1 - t0);
  };

  std::string svg = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) +
                    "\" role=\"img\" aria-label=\"When each site published it, from ";
  svg += HumanTime(t0) + " to " + HumanTime(t1) + "\">";
  for (size_t r = 0; r < row_count; ++r) {
    double y = static_cast<double>(r) * kRowHeight + kRowHeight / 2.0 + 2;
    std::string label = r < rows.size() ? rows[r] : "+" + std::to_string(others) + " more sites";
    if (label.size() > 22) label = label.substr(0, 21) + "…";
    svg += "<text x=\"0\" y=\"" + Fixed(y + 3.5) + "\" font-size=\"10\" fill=\"#555\">";
    AppendEscaped(&svg, label);
    svg += "</text><line x1=\"" + Fixed(x0) + "\" x2=\"" + Fixed(x1) + "\" y1=\"" + Fixed(y) + "\" y2=\"" +
           Fixed(y) + "\" stroke=\"#ddd\" stroke-width=\"1\"/>";
  }
  bool first = true;
  for (const CopyTime& c : copies) {
    size_t r = row_of[c.site];
    double y = static_cast<double>(r) * kRowHeight + kRowHeight / 2.0 + 2;
    svg += "<circle cx=\"" + Fixed(x_of(c.date_ms)) + "\" cy=\"" + Fixed(y) + "\" r=\"4\" fill=\"" +
           (first ? "#c2410c" : "#1d4ed8") + "\" fill-opacity=\"0.8\"><title>";
    AppendEscaped(&svg, c.site);
    svg += " " + HumanTime(c.date_ms);
    if (!c.published_ms) svg += " (fetched; no published time)";
    svg += "</title></circle>";
    first = false;
  }
  svg += "</svg>";
  return svg;
}

std::string SparklineSvg(const std::vector<int64_t>& per_day, int64_t first_day_ms) {
  constexpr int kBar = 4;
  constexpr int kHeight = 24;
  int64_t max = 1;
  for (int64_t n : per_day) max = std::max(max, n);
  const int width = static_cast<int>(per_day.size()) * kBar;
  std::string svg = "<svg class=\"sparkline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(kHeight) + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(kHeight) +
                    "\" role=\"img\" aria-label=\"Articles per day\">";
  svg += "<line x1=\"0\" x2=\"" + std::to_string(width) + "\" y1=\"" + std::to_string(kHeight - 0.5) +
         "\" y2=\"" + std::to_string(kHeight - 0.5) + "\" stroke=\"#ccc\" stroke-width=\"1\"/>";
  for (size_t d = 0; d < per_day.size(); ++d) {
    double h =
        per_day[d] == 0
            ? 0
            : std::max(1.5, (kHeight - 1) * static_cast<double>(per_day[d]) / static_cast<double>(max));
    svg += "<rect x=\"" + std::to_string(static_cast<int>(d) * kBar) + "\" y=\"" + Fixed(kHeight - 1 - h) +
           "\" width=\"" + std::to_string(kBar - 1) + "\" height=\"" + Fixed(h) +
           "\" fill=\"#1d4ed8\"><title>" +
           HumanTime(first_day_ms + static_cast<int64_t>(d) * kDayMs).substr(0, 10) + ": " +
           std::to_string(per_day[d]) + "</title></rect>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace wirecrawl::web
