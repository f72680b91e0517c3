// The host-key, domain and site functions of url.h; UrlHost, which needs the
// normal form, is in url.cpp.
#include <arpa/inet.h>
#include <libpsl.h>

#include <memory>
#include <optional>

#include "base/ascii.h"
#include "url/curl_url.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

using url_internal::CurlUrl;
using url_internal::GetPart;

struct PslFree {
  void operator()(psl_ctx_t* p) const { psl_free(p); }
};

// Any scheme, so that the fetcher can name the one it refuses. No
// CURLU_GUESS_SCHEME: a URL without a scheme is not absolute.
std::optional<CurlUrl> ParseAbsolute(std::string_view url) {
  Result<CurlUrl> u = url_internal::ParseCurlUrl(url, CURLU_NON_SUPPORT_SCHEME);
  if (!u.ok()) return std::nullopt;
  return std::move(u).value();
}

// "host:port" -> "host"; an IPv6 literal keeps the colons inside its brackets.
std::string WithoutPort(std::string host_key) {
  const size_t after_address = !host_key.empty() && host_key[0] == '[' ? host_key.find(']') : 0;
  if (after_address == std::string::npos) return host_key;
  if (size_t colon = host_key.find(':', after_address); colon != std::string::npos) host_key.resize(colon);
  return host_key;
}

// The registrable domain by the one PSL context; nullopt for IP addresses,
// single labels and public suffixes, which have none.
std::optional<std::string> RegistrableDomain(const std::string& host) {
  static const std::unique_ptr<psl_ctx_t, PslFree> latest(psl_latest(nullptr));
  const psl_ctx_t* psl = latest ? latest.get() : psl_builtin();
  if (psl == nullptr || host.empty() || host.front() == '[') return std::nullopt;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return std::nullopt;
  const char* registered = psl_registrable_domain(psl, host.c_str());
  if (registered == nullptr) return std::nullopt;
  return std::string(registered);
}

}  // namespace

std::string SchemeOfUrl(std::string_view url) {
  std::optional<CurlUrl> u = ParseAbsolute(url);
  if (!u) return {};
  return ascii::Lower(GetPart(u->get(), CURLUPART_SCHEME).value_or(""));
}

std::string HostOfUrl(std::string_view url) {
  std::optional<CurlUrl> u = ParseAbsolute(url);
  if (!u) return {};
  std::string host = ascii::Lower(GetPart(u->get(), CURLUPART_HOST).value_or(""));
  if (host.empty()) return host;
  // CURLU_NO_DEFAULT_PORT: no port part when it is the scheme's default.
  if (std::optional<std::string> port = GetPart(u->get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT)) {
    host += ':' + *port;
  }
  return host;
}

std::string RegisteredDomain(std::string_view host) {
  std::string h(host);
  return RegistrableDomain(h).value_or(h);
}

bool HostIsWithin(std::string_view host, std::string_view domain) {
  if (domain.empty() || host.size() < domain.size()) return false;
  if (host.size() == domain.size()) return host == domain;
  return host.substr(host.size() - domain.size()) == domain && host[host.size() - domain.size() - 1] == '.';
}

std::string SiteOfUrl(std::string_view url) {
  std::string host = WithoutPort(HostOfUrl(url));
  if (std::optional<std::string> domain = RegistrableDomain(host)) return *domain;
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

}  // namespace wirecrawl
