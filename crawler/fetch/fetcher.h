// crawler/fetcher.h: HTTP(S) fetching with libcurl's multi interface.
//
// A Fetcher runs many transfers at once on one thread: whichever thread calls
// Run() or RunUntilIdle() (the "fetch thread"). Other threads Submit()
// requests and take finished FetchResults from its completion queue
// (WaitForResult / TakeResults), so the fetch loop never waits on parsing or
// SQLite.
//
// Per transfer (issue 5): HTTP/2 where offered over TLS; every
// Accept-Encoding libcurl supports; redirects followed by hand, each hop
// recorded, at most FetchOptions::max_redirects, http/https only; connect and
// total timeouts (the total covers the whole redirect chain) and a low-speed
// limit; a body cap on the decoded bytes, so a gzip bomb is cut off;
// conditional GET (If-None-Match / If-Modified-Since, 304 -> not_modified);
// --resolve / --connect-to pins; an optional proxy; a CA file; and the
// address policy of address_policy.h checked on every connection (through
// a proxy: on the proxy's address, and on the URL's host where it is an IP
// address or a localhost name, on every hop).
//
// Concurrency limits are the fetcher's own admission control, so queued
// requests do not start their timeout clocks while waiting: at most
// max_transfers run at once, at most max_transfers_per_host for one
// host:port (counted by the URL first requested; curl's
// CURLMOPT_MAX_HOST_CONNECTIONS is set to the same cap as a backstop for
// redirects, except through a proxy, where libcurl would count every host as
// the proxy). Politeness delays belong to the scheduler, not here.
//
// Thread safety: Submit, Stop, WaitForResult, TakeResults and Outstanding may
// be called from any thread. Run and RunUntilIdle must not run on two threads
// at once. Stop is final: Run returns, every pending and in-flight request is
// completed with FetchError::kCancelled (so a caller can put it back in its
// queue: nothing is lost), and later Submits complete as cancelled at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/fetch/address_policy.h"

namespace wirecrawl {

struct FetchOptions {
  // Sent on every request; put a contact URL in it (issue 5).
  std::string user_agent = "wirecrawl/0.1";
  std::chrono::milliseconds connect_timeout{10'000};
  // Budget for the whole request including every redirect hop.
  std::chrono::milliseconds total_timeout{60'000};
  // A transfer slower than low_speed_bytes_per_second for low_speed_window
  // is aborted: the defence against slowloris servers. A zero window turns
  // the check off (curl counts the window in whole seconds).
  long low_speed_bytes_per_second = 1024;
  std::chrono::seconds low_speed_window{20};
  // Cap on the decoded body (after Content-Encoding). 10 MiB is far above
  // any article page and bounds memory per transfer.
  std::size_t max_body_bytes = 10u << 20;
  int max_redirects = 5;
  std::size_t max_transfers = 64;
  std::size_t max_transfers_per_host = 1;
  // curl syntax: "HOST:PORT:ADDR[,ADDR]" and "HOST:PORT:HOST2:PORT2".
  std::vector<std::string> resolve;
  std::vector<std::string> connect_to;
  // "SCHEME://HOST:PORT" (config_syntax::ParseProxy); empty: connect
  // directly. The proxy's own address and port pass the address policy; the
  // targets' hosts are checked as far as the URL shows them
  // (ConnectPolicy::HostRefusal).
  std::string proxy;
  // Hosts reached without the proxy, curl's NO_PROXY syntax.
  std::string no_proxy;
  // false: proxy environment variables (http_proxy, ...) are ignored, so
  // where traffic goes is always in the config. true: they apply where
  // proxy / no_proxy are empty, as curl reads them.
  bool proxy_from_environment = false;
  // PEM CA certificates to verify servers and an https proxy with; empty:
  // the system's bundle. Must be readable at Create.
  std::string ca_file;
  AddressPolicy address_policy;
  // Called after each result is queued, on the thread that completed it
  // (the fetch thread; Submit's caller after Stop): a consumer that waits
  // on more than this fetcher rings its own bell here. Must not block.
  std::function<void()> on_result;
};

// Every field has an initializer, so FetchRequest{.url = u, .id = n} is
// warning-free under -Wextra.
struct FetchRequest {
  std::string url{};
  // Validators stored from the last fetch; sent as If-None-Match and
  // If-Modified-Since when not empty.
  std::string etag{};
  std::string last_modified{};
  // 0: FetchOptions::max_body_bytes. E.g. sitemaps may allow 50 MiB.
  std::size_t max_body_bytes = 0;
  // The caller's tag (e.g. a frontier row id), copied to the result.
  std::uint64_t id = 0;
  // false: a redirect is the result (status 3xx, FetchResult::location set),
  // for a caller that schedules the next hop itself (the crawler does, so
  // that politeness and robots.txt apply to every hop).
  bool follow_redirects = true;
};

enum class FetchError {
  kNone,              // a response arrived (any status)
  kCancelled,         // Stop() was called before it finished
  kBadUrl,            // not a URL
  kRefusedScheme,     // not http/https, on the request or on a redirect
  kAddressRefused,    // the address policy refused every address
  kResolve,           // DNS failed
  kConnect,           // connection refused or connect timeout
  kTimeout,           // total timeout or low-speed limit
  kConnectionLost,    // reset, closed early, empty reply
  kTooLarge,          // the decoded body passed the cap
  kTooManyRedirects,  // more than max_redirects
  kTls,               // handshake or certificate failure
  kProtocol,          // malformed HTTP, bad content encoding, ...
  kOther,
};
const char* FetchErrorName(FetchError e);

struct RedirectHop {
  std::string url;  // the URL that answered with a redirect
  int status = 0;   // 301, 302, 303, 307 or 308
};

struct FetchResult {
  std::uint64_t id = 0;
  std::string url;        // as requested
  std::string final_url;  // the last URL requested (== url without redirects)
  std::vector<RedirectHop> redirects;
  // With follow_redirects false: where a 3xx answer points (absolute).
  std::string location;
  int status = 0;             // of the last response; 0 when none arrived
  bool not_modified = false;  // 304 to a conditional GET: keep the stored copy
  std::string http_version;   // "1.1", "2", ...
  std::string content_type;
  std::string etag;  // validators and back-off hint of the last response
  std::string last_modified;
  std::string retry_after;               // raw header; see ParseRetryAfter in fetcher_retry.h
  std::string body;                      // decoded; empty when error != kNone
  std::chrono::milliseconds elapsed{0};  // transfer start (not queueing) to end, all hops
  std::uint64_t wire_bytes = 0;          // header and body bytes received, all hops
  FetchError error = FetchError::kNone;
  Status error_detail;  // ok() iff error == kNone; else the curl text and the URL

  bool ok() const { return error == FetchError::kNone; }
};

class Fetcher {
 public:
  // Fails on a malformed pin, allowed network or proxy (or *_proxy variable
  // when proxy_from_environment), an unreadable ca_file, or if libcurl
  // cannot set up. A proxy given by name is resolved here, once, for the
  // address policy.
  static Result<std::unique_ptr<Fetcher>> Create(FetchOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  void Submit(FetchRequest request);

  // Fetch loop: runs transfers until Stop(). Call on the fetch thread.
  void Run();
  // Fetch loop that also returns once nothing is pending or in flight: for
  // one-shot use (CLI, tests) on the calling thread.
  void RunUntilIdle();
  void Stop();

  // The next finished result, waiting up to `timeout`; nullopt on timeout.
  std::optional<FetchResult> WaitForResult(std::chrono::milliseconds timeout);
  // Every finished result so far, without waiting.
  std::vector<FetchResult> TakeResults();
  // Requests submitted whose result has not been produced yet.
  std::size_t Outstanding() const;

 private:
  struct Impl;
  explicit Fetcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Fetches one URL on the calling thread.
Result<FetchResult> FetchOnce(const FetchOptions& options, FetchRequest request);

}  // namespace wirecrawl
