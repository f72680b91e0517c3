// crawler/url.h: URL normalisation, link resolution and registered domains.
//
// One spelling per page, so that the frontier does not fetch a page twice and
// dedup does not compare a page with itself. NormalizeUrl parses with libcurl's
// URL API (curl_url) and then:
// - lower-cases the scheme and the host; converts international host names to
//   punycode (ICU, UTS #46, as browsers do) and drops a trailing dot;
// - removes the default port (80 for http, 443 for https);
// - resolves "." and ".." path segments; an empty path becomes "/";
// - normalises percent-encoding in path and query (RFC 3986 6.2.2): hex digits
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

#include <string>
#include <string_view>

#include "base/status.h"

namespace wirecrawl {

// The normal form of an absolute http(s) URL. Surrounding whitespace and
// embedded tabs/newlines are removed first (as browsers do with hrefs).
Result<std::string> NormalizeUrl(std::string_view url);

// Resolves `link` (an href as found in a page: absolute, relative,
// protocol-relative "//host/x", query-only "?page=2" or fragment-only "#top")
// against the page URL `base` (RFC 3986 5.2), then normalises the result.
Result<std::string> ResolveUrl(std::string_view base, std::string_view link);

// The normalised host of an http(s) URL: "news.example.com", "xn--mgbh0fb.com",
// "127.0.0.1", "[::1]".
Result<std::string> UrlHost(std::string_view url);

// The URL of the robots.txt that governs `url` (RFC 9309 2.3: same scheme,
// host and port): "https://news.example.com:8443/robots.txt".
Result<std::string> RobotsTxtUrl(std::string_view url);

// The registered domain (eTLD+1, from the Public Suffix List via libpsl) of a
// host: "www.bbc.co.uk" -> "bbc.co.uk", "a.b.example.com" -> "example.com".
// IP addresses, single labels ("localhost") and hosts that are themselves a
// public suffix come back unchanged. Expects a normalised (lower-case,
// punycode) host, as UrlHost returns.
std::string RegisteredDomain(std::string_view host);

// True if `host` is `domain` or a subdomain of it ("www.example.com" is within
// "example.com"; "badexample.com" is not). Both lower-case.
bool HostIsWithin(std::string_view host, std::string_view domain);

// Query parameters that only track the reader: utm_* (any), fbclid, gclid,
// gclsrc, dclid, gbraid, wbraid, msclkid, yclid, twclid, ttclid, igshid,
// mc_cid, mc_eid, _ga, _gl, _hsenc, _hsmi, mkt_tok, li_fat_id, oly_anon_id,
// oly_enc_id, vero_id, wickedid, __s, ref_src. Case-insensitive.
bool IsTrackingParameter(std::string_view name);

}  // namespace wirecrawl
