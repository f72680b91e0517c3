#include "web/pages.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "web/render.h"

namespace wirecrawl::web {
namespace {

// "/story/123" with prefix "/story/" -> 123; nullopt for anything else.
std::optional<int64_t> IdAfter(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view digits = path.substr(prefix.size());
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  int64_t id = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

Response Asset(std::string_view body, const char* type) { return Response{200, type, std::string(body)}; }

}  // namespace

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
  static const std::vector<std::pair<std::string, std::string>> kHeaders = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
  };
  return kHeaders;
}

struct Pages::Impl {
  ArchiveReader& reader;
  std::function<int64_t()> now_ms;
  SentenceDiff diff;

  Impl(ArchiveReader& r, std::function<int64_t()> now) : reader(r), now_ms(std::move(now)) {}

  Response Route(std::string_view path, const Params& params) {
    bool json = path.substr(0, 5) == "/api/";
    std::string_view page = json ? path.substr(4) : path;
    PageContext ctx{reader, diff, now_ms(), params, json};
    if (!json) {
      if (path == "/style.css") return Asset(StyleSheet(), "text/css; charset=utf-8");
      if (path == "/favicon.svg" || path == "/favicon.ico") return Asset(FaviconSvg(), "image/svg+xml");
    }
    if (page == "/" || page == "/stories") return StoriesPage(ctx);
    if (auto id = IdAfter(page, "/story/")) return StoryPage(ctx, *id);
    if (auto id = IdAfter(page, "/article/")) return ArticlePage(ctx, *id);
    if (page == "/page") return FrontierPage(ctx);
    if (page == "/search") return SearchPage(ctx);
    if (page == "/sources") return SourcesPage(ctx);
    return ErrorResponse(ctx, 404, "There is no page here.");
  }
};

Pages::Pages(ArchiveReader& reader, std::function<int64_t()> now_ms)
    : impl_(std::make_unique<Impl>(reader, std::move(now_ms))) {}
Pages::~Pages() = default;

Response Pages::Get(std::string_view path, const Params& params) {
  try {
    return impl_->Route(path, params);
  } catch (const std::exception& e) {
    // A library throwing (ICU data missing, allocation) is one failed page,
    // not a dead server.
    spdlog::error("web: {}: {}", path, e.what());
    return Response{500, "text/plain; charset=utf-8", "internal error\n"};
  }
}

}  // namespace wirecrawl::web
