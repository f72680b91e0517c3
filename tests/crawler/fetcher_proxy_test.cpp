// The fetcher through a proxy (libcurl's CURLOPT_PROXY / CURLOPT_NOPROXY),
// against a real forwarding proxy on 127.0.0.1 (tests/support/loopback_proxy.h)
// that routes made-up names to a loopback server, as a real proxy resolves
// names the crawler never sees. Also what the address policy can still
// check through a proxy (address_policy.h): the proxy's own endpoint, and
// the URL's host where it is an IP address or a localhost name.
#include <stdlib.h>

#include <catch2/catch.hpp>

#include "crawler/fetch/fetcher.h"
#include "crawler/fetch/retry.h"
#include "tests/support/loopback_http_server.h"
#include "tests/support/loopback_proxy.h"

namespace wirecrawl {
namespace {

using namespace std::chrono_literals;
using testing::CannedResponse;
using testing::LoopbackHttpServer;
using testing::LoopbackProxy;
using testing::ProxiedRequest;

// The default address policy (loopback refused): only the proxy's own
// endpoint is allowed, as the fetcher allows it by itself.
FetchOptions ProxyOptions(const std::string& proxy) {
  FetchOptions o;
  o.user_agent = "wirecrawl-test/1 (+https://example.invalid/contact)";
  o.connect_timeout = 1000ms;
  o.total_timeout = 3000ms;
  o.low_speed_window = 0s;
  o.proxy = proxy;
  return o;
}

FetchResult Fetch(const FetchOptions& options, const std::string& url) {
  auto result = FetchOnce(options, FetchRequest{.url = url});
  REQUIRE(result.ok());
  return std::move(result.value());
}

CannedResponse Page(std::string body) {
  return CannedResponse{.status = 200, .headers = {{"Content-Type", "text/html"}}, .body = std::move(body)};
}

// Restores an environment variable when the test ends.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("CurlProxy_HttpProxyForwardsTheRequestWithTheNameUnresolved", "[fetcher][proxy]") {
  LoopbackHttpServer server;
  server.Serve("/page", Page("<p>through the proxy</p>"));
  LoopbackProxy proxy;
  proxy.Route("news.test:80", server.port());

  FetchResult r = Fetch(ProxyOptions(proxy.Url("http")), "http://news.test/page");
  INFO(r.error_detail.message());
  REQUIRE(r.ok());
  CHECK(r.status == 200);
  CHECK(r.body == "<p>through the proxy</p>");
  std::vector<ProxiedRequest> log = proxy.Requests();
  REQUIRE(log.size() == 1);
  CHECK(log[0].kind == "GET");
  CHECK(log[0].target == "news.test:80");
  REQUIRE(server.Requests().size() == 1);
  CHECK(server.Requests()[0].Header("Host") == "news.test");
}

TEST_CASE("CurlProxy_Socks5hHandsTheNameToTheProxy", "[fetcher][proxy]") {
  LoopbackHttpServer server;
  server.Serve("/page", Page("socks"));
  LoopbackProxy proxy;
  proxy.Route("news.test:80", server.port());

  FetchResult r = Fetch(ProxyOptions(proxy.Url("socks5h")), "http://news.test/page");
  INFO(r.error_detail.message());
  REQUIRE(r.ok());
  CHECK(r.body == "socks");
  std::vector<ProxiedRequest> log = proxy.Requests();
  REQUIRE(log.size() == 1);
  CHECK(log[0].kind == "SOCKS5");
  CHECK(log[0].name);
  CHECK(log[0].target == "news.test:80");
}

TEST_CASE("CurlProxy_Socks5ResolvesLocallyAndHandsOverTheAddress", "[fetcher][proxy]") {
  LoopbackHttpServer server;
  server.Serve("/page", Page("socks"));
  LoopbackProxy proxy;
  proxy.Route("127.0.0.1:80", server.port());
  FetchOptions options = ProxyOptions(proxy.Url("socks5"));
  options.resolve = {"news.test:80:127.0.0.1"};

  FetchResult r = Fetch(options, "http://news.test/page");
  INFO(r.error_detail.message());
  REQUIRE(r.ok());
  std::vector<ProxiedRequest> log = proxy.Requests();
  REQUIRE(log.size() == 1);
  CHECK_FALSE(log[0].name);
  CHECK(log[0].target == "127.0.0.1:80");
}

TEST_CASE("CurlNoProxy_ListedHostsAreFetchedDirectly", "[fetcher][proxy]") {
  LoopbackHttpServer server;
  server.Serve("/page", Page("direct"));
  LoopbackProxy proxy;
  proxy.Route("news.test:80", server.port());
  std::string port = std::to_string(server.port());
  FetchOptions options = ProxyOptions(proxy.Url("http"));
  options.no_proxy = "intranet.test, .other.test";
  // A direct connection is checked as always: the pin allows its address.
  options.resolve = {"intranet.test:" + port + ":127.0.0.1"};

  FetchResult direct = Fetch(options, "http://intranet.test:" + port + "/page");
  INFO(direct.error_detail.message());
  CHECK(direct.status == 200);
  CHECK(proxy.Requests().empty());
  FetchResult proxied = Fetch(options, "http://news.test/page");
  CHECK(proxied.status == 200);
  CHECK(proxy.Requests().size() == 1);
}

TEST_CASE("CurlProxy_EnvironmentVariablesAreIgnoredUnlessOptedIn", "[fetcher][proxy]") {
  // news.test:PORT is "direct" when reached directly, "proxied" through the proxy.
  LoopbackHttpServer direct;
  direct.Serve("/page", Page("direct"));
  LoopbackHttpServer server;
  server.Serve("/page", Page("proxied"));
  const std::string authority = "news.test:" + std::to_string(direct.port());
  const std::string url = "http://" + authority + "/page";
  LoopbackProxy proxy;
  proxy.Route(authority, server.port());
  ScopedEnv http_proxy("http_proxy", proxy.Url("http"));
  FetchOptions options = ProxyOptions("");
  options.resolve = {authority + ":127.0.0.1"};

  CHECK(Fetch(options, url).body == "direct");
  CHECK(proxy.Requests().empty());

  options.proxy_from_environment = true;
  FetchResult honoured = Fetch(options, url);
  INFO(honoured.error_detail.message());
  CHECK(honoured.body == "proxied");
  CHECK(proxy.Requests().size() == 1);

  // no_proxy from the environment too, unless the config names its own.
  {
    ScopedEnv no_proxy("no_proxy", "news.test");
    CHECK(Fetch(options, url).body == "direct");
    CHECK(proxy.Requests().size() == 1);
    options.no_proxy = "elsewhere.test";
    CHECK(Fetch(options, url).body == "proxied");
    CHECK(proxy.Requests().size() == 2);
  }
  // A configured proxy wins over the environment.
  LoopbackProxy other;
  other.Route(authority, server.port());
  options.proxy = other.Url("http");
  CHECK(Fetch(options, url).body == "proxied");
  CHECK(other.Requests().size() == 1);
  CHECK(proxy.Requests().size() == 2);
}

TEST_CASE("CurlProxy_MalformedProxyIsAnErrorAtCreate", "[fetcher][proxy]") {
  for (const char* bad :
       {"127.0.0.1:3128", "ftp://127.0.0.1:21", "http://127.0.0.1", "http://proxy.test:3128/path"}) {
    INFO(bad);
    auto fetcher = Fetcher::Create(ProxyOptions(bad));
    REQUIRE_FALSE(fetcher.ok());
    CHECK_THAT(fetcher.status().message(), Catch::StartsWith("proxy: expected a proxy URL"));
  }
  ScopedEnv https_proxy("https_proxy", "gopher://127.0.0.1:70");
  FetchOptions options = ProxyOptions("");
  options.proxy_from_environment = true;
  auto fetcher = Fetcher::Create(options);
  REQUIRE_FALSE(fetcher.ok());
  CHECK_THAT(fetcher.status().message(), Catch::StartsWith("environment variable https_proxy: "));
}

TEST_CASE("AddressPolicy_ThroughAProxy_IpAddressTargetsAreCheckedInTheUrl",
          "[fetcher][proxy][address-policy]") {
  LoopbackHttpServer server;
  server.Serve("/secret", Page("internal"));
  LoopbackProxy proxy;
  FetchOptions options = ProxyOptions(proxy.Url("http"));

  FetchResult loopback = Fetch(options, server.Url("/secret"));
  CHECK(loopback.error == FetchError::kAddressRefused);
  CHECK_THAT(loopback.error_detail.message(),
             Catch::Contains("127.0.0.1 is a non-public address (loopback)"));
  CHECK_THAT(loopback.error_detail.message(), Catch::Contains("through a proxy"));
  CHECK_FALSE(IsRetryable(loopback));
  FetchResult metadata = Fetch(options, "http://169.254.169.254/latest/meta-data/");
  CHECK(metadata.error == FetchError::kAddressRefused);
  CHECK_THAT(metadata.error_detail.message(), Catch::Contains("(cloud metadata)"));
  FetchResult v6 = Fetch(options, "http://[::1]:" + std::to_string(server.port()) + "/secret");
  CHECK(v6.error == FetchError::kAddressRefused);
  // Other spellings of 127.0.0.1 are read as the address they are.
  for (const char* spelling : {"2130706433", "0x7f.1", "127.1", "0177.0.0.1"}) {
    INFO(spelling);
    FetchResult r =
        Fetch(options, "http://" + std::string(spelling) + ":" + std::to_string(server.port()) + "/secret");
    CHECK(r.error == FetchError::kAddressRefused);
  }
  FetchResult localhost = Fetch(options, "http://localhost:" + std::to_string(server.port()) + "/secret");
  CHECK(localhost.error == FetchError::kAddressRefused);
  CHECK_THAT(localhost.error_detail.message(), Catch::Contains("\"localhost\" names a loopback address"));
  FetchResult sub = Fetch(options, "http://api.LocalHost./secret");
  CHECK(sub.error == FetchError::kAddressRefused);
  // None of them reached the proxy.
  CHECK(proxy.Requests().empty());
  CHECK(server.Requests().empty());

  // An allowed network is allowed through the proxy too.
  options.address_policy.allowed_networks = {"127.0.0.1/32", "::1"};
  proxy.Route("localhost:" + std::to_string(server.port()), server.port());
  CHECK(Fetch(options, server.Url("/secret")).status == 200);
  CHECK(Fetch(options, "http://localhost:" + std::to_string(server.port()) + "/secret").status == 200);
}

TEST_CASE("AddressPolicy_ThroughAProxy_CheckedOnEveryRedirectHop", "[fetcher][proxy][address-policy]") {
  LoopbackHttpServer server;
  server.Redirect("/hop", "http://169.254.169.254/latest/meta-data/", 302);
  LoopbackProxy proxy;
  proxy.Route("news.test:80", server.port());

  FetchResult r = Fetch(ProxyOptions(proxy.Url("http")), "http://news.test/hop");
  CHECK(r.error == FetchError::kAddressRefused);
  CHECK_THAT(r.error_detail.message(),
             Catch::Contains(
                 "at http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a non-public address"));
  CHECK(r.redirects.size() == 1);
  CHECK(proxy.Requests().size() == 1);  // the first hop only
}

TEST_CASE("AddressPolicy_TheProxyEndpointIsAllowedAtItsPortOnly", "[address-policy]") {
  auto loopback = ParseIpAddress("127.0.0.1");
  REQUIRE(loopback);
  auto policy = ConnectPolicy::Create(AddressPolicy{}, {}, {}, {Endpoint{*loopback, 3128}});
  REQUIRE(policy.ok());
  CHECK_FALSE(policy->Refusal(*loopback, 3128).has_value());
  CHECK(policy->Refusal(*loopback, 8080).has_value());
  CHECK(policy->Refusal(*loopback).has_value());
  CHECK_FALSE(policy->HostRefusal("news.example").has_value());
  CHECK(policy->HostRefusal("127.0.0.1").has_value());
  CHECK(policy->HostRefusal("[::ffff:127.0.0.1]").has_value());
  CHECK(policy->HostRefusal("localhost").has_value());
  CHECK(policy->HostRefusal("a.b.localhost").has_value());
  CHECK_FALSE(policy->HostRefusal("notlocalhost").has_value());
  CHECK_FALSE(policy->HostRefusal("localhost.example").has_value());
  CHECK_FALSE(policy->HostRefusal("8.8.8.8").has_value());
}

TEST_CASE("CurlProxy_PerHostCapsCountTargetHostsNotTheProxy", "[fetcher][proxy]") {
  LoopbackHttpServer server;
  CannedResponse slow = Page("ok");
  slow.delay = 200ms;
  server.Serve("/page", slow);
  LoopbackProxy proxy;
  for (const char* host : {"alpha.test:80", "beta.test:80", "gamma.test:80"})
    proxy.Route(host, server.port());
  FetchOptions options = ProxyOptions(proxy.Url("http"));
  options.max_transfers_per_host = 1;
  auto fetcher = Fetcher::Create(options);
  REQUIRE(fetcher.ok());
  for (const char* host : {"alpha.test", "beta.test", "gamma.test"}) {
    (*fetcher)->Submit({.url = "http://" + std::string(host) + "/page"});
  }
  auto began = std::chrono::steady_clock::now();
  (*fetcher)->RunUntilIdle();
  auto took = std::chrono::steady_clock::now() - began;
  for (const FetchResult& r : (*fetcher)->TakeResults()) CHECK(r.status == 200);
  // Three hosts, one transfer each, at once: all connections go to the
  // proxy, yet the cap of one is per target host.
  CHECK(proxy.MostConcurrentConnections() == 3);
#ifndef WIRECRAWL_SANITIZED
  CHECK(took < 500ms);  // not 3 x 200 ms one after the other
#endif
  (void)took;
}

}  // namespace wirecrawl
