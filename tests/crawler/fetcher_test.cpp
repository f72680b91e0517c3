// Fetcher tests against a real HTTP server on 127.0.0.1 and real libcurl.
// Names say where the behaviour comes from: RFC 9110, curl's pin options,
// politeness, hostile servers, the SSRF address policy, or fetcher.h itself.
#include "crawler/fetch/fetcher.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <thread>

#include "crawler/fetch/retry.h"
#include "tests/support/loopback_http_server.h"

namespace wirecrawl {
namespace {

using namespace std::chrono_literals;
using testing::CannedResponse;
using testing::LoopbackHttpServer;

// Small limits keep every test well under a second or two.
FetchOptions TestOptions() {
  FetchOptions o;
  o.user_agent = "wirecrawl-test/1 (+https://example.invalid/contact)";
  o.connect_timeout = 1000ms;
  o.total_timeout = 2000ms;
  o.low_speed_window = 0s;
  o.address_policy.allowed_networks = {"127.0.0.0/8"};
  return o;
}

FetchResult Fetch(const FetchOptions& options, FetchRequest request) {
  auto result = FetchOnce(options, std::move(request));
  REQUIRE(result.ok());
  return std::move(result.value());
}

FetchResult Fetch(const FetchOptions& options, const std::string& url) {
  return Fetch(options, FetchRequest{.url = url});
}

CannedResponse Page(std::string body) {
  CannedResponse r;
  r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  r.body = std::move(body);
  return r;
}

std::chrono::milliseconds Between(std::chrono::steady_clock::time_point a,
                                  std::chrono::steady_clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a);
}

}  // namespace

TEST_CASE("Fetcher_200_BodyValidatorsAndUserAgent", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse page = Page("<html><body>مرحبا</body></html>");
  page.headers.emplace_back("ETag", "\"v1\"");
  page.headers.emplace_back("Last-Modified", "Tue, 07 May 2024 10:00:00 GMT");
  server.Serve("/article", page);

  FetchResult r = Fetch(TestOptions(), FetchRequest{.url = server.Url("/article"), .id = 42});
  CHECK(r.ok());
  CHECK(r.error_detail.ok());
  CHECK(r.id == 42);
  CHECK(r.status == 200);
  CHECK_FALSE(r.not_modified);
  CHECK(r.body == page.body);
  CHECK(r.content_type == "text/html; charset=utf-8");
  CHECK(r.etag == "\"v1\"");
  CHECK(r.last_modified == "Tue, 07 May 2024 10:00:00 GMT");
  CHECK(r.final_url == server.Url("/article"));
  CHECK(r.redirects.empty());
  CHECK(r.http_version == "1.1");
  CHECK(r.wire_bytes > r.body.size());

  auto requests = server.RequestsFor("/article");
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].Header("User-Agent") == "wirecrawl-test/1 (+https://example.invalid/contact)");
  CHECK_FALSE(requests[0].Header("If-None-Match").has_value());
}

TEST_CASE("RFC9110_AcceptEncoding_GzipBodyIsDecoded", "[fetcher]") {
  LoopbackHttpServer server;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "<p>Reuters wire copy paragraph " + std::to_string(i % 7) + "</p>\n";
  CannedResponse page = Page(text);
  page.gzip = true;
  server.Serve("/gz", page);

  FetchResult r = Fetch(TestOptions(), server.Url("/gz"));
  REQUIRE(r.ok());
  CHECK(r.body == text);
  CHECK(r.wire_bytes < text.size() / 4);  // it really travelled compressed
  auto accept = server.RequestsFor("/gz").at(0).Header("Accept-Encoding");
  REQUIRE(accept.has_value());
  CHECK(accept->find("gzip") != std::string::npos);
}

TEST_CASE("RFC9110_ConditionalGet_304KeepsStoredCopy", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse page = Page("<p>story</p>");
  page.headers.emplace_back("ETag", "W/\"abc\"");
  server.Serve("/etag", page);
  CannedResponse dated = Page("<p>dated</p>");
  dated.headers.emplace_back("Last-Modified", "Wed, 08 May 2024 09:30:00 GMT");
  server.Serve("/dated", dated);

  FetchResult first = Fetch(TestOptions(), server.Url("/etag"));
  REQUIRE(first.status == 200);
  REQUIRE(first.etag == "W/\"abc\"");

  FetchResult second = Fetch(TestOptions(), FetchRequest{.url = server.Url("/etag"), .etag = first.etag});
  CHECK(second.ok());
  CHECK(second.status == 304);
  CHECK(second.not_modified);
  CHECK(second.body.empty());
  CHECK(server.RequestsFor("/etag").at(1).Header("If-None-Match") == "W/\"abc\"");

  FetchResult by_date = Fetch(TestOptions(), FetchRequest{.url = server.Url("/dated"),
                                                          .last_modified = "Wed, 08 May 2024 09:30:00 GMT"});
  CHECK(by_date.not_modified);
  CHECK(server.RequestsFor("/dated").at(0).Header("If-Modified-Since") == "Wed, 08 May 2024 09:30:00 GMT");

  FetchResult stale = Fetch(TestOptions(), FetchRequest{.url = server.Url("/etag"), .etag = "\"old\""});
  CHECK(stale.status == 200);
  CHECK_FALSE(stale.not_modified);
  CHECK(stale.body == "<p>story</p>");
}

TEST_CASE("Fetcher_RedirectChainIsRecorded", "[fetcher]") {
  LoopbackHttpServer server;
  server.Redirect("/old", "/middle", 301);
  server.Redirect("/middle", server.Url("/new?x=1"), 302);
  server.Serve("/new", Page("<p>here</p>"));

  FetchResult r = Fetch(TestOptions(), server.Url("/old"));
  REQUIRE(r.ok());
  CHECK(r.status == 200);
  CHECK(r.body == "<p>here</p>");
  CHECK(r.url == server.Url("/old"));
  CHECK(r.final_url == server.Url("/new?x=1"));
  REQUIRE(r.redirects.size() == 2);
  CHECK(r.redirects[0].url == server.Url("/old"));
  CHECK(r.redirects[0].status == 301);
  CHECK(r.redirects[1].url == server.Url("/middle"));
  CHECK(r.redirects[1].status == 302);
}

TEST_CASE("Fetcher_RedirectLoopStopsAfterFive", "[fetcher]") {
  LoopbackHttpServer server;
  server.Redirect("/loop", "/loop", 301);

  FetchResult r = Fetch(TestOptions(), server.Url("/loop"));
  CHECK(r.error == FetchError::kTooManyRedirects);
  CHECK_FALSE(r.error_detail.ok());
  CHECK_THAT(r.error_detail.message(), Catch::Contains("more than 5 redirects"));
  CHECK(r.redirects.size() == 6);
  // Five redirects followed: the original request plus five, no more.
  CHECK(server.RequestsFor("/loop").size() == 6);
  CHECK_FALSE(IsRetryable(r));
}

TEST_CASE("Hostile_RedirectToFileOrFtpIsRefused", "[fetcher]") {
  LoopbackHttpServer server;
  server.Redirect("/to-file", "file:///etc/passwd", 302);
  server.Redirect("/to-ftp", "ftp://127.0.0.1:" + std::to_string(server.port()) + "/pub", 301);

  for (const char* path : {"/to-file", "/to-ftp"}) {
    FetchResult r = Fetch(TestOptions(), server.Url(path));
    CHECK(r.error == FetchError::kRefusedScheme);
    CHECK_THAT(r.error_detail.message(), Catch::Contains("only http and https"));
    CHECK(r.redirects.size() == 1);
    CHECK(r.body.empty());
  }
  // The ftp target was never contacted (it would show as a request line).
  CHECK(server.Requests().size() == 2);

  FetchResult direct = Fetch(TestOptions(), "file:///etc/passwd");
  CHECK(direct.error == FetchError::kRefusedScheme);
  FetchResult not_url = Fetch(TestOptions(), "not a url");
  CHECK(not_url.error == FetchError::kBadUrl);
}

TEST_CASE("Fetcher_BodyOverTheCapIsCutOff", "[fetcher]") {
  LoopbackHttpServer server;
  server.Serve("/big", Page(std::string(200'000, 'a')));
  CannedResponse endless;
  endless.endless_body = true;  // no Content-Length: only the write callback can stop it
  server.Serve("/endless", endless);
  FetchOptions options = TestOptions();
  options.max_body_bytes = 64 * 1024;

  FetchResult big = Fetch(options, server.Url("/big"));
  CHECK(big.error == FetchError::kTooLarge);
  CHECK_THAT(big.error_detail.message(), Catch::Contains("exceeds the limit of 65536 bytes"));
  CHECK(big.body.empty());

  FetchResult never_ends = Fetch(options, server.Url("/endless"));
  CHECK(never_ends.error == FetchError::kTooLarge);
  CHECK(never_ends.elapsed < 1500ms);

  // A per-request cap overrides the default (e.g. for sitemaps).
  FetchResult allowed = Fetch(options, FetchRequest{.url = server.Url("/big"), .max_body_bytes = 300'000});
  CHECK(allowed.ok());
  CHECK(allowed.body.size() == 200'000);
}

TEST_CASE("Hostile_GzipBombIsCutOffOnDecodedBytes", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse bomb;
  bomb.body = std::string(10u << 20, '\0');  // 10 MiB of zeros, about 10 KB gzipped
  bomb.gzip = true;
  server.Serve("/bomb", bomb);
  FetchOptions options = TestOptions();
  options.max_body_bytes = 1u << 20;

  FetchResult r = Fetch(options, server.Url("/bomb"));
  CHECK(r.error == FetchError::kTooLarge);
  CHECK_THAT(r.error_detail.message(), Catch::Contains("(decoded)"));
  CHECK(r.body.empty());
  CHECK(r.wire_bytes < 100'000);  // the compressed size passed the Content-Length check
}

TEST_CASE("Hostile_SlowlorisHitsLowSpeedLimit", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse slow = Page(std::string(200, 's'));
  slow.per_byte_delay = 50ms;  // 20 bytes/s
  server.Serve("/slow", slow);
  FetchOptions options = TestOptions();
  options.low_speed_bytes_per_second = 1000;
  options.low_speed_window = 1s;

  FetchResult r = Fetch(options, server.Url("/slow"));
  CHECK(r.error == FetchError::kTimeout);
  CHECK_THAT(r.error_detail.message(), Catch::Contains("too slow"));
  CHECK(r.elapsed < 1900ms);  // the low-speed limit, not the 2 s total timeout
  CHECK(IsRetryable(r));
  CHECK(SignalsHostOverload(r));
}

TEST_CASE("Hostile_SlowServerHitsTotalTimeout", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse slow = Page(std::string(1000, 's'));
  slow.per_byte_delay = 20ms;  // 20 s for the whole response
  server.Serve("/slow", slow);
  FetchOptions options = TestOptions();
  options.total_timeout = 500ms;

  FetchResult r = Fetch(options, server.Url("/slow"));
  CHECK(r.error == FetchError::kTimeout);
  CHECK(r.elapsed >= 450ms);
  CHECK(r.elapsed < 1500ms);
  CHECK(r.body.empty());
}

TEST_CASE("Hostile_ConnectionResetIsRetryable", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse reset;
  reset.reset_connection = true;
  server.Serve("/reset", reset);

  FetchResult r = Fetch(TestOptions(), server.Url("/reset"));
  CHECK(r.error == FetchError::kConnectionLost);
  CHECK(r.status == 0);
  CHECK(IsRetryable(r));
  CHECK(server.RequestsFor("/reset").size() >= 1);
}

TEST_CASE("RFC9110_ErrorStatusesCarryRetryAfter", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse busy;
  busy.status = 503;
  busy.headers = {{"Retry-After", "120"}};
  server.Serve("/busy", busy);

  FetchResult r = Fetch(TestOptions(), server.Url("/busy"));
  CHECK(r.ok());  // a response arrived; the status says the rest
  CHECK(r.status == 503);
  CHECK(r.retry_after == "120");
  CHECK(IsRetryable(r));
  CHECK(SignalsHostOverload(r));

  FetchResult missing = Fetch(TestOptions(), server.Url("/nothing-here"));
  CHECK(missing.status == 404);
  CHECK_FALSE(IsRetryable(missing));
}

TEST_CASE("CurlResolve_PinServesFakeHostOnLoopback", "[fetcher]") {
  LoopbackHttpServer server;
  server.Serve("/", Page("<p>alpha home</p>"));
  FetchOptions options = TestOptions();
  options.address_policy.allowed_networks.clear();  // the pin alone must allow 127.0.0.1
  std::string port = std::to_string(server.port());
  options.resolve = {"alpha-news.test:" + port + ":127.0.0.1"};

  FetchResult r = Fetch(options, "http://alpha-news.test:" + port + "/");
  REQUIRE(r.ok());
  CHECK(r.body == "<p>alpha home</p>");
  CHECK(server.Requests().at(0).Header("Host") == "alpha-news.test:" + port);
}

TEST_CASE("CurlConnectTo_PinServesDefaultPortHost", "[fetcher]") {
  LoopbackHttpServer server;
  server.Serve("/news", Page("<p>beta news</p>"));
  FetchOptions options = TestOptions();
  options.address_policy.allowed_networks.clear();
  options.connect_to = {"beta-news.test:80:127.0.0.1:" + std::to_string(server.port())};

  FetchResult r = Fetch(options, "http://beta-news.test/news");
  REQUIRE(r.ok());
  CHECK(r.body == "<p>beta news</p>");
  CHECK(server.Requests().at(0).Header("Host") == "beta-news.test");
}

TEST_CASE("CurlResolve_MalformedPinIsRejectedAtCreate", "[fetcher]") {
  FetchOptions options = TestOptions();
  options.resolve = {"alpha-news.test:http:127.0.0.1"};
  auto fetcher = Fetcher::Create(options);
  REQUIRE_FALSE(fetcher.ok());
  CHECK_THAT(fetcher.status().message(), Catch::Contains("alpha-news.test:http:127.0.0.1"));
}

TEST_CASE("AddressPolicy_LoopbackRefusedByDefault", "[fetcher]") {
  LoopbackHttpServer server;
  server.Serve("/secret", Page("<p>internal</p>"));
  FetchOptions options = TestOptions();
  options.address_policy = AddressPolicy{};

  FetchResult r = Fetch(options, server.Url("/secret"));
  CHECK(r.error == FetchError::kAddressRefused);
  CHECK_THAT(r.error_detail.message(), Catch::Contains("127.0.0.1 is a non-public address (loopback)"));
  CHECK(server.Requests().empty());
  CHECK(server.ConnectionsAccepted() == 0);
  CHECK_FALSE(IsRetryable(r));
}

TEST_CASE("AddressPolicy_CheckedOnEveryRedirectHop", "[fetcher]") {
  LoopbackHttpServer server;
  std::string port = std::to_string(server.port());
  // The pin allows 127.0.0.1 only; the redirect goes to ::1, which nothing
  // allowed, so it must be refused before any connection is made.
  server.Redirect("/hop", "http://[::1]:" + port + "/internal", 302);
  FetchOptions options = TestOptions();
  options.address_policy.allowed_networks.clear();
  options.resolve = {"alpha-news.test:" + port + ":127.0.0.1"};

  FetchResult r = Fetch(options, "http://alpha-news.test:" + port + "/hop");
  CHECK(r.error == FetchError::kAddressRefused);
  CHECK_THAT(r.error_detail.message(), Catch::Contains("::1 is a non-public address (loopback)"));
  CHECK(r.redirects.size() == 1);
}

TEST_CASE("Politeness_PerHostCapSerialisesOneHostButNotOthers", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse slow = Page("ok");
  slow.delay = 150ms;
  server.Serve("/page", slow);
  std::string port = std::to_string(server.port());

  auto run = [&](std::size_t per_host) {
    FetchOptions options = TestOptions();
    options.max_transfers_per_host = per_host;
    options.resolve = {"alpha-news.test:" + port + ":127.0.0.1", "beta-news.test:" + port + ":127.0.0.1"};
    auto fetcher = Fetcher::Create(options);
    REQUIRE(fetcher.ok());
    for (int i = 0; i < 3; ++i) {
      for (const char* host : {"alpha-news.test", "beta-news.test"}) {
        (*fetcher)->Submit(
            {.url = "http://" + std::string(host) + ":" + port + "/page?i=" + std::to_string(i)});
      }
    }
    (*fetcher)->RunUntilIdle();
    auto results = (*fetcher)->TakeResults();
    REQUIRE(results.size() == 6);
    for (const auto& r : results) CHECK(r.status == 200);
  };
  auto received = [&](std::string_view host, std::size_t skip) {
    std::vector<std::chrono::steady_clock::time_point> times;
    auto requests = server.Requests();
    for (std::size_t i = skip; i < requests.size(); ++i) {
      if (requests[i].Header("Host") == std::string(host) + ":" + port) times.push_back(requests[i].received);
    }
    return times;
  };

  run(1);
  auto alpha = received("alpha-news.test", 0);
  auto beta = received("beta-news.test", 0);
  REQUIRE(alpha.size() == 3);
  REQUIRE(beta.size() == 3);
  // One at a time per host: each request starts after the previous answer.
  CHECK(Between(alpha[0], alpha[1]) >= 140ms);
  CHECK(Between(alpha[1], alpha[2]) >= 140ms);
  CHECK(Between(beta[0], beta[1]) >= 140ms);
  // The other host is not held up by the first.
  CHECK(std::chrono::abs(Between(alpha[0], beta[0])) < 100ms);

  run(3);  // the same load with a cap of 3: all of a host's requests overlap
  auto alpha3 = received("alpha-news.test", 6);
  REQUIRE(alpha3.size() == 3);
  CHECK(Between(alpha3[0], alpha3[2]) < 100ms);
}

TEST_CASE("Politeness_GlobalCapLimitsConcurrentTransfers", "[fetcher]") {
  LoopbackHttpServer server;
  CannedResponse slow = Page("ok");
  slow.delay = 150ms;
  server.Serve("/page", slow);
  FetchOptions options = TestOptions();
  options.max_transfers = 2;
  options.max_transfers_per_host = 10;
  auto fetcher = Fetcher::Create(options);
  REQUIRE(fetcher.ok());
  for (int i = 0; i < 6; ++i) (*fetcher)->Submit({.url = server.Url("/page?i=" + std::to_string(i))});
  CHECK((*fetcher)->Outstanding() == 6);
  (*fetcher)->RunUntilIdle();
  CHECK((*fetcher)->Outstanding() == 0);
  CHECK((*fetcher)->TakeResults().size() == 6);

  auto requests = server.Requests();
  REQUIRE(requests.size() == 6);
  // Never a third transfer while two are in flight.
  for (std::size_t i = 0; i + 2 < requests.size(); ++i) {
    CHECK(Between(requests[i].received, requests[i + 2].received) >= 140ms);
  }
  CHECK(Between(requests[0].received, requests[1].received) < 100ms);
}

TEST_CASE("Fetcher_RunsOnItsOwnThread_StopCancelsTheRest", "[fetcher]") {
  LoopbackHttpServer server;
  server.Serve("/fast", Page("fast"));
  CannedResponse stuck = Page("never");
  stuck.delay = 10s;  // cut short by Stop; the server's destructor wakes it too
  server.Serve("/stuck", stuck);
  auto fetcher = Fetcher::Create(TestOptions());
  REQUIRE(fetcher.ok());
  Fetcher& f = **fetcher;
  std::thread loop([&f] { f.Run(); });

  f.Submit({.url = server.Url("/fast"), .id = 1});
  auto first = f.WaitForResult(1500ms);
  REQUIRE(first.has_value());
  CHECK(first->id == 1);
  CHECK(first->body == "fast");

  f.Submit({.url = server.Url("/stuck"), .id = 2});
  f.Submit({.url = server.Url("/stuck"), .id = 3});  // waits behind 2 (one per host)
  CHECK_FALSE(f.WaitForResult(200ms).has_value());
  f.Stop();
  loop.join();
  auto rest = f.TakeResults();
  REQUIRE(rest.size() == 2);
  for (const auto& r : rest) {
    CHECK(r.error == FetchError::kCancelled);
    CHECK((r.id == 2 || r.id == 3));
  }
  f.Submit({.url = server.Url("/fast"), .id = 4});  // after Stop: cancelled at once
  auto late = f.WaitForResult(100ms);
  REQUIRE(late.has_value());
  CHECK(late->error == FetchError::kCancelled);
  CHECK(f.Outstanding() == 0);
}

}  // namespace wirecrawl
