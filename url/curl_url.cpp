#include "url/curl_url.h"

namespace wirecrawl::url_internal {
namespace {

struct CurlFree {
  void operator()(char* s) const { curl_free(s); }
};

}  // namespace

std::string QuoteUrl(std::string_view s) {
  constexpr size_t kMax = 200;
  std::string out = "\"" + std::string(s.substr(0, kMax));
  if (s.size() > kMax) out += "...";
  return out + "\"";
}

Status CurlUrlError(CURLUcode code, std::string_view what, std::string_view url) {
  return Status::InvalidArgument(std::string(what) + " " + QuoteUrl(url) + ": " + curl_url_strerror(code));
}

Status SetCurlUrl(CURLU* u, std::string_view text, unsigned int flags, std::string_view what) {
  if (text.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(what) + " " + QuoteUrl(text) + ": NUL byte");
  }
  if (CURLUcode rc = curl_url_set(u, CURLUPART_URL, std::string(text).c_str(), flags); rc != CURLUE_OK) {
    return CurlUrlError(rc, what, text);
  }
  return Status::Ok();
}

Result<CurlUrl> ParseCurlUrl(std::string_view text, unsigned int flags) {
  CurlUrl u(curl_url());
  if (!u) return Status::IoError("curl_url: out of memory");
  if (Status s = SetCurlUrl(u.get(), text, flags, "invalid URL"); !s.ok()) return s;
  return u;
}

std::optional<std::string> GetPart(CURLU* u, CURLUPart part, unsigned int flags) {
  char* raw = nullptr;
  if (curl_url_get(u, part, &raw, flags) != CURLUE_OK || raw == nullptr) return std::nullopt;
  std::unique_ptr<char, CurlFree> owned(raw);
  return std::string(raw);
}

}  // namespace wirecrawl::url_internal
