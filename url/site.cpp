// Hosts and sites of URLs, with curl's URL parser and the Public Suffix List.
#include "url/site.h"

#include <curl/curl.h>
#include <libpsl.h>

#include <memory>

namespace wirecrawl {
namespace {

struct UrlFree {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlStringFree {
  void operator()(char* s) const { curl_free(s); }
};
using CurlString = std::unique_ptr<char, CurlStringFree>;

CurlString Part(CURLU* url, CURLUPart part, unsigned flags) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK) return nullptr;
  return CurlString(value);
}

}  // namespace

std::string HostOfUrl(std::string_view url) {
  std::unique_ptr<CURLU, UrlFree> parsed(curl_url());
  if (!parsed) return {};
  std::string text(url);
  // No CURLU_GUESS_SCHEME: a URL without a scheme is not absolute.
  if (curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return {};
  CurlString host = Part(parsed.get(), CURLUPART_HOST, 0);
  if (!host || *host == '\0') return {};
  std::string result(host.get());
  for (char& c : result) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // CURLU_NO_DEFAULT_PORT: no port part when it is the scheme's default.
  if (CurlString port = Part(parsed.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT)) {
    result += ':';
    result += port.get();
  }
  return result;
}

std::string SiteOfUrl(std::string_view url) {
  std::string host = HostOfUrl(url);
  // Drop ":port"; an IPv6 literal keeps its colons inside the brackets.
  size_t after_address = host.empty() || host[0] != '[' ? 0 : host.find(']');
  if (auto colon = host.find(':', after_address == std::string::npos ? 0 : after_address);
      colon != std::string::npos) {
    host.resize(colon);
  }
  if (host.empty()) return host;
  if (const psl_ctx_t* psl = psl_builtin()) {
    if (const char* domain = psl_registrable_domain(psl, host.c_str())) return domain;
  }
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

}  // namespace wirecrawl
