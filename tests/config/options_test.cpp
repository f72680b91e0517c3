// Tests for config/: LoadConfig / LoadConfigFromString and the value syntaxes.
// Names cite where the behaviour is asked for: the config documentation
// (config/wirecrawl.example.toml and the man page: defaults, value syntax,
// errors that name file, line and key), regressions found by fuzzing, or
// curl's documented option syntax for the host pins.
#include "config/options.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "config/value_syntax.h"

using namespace std::chrono_literals;
using wirecrawl::CrawlerOptions;
using wirecrawl::LoadConfig;
using wirecrawl::LoadConfigFromString;
using wirecrawl::Status;

namespace {

const std::string kExample = std::string(WIRECRAWL_TEST_DATA) + "/../../config/wirecrawl.example.toml";

// The error text of a config that must fail.
std::string ErrorOf(const std::string& toml) {
  auto result = LoadConfigFromString(toml, "test.toml");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == Status::Code::kInvalidArgument);
  return result.status().message();
}

std::filesystem::path TempFile(const std::string& name, const std::string& content) {
  const auto dir = std::filesystem::temp_directory_path() / "wirecrawl-config-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

}  // namespace

TEST_CASE("ConfigDoc_EmptyConfigGivesPoliteDefaults") {
  auto result = LoadConfigFromString("");
  REQUIRE(result.ok());
  const CrawlerOptions& o = *result;
  CHECK(o.politeness.connections_per_host == 1);
  CHECK(o.politeness.min_delay == 1s);
  CHECK(o.politeness.global_concurrency == 64);
  CHECK(o.politeness.obey_robots);
  CHECK(o.politeness.robots_agent == "wirecrawl");
  CHECK(o.politeness.user_agent.find("https://") != std::string::npos);
  CHECK(o.limits.max_body_bytes == 10 * 1024 * 1024);
  CHECK(o.limits.max_redirects == 5);
  CHECK(o.dedup.threshold == Approx(0.7));
  CHECK(o.dedup.shingle_size == 5);
  CHECK(o.dedup.bands * o.dedup.rows <= o.dedup.num_hashes);
  // The same LSH shape as dedup/'s DedupOptions (config/ does not include dedup/).
  CHECK(o.dedup.bands == 25);
  CHECK(o.dedup.rows == 5);
  CHECK(o.dedup.num_hashes == 128);
  CHECK(o.daemon.article_revisits == std::vector<std::chrono::milliseconds>{1h, 6h, 24h});
  CHECK(o.sources.seeds.empty());
}

TEST_CASE("ConfigDoc_ExampleConfigLoadsAndDocumentsTheDefaults") {
  auto result = LoadConfig(kExample);
  INFO((result.ok() ? std::string() : result.status().message()));
  REQUIRE(result.ok());
  const CrawlerOptions& ex = *result;
  const CrawlerOptions def;
  // The example's sample sources and exclude patterns are the only departures
  // from the defaults; everything else must show the real default.
  CHECK(ex.sources.seeds.size() == 2);
  CHECK(ex.sources.feeds == std::vector<std::string>{"https://alpha-news.test/feed.xml"});
  CHECK(ex.scope.exclude.size() == 2);
  CHECK(ex.scope.allowed_domains == def.scope.allowed_domains);
  CHECK(ex.scope.include == def.scope.include);
  CHECK(ex.scope.max_depth == def.scope.max_depth);
  CHECK(ex.scope.max_pages == def.scope.max_pages);
  CHECK(ex.scope.max_pages_per_host == def.scope.max_pages_per_host);
  CHECK(ex.scope.max_url_length == def.scope.max_url_length);
  CHECK(ex.scope.max_path_repetition == def.scope.max_path_repetition);
  CHECK(ex.scope.max_sitemap_depth == def.scope.max_sitemap_depth);
  CHECK(ex.politeness.user_agent == def.politeness.user_agent);
  CHECK(ex.politeness.robots_agent == def.politeness.robots_agent);
  CHECK(ex.politeness.obey_robots == def.politeness.obey_robots);
  CHECK(ex.politeness.connections_per_host == def.politeness.connections_per_host);
  CHECK(ex.politeness.min_delay == def.politeness.min_delay);
  CHECK(ex.politeness.max_crawl_delay == def.politeness.max_crawl_delay);
  CHECK(ex.politeness.max_backoff == def.politeness.max_backoff);
  CHECK(ex.politeness.robots_cache_ttl == def.politeness.robots_cache_ttl);
  CHECK(ex.politeness.global_concurrency == def.politeness.global_concurrency);
  CHECK(ex.limits.max_body_bytes == def.limits.max_body_bytes);
  CHECK(ex.limits.connect_timeout == def.limits.connect_timeout);
  CHECK(ex.limits.total_timeout == def.limits.total_timeout);
  CHECK(ex.limits.low_speed_limit == def.limits.low_speed_limit);
  CHECK(ex.limits.low_speed_time == def.limits.low_speed_time);
  CHECK(ex.limits.max_redirects == def.limits.max_redirects);
  CHECK(ex.limits.retries == def.limits.retries);
  CHECK(ex.limits.retry_base_delay == def.limits.retry_base_delay);
  CHECK(ex.limits.retry_max_delay == def.limits.retry_max_delay);
  CHECK(ex.fetch == def.fetch);
  CHECK(ex.network.allow == def.network.allow);
  CHECK(ex.dedup.threshold == def.dedup.threshold);
  CHECK(ex.dedup.shingle_size == def.dedup.shingle_size);
  CHECK(ex.dedup.num_hashes == def.dedup.num_hashes);
  CHECK(ex.dedup.bands == def.dedup.bands);
  CHECK(ex.dedup.rows == def.dedup.rows);
  CHECK(ex.dedup.window == def.dedup.window);
  CHECK(ex.paths.database == def.paths.database);
  CHECK(ex.daemon.source_refresh_min == def.daemon.source_refresh_min);
  CHECK(ex.daemon.source_refresh_max == def.daemon.source_refresh_max);
  CHECK(ex.daemon.article_revisits == def.daemon.article_revisits);
  CHECK(ex.daemon.retire_source_after_failures == def.daemon.retire_source_after_failures);
  CHECK(ex.daemon.shutdown_grace == def.daemon.shutdown_grace);
  CHECK(ex.daemon.metrics == def.daemon.metrics);
  CHECK(ex.daemon.metrics_listen == def.daemon.metrics_listen);
  CHECK(ex.daemon.log_level == def.daemon.log_level);
  CHECK(ex.performance == def.performance);
  CHECK(ex.web == def.web);
  CHECK(ex.maintenance == def.maintenance);
  // The one [[site]] shows the syntax; by default there is none.
  CHECK(def.sites.empty());
  REQUIRE(ex.sites.size() == 1);
  CHECK(ex.sites[0].host == "legacy-news.test");
}

TEST_CASE("ConfigDoc_EveryKeyOfTheExampleIsUncommented") {
  // A key that only appears commented out would not be checked by the test
  // above; the example must set every key it documents at least once.
  std::ifstream in(kExample);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  for (const char* key : {"seeds =",
                          "feeds =",
                          "sitemaps =",
                          "allowed_domains =",
                          "include =",
                          "exclude =",
                          "max_depth =",
                          "max_pages =",
                          "max_pages_per_host =",
                          "max_url_length =",
                          "max_path_repetition =",
                          "max_sitemap_depth =",
                          "user_agent =",
                          "robots_agent =",
                          "obey_robots =",
                          "connections_per_host =",
                          "min_delay =",
                          "max_crawl_delay =",
                          "max_backoff =",
                          "robots_cache_ttl =",
                          "global_concurrency =",
                          "max_body_bytes =",
                          "connect_timeout =",
                          "total_timeout =",
                          "low_speed_limit =",
                          "low_speed_time =",
                          "max_redirects =",
                          "retries =",
                          "retry_base_delay =",
                          "retry_max_delay =",
                          "\nresolve =",
                          "\nconnect_to =",
                          "\nproxy =",
                          "\nno_proxy =",
                          "\nproxy_from_environment =",
                          "\nca_file =",
                          "\nallow =",
                          "threshold =",
                          "shingle_size =",
                          "num_hashes =",
                          "bands =",
                          "rows =",
                          "database =",
                          "source_refresh_min =",
                          "source_refresh_max =",
                          "article_revisits =",
                          "retire_source_after_failures =",
                          "shutdown_grace =",
                          "metrics =",
                          "metrics_listen =",
                          "log_level =",
                          "enabled =",
                          "\nlisten =",
                          "[[site]]",
                          "host =",
                          "article_urls =",
                          "hub_urls ="}) {
    INFO(key);
    CHECK(text.find(key) != std::string::npos);
  }
}

TEST_CASE("ConfigDoc_ValuesAreRead") {
  auto result = LoadConfigFromString(R"toml(
[sources]
seeds = ["https://a.test/", "http://b.test/news"]
[scope]
allowed_domains = ["Alpha-News.TEST"]
include = ['^https://a\.test/20\d\d/']
max_depth = 2
max_pages = 5000
[politeness]
user_agent = "newsroom-bot/2 (mailto:ops@example.org)"
robots_agent = "newsroom-bot"
min_delay = 0.25
max_crawl_delay = "1m"
connections_per_host = 2
[limits]
max_body_bytes = "500 KiB"
total_timeout = "1h"
connect_timeout = 3
[fetch]
resolve = ["alpha-news.test:80:127.0.0.1", "b.test:443:[::1],127.0.0.2"]
connect_to = ["alpha-news.test:80:127.0.0.1:8080", "::localhost:"]
[network]
allow = ["127.0.0.1/32", "::1", "10.0.0.0/8"]
[dedup]
threshold = 0.8
num_hashes = 64
bands = 16
rows = 4
[paths]
database = "/var/lib/wirecrawl/news.db"
[daemon]
article_revisits = ["30m", "2h", 86400]
log_level = "debug"
metrics = true
metrics_listen = "[::1]:0"
)toml");
  INFO((result.ok() ? std::string() : result.status().message()));
  REQUIRE(result.ok());
  const CrawlerOptions& o = *result;
  CHECK(o.sources.seeds == std::vector<std::string>{"https://a.test/", "http://b.test/news"});
  CHECK(o.scope.allowed_domains == std::vector<std::string>{"alpha-news.test"});
  CHECK(o.scope.max_depth == 2);
  CHECK(o.scope.max_pages == 5000);
  CHECK(o.politeness.robots_agent == "newsroom-bot");
  CHECK(o.politeness.min_delay == 250ms);
  CHECK(o.politeness.max_crawl_delay == 60s);
  CHECK(o.politeness.connections_per_host == 2);
  CHECK(o.limits.max_body_bytes == 500 * 1024);
  CHECK(o.limits.total_timeout == 1h);
  CHECK(o.limits.connect_timeout == 3s);
  CHECK(o.fetch.resolve.size() == 2);
  CHECK(o.fetch.connect_to.size() == 2);
  CHECK(o.network.allow.size() == 3);
  CHECK(o.dedup.threshold == Approx(0.8));
  CHECK(o.dedup.bands == 16);
  CHECK(o.paths.database == "/var/lib/wirecrawl/news.db");
  CHECK(o.daemon.article_revisits == std::vector<std::chrono::milliseconds>{30min, 2h, 24h});
  CHECK(o.daemon.log_level == "debug");
  CHECK(o.daemon.metrics);
}

TEST_CASE("ConfigDoc_SiteTablesOverrideClassification") {
  auto result = LoadConfigFromString(R"toml(
[[site]]
host = "Legacy.TEST"
article_urls = ['/news/\d+\.htm$']
hub_urls = ['/section\.asp\?id=\d+$', '/politics\.htm$']
[[site]]
host = "b.test"
hub_urls = ['/live/']
)toml");
  INFO((result.ok() ? std::string() : result.status().message()));
  REQUIRE(result.ok());
  REQUIRE(result->sites.size() == 2);
  CHECK(result->sites[0].host == "legacy.test");
  CHECK(result->sites[0].article_urls.size() == 1);
  CHECK(result->sites[0].hub_urls.size() == 2);
  CHECK(result->sites[1].article_urls.empty());
  // Every problem of every [[site]], with where it is.
  const std::string message = ErrorOf(
      "[[site]]\nhub_urls = ['(unclosed']\n[[site]]\nhost = \"c.test\"\n[[site]]\nhost = \"d.test\"\n"
      "article_url = ['/x']\n");
  CHECK(message.find("site[0].host: every [[site]] needs a host") != std::string::npos);
  CHECK(message.find("site[0].hub_urls: invalid regular expression") != std::string::npos);
  CHECK(message.find("site[1].article_urls: a [[site]] needs article_urls or hub_urls") != std::string::npos);
  CHECK(message.find("test.toml:7:1: site[2].article_url: unknown key (did you mean \"article_urls\"?)") !=
        std::string::npos);
  CHECK(ErrorOf("site = 3\n").find("expected [[site]] tables") != std::string::npos);
  CHECK(ErrorOf("[site]\nhost = \"a.test\"\n").find("expected [[site]] tables") != std::string::npos);
  CHECK(ErrorOf("[[site]]\nhost = \"https://a.test/\"\nhub_urls = ['/x']\n").find("expected a domain") !=
        std::string::npos);
}

TEST_CASE("ConfigDoc_UnknownKeyIsAnErrorWithLineAndHint") {
  const std::string message = ErrorOf("[politeness]\nmin_delay = \"2s\"\nmin_dealy = \"3s\"\n");
  CHECK(message.find("test.toml:3:1") != std::string::npos);
  CHECK(message.find("politeness.min_dealy") != std::string::npos);
  CHECK(message.find("unknown key") != std::string::npos);
  CHECK(message.find("did you mean \"min_delay\"") != std::string::npos);
}

TEST_CASE("ConfigDoc_UnknownSectionIsAnError") {
  const std::string message = ErrorOf("[politness]\nmin_delay = 1\n");
  CHECK(message.find("test.toml:1:2: politness: unknown section") != std::string::npos);
  CHECK(message.find("[politeness]") != std::string::npos);
  // A top-level key outside any section is also a mistake.
  CHECK(ErrorOf("database = \"x.db\"\n").find("unknown key") != std::string::npos);
  // A section given as a value.
  CHECK(ErrorOf("paths = 3\n").find("expected a [paths] table") != std::string::npos);
}

TEST_CASE("ConfigDoc_WrongTypeNamesKeyLineAndWhatWasFound") {
  const std::string message = ErrorOf("[scope]\n\nmax_depth = \"deep\"\n");
  CHECK(message.find("test.toml:3:13: scope.max_depth: expected an integer, got string \"deep\"") !=
        std::string::npos);
  CHECK(ErrorOf("[politeness]\nobey_robots = \"yes\"\n").find("expected true or false") != std::string::npos);
  CHECK(ErrorOf("[sources]\nseeds = \"https://a.test/\"\n").find("expected an array of strings") !=
        std::string::npos);
  CHECK(ErrorOf("[sources]\nseeds = [\"https://a.test/\", 3]\n").find("test.toml:2:29") != std::string::npos);
  CHECK(ErrorOf("[politeness]\nmin_delay = true\n").find("expected a duration") != std::string::npos);
}

TEST_CASE("ConfigDoc_OutOfRangeValuesAreErrors") {
  CHECK(ErrorOf("[politeness]\nconnections_per_host = 0\n").find("0 is out of range [1, 64]") !=
        std::string::npos);
  CHECK(ErrorOf("[politeness]\nmin_delay = -1\n").find("politeness.min_delay") != std::string::npos);
  CHECK(ErrorOf("[politeness]\nrobots_cache_ttl = \"2d\"\n").find("2d is out of range") != std::string::npos);
  CHECK(ErrorOf("[limits]\nmax_body_bytes = \"2GiB\"\n").find("limits.max_body_bytes") != std::string::npos);
  CHECK(ErrorOf("[dedup]\nthreshold = 1.5\n").find("dedup.threshold") != std::string::npos);
  CHECK(ErrorOf("[scope]\nmax_pages = -3\n").find("scope.max_pages") != std::string::npos);
}

TEST_CASE("ConfigDoc_CrossFieldChecks") {
  CHECK(ErrorOf("[dedup]\nnum_hashes = 64\n")
            .find("bands * rows (125) must not exceed dedup.num_hashes (64)") != std::string::npos);
  CHECK(ErrorOf("[limits]\nconnect_timeout = \"2m\"\ntotal_timeout = \"1m\"\n").find("test.toml:2:19") !=
        std::string::npos);
  CHECK(ErrorOf("[daemon]\nsource_refresh_min = \"7h\"\n").find("daemon.source_refresh_min") !=
        std::string::npos);
  CHECK(ErrorOf("[daemon]\narticle_revisits = [\"6h\", \"1h\"]\n").find("durations must increase") !=
        std::string::npos);
}

TEST_CASE("ConfigDoc_StringValuesAreChecked") {
  CHECK(ErrorOf("[sources]\nfeeds = [\"ftp://a.test/feed\"]\n").find("expected an http:// or https:// URL") !=
        std::string::npos);
  CHECK(ErrorOf("[scope]\nexclude = [\"(unclosed\"]\n").find("invalid regular expression") !=
        std::string::npos);
  CHECK(ErrorOf("[scope]\nallowed_domains = [\"https://a.test/\"]\n").find("expected a domain") !=
        std::string::npos);
  CHECK(ErrorOf("[politeness]\nuser_agent = \"mybot/1.0\"\n").find("contact URL") != std::string::npos);
  CHECK(
      ErrorOf("[politeness]\nuser_agent = \"bot (+https://a.test)\\r\\nX-Evil: 1\"\n").find("single line") !=
      std::string::npos);
  CHECK(ErrorOf("[politeness]\nrobots_agent = \"MyBot/1.0\"\n").find("RFC 9309") != std::string::npos);
  CHECK(ErrorOf("[daemon]\nlog_level = \"verbose\"\n").find("expected one of trace") != std::string::npos);
  CHECK(ErrorOf("[daemon]\nmetrics_listen = \"127.0.0.1\"\n").find("HOST:PORT") != std::string::npos);
}

TEST_CASE("ConfigDoc_NetworkAllowListTakesAddressesAndCidrRanges") {
  CHECK(ErrorOf("[network]\nallow = [\"localhost\"]\n").find("network.allow") != std::string::npos);
  CHECK(ErrorOf("[network]\nallow = [\"10.0.0.0/33\"]\n").find("prefix longer than 32") != std::string::npos);
  CHECK(ErrorOf("[network]\nallow = [\"fd00::/129\"]\n").find("prefix longer than 128") != std::string::npos);
  CHECK(LoadConfigFromString("[network]\nallow = [\"fd00::/8\", \"169.254.169.254\"]\n").ok());
}

TEST_CASE("CurlResolveSyntax_PinsAreChecked") {
  using wirecrawl::config_syntax::ParseResolvePin;
  using wirecrawl::config_syntax::ResolvePin;
  CHECK(ParseResolvePin("alpha-news.test:80:127.0.0.1").ok());
  CHECK(ParseResolvePin("*:80:127.0.0.1").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test:127.0.0.1").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test:0:127.0.0.1").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test:port:127.0.0.1").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test:80:localhost").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test:80:").ok());
  auto pin = ParseResolvePin("+alpha-news.test:443:127.0.0.1,[::1],::2");
  REQUIRE(pin.ok());
  CHECK(pin->kind == ResolvePin::Kind::kAddExpiring);
  CHECK(pin->host == "alpha-news.test");
  CHECK(pin->port == 443);
  CHECK(pin->addresses == std::vector<std::string>{"127.0.0.1", "::1", "::2"});
  // CURLOPT_RESOLVE: "-HOST:PORT" removes an earlier entry and names no address.
  auto removal = ParseResolvePin("-alpha-news.test:443");
  REQUIRE(removal.ok());
  CHECK(removal->kind == ResolvePin::Kind::kRemove);
  CHECK(removal->addresses.empty());
  CHECK_FALSE(ParseResolvePin("-alpha-news.test:443:127.0.0.1").ok());
  const std::string message = ErrorOf("[fetch]\nresolve = [\"a.test:80\"]\n");
  CHECK(message.find("test.toml:2:12: fetch.resolve") != std::string::npos);
  CHECK(message.find("HOST:PORT:ADDR") != std::string::npos);
}

TEST_CASE("CurlConnectToSyntax_PinsAreChecked") {
  using wirecrawl::config_syntax::ParseConnectToPin;
  CHECK(ParseConnectToPin("::[::1]:8080").ok());
  CHECK(ParseConnectToPin("a.test:::").ok());
  CHECK(ParseConnectToPin("a.test:80::").ok());  // curl: an empty target keeps the request's host and port
  CHECK_FALSE(ParseConnectToPin("a.test:80:127.0.0.1").ok());
  CHECK_FALSE(ParseConnectToPin("a.test:80:127.0.0.1:99999").ok());
  CHECK_FALSE(ParseConnectToPin("a:http:b:80").ok());
  auto to = ParseConnectToPin("alpha-news.test:80:[::1]:8080");
  REQUIRE(to.ok());
  CHECK(to->host == "alpha-news.test");
  CHECK(to->port == 80);
  CHECK(to->target_host == "[::1]");
  CHECK(to->target_port == 8080);
  auto any = ParseConnectToPin("::127.0.0.1:9000");  // any host, any port
  REQUIRE(any.ok());
  CHECK(any->host.empty());
  CHECK(any->port == 0);
  CHECK(ErrorOf("[fetch]\nconnect_to = [\"a:b:c:d\"]\n").find("bad port") != std::string::npos);
}

TEST_CASE("CurlProxySyntax_ProxyNoProxyAndCaFileAreChecked") {
  auto result = LoadConfigFromString(R"toml(
[fetch]
proxy = "socks5h://proxy.example:1080"
no_proxy = "localhost, .internal.example,10.0.0.0/8"
proxy_from_environment = true
ca_file = "/etc/wirecrawl/ca.pem"
[scope]
max_sitemap_depth = 1
)toml");
  INFO((result.ok() ? std::string() : result.status().message()));
  REQUIRE(result.ok());
  CHECK(result->fetch.proxy == "socks5h://proxy.example:1080");
  CHECK(result->fetch.no_proxy == "localhost, .internal.example,10.0.0.0/8");
  CHECK(result->fetch.proxy_from_environment);
  CHECK(result->fetch.ca_file == "/etc/wirecrawl/ca.pem");
  CHECK(result->scope.max_sitemap_depth == 1);
  for (const char* ok : {"http://127.0.0.1:3128", "HTTPS://proxy.example:443/", "socks4a://[::1]:1080",
                         "http://user:secret@proxy.example:8080", ""}) {
    INFO(ok);
    CHECK(LoadConfigFromString(std::string("[fetch]\nproxy = \"") + ok + "\"\n").ok());
  }
  CHECK(ErrorOf("[fetch]\nproxy = \"127.0.0.1:3128\"\n")
            .find("test.toml:2:9: fetch.proxy: expected a proxy URL \"SCHEME://HOST:PORT\"") !=
        std::string::npos);
  CHECK(ErrorOf("[fetch]\nproxy = \"http://127.0.0.1\"\n").find(": no port") != std::string::npos);
  CHECK(ErrorOf("[fetch]\nproxy = \"ftp://127.0.0.1:21\"\n").find("unknown scheme \"ftp\"") !=
        std::string::npos);
  CHECK(ErrorOf("[fetch]\nproxy = \"http://p.test:3128/x\"\n").find("a proxy has no path") !=
        std::string::npos);
  CHECK(ErrorOf("[fetch]\nproxy = \"http://p.test:99999\"\n").find("bad port") != std::string::npos);
  CHECK(ErrorOf("[fetch]\nno_proxy = \"http://intranet.example\"\n")
            .find("fetch.no_proxy: expected host names") != std::string::npos);
  CHECK(ErrorOf("[fetch]\nno_proxy = \"a.example,,b.example\"\n").find("empty entry") != std::string::npos);
  CHECK(ErrorOf("[fetch]\nproxy_from_environment = \"yes\"\n").find("expected true or false") !=
        std::string::npos);
  CHECK(ErrorOf("[scope]\nmax_sitemap_depth = 11\n")
            .find("scope.max_sitemap_depth: 11 is out of range [0, 10]") != std::string::npos);
}

TEST_CASE("ConfigDoc_DurationAndSizeSyntax") {
  using wirecrawl::config_syntax::ParseDuration;
  using wirecrawl::config_syntax::ParseSize;
  CHECK(*ParseDuration("500ms") == 500ms);
  CHECK(*ParseDuration("1h30m") == 90min);
  CHECK(*ParseDuration("2.5s") == 2500ms);
  CHECK(*ParseDuration("7d") == std::chrono::hours(168));
  CHECK(*ParseDuration("2 min") == 2min);
  CHECK_FALSE(ParseDuration("5").ok());
  CHECK_FALSE(ParseDuration("").ok());
  CHECK_FALSE(ParseDuration("-1s").ok());
  CHECK_FALSE(ParseDuration("1 fortnight").ok());
  CHECK_FALSE(ParseDuration("99999999d").ok());
  CHECK(*ParseSize("10MiB") == 10 * 1024 * 1024);
  CHECK(*ParseSize("2MB") == 2'000'000);
  CHECK(*ParseSize("512") == 512);
  CHECK(*ParseSize("1.5 kib") == 1536);
  CHECK_FALSE(ParseSize("ten").ok());
  CHECK_FALSE(ParseSize("10 parsecs").ok());
}

TEST_CASE("ConfigDoc_AllProblemsAreReportedTogether") {
  const std::string message =
      ErrorOf("[scope]\nmax_depth = -1\n[limits]\nretries = \"3\"\nmax_redirect = 4\n");
  CHECK(message.find("scope.max_depth") != std::string::npos);
  CHECK(message.find("limits.retries") != std::string::npos);
  CHECK(message.find("limits.max_redirect") != std::string::npos);
  CHECK(std::count(message.begin(), message.end(), '\n') == 2);
}

TEST_CASE("ConfigDoc_CorruptConfigGivesAClearError") {
  SECTION("TOML syntax error names the line") {
    const std::string message = ErrorOf("[politeness]\nmin_delay = \"1s\nglobal_concurrency = 8\n");
    CHECK(message.rfind("test.toml:2:", 0) == 0);
    CHECK(message.find("invalid TOML") != std::string::npos);
  }
  SECTION("duplicate key") {
    CHECK(ErrorOf("[scope]\nmax_depth = 1\nmax_depth = 2\n").find("test.toml:3") == 0);
  }
  SECTION("binary garbage") {
    std::string garbage("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    CHECK(ErrorOf(garbage).find("invalid TOML") != std::string::npos);
  }
  SECTION("invalid UTF-8 in a string") {
    CHECK(ErrorOf("[paths]\ndatabase = \"\xff\xfe.db\"\n").find("test.toml:2:") == 0);
  }
  SECTION("truncated file") {
    CHECK(ErrorOf("[daemon]\narticle_revisits = [\"1h\", ").find("invalid TOML") != std::string::npos);
  }
}

TEST_CASE("ConfigDoc_LoadConfigReportsFileProblems") {
  auto missing = LoadConfig("/nonexistent/wirecrawl.toml");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kNotFound);
  CHECK(missing.status().message().find("/nonexistent/wirecrawl.toml") != std::string::npos);

  auto dir = LoadConfig(std::filesystem::temp_directory_path().string());
  REQUIRE_FALSE(dir.ok());
  CHECK(dir.status().message().find("is a directory") != std::string::npos);

  const auto bad = TempFile("bad.toml", "[limits]\nmax_redirects = 50\n");
  auto loaded = LoadConfig(bad.string());
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().message() ==
        bad.string() + ":2:17: limits.max_redirects: 50 is out of range [0, 20]");

  const auto good = TempFile("good.toml", "[paths]\ndatabase = \"x.db\"\n");
  auto ok = LoadConfig(good.string());
  REQUIRE(ok.ok());
  CHECK(ok->paths.database == "x.db");
}

// Regressions found by tests/fuzz/config_fuzz.cpp; the crashing inputs are
// kept in tests/fuzz/regressions/config/ and replayed below.
TEST_CASE("Fuzz_RegexWithHugeNumbersIsAnErrorOrALiteralNeverUndefined") {
  // libstdc++'s std::regex read "\\1111...1" and "{1111...}" into a long with
  // no overflow check (UBSan: signed integer overflow). RE2 bounds them:
  // a backreference is not RE2 syntax, a repeat count over 1000 is an error.
  const std::string huge(80, '1');
  for (const std::string pattern : {"a{1001}", "(a)\\1"}) {
    INFO(pattern);
    auto loaded = LoadConfigFromString("[scope]\nexclude = ['" + pattern + "']\n", "fuzz.toml");
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().message().find("scope.exclude") != std::string::npos);
    CHECK(loaded.status().message().find("invalid regular expression") != std::string::npos);
  }
  // Ordinary numbers and digits that are only text load; so do an octal
  // escape and a brace whose number does not parse (RE2 reads both as
  // literal text, as Perl does).
  auto ok =
      LoadConfigFromString("[scope]\ninclude = ['/(\\d{4})/\\d{1,2}/', '/article/12345678901234$', 'a\\\\" +
                           huge + "', 'a\\" + huge + "', 'a{1," + huge + "}']\n");
  INFO((ok.ok() ? std::string() : ok.status().message()));
  CHECK(ok.ok());
}

TEST_CASE("Fuzz_RegexLongerThan1KiBIsRefused") {
  // A URL pattern needs no pages of text; std::regex compiled one
  // recursively, one frame per term, and overflowed the stack.
  auto loaded = LoadConfigFromString("[scope]\ninclude = ['" + std::string(100'000, 'a') + "']\n");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().message().find("longer than 1024 bytes") != std::string::npos);
}

TEST_CASE("Fuzz_ConfigRegressionInputsLoadOrFail") {
  // What each input in tests/fuzz/regressions/config/ must do: load, or fail
  // with a message that starts "FILE:LINE:" and names the key. An input
  // added there without a line here fails the test.
  struct Outcome {
    bool loads;
    std::string key;  // named by the error when it fails
  };
  const std::map<std::string, Outcome> expected = {
      // RE2 reads the 90-digit "\111...1" as an octal escape and literal digits.
      {"regex_backreference_overflow", {true, ""}},
  };
  const std::filesystem::path dir = std::filesystem::path(WIRECRAWL_TEST_DATA) / "../fuzz/regressions/config";
  size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string name = entry.path().filename().string();
    INFO(name);
    auto want = expected.find(name);
    REQUIRE(want != expected.end());
    auto loaded = LoadConfigFromString(text.str(), name);
    const std::string message = loaded.ok() ? std::string() : loaded.status().message();
    INFO(message);
    REQUIRE(loaded.ok() == want->second.loads);
    if (!loaded.ok()) {
      CHECK(loaded.status().code() == Status::Code::kInvalidArgument);
      REQUIRE(message.rfind(name + ":", 0) == 0);
      CHECK(std::isdigit(static_cast<unsigned char>(message[name.size() + 1])));
      CHECK(message.find(want->second.key) != std::string::npos);
    }
    ++replayed;
  }
  CHECK(replayed == expected.size());
}
