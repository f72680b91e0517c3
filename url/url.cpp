#include "url/url.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <libpsl.h>
#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace wirecrawl {
namespace {

struct CurlUrlCleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurlUrlHandle = std::unique_ptr<CURLU, CurlUrlCleanup>;

struct CurlFree {
  void operator()(char* s) const { curl_free(s); }
};

struct PslFree {
  void operator()(psl_ctx_t* p) const { psl_free(p); }
};

struct UidnaClose {
  void operator()(UIDNA* p) const { uidna_close(p); }
};

// Long URLs are cut in messages: an error line should stay a line.
std::string Quote(std::string_view s) {
  constexpr size_t kMax = 200;
  std::string out = "\"" + std::string(s.substr(0, kMax));
  if (s.size() > kMax) out += "...";
  return out + "\"";
}

// The one place a CURLUcode becomes a Status.
Status CurlUrlError(CURLUcode code, std::string_view what, std::string_view url) {
  return Status::InvalidArgument(std::string(what) + " " + Quote(url) + ": " + curl_url_strerror(code));
}

std::optional<std::string> GetPart(CURLU* u, CURLUPart part, unsigned int flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(u, part, &raw, flags) != CURLUE_OK || raw == nullptr) return std::nullopt;
  std::unique_ptr<char, CurlFree> owned(raw);
  return std::string(raw);
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), AsciiLower);
  return out;
}

// Browsers strip leading and trailing C0 controls and spaces from an href and
// remove tabs and newlines inside it (WHATWG URL); pages rely on that.
std::string CleanInput(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) { return c <= '9' ? c - '0' : (AsciiLower(c) - 'a' + 10); }

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Octets that cannot appear raw in a path or query (RFC 3986 3.3, 3.4).
bool MustEscape(unsigned char c) {
  return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
         c == '{' || c == '|' || c == '}' || c == '#';
}

// RFC 3986 6.2.2.1-2. "%2E" stays encoded: decoding it after curl has removed
// dot segments would make new ones ("/a/%2E%2E/b").
std::string NormalizeEscapes(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && IsHexDigit(s[i + 1]) && IsHexDigit(s[i + 2])) {
      const auto decoded = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(decoded) && decoded != '.') {
        out += static_cast<char>(decoded);
      } else {
        out += '%';
        out += kHex[decoded >> 4];
        out += kHex[decoded & 0xF];
      }
      i += 2;
    } else if (c == '%' || MustEscape(c)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Drops tracking and empty parameters, sorts the rest by name. Returns "" if
// nothing is left.
std::string NormalizeQuery(std::string_view query) {
  struct Param {
    std::string name;
    std::string text;  // "name=value" or "name"
  };
  std::vector<Param> params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string text = NormalizeEscapes(query.substr(start, end - start));
    if (!text.empty()) {
      std::string name = text.substr(0, text.find('='));
      if (!IsTrackingParameter(name)) params.push_back({std::move(name), std::move(text)});
    }
    start = end + 1;
  }
  std::stable_sort(params.begin(), params.end(),
                   [](const Param& a, const Param& b) { return a.name < b.name; });
  std::string out;
  for (const Param& p : params) {
    if (!out.empty()) out += '&';
    out += p.text;
  }
  return out;
}

// International host names to punycode with UTS #46, as browsers do.
// std::nullopt if the name is not a valid IDN.
std::optional<std::string> HostToAscii(std::string_view host) {
  static const std::unique_ptr<UIDNA, UidnaClose> idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* p =
        uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ, &status);
    return std::unique_ptr<UIDNA, UidnaClose>(U_SUCCESS(status) ? p : nullptr);
  }();
  if (!idna) return std::nullopt;
  std::array<char, 1024> out{};
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = uidna_nameToASCII_UTF8(idna.get(), host.data(), static_cast<int32_t>(host.size()),
                                                out.data(), static_cast<int32_t>(out.size()), &info, &status);
  if (U_FAILURE(status) || info.errors != 0 || length <= 0 || length >= static_cast<int32_t>(out.size())) {
    return std::nullopt;
  }
  return std::string(out.data(), static_cast<size_t>(length));
}

// Applies every rule of the header comment to a parsed URL, in place.
Status Normalize(CURLU* u, std::string_view original) {
  const std::string scheme = Lower(GetPart(u, CURLUPART_SCHEME).value_or(""));
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument("not an http(s) URL: " + Quote(original));
  }
  curl_url_set(u, CURLUPART_SCHEME, scheme.c_str(), 0);

  const std::string parsed_host = GetPart(u, CURLUPART_HOST).value_or("");
  std::string host = parsed_host;
  if (std::any_of(host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    std::optional<std::string> ascii = HostToAscii(host);
    if (!ascii) return Status::InvalidArgument("invalid international host name in " + Quote(original));
    host = std::move(*ascii);
  }
  host = Lower(host);
  // Every trailing dot, not one: "a.b.." would keep a dot and lose it on a
  // second pass, and NormalizeUrl must be idempotent (found by url_fuzz).
  while (host.size() > 1 && host.back() == '.') host.pop_back();
  if (host.empty() || host == ".") return Status::InvalidArgument("no host in " + Quote(original));
  if (host != parsed_host) {
    if (CURLUcode rc = curl_url_set(u, CURLUPART_HOST, host.c_str(), 0); rc != CURLUE_OK) {
      return CurlUrlError(rc, "bad host in", original);
    }
  }
  // curl normalises IPv4 numbers ("128.00" -> "128.0.0.0") when it parses a
  // whole URL, before it decodes the host ("%32" -> "2") and not in a host set
  // alone: parse the URL again, so that the host comes out as a second pass
  // would give it (NormalizeUrl must be idempotent; found by url_fuzz).
  std::optional<std::string> whole = GetPart(u, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (!whole) return Status::InvalidArgument("cannot build URL from " + Quote(original));
  if (CURLUcode rc = curl_url_set(u, CURLUPART_URL, whole->c_str(), CURLU_ALLOW_SPACE); rc != CURLUE_OK) {
    return CurlUrlError(rc, "bad host in", original);
  }

  curl_url_set(u, CURLUPART_FRAGMENT, nullptr, 0);
  const std::string path = NormalizeEscapes(GetPart(u, CURLUPART_PATH).value_or("/"));
  curl_url_set(u, CURLUPART_PATH, path.empty() ? "/" : path.c_str(), 0);
  if (std::optional<std::string> query = GetPart(u, CURLUPART_QUERY)) {
    const std::string normal = NormalizeQuery(*query);
    curl_url_set(u, CURLUPART_QUERY, normal.empty() ? nullptr : normal.c_str(), 0);
  }
  return Status::Ok();
}

Result<CurlUrlHandle> ParseNormalized(std::string_view url) {
  CurlUrlHandle u(curl_url());
  if (!u) return Status::IoError("curl_url: out of memory");
  const std::string clean = CleanInput(url);
  if (clean.find('\0') != std::string::npos) return Status::InvalidArgument("NUL byte in URL " + Quote(url));
  if (CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, clean.c_str(), CURLU_ALLOW_SPACE);
      rc != CURLUE_OK) {
    return CurlUrlError(rc, "invalid URL", url);
  }
  if (Status s = Normalize(u.get(), url); !s.ok()) return s;
  return u;
}

Result<std::string> UrlOf(CURLU* u, std::string_view original) {
  char* raw = nullptr;
  if (CURLUcode rc = curl_url_get(u, CURLUPART_URL, &raw, CURLU_NO_DEFAULT_PORT); rc != CURLUE_OK) {
    return CurlUrlError(rc, "cannot build URL from", original);
  }
  std::unique_ptr<char, CurlFree> owned(raw);
  // curl 7.88 lower-cases the hex digits of escapes in parts set through
  // curl_url_set; RFC 3986 6.2.2.1 prefers upper case.
  std::string out(raw);
  for (size_t i = 0; i + 2 < out.size(); ++i) {
    if (out[i] == '%' && IsHexDigit(out[i + 1]) && IsHexDigit(out[i + 2])) {
      out[i + 1] = AsciiUpper(out[i + 1]);
      out[i + 2] = AsciiUpper(out[i + 2]);
      i += 2;
    }
  }
  return out;
}

}  // namespace

Result<std::string> NormalizeUrl(std::string_view url) {
  Result<CurlUrlHandle> u = ParseNormalized(url);
  if (!u.ok()) return u.status();
  return UrlOf(u->get(), url);
}

Result<std::string> ResolveUrl(std::string_view base, std::string_view link) {
  Result<CurlUrlHandle> u = ParseNormalized(base);
  if (!u.ok()) return u.status();
  const std::string clean = CleanInput(link);
  // RFC 3986 5.2.2: an empty reference or a bare fragment is the base itself
  // (curl 7.88 would drop the base's last segment and query instead).
  if (clean.empty() || clean.front() == '#') return UrlOf(u->get(), base);
  if (clean.find('\0') != std::string::npos)
    return Status::InvalidArgument("NUL byte in link " + Quote(link));
  if (CURLUcode rc = curl_url_set(u->get(), CURLUPART_URL, clean.c_str(), CURLU_ALLOW_SPACE);
      rc != CURLUE_OK) {
    return CurlUrlError(rc, "cannot resolve link", link);
  }
  if (Status s = Normalize(u->get(), link); !s.ok()) return s;
  return UrlOf(u->get(), link);
}

Result<std::string> UrlHost(std::string_view url) {
  Result<CurlUrlHandle> u = ParseNormalized(url);
  if (!u.ok()) return u.status();
  std::optional<std::string> host = GetPart(u->get(), CURLUPART_HOST);
  if (!host) return Status::InvalidArgument("no host in " + Quote(url));
  return *host;
}

Result<std::string> RobotsTxtUrl(std::string_view url) {
  Result<CurlUrlHandle> u = ParseNormalized(url);
  if (!u.ok()) return u.status();
  CURLU* h = u->get();
  curl_url_set(h, CURLUPART_USER, nullptr, 0);
  curl_url_set(h, CURLUPART_PASSWORD, nullptr, 0);
  curl_url_set(h, CURLUPART_QUERY, nullptr, 0);
  curl_url_set(h, CURLUPART_PATH, "/robots.txt", 0);
  return UrlOf(h, url);
}

std::string RegisteredDomain(std::string_view host) {
  static const std::unique_ptr<psl_ctx_t, PslFree> latest(psl_latest(nullptr));
  const psl_ctx_t* psl = latest ? latest.get() : psl_builtin();
  std::string h(host);
  if (psl == nullptr || h.empty() || h.front() == '[') return h;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return h;
  const char* registered = psl_registrable_domain(psl, h.c_str());
  return registered ? std::string(registered) : h;
}

bool HostIsWithin(std::string_view host, std::string_view domain) {
  if (domain.empty() || host.size() < domain.size()) return false;
  if (host.size() == domain.size()) return host == domain;
  return host.substr(host.size() - domain.size()) == domain && host[host.size() - domain.size() - 1] == '.';
}

bool IsTrackingParameter(std::string_view name) {
  static constexpr std::string_view kExact[] = {
      "fbclid",  "gclid",    "gclsrc", "dclid",   "gbraid",    "wbraid",      "msclkid",
      "yclid",   "twclid",   "ttclid", "igshid",  "mc_cid",    "mc_eid",      "_ga",
      "_gl",     "_hsenc",   "_hsmi",  "mkt_tok", "li_fat_id", "oly_anon_id", "oly_enc_id",
      "vero_id", "wickedid", "__s",    "ref_src",
  };
  const std::string lower = Lower(name);
  if (lower.rfind("utm_", 0) == 0) return true;
  return std::find(std::begin(kExact), std::end(kExact), lower) != std::end(kExact);
}

}  // namespace wirecrawl
