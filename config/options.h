// config/options.h: every setting of wirecrawl, loaded from one TOML file.
//
// CrawlerOptions is a plain struct with a default on every field, so an empty
// file (or no file) gives a working, polite configuration. LoadConfig reads a
// TOML file (toml++) into it and checks every value: a wrong type, a value out
// of range, an unknown key or section (a typo must never be silently ignored)
// are errors. All problems of a file are reported together in one Status, one
// per line, each naming the file, the line and column, and the dotted key,
// e.g. `wirecrawl.toml:12:13: politeness.min_delay: expected a duration ...`.
// config/wirecrawl.example.toml documents every key.
//
// Value syntax beyond plain TOML:
// - durations: a number of seconds (`2`, `0.5`) or a string with units
//   (`"500ms"`, `"1s"`, `"2m"`, `"1h30m"`, `"7d"`);
// - sizes: a number of bytes or a string with a unit (`"10MiB"`, `"500 KiB"`,
//   `"2MB"`).
//
// Contract: pure functions, thread-safe; no global state. Paths are kept as
// written (relative paths are relative to the working directory of the
// process), URLs are checked for an http(s) scheme only: normalisation is the
// crawler's job (crawler/url.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace wirecrawl {

struct CrawlerOptions {
  // [sources]: where a crawl starts and what the daemon re-fetches.
  struct Sources {
    std::vector<std::string> seeds;     // front and section pages (hubs)
    std::vector<std::string> feeds;     // RSS 2.0, Atom or JSON Feed URLs
    std::vector<std::string> sitemaps;  // sitemaps or sitemap indexes, beyond robots.txt's
  };

  // [scope]: which discovered URLs are followed.
  struct Scope {
    // Registered domains (eTLD+1) or hosts whose pages are crawled, subdomains
    // included. Empty: the registered domains of the sources.
    std::vector<std::string> allowed_domains;
    std::vector<std::string>
        include;  // RE2 regexes (searched anywhere in the URL); if any, a URL must match one
    std::vector<std::string> exclude;  // RE2 regexes; a URL matching one is skipped
    int max_depth = 5;                 // links followed from a source (sources are depth 0)
    int64_t max_pages = 0;             // pages fetched per crawl; 0 = no limit
    int64_t max_pages_per_host = 0;    // 0 = no limit
    int max_url_length = 2048;         // URL-trap guard (bytes)
    int max_path_repetition = 3;       // URL-trap guard: times one path segment may repeat
    // Trap guard: sitemap indexes nested deeper than this are not followed.
    // Sitemaps named in [sources] or robots.txt are depth 0, the sitemaps an
    // index lists one deeper (the protocol allows one level: an index lists
    // sitemaps, not indexes).
    int max_sitemap_depth = 2;
  };

  // [politeness]: how hard one site is hit.
  struct Politeness {
    // Sent on every request; must name a way to reach the operator (URL or mail).
    std::string user_agent = "wirecrawl/0.1 (+https://github.com/wirecrawl/wirecrawl)";
    // Product token matched against robots.txt User-agent lines (RFC 9309 2.2.1).
    std::string robots_agent = "wirecrawl";
    bool obey_robots = true;
    int connections_per_host = 1;                            // CURLMOPT_MAX_HOST_CONNECTIONS
    std::chrono::milliseconds min_delay{1000};               // between requests to one host
    std::chrono::milliseconds max_crawl_delay{30'000};       // cap on robots.txt Crawl-delay
    std::chrono::milliseconds max_backoff{3'600'000};        // cap on back-off / Retry-After
    std::chrono::milliseconds robots_cache_ttl{86'400'000};  // RFC 9309 2.4: at most 24 h
    int global_concurrency = 64;                             // transfers in flight, all hosts
  };

  // [limits]: bounds on every transfer.
  struct Limits {
    bool operator==(const Limits&) const = default;
    int64_t max_body_bytes = 10 * 1024 * 1024;  // decoded body; larger bodies are cut off
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds total_timeout{60'000};
    int64_t low_speed_limit = 1024;                    // bytes/s (CURLOPT_LOW_SPEED_LIMIT) ...
    std::chrono::milliseconds low_speed_time{30'000};  // ... for this long aborts the transfer
    int max_redirects = 5;
    int retries = 3;                                    // after the first attempt
    std::chrono::milliseconds retry_base_delay{2'000};  // exponential back-off base, with jitter
    std::chrono::milliseconds retry_max_delay{300'000};
  };

  // [fetch]: how requests leave the machine: curl-style host pins (also on
  // the command line), a proxy, and the certificate authorities trusted.
  struct Fetch {
    bool operator==(const Fetch&) const = default;
    std::vector<std::string> resolve;     // "HOST:PORT:ADDR[,ADDR...]"  (CURLOPT_RESOLVE)
    std::vector<std::string> connect_to;  // "HOST:PORT:HOST2:PORT2"     (CURLOPT_CONNECT_TO)
    // "SCHEME://HOST:PORT" (http, https, socks4, socks4a, socks5, socks5h;
    // CURLOPT_PROXY); empty: connect directly.
    std::string proxy;
    // Hosts reached without the proxy, curl's NO_PROXY syntax: names
    // (".example.com" and "example.com" include subdomains), addresses,
    // CIDR ranges, comma-separated; "*" for all (CURLOPT_NOPROXY).
    std::string no_proxy;
    // true: http_proxy, https_proxy, all_proxy and no_proxy (as curl reads
    // them) apply where proxy / no_proxy are empty. false: they are ignored,
    // so where traffic goes is always in the config.
    bool proxy_from_environment = false;
    // A PEM file of CA certificates to verify servers (and an https proxy)
    // with, e.g. a private CA or a TLS-inspecting proxy's (CURLOPT_CAINFO);
    // empty: the system's CA bundle.
    std::string ca_file;
  };

  // [network]: SSRF policy. Loopback, private, link-local, CGNAT, multicast
  // and metadata addresses are refused unless listed here.
  struct Network {
    bool operator==(const Network&) const = default;
    std::vector<std::string> allow;  // IPv4/IPv6 addresses or CIDR ranges, e.g. "127.0.0.1/32"
  };

  // [dedup]: near-duplicate detection; mirrors dedup/'s DedupOptions (config/
  // comes before dedup/ in the pipeline, so it does not include it).
  struct Dedup {
    bool operator==(const Dedup&) const = default;
    double threshold = 0.7;  // estimated Jaccard similarity at which two texts are one story
    int shingle_size = 5;    // words per shingle
    int num_hashes = 128;    // MinHash signature length
    // LSH bands; bands * rows <= num_hashes. 25x5 (dedup/'s default): a pair
    // at Jaccard 0.7 becomes a candidate with probability 0.99 (18x7: 0.79);
    // measured in dedup/README.md.
    int bands = 25;
    int rows = 5;  // rows per band
    // How far back (by article date) a new article is compared; 0 = the
    // whole archive. Wire copies of one story appear within hours to days;
    // a longer window makes each lookup read more and keeps more band keys
    // and signatures on disk (about 0.8 KB per article inside the window).
    std::chrono::milliseconds window{30LL * 86'400'000};
  };

  // [paths]
  struct Paths {
    bool operator==(const Paths&) const = default;
    std::string database = "wirecrawl.db";  // SQLite file
  };

  // [daemon]: the long-running service.
  struct Daemon {
    std::chrono::milliseconds source_refresh_min{120'000};  // adaptive interval bounds
    std::chrono::milliseconds source_refresh_max{21'600'000};
    // Revisits of an article after it was first seen, in increasing order.
    std::vector<std::chrono::milliseconds> article_revisits{std::chrono::milliseconds{3'600'000},
                                                            std::chrono::milliseconds{21'600'000},
                                                            std::chrono::milliseconds{86'400'000}};
    int retire_source_after_failures = 20;  // consecutive failed refreshes
    std::chrono::milliseconds shutdown_grace{10'000};
    bool metrics = false;                           // serve Prometheus metrics
    std::string metrics_listen = "127.0.0.1:9464";  // "HOST:PORT" or "[IPv6]:PORT"
    std::string log_level = "info";                 // trace|debug|info|warn|error|critical|off
  };

  // [performance]: how much of the machine a crawl uses.
  struct Performance {
    bool operator==(const Performance&) const = default;
    // Threads for the CPU work of each page (parse, extract, links,
    // classification, normalisation, fingerprints); 0 = one per core. The
    // fetch (libcurl) and the store (one writer) have a thread each.
    int workers = 0;
  };

  // [web]: the read-only web page over the database (web/).
  struct Web {
    bool operator==(const Web&) const = default;
    // The daemon serves the page too (`wirecrawl serve` always does).
    bool enabled = false;
    // "HOST:PORT" or "[IPv6]:PORT". A non-loopback address serves the whole
    // database without authentication (logged as a warning).
    std::string listen = "127.0.0.1:8080";
  };

  // [maintenance]: upkeep of a database that only grows.
  struct Maintenance {
    bool operator==(const Maintenance&) const = default;
    // The fetch log (the service's own history, `wirecrawl status`) is kept
    // this long; 0 = forever.
    std::chrono::milliseconds fetch_log{90LL * 86'400'000};
    // The daemon does one bounded step of upkeep at most this often, when
    // the crawl is quiet; `wirecrawl optimize` does all of it at once.
    std::chrono::milliseconds every{3'600'000};
  };

  // [cluster]: several crawler processes on one PostgreSQL database
  // (store/postgres/); ignored with SQLite.
  struct Cluster {
    bool operator==(const Cluster&) const = default;
    // A host is fetched by one process at a time, which holds it on lease
    // and renews the lease about every second. A process that dies keeps
    // its hosts this long before others take them (and its requests in
    // flight go back to the queue); one that stops cleanly hands them over
    // at once.
    std::chrono::milliseconds host_lease{30'000};
  };

  // [[site]] (one table per site): for a site that no general rule
  // classifies right, which URLs are its articles and which its listings
  // (hubs). RE2 patterns searched anywhere in the normalised URL, as in
  // [scope]. A URL matching a hub pattern is a hub; else one matching an
  // article pattern is an article (parser/page_kind.h).
  struct Site {
    bool operator==(const Site&) const = default;
    std::string host;                       // lower-case; its subdomains too
    std::vector<std::string> article_urls;  // RE2
    std::vector<std::string> hub_urls;      // RE2
  };

  Sources sources;
  Scope scope;
  Politeness politeness;
  Limits limits;
  Fetch fetch;
  Network network;
  Dedup dedup;
  Paths paths;
  Daemon daemon;
  Performance performance;
  Web web;
  Maintenance maintenance;
  Cluster cluster;
  std::vector<Site> sites;
};

// Reads and checks the TOML file at `path`. Errors: kNotFound / kIoError when
// the file cannot be read, kInvalidArgument (all problems, one per line) when
// its content is not a valid configuration.
Result<CrawlerOptions> LoadConfig(const std::string& path);

// The same from TOML text; `source_name` stands for the file name in errors.
Result<CrawlerOptions> LoadConfigFromString(std::string_view toml_text,
                                            std::string_view source_name = "<config>");

}  // namespace wirecrawl
