// The fetcher over HTTPS, against nginx on loopback with certificates from a
// CA each test makes (tests/support/tls_test_site.h): HTTP/2 multiplexing,
// a private CA given as ca_file, the certificate failures a crawler meets
// (expired, wrong host, unknown issuer) as clear, final errors, and HTTPS
// through an HTTP proxy (CONNECT).
#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "crawler/fetch/fetcher.h"
#include "crawler/fetch/retry.h"
#include "tests/cli/run_binary.h"
#include "tests/support/loopback_proxy.h"
#include "tests/support/tls_test_site.h"

namespace wirecrawl {
namespace {

using namespace std::chrono_literals;
using testing::LoopbackProxy;
using testing::NginxLogLine;
using testing::NginxServer;
using testing::TempDir;
using testing::TestCa;

// A CA, and nginx serving `root` for news.test (valid), expired.test
// (expired last year) and wrong.test (a certificate for other.test), each
// on its own HTTPS port with HTTP/2.
struct TlsSite {
  explicit TlsSite(const TempDir& dir)
      : ca(dir / "ca"), nginx(dir / "nginx", 3, [&](const std::vector<std::uint16_t>& ports) {
          std::filesystem::create_directories(dir / "root");
          for (int i = 0; i < 20; ++i) {
            std::ofstream(dir / "root" / ("page" + std::to_string(i) + ".html")) << "<p>page " << i << "</p>";
          }
          auto now = std::chrono::system_clock::now();
          TestCa::Issued news = ca.Issue("news", {"news.test"});
          TestCa::Issued expired = ca.Issue("expired", {"expired.test"}, now - std::chrono::hours(24 * 400),
                                            now - std::chrono::hours(24 * 35));
          TestCa::Issued wrong = ca.Issue("other", {"other.test"});
          auto server = [&](std::uint16_t port, const TestCa::Issued& cert) {
            return "server { listen 127.0.0.1:" + std::to_string(port) + " ssl http2; ssl_certificate " +
                   cert.cert_file + "; ssl_certificate_key " + cert.key_file + "; root " +
                   (dir / "root").string() + "; }\n";
          };
          return server(ports[0], news) + server(ports[1], expired) + server(ports[2], wrong);
        }) {}

  // Pins each name's port 443 to its nginx port.
  std::vector<std::string> ConnectTo() const {
    return {"news.test:443:127.0.0.1:" + std::to_string(nginx.port(0)),
            "expired.test:443:127.0.0.1:" + std::to_string(nginx.port(1)),
            "wrong.test:443:127.0.0.1:" + std::to_string(nginx.port(2))};
  }

  TestCa ca;
  NginxServer nginx;
};

FetchOptions TlsOptions(const TlsSite& site) {
  FetchOptions o;
  o.user_agent = "wirecrawl-test/1 (+https://example.invalid/contact)";
  o.connect_timeout = 2000ms;
  o.total_timeout = 5000ms;
  o.low_speed_window = 0s;
  o.connect_to = site.ConnectTo();  // also allows 127.0.0.1
  o.ca_file = site.ca.cert_file();
  return o;
}

FetchResult Fetch(const FetchOptions& options, const std::string& url) {
  auto result = FetchOnce(options, FetchRequest{.url = url});
  REQUIRE(result.ok());
  return std::move(result.value());
}

}  // namespace

TEST_CASE("CurlTls_Http2MultiplexesManyRequestsToOneHostOverOneConnection", "[fetcher][tls]") {
  TempDir dir;
  TlsSite site(dir);
  FetchOptions options = TlsOptions(site);
  options.max_transfers_per_host = 8;
  auto fetcher = Fetcher::Create(options);
  REQUIRE(fetcher.ok());
  for (int i = 0; i < 20; ++i)
    (*fetcher)->Submit({.url = "https://news.test/page" + std::to_string(i) + ".html"});
  (*fetcher)->RunUntilIdle();
  std::vector<FetchResult> results = (*fetcher)->TakeResults();
  REQUIRE(results.size() == 20);
  for (const FetchResult& r : results) {
    INFO(r.url << ": " << r.error_detail.message());
    CHECK(r.status == 200);
    CHECK(r.http_version == "2");
  }
  // nginx's log: every request over HTTP/2 on one TLS connection, several
  // at once (8 transfers were allowed, and PIPEWAIT keeps them off new
  // connections).
  std::vector<NginxLogLine> log = site.nginx.AccessLog();
  REQUIRE(log.size() == 20);
  std::set<long> connections;
  for (const NginxLogLine& line : log) {
    connections.insert(line.connection);
    CHECK(line.protocol == "HTTP/2.0");
    CHECK(line.tls.rfind("TLSv1.", 0) == 0);
  }
  CHECK(connections.size() == 1);
}

TEST_CASE("CurlTls_CaFileVerifiesServersOfAPrivateCa", "[fetcher][tls]") {
  TempDir dir;
  TlsSite site(dir);
  FetchOptions options = TlsOptions(site);
  CHECK(Fetch(options, "https://news.test/page1.html").body == "<p>page 1</p>");

  // Without it the system's CAs do not know the issuer.
  options.ca_file.clear();
  FetchResult unknown = Fetch(options, "https://news.test/page1.html");
  CHECK(unknown.error == FetchError::kTls);
  CHECK_THAT(unknown.error_detail.message(), Catch::Contains("https://news.test/page1.html"));
  CHECK_THAT(unknown.error_detail.message(), Catch::Contains("unable to get local issuer certificate"));
  CHECK_FALSE(IsRetryable(unknown));
}

TEST_CASE("CurlTls_ExpiredCertificateIsAFinalErrorNamingHostAndReason", "[fetcher][tls]") {
  TempDir dir;
  TlsSite site(dir);
  FetchResult r = Fetch(TlsOptions(site), "https://expired.test/page1.html");
  CHECK(r.error == FetchError::kTls);
  CHECK(r.status == 0);
  CHECK_THAT(r.error_detail.message(), Catch::Contains("https://expired.test/page1.html"));
  CHECK_THAT(r.error_detail.message(), Catch::Contains("certificate has expired"));
  CHECK_FALSE(IsRetryable(r));
  CHECK(site.nginx.AccessLog().empty());
}

TEST_CASE("CurlTls_WrongHostCertificateIsAFinalErrorNamingHostAndReason", "[fetcher][tls]") {
  TempDir dir;
  TlsSite site(dir);
  FetchResult r = Fetch(TlsOptions(site), "https://wrong.test/page1.html");
  CHECK(r.error == FetchError::kTls);
  CHECK_THAT(
      r.error_detail.message(),
      Catch::Contains("no alternative certificate subject name matches target host name 'wrong.test'"));
  CHECK_FALSE(IsRetryable(r));
  CHECK(site.nginx.AccessLog().empty());
}

TEST_CASE("CurlTls_UnreadableCaFileIsAnErrorAtCreate", "[fetcher][tls]") {
  FetchOptions options;
  options.ca_file = "/nonexistent/wirecrawl-ca.pem";
  auto fetcher = Fetcher::Create(options);
  REQUIRE_FALSE(fetcher.ok());
  CHECK(fetcher.status().message() == "ca_file /nonexistent/wirecrawl-ca.pem: No such file or directory");
}

TEST_CASE("CurlTls_HttpsThroughAnHttpProxyIsATunnel", "[fetcher][tls][proxy]") {
  TempDir dir;
  TlsSite site(dir);
  LoopbackProxy proxy;
  proxy.Route("news.test:443", site.nginx.port(0));
  FetchOptions options = TlsOptions(site);
  options.connect_to.clear();  // the proxy routes the name
  options.proxy = proxy.Url("http");
  FetchResult r = Fetch(options, "https://news.test/page2.html");
  INFO(r.error_detail.message());
  CHECK(r.status == 200);
  CHECK(r.http_version == "2");
  REQUIRE(proxy.Requests().size() == 1);
  CHECK(proxy.Requests()[0].kind == "CONNECT");
  CHECK(proxy.Requests()[0].target == "news.test:443");
  // The certificate is still checked end to end, through the tunnel.
  proxy.Route("wrong.test:443", site.nginx.port(2));
  FetchResult wrong = Fetch(options, "https://wrong.test/page2.html");
  CHECK(wrong.error == FetchError::kTls);
}

}  // namespace wirecrawl
