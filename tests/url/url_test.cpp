// Tests for url/url.h and url/percent_encoding.h. Names cite the source of the behaviour: RFC 3986
// (reference resolution examples of section 5.4, normalisation of section 6),
// url/url.h's contract (tracking parameters, sorted query, scope by domain), the
// WHATWG URL standard (href clean-up, IDNA), the Public Suffix List.
#include "url/url.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "url/percent_encoding.h"

using wirecrawl::HostIsWithin;
using wirecrawl::HostOfUrl;
using wirecrawl::IsTrackingParameter;
using wirecrawl::LinkResolver;
using wirecrawl::NormalizePercentEncoding;
using wirecrawl::NormalizeUrl;
using wirecrawl::PercentEncoding;
using wirecrawl::RegisteredDomain;
using wirecrawl::ResolveUrl;
using wirecrawl::RobotsTxtUrl;
using wirecrawl::SchemeOfUrl;
using wirecrawl::SiteOfUrl;
using wirecrawl::UrlHost;

namespace {

std::string Normal(std::string_view url) {
  auto result = NormalizeUrl(url);
  INFO(url);
  INFO((result.ok() ? std::string() : result.status().message()));
  REQUIRE(result.ok());
  return *result;
}

std::string Resolved(std::string_view base, std::string_view link) {
  auto result = ResolveUrl(base, link);
  INFO(base << " + " << link);
  INFO((result.ok() ? std::string() : result.status().message()));
  REQUIRE(result.ok());
  return *result;
}

}  // namespace

TEST_CASE("RFC3986_6_2_2_1_SchemeAndHostAreLowerCased") {
  CHECK(Normal("HTTP://News.Example.COM/World/Story") == "http://news.example.com/World/Story");
  CHECK(Normal("HtTpS://EXAMPLE.com") == "https://example.com/");
}

TEST_CASE("RFC3986_6_2_3_DefaultPortIsRemoved") {
  CHECK(Normal("http://example.com:80/a") == "http://example.com/a");
  CHECK(Normal("https://example.com:443/a") == "https://example.com/a");
  CHECK(Normal("https://example.com:80/a") == "https://example.com:80/a");
  CHECK(Normal("http://example.com:8080/a") == "http://example.com:8080/a");
  CHECK(Normal("http://127.0.0.1:8080") == "http://127.0.0.1:8080/");
  CHECK(Normal("http://[::1]:80/x") == "http://[::1]/x");
}

TEST_CASE("RFC3986_6_2_2_3_DotSegmentsAreRemoved") {
  CHECK(Normal("http://example.com/a/./b/../c") == "http://example.com/a/c");
  CHECK(Normal("http://example.com/../../x") == "http://example.com/x");
  CHECK(Normal("http://example.com/a/b/..") == "http://example.com/a/");
  CHECK(Normal("http://example.com") == "http://example.com/");
}

TEST_CASE("RFC3986_3_5_FragmentIsDropped") {
  CHECK(Normal("http://example.com/a#section-2") == "http://example.com/a");
  CHECK(Normal("http://example.com/a?x=1#") == "http://example.com/a?x=1");
}

TEST_CASE("RFC3986_6_2_2_2_PercentEncodingIsNormalised") {
  // Hex digits upper-cased; escaped unreserved characters decoded.
  CHECK(Normal("http://example.com/%7euser/%e2%82%ac") == "http://example.com/~user/%E2%82%AC");
  CHECK(Normal("http://example.com/%41%2Fb") == "http://example.com/A%2Fb");  // "/" stays escaped
  // Raw non-ASCII (an Arabic path, as many news sites use), spaces and
  // characters not allowed in a URL are encoded.
  CHECK(Normal("http://example.com/\xD8\xAE\xD8\xA8\xD8\xB1?q=\xD8\xA8 x") ==
        "http://example.com/%D8%AE%D8%A8%D8%B1?q=%D8%A8%20x");
  CHECK(Normal("http://example.com/a b") == "http://example.com/a%20b");
  CHECK(Normal("http://example.com/a\"b<c>") == "http://example.com/a%22b%3Cc%3E");
  // A stray "%" is encoded itself.
  CHECK(Normal("http://example.com/100%-sure?p=50%") == "http://example.com/100%25-sure?p=50%25");
  // "%2E" is not decoded, so it cannot become a dot segment.
  CHECK(Normal("http://example.com/a/%2e%2E/b") == "http://example.com/a/%2E%2E/b");
  // Already-normal URLs are unchanged, and normalising twice changes nothing.
  const std::string once = Normal("HTTP://Example.com:80/./a/%7e/%d8%a8?b=2&a=1&utm_source=x#f");
  CHECK(once == "http://example.com/a/~/%D8%A8?a=1&b=2");
  CHECK(Normal(once) == once);
}

TEST_CASE("Url_QueryParametersAreSorted") {
  CHECK(Normal("http://example.com/s?q=news&page=2&lang=ar") == "http://example.com/s?lang=ar&page=2&q=news");
  // Repeated names keep their order: "a=2&a=1" may mean something.
  CHECK(Normal("http://example.com/s?b=1&a=2&a=1") == "http://example.com/s?a=2&a=1&b=1");
  // Empty parameters and an empty query go away.
  CHECK(Normal("http://example.com/s?a=1&&b=2&") == "http://example.com/s?a=1&b=2");
  CHECK(Normal("http://example.com/s?") == "http://example.com/s");
  // Values without "=" and empty values are kept.
  CHECK(Normal("http://example.com/s?print&id=") == "http://example.com/s?id=&print");
}

TEST_CASE("Url_TrackingParametersAreRemoved") {
  CHECK(Normal("https://example.com/story?utm_source=tw&utm_medium=social&utm_campaign=x&id=7") ==
        "https://example.com/story?id=7");
  CHECK(Normal("https://example.com/story?fbclid=abc") == "https://example.com/story");
  CHECK(Normal("https://example.com/story?gclid=1&mc_cid=2&mc_eid=3&yclid=4&_ga=5&msclkid=6&id=7") ==
        "https://example.com/story?id=7");
  CHECK(Normal("https://example.com/story?UTM_Source=x&p=1") == "https://example.com/story?p=1");
  CHECK(Normal("https://example.com/story?utm%5Fsource=x&p=1") == "https://example.com/story?p=1");
  CHECK(IsTrackingParameter("utm_anything"));
  CHECK(IsTrackingParameter("igshid"));
  CHECK_FALSE(IsTrackingParameter("id"));
  CHECK_FALSE(IsTrackingParameter("utm"));
  CHECK_FALSE(IsTrackingParameter("page"));
}

TEST_CASE("Url_OnlyHttpAndHttpsAreAccepted") {
  for (const char* url : {"ftp://example.com/x", "file:///etc/passwd", "mailto:desk@example.com",
                          "javascript:alert(1)", "data:text/html,hi", "example.com/no-scheme", "", "http://",
                          "http://exa mple.com/", "http://[::1/", "https://example.com:99999/"}) {
    INFO(url);
    auto result = NormalizeUrl(url);
    CHECK_FALSE(result.ok());
    if (!result.ok()) CHECK_FALSE(result.status().message().empty());
  }
  CHECK_FALSE(NormalizeUrl(std::string("http://example.com/a\0b", 22)).ok());
  // Like browsers, extra slashes after the scheme do not make an empty host.
  CHECK(Normal("http:///example.com/x") == "http://example.com/x");
}

TEST_CASE("WHATWG_HrefWhitespaceIsCleaned") {
  CHECK(Normal("  https://example.com/a\n/b\t ") == "https://example.com/a/b");
  CHECK(Resolved("https://example.com/world/", "\n   ../sport/1.html  \n") ==
        "https://example.com/sport/1.html");
}

TEST_CASE("WHATWG_InternationalHostsBecomePunycode") {
  // "مثال.com": UTS #46 maps it to its ACE form, whatever the process locale.
  CHECK(Normal("http://\xD9\x85\xD8\xAB\xD8\xA7\xD9\x84.com/") == "http://xn--mgbh0fb.com/");
  CHECK(Normal("http://B\xC3\xBC"
               "cher.DE/x") == "http://xn--bcher-kva.de/x");
  CHECK(Normal("http://xn--bcher-kva.de/x") == "http://xn--bcher-kva.de/x");
  CHECK(Normal("http://example.com./x") == "http://example.com/x");
}

TEST_CASE("RFC3986_5_4_1_NormalReferenceResolution") {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g/"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q"},
      {"g#s", "http://a/b/c/g"},
      {"g?y#s", "http://a/b/c/g?y"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
  };
  for (const auto& [link, expected] : cases) CHECK(Resolved(base, link) == expected);
}

TEST_CASE("RFC3986_5_4_2_AbnormalReferenceResolution") {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g#s/./x", "http://a/b/c/g"},
      {"g#s/../x", "http://a/b/c/g"},
  };
  for (const auto& [link, expected] : cases) CHECK(Resolved(base, link) == expected);
}

TEST_CASE("Url_LinksResolveAgainstThePage") {
  const std::string page = "https://alpha-news.test/world/2024/story.html?utm_source=x";
  CHECK(Resolved(page, "other.html") == "https://alpha-news.test/world/2024/other.html");
  CHECK(Resolved(page, "/sport/") == "https://alpha-news.test/sport/");
  CHECK(Resolved(page, "//cdn.alpha-news.test/img.png") == "https://cdn.alpha-news.test/img.png");
  CHECK(Resolved(page, "HTTP://Beta-News.test:80/x?b=1&a=2#c") == "http://beta-news.test/x?a=2&b=1");
  CHECK(Resolved(page, "?page=2") == "https://alpha-news.test/world/2024/story.html?page=2");
  CHECK(Resolved(page, "#comments") == "https://alpha-news.test/world/2024/story.html");
  for (const char* link :
       {"mailto:desk@alpha-news.test", "javascript:void(0)", "ftp://alpha-news.test/f", "tel:+1234"}) {
    INFO(link);
    CHECK_FALSE(ResolveUrl(page, link).ok());
  }
  CHECK_FALSE(ResolveUrl("not a url", "/x").ok());
}

TEST_CASE("Url_HostAndRobotsTxtUrl") {
  CHECK(*UrlHost("https://WWW.Example.com:8443/a") == "www.example.com");
  CHECK(*UrlHost("http://[::1]:8080/") == "[::1]");
  CHECK_FALSE(UrlHost("mailto:a@b.c").ok());
  CHECK(*RobotsTxtUrl("https://user:pw@News.Example.com:8443/a/b?c=d#e") ==
        "https://news.example.com:8443/robots.txt");
  CHECK(*RobotsTxtUrl("http://example.com:80/x") == "http://example.com/robots.txt");
}

TEST_CASE("PublicSuffixList_RegisteredDomain") {
  CHECK(RegisteredDomain("www.example.com") == "example.com");
  CHECK(RegisteredDomain("a.b.c.example.com") == "example.com");
  CHECK(RegisteredDomain("example.com") == "example.com");
  CHECK(RegisteredDomain("news.bbc.co.uk") == "bbc.co.uk");
  CHECK(RegisteredDomain("www.alarabiya.net") == "alarabiya.net");
  CHECK(RegisteredDomain("www.ahram.org.eg") == "ahram.org.eg");
  CHECK(RegisteredDomain("user.github.io") == "user.github.io");  // private suffix
  // A TLD the list does not know falls back to the "*" rule: eTLD+1.
  CHECK(RegisteredDomain("www.alpha-news.test") == "alpha-news.test");
  // Punycode hosts (Arabic IDN TLD ".مصر" is xn--wgbh1c).
  CHECK(RegisteredDomain("www.xn--mgbh0fb.xn--wgbh1c") == "xn--mgbh0fb.xn--wgbh1c");
  // Unchanged: IPs, single labels, public suffixes.
  CHECK(RegisteredDomain("127.0.0.1") == "127.0.0.1");
  CHECK(RegisteredDomain("[::1]") == "[::1]");
  CHECK(RegisteredDomain("localhost") == "localhost");
  CHECK(RegisteredDomain("co.uk") == "co.uk");
}

// The many links of one page resolve against one parsed base, as ResolveUrl
// would resolve each (RFC 3986 5.4.1 examples).
TEST_CASE("RFC3986_5_4_LinkResolverReusesOneBase") {
  const LinkResolver base("http://a/b/c/d;p?q");
  REQUIRE(base.ok());
  for (std::string_view link : {"g", "../g", "?y", "#s", "", "//g", "g;x?y#s"}) {
    INFO(link);
    auto resolved = base.Resolve(link);
    REQUIRE(resolved.ok());
    CHECK(*resolved == *ResolveUrl("http://a/b/c/d;p?q", link));
  }
  CHECK(*base.Resolve("../g") == "http://a/b/g");
  // Without a base (RFC 3986 5.2.2), only a reference with a scheme resolves.
  const LinkResolver none("not a url");
  CHECK_FALSE(none.ok());
  CHECK_FALSE(none.Resolve("/x").ok());
  CHECK(*none.Resolve("HTTPS://a.test/x#y") == "https://a.test/x");
}

// A link resolved on one page and met again on another (a thread remembers
// what it resolved) still resolves against the page it is on: by scheme and
// authority for "/x" and "//host/x", by the whole base for "x" or "?q"
// (RFC 3986 5.2.2).
TEST_CASE("RFC3986_5_2_2_ALinkMetAgainResolvesAgainstItsOwnPage") {
  struct Case {
    std::string_view base, link, want;
  };
  const Case cases[] = {
      {"http://a.test/one/page", "/x?b=2&a=1", "http://a.test/x?a=1&b=2"},
      {"http://b.test/one/page", "/x?b=2&a=1", "http://b.test/x?a=1&b=2"},
      {"https://a.test/one/page", "/x?b=2&a=1", "https://a.test/x?a=1&b=2"},
      {"http://a.test:8080/one/page", "/x?b=2&a=1", "http://a.test:8080/x?a=1&b=2"},
      {"http://a.test/one/page", "//cdn.test/x", "http://cdn.test/x"},
      {"https://a.test/one/page", "//cdn.test/x", "https://cdn.test/x"},
      {"http://a.test/one/page", "next", "http://a.test/one/next"},
      {"http://a.test/two/page", "next", "http://a.test/two/next"},
      {"http://a.test/one/page?p=1", "?p=2", "http://a.test/one/page?p=2"},
      {"http://a.test/two/page?p=1", "?p=2", "http://a.test/two/page?p=2"},
      {"http://a.test/one/page", "/x/../y", "http://a.test/y"},
      {"https://b.test/z", "HTTP://A.test/x", "http://a.test/x"},
      // Absolute paths that are, and are not, already in normal form.
      {"http://a.test/one/page", "/news/2024/01/a-b_c.d~e.html", "http://a.test/news/2024/01/a-b_c.d~e.html"},
      {"http://u:p@a.test:8080/one", "/x/", "http://u:p@a.test:8080/x/"},
      {"http://a.test/one/page", "/a/./b", "http://a.test/a/b"},
      {"http://a.test/one/page", "/a/b/..", "http://a.test/a/"},
      {"http://a.test/one/page", "/a/%7Eb%2f", "http://a.test/a/~b%2F"},
      {"http://a.test/one/page", "/a b", "http://a.test/a%20b"},
      {"http://a.test/one/page", "/a#top", "http://a.test/a"},
      {"http://xn--mgbh0fb.example/one", "/\xd8\xa7", "http://xn--mgbh0fb.example/%D8%A7"},
  };
  for (int round = 0; round < 2; ++round) {
    for (const Case& c : cases) {
      INFO(c.base << " + " << c.link << ", round " << round);
      auto resolved = LinkResolver(c.base).Resolve(c.link);
      REQUIRE(resolved.ok());
      CHECK(*resolved == c.want);
    }
  }
  // A newline is dropped from a link or a base as browsers drop it; the two
  // pages are still told apart.
  CHECK(*LinkResolver("http://a.test/a\nb").Resolve("c") == "http://a.test/c");
  CHECK(*LinkResolver("http://a.test/a").Resolve("b\nc") == "http://a.test/bc");
  CHECK_FALSE(LinkResolver("http://a.test/one/page").Resolve("javascript:void(0)").ok());
  CHECK_FALSE(LinkResolver("http://b.test/one/page").Resolve("javascript:void(0)").ok());
}

// The host key the frontier, the store's due URLs and the fetcher's
// per-host connection cap share: lower-case host, ":port" only when it is not
// the scheme's default (RFC 3986 6.2.3). Any scheme, so the fetcher can name
// the one it refuses.
TEST_CASE("RFC3986_HostKeyAndScheme") {
  CHECK(HostOfUrl("https://News.Example.com/a") == "news.example.com");
  CHECK(HostOfUrl("https://news.example.com:443/a") == "news.example.com");
  CHECK(HostOfUrl("http://news.example.com:443/a") == "news.example.com:443");
  CHECK(HostOfUrl("http://127.0.0.1:8080/") == "127.0.0.1:8080");
  CHECK(HostOfUrl("http://[::1]:8443/") == "[::1]:8443");
  CHECK(HostOfUrl("ftp://files.example.com/x") == "files.example.com");
  CHECK(HostOfUrl("/relative/path") == "");
  CHECK(HostOfUrl("news.example.com/a") == "");  // no scheme: not absolute
  CHECK(SchemeOfUrl("HTTPS://a.test/") == "https");
  CHECK(SchemeOfUrl("ftp://a.test/") == "ftp");
  CHECK(SchemeOfUrl("not a url") == "");
}

// The site of a story's URL: the registered domain by the same Public Suffix
// List context as RegisteredDomain, else the host without "www.". An IPv4
// host is its own site (the PSL's "*" rule would make 127.0.0.1 and 10.0.0.1
// both "0.1").
TEST_CASE("PublicSuffixList_SiteOfUrl") {
  CHECK(SiteOfUrl("https://news.bbc.co.uk/x") == "bbc.co.uk");
  CHECK(SiteOfUrl("https://www.alpha-news.test:8443/a") == "alpha-news.test");
  CHECK(SiteOfUrl("https://user.github.io/a") == "user.github.io");
  CHECK(SiteOfUrl("http://127.0.0.1:8080/a") == "127.0.0.1");
  CHECK(SiteOfUrl("http://10.0.0.1/a") == "10.0.0.1");
  CHECK(SiteOfUrl("http://[::1]:8080/a") == "[::1]");
  CHECK(SiteOfUrl("http://localhost:8080/a") == "localhost");
  CHECK(SiteOfUrl("not a url") == "");
}

// RFC 3986 2.1 and 6.2.2, in the three amounts the callers need (robots.txt
// matching: RFC 9309 2.2.2).
TEST_CASE("RFC3986_PercentEncodingNormalisation") {
  const std::string raw = "/a%7e%2e/%e3%83%84/\xE3\x83\x84 b%zz%41";
  CHECK(NormalizePercentEncoding(raw, PercentEncoding::kUpperCaseEscapes) ==
        "/a%7E%2E/%E3%83%84/\xE3\x83\x84 b%zz%41");
  CHECK(NormalizePercentEncoding(raw, PercentEncoding::kRobotsMatching) == "/a~./%E3%83%84/%E3%83%84 b%zzA");
  CHECK(NormalizePercentEncoding("/%2a%24%2f%25", PercentEncoding::kRobotsMatching) == "/%2A%24%2F%25");
  CHECK(NormalizePercentEncoding(raw, PercentEncoding::kNormalizeUrlPart) ==
        "/a~%2E/%E3%83%84/%E3%83%84%20b%25zzA");
}

TEST_CASE("Url_HostIsWithinItsDomainAndSubdomains") {
  CHECK(HostIsWithin("example.com", "example.com"));
  CHECK(HostIsWithin("www.example.com", "example.com"));
  CHECK(HostIsWithin("a.b.example.com", "example.com"));
  CHECK_FALSE(HostIsWithin("badexample.com", "example.com"));
  CHECK_FALSE(HostIsWithin("example.com.evil.net", "example.com"));
  CHECK_FALSE(HostIsWithin("com", "example.com"));
  CHECK_FALSE(HostIsWithin("example.com", ""));
}

// Regressions found by tests/fuzz/url_fuzz.cpp: NormalizeUrl must be
// idempotent, or the frontier would hold two spellings of one page. The
// crashing inputs are kept in tests/fuzz/regressions/url/.
TEST_CASE("Fuzz_NormalizeUrlIsIdempotent_HostWithSeveralTrailingDots") {
  CHECK(Normal("http://a.b../x") == "http://a.b/x");
  CHECK(Normal("http://-../x") == "http://-/x");
  CHECK(Normal(Normal("http:/-\n../x?b=2&a=1\xD1\xD1/x?b=0&a=1#f")) ==
        Normal("http:/-\n../x?b=2&a=1\xD1\xD1/x?b=0&a=1#f"));
}

TEST_CASE("Fuzz_NormalizeUrlIsIdempotent_IPv4HostWithTrailingDot") {
  // curl spells IPv4 numbers in dotted-quad form when it parses a whole URL.
  CHECK(Normal("http://128.00./") == "http://128.0.0.0/");
  CHECK(Normal("http://128.00.://128.00..1:8080") == Normal(Normal("http://128.00.://128.00..1:8080")));
}

TEST_CASE("Fuzz_NormalizeUrlIsIdempotent_PercentEncodedIPv4Host") {
  CHECK(Normal("http://user@%32/") == "http://user@0.0.0.2/");
  CHECK(Normal("http:/igshidle.com@%32") == Normal(Normal("http:/igshidle.com@%32")));
}

TEST_CASE("Fuzz_UrlRegressionInputsAreIdempotent") {
  // Each file is URL "\n--\n" LINK, as url_fuzz reads it.
  const std::filesystem::path dir = std::filesystem::path(WIRECRAWL_TEST_DATA) / "../fuzz/regressions/url";
  size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t cut = input.find("\n--\n");
    const std::string url = input.substr(0, cut);
    const std::string link = cut == std::string::npos ? std::string() : input.substr(cut + 4);
    INFO(entry.path().filename().string());
    for (auto result : {NormalizeUrl(url), ResolveUrl(url, link)}) {
      if (result.ok()) CHECK(Normal(*result) == *result);
    }
    ++replayed;
  }
  CHECK(replayed > 0);
}
