// End to end over HTTPS: `wirecrawl crawl` against nginx on loopback with a
// CA the test makes (tests/support/tls_test_site.h), as nearly every news
// site is served: http:// redirected to https://, HTTP/2 over TLS, one
// multiplexed connection per host; and the certificate failures a crawler
// meets, each a clear, final error for the host's URLs.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/cli/run_binary.h"
#include "tests/support/database_reader.h"
#include "tests/support/tls_test_site.h"

namespace wirecrawl::testing {
namespace {

std::string Prose(unsigned seed, int words) {
  std::string text;
  unsigned x = seed * 2654435761u + 1;
  for (int i = 0; i < words; ++i) {
    x = x * 1103515245u + 12345u;
    text += "word" + std::to_string((x >> 8) % 3000) + (i % 15 == 14 ? ". " : " ");
  }
  return text;
}

constexpr int kArticles = 6;

// news.test over HTTPS: a front page linking kArticles articles.
void WriteSite(const std::filesystem::path& root) {
  std::filesystem::create_directories(root / "news");
  std::ofstream(root / "robots.txt") << "User-agent: *\nDisallow: /private/\n";
  std::string links;
  for (int i = 1; i <= kArticles; ++i) {
    const std::string path = "/news/tls-story-number-" + std::to_string(i) + ".html";
    std::string body;
    for (int p = 0; p < 5; ++p) body += "<p>" + Prose(static_cast<unsigned>(i * 10 + p), 60) + "</p>";
    std::ofstream(root / path.substr(1))
        << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>TLS story " << i
        << "</title></head><body><article><h1>TLS story " << i << "</h1>" << body
        << "</article></body></html>";
    links += "<li><a href=\"" + path + "\">story " + std::to_string(i) + "</a></li>";
  }
  std::ofstream(root / "index.html") << "<html><body><ul>" << links << "</ul></body></html>";
}

// nginx: port 0 plain HTTP redirecting to https://$host; ports 1-3 HTTPS
// (HTTP/2) for news.test, expired.test (a certificate that expired last
// month) and wrong.test (a certificate for other.test).
struct TlsCrawlSite {
  explicit TlsCrawlSite(const TempDir& dir)
      : ca(dir / "ca"), nginx(dir / "nginx", 4, [&](const std::vector<std::uint16_t>& ports) {
          WriteSite(dir / "root");
          auto now = std::chrono::system_clock::now();
          TestCa::Issued news = ca.Issue("news", {"news.test"});
          TestCa::Issued expired = ca.Issue("expired", {"expired.test"}, now - std::chrono::hours(24 * 400),
                                            now - std::chrono::hours(24 * 35));
          TestCa::Issued other = ca.Issue("other", {"other.test"});
          auto tls = [&](std::uint16_t port, const TestCa::Issued& cert) {
            return "server { listen 127.0.0.1:" + std::to_string(port) + " ssl http2; ssl_certificate " +
                   cert.cert_file + "; ssl_certificate_key " + cert.key_file + "; root " +
                   (dir / "root").string() + "; }\n";
          };
          return "server { listen 127.0.0.1:" + std::to_string(ports[0]) +
                 "; return 301 https://$host$request_uri; }\n" + tls(ports[1], news) +
                 tls(ports[2], expired) + tls(ports[3], other);
        }) {}

  // The command-line pins: http://news.test to the redirecting server, each
  // https:// name to its port.
  std::string ConnectToArgs() const {
    return " --connect-to news.test:80:127.0.0.1:" + std::to_string(nginx.port(0)) +
           " --connect-to news.test:443:127.0.0.1:" + std::to_string(nginx.port(1)) +
           " --connect-to expired.test:443:127.0.0.1:" + std::to_string(nginx.port(2)) +
           " --connect-to wrong.test:443:127.0.0.1:" + std::to_string(nginx.port(3));
  }

  TestCa ca;
  NginxServer nginx;
};

std::vector<std::vector<std::string>> Query(const std::string& db, const std::string& sql) {
  QueryResult result = ReadDatabase(db, sql);
  INFO(sql << ": " << result.error);
  REQUIRE(result.ok);
  return result.rows;
}

}  // namespace

TEST_CASE("CurlTls_CrawlFollowsHttpToHttpsAndMultiplexesOverOneHttp2Connection", "[crawl][e2e][tls]") {
  TempDir dir;
  TlsCrawlSite site(dir);
  std::ofstream(dir / "tls.toml") << "[politeness]\nmin_delay = 0\nconnections_per_host = 4\n";
  const std::string db = (dir / "tls.db").string();
  CommandResult run =
      RunWirecrawl("crawl --json --no-progress --config '" + (dir / "tls.toml").string() + "' --db '" + db +
                   "' --cacert '" + site.ca.cert_file() + "'" + site.ConnectToArgs() + " http://news.test/");
  INFO(run.err);
  REQUIRE(run.status == 0);
  // Every article, under its https:// URL.
  auto articles = Query(db, "SELECT url FROM articles ORDER BY url");
  CHECK(articles.size() == kArticles);
  for (const auto& row : articles) CHECK(row[0].rfind("https://news.test/news/tls-story-number-", 0) == 0);

  std::vector<NginxLogLine> log = site.nginx.AccessLog();
  std::set<long> tls_connections;
  int plain = 0;
  int over_tls = 0;
  for (const NginxLogLine& line : log) {
    INFO(line.protocol << " " << line.uri << " " << line.status << " " << line.tls);
    if (line.tls == "-") {
      // Plain HTTP only says where to go.
      ++plain;
      CHECK(line.status == 301);
    } else {
      ++over_tls;
      CHECK(line.protocol == "HTTP/2.0");
      CHECK(line.host == "news.test");
      tls_connections.insert(line.connection);
    }
  }
  CHECK(plain >= 2);                   // robots.txt and the front page
  CHECK(over_tls >= kArticles + 2);    // robots.txt, the front page and the articles
  CHECK(tls_connections.size() == 1);  // one HTTP/2 connection carried them all
}

TEST_CASE("CurlTls_CrawlFailsHostsWithBadCertificatesAtOnceNamingHostAndReason", "[crawl][e2e][tls]") {
  TempDir dir;
  TlsCrawlSite site(dir);
  const std::string db = (dir / "bad.db").string();
  auto began = std::chrono::steady_clock::now();
  CommandResult run =
      RunWirecrawl("crawl --json --no-progress --db '" + db + "' --cacert '" + site.ca.cert_file() + "'" +
                   site.ConnectToArgs() + " https://expired.test/ https://wrong.test/");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  INFO(run.err);
  // A certificate that does not verify will not verify on a retry: the
  // crawl ends at once (not after waiting for robots.txt to come back),
  // the URLs failed for good, none left queued. (The exit status is 0 here;
  // the exit-code convention for inputs that fail for good decides it.)
  CHECK((run.status == 0 || run.status == 1));
  CHECK(seconds < 15);
  CHECK(run.err.find(
            "expired.test: fetch https://expired.test/robots.txt: SSL certificate problem: certificate has "
            "expired") != std::string::npos);
  CHECK(run.err.find(
            "wrong.test: fetch https://wrong.test/robots.txt: SSL: no alternative certificate subject name "
            "matches target host name 'wrong.test'") != std::string::npos);
  nlohmann::json summary = nlohmann::json::parse(run.out, nullptr, false);
  REQUIRE(summary.is_object());
  CHECK(summary["errors"] == 2);
  CHECK(summary["queued"] == 0);
  auto rows = Query(db, "SELECT url, state, last_error FROM urls ORDER BY url");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][0] == "https://expired.test/");
  CHECK(rows[0][1] == "failed");
  CHECK(rows[0][2].find("certificate has expired") != std::string::npos);
  CHECK(rows[1][0] == "https://wrong.test/");
  CHECK(rows[1][1] == "failed");
  CHECK(rows[1][2].find("'wrong.test'") != std::string::npos);
  CHECK(site.nginx.AccessLog().empty());  // no request got through
}

}  // namespace wirecrawl::testing
