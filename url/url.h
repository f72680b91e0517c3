// url/url.h: the URL library. libcurl's URL API (curl_url) is used here and
// nowhere else, so that one parser decides what a URL, a link, a host and a
// site are for the parser, discovery, the frontier, the fetcher and the store.
//
// One spelling per page, so that the frontier does not fetch a page twice and
// dedup does not compare a page with itself. NormalizeUrl parses with curl_url
// and then:
// - lower-cases the scheme and the host; converts international host names to
//   punycode (ICU, UTS #46, as browsers do) and drops a trailing dot;
// - removes the default port (80 for http, 443 for https);
// - resolves "." and ".." path segments; an empty path becomes "/";
// - normalises percent-encoding in path and query (RFC 3986 6.2.2, see
//   PercentEncoding::kNormalizeUrlPart in url/percent_encoding.h): hex digits
//   upper-cased, escapes of unreserved characters other than "." decoded, and
//   non-ASCII, space, control and other characters not allowed in a URL
//   encoded; a "%" not followed by two hex digits becomes "%25";
// - drops the fragment;
// - drops tracking query parameters (utm_*, fbclid, gclid, ...: see
//   IsTrackingParameter), drops empty parameters ("a=1&&b=2"), and sorts the
//   rest by name (stable: repeated names keep their order); an empty query is
//   removed;
// - keeps user:password@ as written.
// Only http and https URLs are accepted: anything else (mailto:, javascript:,
// ftp:, file:, data:) is an error, so a link or redirect cannot lead the
// crawler there.
//
// Contract: free functions, thread-safe. Each call owns its CURLU handle; the
// libpsl and ICU contexts are created once and only read.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace wirecrawl {

// ---- The normal form ---------------------------------------------------------

// The normal form of an absolute http(s) URL. Surrounding whitespace and
// embedded tabs/newlines are removed first (as browsers do with hrefs).
Result<std::string> NormalizeUrl(std::string_view url);

// Resolves `link` (an href as found in a page: absolute, relative,
// protocol-relative "//host/x", query-only "?page=2" or fragment-only "#top")
// against the page URL `base` (RFC 3986 5.2), then normalises the result:
// what comes back is in NormalizeUrl's form. An empty link or a bare fragment
// is the base itself (RFC 3986 5.2.2). When `base` is not an http(s) URL (a
// saved page without its address), only an absolute link resolves.
Result<std::string> ResolveUrl(std::string_view base, std::string_view link);

// ResolveUrl for the many links of one page or feed: the base is parsed and
// normalised once, not once per link (that was half the cost of each link),
// and each thread remembers the links it resolved for the next pages of the
// site (the same menus and lists on every page).
// LinkResolver(base).Resolve(link) == ResolveUrl(base, link).
//
// Thread safety: Resolve only reads the base; it may run on several threads.
class LinkResolver {
 public:
  explicit LinkResolver(std::string_view base);
  ~LinkResolver();
  LinkResolver(LinkResolver&&) noexcept;
  LinkResolver& operator=(LinkResolver&&) noexcept;

  // False when `base` is not an absolute http(s) URL: then only absolute
  // links resolve.
  bool ok() const;
  Result<std::string> Resolve(std::string_view link) const;

 private:
  Result<std::string> ResolveUncached(std::string_view link) const;
  struct Base;
  std::unique_ptr<Base> base_;
};

// The URL of the robots.txt that governs `url` (RFC 9309 2.3: same scheme,
// host and port): "https://news.example.com:8443/robots.txt".
Result<std::string> RobotsTxtUrl(std::string_view url);

// Query parameters that only track the reader: utm_* (any), fbclid, gclid,
// gclsrc, dclid, gbraid, wbraid, msclkid, yclid, twclid, ttclid, igshid,
// mc_cid, mc_eid, _ga, _gl, _hsenc, _hsmi, mkt_tok, li_fat_id, oly_anon_id,
// oly_enc_id, vero_id, wickedid, __s, ref_src. Case-insensitive.
bool IsTrackingParameter(std::string_view name);

// ---- Hosts -------------------------------------------------------------------
// These take any absolute URL, normalised or not, of any scheme, so that a
// caller can refuse an ftp: URL with a message that names its scheme.

// The lower-case scheme of an absolute URL ("https", "ftp"); empty when `url`
// is not absolute.
std::string SchemeOfUrl(std::string_view url);

// The host key of an absolute URL: the lower-case host, with ":port" only when
// the port is not the scheme's default ("news.example.com",
// "127.0.0.1:8080", "[::1]:8443"); empty when `url` is not absolute. The
// frontier queues and the store's due URLs are grouped by it, and the fetcher
// caps its connections per host key.
std::string HostOfUrl(std::string_view url);

// The normalised host name of an http(s) URL, without port:
// "news.example.com", "xn--mgbh0fb.com", "127.0.0.1", "[::1]".
Result<std::string> UrlHost(std::string_view url);

// ---- Domains and sites (Public Suffix List, libpsl) --------------------------
// One PSL context for all of them: the system's latest list when installed,
// else libpsl's built-in one.

// The registered domain (eTLD+1) of a host: "www.bbc.co.uk" -> "bbc.co.uk",
// "a.b.example.com" -> "example.com". IP addresses, single labels
// ("localhost") and hosts that are themselves a public suffix come back
// unchanged. Expects a normalised (lower-case, punycode) host, as UrlHost
// returns.
std::string RegisteredDomain(std::string_view host);

// True if `host` is `domain` or a subdomain of it ("www.example.com" is within
// "example.com"; "badexample.com" is not). Both lower-case.
bool HostIsWithin(std::string_view host, std::string_view domain);

// The site a URL belongs to, for counting the sites of a story: the registered
// domain of its host ("https://news.bbc.co.uk/x" -> "bbc.co.uk"); when the
// host has none (an IP address, a single label, a public suffix), the host
// without port and without a leading "www."; empty when `url` is not absolute.
std::string SiteOfUrl(std::string_view url);

}  // namespace wirecrawl
