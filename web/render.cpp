#include "web/render.h"

#include <cstdio>

#include "base/time.h"

namespace wirecrawl::web {

HtmlDoc::HtmlDoc(std::string_view title, std::string_view active, std::string_view query) {
  out_.reserve(32 * 1024);
  out_ +=
      "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\"><title>";
  AppendEscaped(&out_, title);
  out_ +=
      " · wirecrawl</title><link rel=\"stylesheet\" href=\"/style.css\">"
      "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head>\n<body><header><nav>";
  struct NavItem {
    const char* key;
    const char* href;
    const char* label;
  };
  static constexpr NavItem kNav[] = {
      {"stories", "/", "Stories"}, {"search", "/search", "Search"}, {"sources", "/sources", "Sources"}};
  for (const NavItem& item : kNav) {
    out_ += "<a href=\"";
    out_ += item.href;
    out_ += active == item.key ? "\" aria-current=\"page\">" : "\">";
    out_ += item.label;
    out_ += "</a> ";
  }
  out_ +=
      "</nav><form class=\"searchbox\" action=\"/search\" method=\"get\" role=\"search\">"
      "<input type=\"search\" name=\"q\" dir=\"auto\" aria-label=\"Search articles\" placeholder=\"Search articles\" "
      "value=\"";
  AppendEscaped(&out_, query);
  out_ += "\"><button type=\"submit\">Search</button></form></header>\n<main>";
}

HtmlDoc& HtmlDoc::Crawled(std::string_view tag, std::string_view text, std::string_view language,
                          std::string_view cls) {
  out_ += '<';
  out_ += tag;
  if (!cls.empty()) {
    out_ += " class=\"";
    out_ += cls;
    out_ += '"';
  }
  out_ += " dir=\"";
  out_ += DirForLanguage(language);
  out_ += '"';
  if (std::string lang = LangTag(language); !lang.empty()) {
    out_ += " lang=\"";
    out_ += lang;
    out_ += '"';
  }
  out_ += '>';
  AppendEscaped(&out_, text);
  out_ += "</";
  out_ += tag;
  out_ += '>';
  return *this;
}

HtmlDoc& HtmlDoc::CrawledLink(std::string_view href, std::string_view text, std::string_view language,
                              std::string_view cls) {
  out_ += "<a class=\"";
  out_ += cls;
  out_ += "\" href=\"";
  AppendEscaped(&out_, href);
  out_ += "\" dir=\"";
  out_ += DirForLanguage(language);
  out_ += '"';
  if (std::string lang = LangTag(language); !lang.empty()) {
    out_ += " lang=\"";
    out_ += lang;
    out_ += '"';
  }
  out_ += '>';
  AppendEscaped(&out_, text);
  out_ += "</a>";
  return *this;
}

HtmlDoc& HtmlDoc::ExternalLink(std::string_view url) {
  if (IsSafeLink(url)) {
    // rel: the crawled site learns nothing of this page and gets no handle on it.
    out_ += "<a class=\"url\" dir=\"ltr\" rel=\"noopener noreferrer nofollow\" href=\"";
    AppendEscaped(&out_, url);
    out_ += "\">";
    AppendEscaped(&out_, url);
    out_ += "</a>";
  } else {
    out_ += "<span class=\"url unsafe\" dir=\"ltr\">";
    AppendEscaped(&out_, url);
    out_ += "</span>";
  }
  return *this;
}

HtmlDoc& HtmlDoc::Time(int64_t epoch_ms) {
  out_ += "<time datetime=\"";
  out_ += FormatIsoTime(epoch_ms);
  out_ += "\">";
  out_ += HumanTime(epoch_ms);
  out_ += "</time>";
  return *this;
}

Response HtmlDoc::Finish(int status) {
  out_ +=
      "</main>\n<footer>wirecrawl · read-only view of the crawl database · "
      "<a href=\"/api/stories\">JSON</a></footer></body></html>\n";
  return Response{status, "text/html; charset=utf-8", std::move(out_)};
}

Response JsonResponse(const nlohmann::json& value, int status) {
  // replace: a stored string that is not valid UTF-8 must not make dump() throw.
  return Response{status, "application/json; charset=utf-8",
                  value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
}

Response ErrorResponse(const PageContext& ctx, int status, std::string_view message) {
  if (ctx.json) return JsonResponse({{"error", std::string(message)}}, status);
  HtmlDoc doc(status == 404 ? "Not found" : "Error", "");
  doc.Raw("<h1>").Number(status).Raw("</h1><p class=\"error\">").Text(message).Raw("</p>");
  return doc.Finish(status);
}

std::string HumanTime(int64_t epoch_ms) {
  std::string iso = FormatIsoTime(epoch_ms);  // 2023-10-21T14:03:05Z
  if (iso.size() < 16) return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

nlohmann::json IsoOrNull(std::optional<int64_t> epoch_ms) {
  if (!epoch_ms) return nullptr;
  return FormatIsoTime(*epoch_ms);
}

std::string HumanDelay(int64_t ms) {
  std::string sign = ms < 0 ? "−" : "";
  int64_t s = (ms < 0 ? -ms : ms) / 1000;
  char buf[64];
  if (s == 0 && ms != 0) {
    std::snprintf(buf, sizeof buf, "%lld ms", static_cast<long long>(ms < 0 ? -ms : ms));
  } else if (s < 60) {
    std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lld min", static_cast<long long>(s / 60));
  } else if (s < 86400) {
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(s / 3600),
                  static_cast<long long>(s % 3600 / 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld d %lld h", static_cast<long long>(s / 86400),
                  static_cast<long long>(s % 86400 / 3600));
  }
  return sign + buf;
}

void AppendHighlighted(HtmlDoc& doc, std::string_view text,
                       const std::vector<std::pair<size_t, size_t>>& ranges) {
  size_t pos = 0;
  for (const auto& [begin, end] : ranges) {
    if (begin < pos || end > text.size() || begin >= end) continue;
    doc.Text(text.substr(pos, begin - pos))
        .Raw("<mark>")
        .Text(text.substr(begin, end - begin))
        .Raw("</mark>");
    pos = end;
  }
  doc.Text(text.substr(pos));
}

std::string Param(const Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::optional<int64_t> DateParam(const Params& params, const std::string& name, std::string* error) {
  std::string value = Param(params, name);
  if (value.empty()) return std::nullopt;
  std::optional<int64_t> t = ParseIsoTime(value);
  if (!t) *error = name + ": expected a date (2023-10-21) or an ISO 8601 time, got \"" + value + "\"";
  return t;
}

std::optional<int64_t> IntParam(const Params& params, const std::string& name, int64_t fallback, int64_t min,
                                int64_t max, std::string* error) {
  std::string value = Param(params, name);
  if (value.empty()) return fallback;
  int64_t n = 0;
  bool ok = value.size() <= 12;
  for (char c : value) {
    if (c < '0' || c > '9') ok = false;
    if (ok) n = n * 10 + (c - '0');
  }
  if (!ok || n < min || n > max) {
    *error = name + ": expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
             ", got \"" + value + "\"";
    return std::nullopt;
  }
  return n;
}

}  // namespace wirecrawl::web
