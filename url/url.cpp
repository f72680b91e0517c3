#include "url/url.h"

#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "base/ascii.h"
#include "url/curl_url.h"
#include "url/percent_encoding.h"

namespace wirecrawl {
namespace {

using url_internal::CurlUrl;
using url_internal::CurlUrlError;
using url_internal::GetPart;
using url_internal::QuoteUrl;

struct UidnaClose {
  void operator()(UIDNA* p) const { uidna_close(p); }
};

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

std::string NormalizeEscapes(std::string_view s) {
  return NormalizePercentEncoding(s, PercentEncoding::kNormalizeUrlPart);
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
  const std::string scheme = ascii::Lower(GetPart(u, CURLUPART_SCHEME).value_or(""));
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument("not an http(s) URL: " + QuoteUrl(original));
  }
  curl_url_set(u, CURLUPART_SCHEME, scheme.c_str(), 0);
  // A raw blank or control byte in the user or password (a link's, as
  // written) would make a URL that does not parse again (url_fuzz).
  for (CURLUPart part : {CURLUPART_USER, CURLUPART_PASSWORD}) {
    const std::string value = GetPart(u, part).value_or("");
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return static_cast<unsigned char>(c) <= ' '; })) {
      return Status::InvalidArgument("blank or control character in the user or password of " +
                                     QuoteUrl(original));
    }
  }

  const std::string parsed_host = GetPart(u, CURLUPART_HOST).value_or("");
  std::string host = parsed_host;
  if (std::any_of(host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    std::optional<std::string> punycode = HostToAscii(host);
    if (!punycode) return Status::InvalidArgument("invalid international host name in " + QuoteUrl(original));
    host = std::move(*punycode);
  }
  host = ascii::Lower(host);
  // Every trailing dot, not one: "a.b.." would keep a dot and lose it on a
  // second pass, and NormalizeUrl must be idempotent (found by url_fuzz).
  while (host.size() > 1 && host.back() == '.') host.pop_back();
  if (host.empty() || host == ".") return Status::InvalidArgument("no host in " + QuoteUrl(original));
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
  if (!whole) return Status::InvalidArgument("cannot build URL from " + QuoteUrl(original));
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

Result<CurlUrl> ParseNormalized(std::string_view url) {
  Result<CurlUrl> u = url_internal::ParseCurlUrl(CleanInput(url), CURLU_ALLOW_SPACE);
  if (!u.ok()) return u.status();
  if (Status s = Normalize(u->get(), url); !s.ok()) return s;
  return u;
}

Result<std::string> UrlOf(CURLU* u, std::string_view original) {
  std::optional<std::string> out = GetPart(u, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (!out) return Status::InvalidArgument("cannot build URL from " + QuoteUrl(original));
  // curl 7.88 lower-cases the hex digits of escapes in parts set through
  // curl_url_set; RFC 3986 6.2.2.1 prefers upper case.
  return NormalizePercentEncoding(*out, PercentEncoding::kUpperCaseEscapes);
}

}  // namespace

Result<std::string> NormalizeUrl(std::string_view url) {
  Result<CurlUrl> u = ParseNormalized(url);
  if (!u.ok()) return u.status();
  return UrlOf(u->get(), url);
}

struct LinkResolver::Base {
  std::string text;        // as given, for messages
  Result<CurlUrl> url;     // in normal form
  std::string normalized;  // url as text
  std::string origin;      // "http://news.example": its scheme and authority, normalised
};

namespace {

// The links of a site's pages repeat from page to page (navigation, menus,
// "most read" lists: 92 links on a 60 KB page of bench/crawl, most of them
// on every page), and resolving one through curl_url was a quarter of a
// crawl's CPU. Each thread keeps what it resolved, keyed by what the result
// depends on (RFC 3986 5.2.2): a link with a scheme by itself, an
// absolute path ("/x") by the base's scheme and authority with it, anything
// else by the whole base (normalised) with it. Cleared when full, and a long
// link (a data: URI) is not kept, so it stays small.
constexpr size_t kResolvedLinksKept = 8192;
constexpr size_t kLongestLinkKept = 1024;

class ResolvedLinks {
 public:
  // The key for `link` on a page whose base is `base`.
  // `origin` and `base` are normalised, so neither holds a newline.
  static std::string KeyOf(const std::string& origin, const std::string& base, std::string_view link) {
    std::string key;
    if (StartsWithScheme(link)) {
      key.reserve(link.size() + 1);
      key += 'a';
    } else if (!origin.empty() && link.size() >= 2 && link[0] == '/' && link[1] != '/' && link[1] != '\\') {
      key.reserve(origin.size() + link.size() + 2);
      key += 'p';
      key += origin;
      key += '\n';
    } else {
      key.reserve(base.size() + link.size() + 2);
      key += 'r';
      key += base;
      key += '\n';
    }
    key += link;
    return key;
  }
  const Result<std::string>* Find(const std::string& key) const {
    auto it = resolved_.find(key);
    return it == resolved_.end() ? nullptr : &it->second;
  }
  void Keep(std::string key, const Result<std::string>& resolved) {
    if (resolved_.size() >= kResolvedLinksKept) resolved_.clear();
    resolved_.emplace(std::move(key), resolved);
  }

 private:
  // "http://" or "https://" in any case: such a link does not depend on the
  // base.
  static bool StartsWithScheme(std::string_view link) {
    size_t colon = link.find(':');
    if ((colon != 4 && colon != 5) || link.substr(colon, 3) != "://") return false;
    std::string scheme = ascii::Lower(link.substr(0, colon));
    return scheme == "http" || scheme == "https";
  }
  std::unordered_map<std::string, Result<std::string>> resolved_;
};

// An absolute path already in normal form: letters, digits, "-._~" and
// "/" only (nothing to encode or decode), no empty, "." or ".." segment (no
// dot segment to remove), no query or fragment. Such a link on a page is the
// page's origin followed by the link, as curl_url would resolve it.
bool IsNormalAbsolutePath(std::string_view link) {
  if (link.size() < 2 || link[0] != '/') return false;
  size_t segment_start = 1;
  for (size_t i = 1; i <= link.size(); ++i) {
    if (i == link.size() || link[i] == '/') {
      std::string_view segment = link.substr(segment_start, i - segment_start);
      if ((segment.empty() && i != link.size()) || segment == "." || segment == "..") return false;
      segment_start = i + 1;
      continue;
    }
    char c = link[i];
    if (!ascii::IsAlpha(c) && !ascii::IsDigit(c) && c != '-' && c != '.' && c != '_' && c != '~')
      return false;
  }
  return true;
}

// "http://news.example" of a URL in normal form; empty if there is none.
std::string OriginOf(const std::string& normalized) {
  size_t authority = normalized.find("://");
  if (authority == std::string::npos) return std::string();
  size_t path = normalized.find('/', authority + 3);
  return path == std::string::npos ? normalized : normalized.substr(0, path);
}

}  // namespace

LinkResolver::LinkResolver(std::string_view base)
    : base_(std::make_unique<Base>(
          Base{std::string(base), ParseNormalized(base), std::string(), std::string()})) {
  if (!base_->url.ok()) return;
  if (Result<std::string> text = UrlOf(base_->url->get(), base); text.ok())
    base_->normalized = *std::move(text);
  base_->origin = OriginOf(base_->normalized);
}
LinkResolver::~LinkResolver() = default;
LinkResolver::LinkResolver(LinkResolver&&) noexcept = default;
LinkResolver& LinkResolver::operator=(LinkResolver&&) noexcept = default;

bool LinkResolver::ok() const { return base_->url.ok(); }

Result<std::string> LinkResolver::Resolve(std::string_view link) const {
  if (!base_->url.ok()) {
    // RFC 3986 5.2.2: a reference with a scheme does not need the base.
    if (Result<std::string> absolute = NormalizeUrl(link); absolute.ok()) return absolute;
    return base_->url.status();
  }
  if (!base_->origin.empty() && IsNormalAbsolutePath(link)) return base_->origin + std::string(link);
  if (base_->normalized.empty() || link.size() > kLongestLinkKept) return ResolveUncached(link);
  thread_local ResolvedLinks resolved;
  std::string key = ResolvedLinks::KeyOf(base_->origin, base_->normalized, link);
  if (const Result<std::string>* known = resolved.Find(key)) return *known;
  Result<std::string> out = ResolveUncached(link);
  resolved.Keep(std::move(key), out);
  return out;
}

Result<std::string> LinkResolver::ResolveUncached(std::string_view link) const {
  const std::string clean = CleanInput(link);
  // RFC 3986 5.2.2: an empty reference or a bare fragment is the base itself
  // (curl 7.88 would drop the base's last segment and query instead).
  if (clean.empty() || clean.front() == '#') {
    return base_->normalized.empty() ? UrlOf(base_->url->get(), base_->text)
                                     : Result<std::string>(base_->normalized);
  }
  CurlUrl u(curl_url_dup(base_->url->get()));
  if (!u) return Status::IoError("curl_url_dup: out of memory");
  if (Status s = url_internal::SetCurlUrl(u.get(), clean, CURLU_ALLOW_SPACE, "cannot resolve link");
      !s.ok()) {
    return s;
  }
  if (Status s = Normalize(u.get(), link); !s.ok()) return s;
  return UrlOf(u.get(), link);
}

Result<std::string> ResolveUrl(std::string_view base, std::string_view link) {
  return LinkResolver(base).Resolve(link);
}

Result<std::string> RobotsTxtUrl(std::string_view url) {
  Result<CurlUrl> u = ParseNormalized(url);
  if (!u.ok()) return u.status();
  CURLU* h = u->get();
  curl_url_set(h, CURLUPART_USER, nullptr, 0);
  curl_url_set(h, CURLUPART_PASSWORD, nullptr, 0);
  curl_url_set(h, CURLUPART_QUERY, nullptr, 0);
  curl_url_set(h, CURLUPART_PATH, "/robots.txt", 0);
  return UrlOf(h, url);
}

Result<std::string> UrlHost(std::string_view url) {
  Result<CurlUrl> u = ParseNormalized(url);
  if (!u.ok()) return u.status();
  std::optional<std::string> host = GetPart(u->get(), CURLUPART_HOST);
  if (!host) return Status::InvalidArgument("no host in " + QuoteUrl(url));
  return *host;
}

bool IsTrackingParameter(std::string_view name) {
  static constexpr std::string_view kExact[] = {
      "fbclid",  "gclid",    "gclsrc", "dclid",   "gbraid",    "wbraid",      "msclkid",
      "yclid",   "twclid",   "ttclid", "igshid",  "mc_cid",    "mc_eid",      "_ga",
      "_gl",     "_hsenc",   "_hsmi",  "mkt_tok", "li_fat_id", "oly_anon_id", "oly_enc_id",
      "vero_id", "wickedid", "__s",    "ref_src",
  };
  const std::string lower = ascii::Lower(name);
  if (lower.rfind("utm_", 0) == 0) return true;
  return std::find(std::begin(kExact), std::end(kExact), lower) != std::end(kExact);
}

}  // namespace wirecrawl
