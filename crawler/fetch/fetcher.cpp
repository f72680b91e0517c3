#include "crawler/fetch/fetcher.h"

#include <curl/curl.h>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <unordered_map>

#include "config/value_syntax.h"
#include "crawler/fetch/transfer.h"
#include "url/url.h"

namespace wirecrawl {

using namespace fetcher_internal;
using Clock = std::chrono::steady_clock;

namespace {

// The proxies this fetcher may send requests through: the configured one,
// or (proxy_from_environment) those named in the environment as curl reads
// it (curl ignores HTTP_PROXY in upper case: CGI programs get a client's
// "Proxy:" header as HTTP_PROXY).
Result<std::vector<config_syntax::ProxyAddress>> Proxies(const FetchOptions& options) {
  std::vector<config_syntax::ProxyAddress> out;
  if (!options.proxy.empty()) {
    auto proxy = config_syntax::ParseProxy(options.proxy);
    if (!proxy.ok()) return Status::InvalidArgument("proxy: " + proxy.status().message());
    out.push_back(std::move(proxy).value());
    return out;
  }
  if (!options.proxy_from_environment) return out;
  for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    auto proxy = config_syntax::ParseProxy(value, config_syntax::ProxySyntax::kEnvironment);
    if (!proxy.ok())
      return Status::InvalidArgument("environment variable " + std::string(name) + ": " +
                                     proxy.status().message());
    out.push_back(std::move(proxy).value());
  }
  return out;
}

// The proxies' addresses, for the address policy. A name is resolved once,
// now; if it does not resolve, libcurl will say so on each request (and
// should it resolve later to a non-public address, that is refused with
// the usual message, which says how to allow it).
std::vector<Endpoint> ProxyEndpoints(const std::vector<config_syntax::ProxyAddress>& proxies) {
  std::vector<Endpoint> out;
  for (const auto& proxy : proxies) {
    const auto port = static_cast<std::uint16_t>(proxy.port);
    if (std::optional<IpAddress> literal = ParseIpAddress(proxy.host)) {
      out.push_back({*literal, port});
      continue;
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(proxy.host.c_str(), nullptr, &hints, &found) != 0) continue;
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
      if (std::optional<IpAddress> address = IpAddressFromSockaddr(a->ai_addr))
        out.push_back({*address, port});
    }
    freeaddrinfo(found);
  }
  return out;
}

}  // namespace

struct Fetcher::Impl {
  FetchOptions options;
  ConnectPolicy policy;
  // A proxy may carry requests: URL hosts are checked before each hop.
  bool proxied = false;
  Slist resolve;
  Slist connect_to;
  MultiHandle multi;

  // Fetch thread only.
  std::list<std::unique_ptr<Transfer>> waiting;  // validated, waiting for a slot
  std::unordered_map<Transfer*, std::unique_ptr<Transfer>> active;
  std::unordered_map<std::string, std::size_t> active_per_host;

  mutable std::mutex mu;
  std::condition_variable results_cv;
  std::deque<FetchRequest> submitted;  // GUARDED_BY(mu)
  std::deque<FetchResult> results;     // GUARDED_BY(mu)
  std::size_t outstanding = 0;         // GUARDED_BY(mu)
  bool stopped = false;                // GUARDED_BY(mu)

  ~Impl() {
    for (auto& [raw, t] : active) curl_multi_remove_handle(multi.get(), t->easy.get());
  }

  void Complete(FetchResult result) {
    {
      std::lock_guard lock(mu);
      results.push_back(std::move(result));
      if (outstanding > 0) --outstanding;
    }
    results_cv.notify_all();
    if (options.on_result) options.on_result();
  }

  void Loop(bool until_idle);
  void Accept(FetchRequest request);
  void Admit();
  Status Launch(Transfer& t);
  // Through a proxy, the address policy as far as `url`'s host shows it.
  bool RefusedThroughProxy(Transfer& t, const std::string& url);
  bool Harvest();
  bool FinishHop(Transfer& t, CURLcode code);
  void Retire(Transfer* t);
  void CancelAll();
};

void Fetcher::Impl::Loop(bool until_idle) {
  for (;;) {
    std::deque<FetchRequest> incoming;
    bool stop;
    {
      std::lock_guard lock(mu);
      incoming.swap(submitted);
      stop = stopped;
    }
    for (auto& request : incoming) Accept(std::move(request));
    if (stop) {
      CancelAll();
      return;
    }
    Admit();
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    // A finished transfer frees a slot: admit the next one before sleeping.
    if (Harvest()) continue;
    if (until_idle && waiting.empty() && active.empty()) {
      std::lock_guard lock(mu);
      if (submitted.empty()) return;
      continue;
    }
    // Returns early when a transfer needs attention or on curl_multi_wakeup.
    curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr);
  }
}

void Fetcher::Impl::Accept(FetchRequest request) {
  auto t = std::make_unique<Transfer>();
  t->result.id = request.id;
  t->result.url = request.url;
  t->result.final_url = request.url;
  t->request = std::move(request);
  const std::string scheme = SchemeOfUrl(t->request.url);
  if (scheme.empty()) {
    Fail(*t, FetchError::kBadUrl, "not a valid URL");
  } else if (!IsHttpScheme(scheme)) {
    Fail(*t, FetchError::kRefusedScheme, "scheme '" + scheme + "' refused: only http and https are fetched");
  } else if (!RefusedThroughProxy(*t, t->request.url)) {
    // The frontier's host key too: connections are capped per host as the
    // crawl schedules them.
    t->host_key = HostOfUrl(t->request.url);
    waiting.push_back(std::move(t));
    return;
  }
  Complete(std::move(t->result));
}

bool Fetcher::Impl::RefusedThroughProxy(Transfer& t, const std::string& url) {
  if (!proxied) return false;
  Result<std::string> host = UrlHost(url);
  if (!host.ok()) return false;  // libcurl refuses it, with its own reason
  std::optional<std::string> refusal = policy.HostRefusal(*host);
  if (!refusal) return false;
  std::string where = url == t.request.url ? "" : "at " + url + ": ";
  Fail(t, FetchError::kAddressRefused,
       where + *refusal +
           " (checked in the URL: through a proxy only the proxy sees the address it connects to)");
  return true;
}

void Fetcher::Impl::Admit() {
  for (auto it = waiting.begin(); it != waiting.end() && active.size() < options.max_transfers;) {
    std::size_t& host_count = active_per_host[(*it)->host_key];
    if (host_count >= options.max_transfers_per_host) {
      ++it;
      continue;
    }
    std::unique_ptr<Transfer> t = std::move(*it);
    it = waiting.erase(it);
    Status launched = Launch(*t);
    if (!launched.ok()) {
      Fail(*t, FetchError::kOther, launched.message());
      Complete(std::move(t->result));
      continue;
    }
    ++host_count;
    Transfer* raw = t.get();
    active.emplace(raw, std::move(t));
  }
  std::erase_if(active_per_host, [](const auto& entry) { return entry.second == 0; });
}

Status Fetcher::Impl::Launch(Transfer& t) {
  Status configured = ConfigureTransfer(t, options, policy, resolve.get(), connect_to.get());
  if (!configured.ok()) return configured;
  CURLMcode mc = curl_multi_add_handle(multi.get(), t.easy.get());
  if (mc != CURLM_OK)
    return Status::IoError(std::string("curl_multi_add_handle: ") + curl_multi_strerror(mc));
  return Status::Ok();
}

bool Fetcher::Impl::Harvest() {
  bool any = false;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    CURLcode code = msg->data.result;  // read before remove_handle invalidates msg
    char* priv = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
    auto* t = static_cast<Transfer*>(static_cast<void*>(priv));
    curl_multi_remove_handle(multi.get(), easy);
    any = true;
    if (!FinishHop(*t, code)) Retire(t);
  }
  return any;
}

// Returns true when the transfer goes on to another redirect hop.
bool Fetcher::Impl::FinishHop(Transfer& t, CURLcode code) {
  CURL* h = t.easy.get();
  long status = 0;
  curl_off_t body_bytes = 0;
  long header_bytes = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes);
  curl_easy_getinfo(h, CURLINFO_HEADER_SIZE, &header_bytes);
  t.result.wire_bytes += static_cast<std::uint64_t>(body_bytes) + static_cast<std::uint64_t>(header_bytes);
  t.result.status = static_cast<int>(status);
  if (code != CURLE_OK) {
    FailFromCurl(t, code);
    return false;
  }
  char* location = nullptr;
  if (IsRedirectStatus(status) && curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location) == CURLE_OK &&
      location != nullptr) {
    std::string next = location;
    if (!t.request.follow_redirects) {
      t.result.location = std::move(next);
      CollectResponse(t, status);
      return false;
    }
    t.result.redirects.push_back({t.current_url, static_cast<int>(status)});
    if (t.result.redirects.size() > static_cast<std::size_t>(options.max_redirects)) {
      Fail(t, FetchError::kTooManyRedirects,
           "more than " + std::to_string(options.max_redirects) + " redirects (last: " + t.current_url +
               " -> " + next + ")");
      return false;
    }
    const std::string scheme = SchemeOfUrl(next);
    if (scheme.empty()) {
      Fail(t, FetchError::kBadUrl, "redirect from " + t.current_url + " to an invalid URL '" + next + "'");
      return false;
    }
    if (!IsHttpScheme(scheme)) {
      Fail(t, FetchError::kRefusedScheme,
           "redirect from " + t.current_url + " to " + next + " refused: only http and https are followed");
      return false;
    }
    if (RefusedThroughProxy(t, next)) return false;
    t.current_url = std::move(next);
    t.result.final_url = t.current_url;
    t.result.body.clear();
    t.error_buffer[0] = '\0';
    if (!PointAtCurrentUrl(t, options.total_timeout)) {
      Fail(t, FetchError::kTimeout,
           "total timeout of " + std::to_string(options.total_timeout.count()) +
               " ms used up by redirects, before " + t.current_url);
      return false;
    }
    CURLMcode mc = curl_multi_add_handle(multi.get(), h);
    if (mc != CURLM_OK) {
      Fail(t, FetchError::kOther, std::string("curl_multi_add_handle: ") + curl_multi_strerror(mc));
      return false;
    }
    return true;
  }
  CollectResponse(t, status);
  return false;
}

void Fetcher::Impl::Retire(Transfer* t) {
  t->result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t->started);
  auto host = active_per_host.find(t->host_key);
  if (host != active_per_host.end() && host->second > 0) --host->second;
  auto owned = std::move(active.at(t));
  active.erase(t);
  Complete(std::move(owned->result));
}

void Fetcher::Impl::CancelAll() {
  auto cancel = [this](Transfer& t) {
    Fail(t, FetchError::kCancelled, "cancelled: the fetcher was stopped");
    Complete(std::move(t.result));
  };
  for (auto& [raw, t] : active) {
    curl_multi_remove_handle(multi.get(), t->easy.get());
    cancel(*t);
  }
  active.clear();
  active_per_host.clear();
  for (auto& t : waiting) cancel(*t);
  waiting.clear();
}

Fetcher::Fetcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Fetcher::~Fetcher() = default;

Result<std::unique_ptr<Fetcher>> Fetcher::Create(FetchOptions options) {
  GlobalInitOnce();
  if (options.max_transfers == 0 || options.max_transfers_per_host == 0) {
    return Status::InvalidArgument("fetcher: max_transfers and max_transfers_per_host must be at least 1");
  }
  if (!options.ca_file.empty() && ::access(options.ca_file.c_str(), R_OK) != 0) {
    return Status::InvalidArgument("ca_file " + options.ca_file + ": " + std::strerror(errno));
  }
  auto proxies = Proxies(options);
  if (!proxies.ok()) return proxies.status();
  auto impl = std::make_unique<Impl>();
  impl->proxied = !proxies->empty();
  auto policy = ConnectPolicy::Create(options.address_policy, options.resolve, options.connect_to,
                                      ProxyEndpoints(*proxies));
  if (!policy.ok()) return policy.status();
  impl->policy = std::move(policy.value());
  auto resolve = MakeSlist(options.resolve);
  auto connect_to = MakeSlist(options.connect_to);
  if (!resolve.ok()) return resolve.status();
  if (!connect_to.ok()) return connect_to.status();
  impl->resolve = std::move(resolve.value());
  impl->connect_to = std::move(connect_to.value());
  impl->multi.reset(curl_multi_init());
  if (!impl->multi) return Status::IoError("curl_multi_init failed");
  CURLM* m = impl->multi.get();
  // Through an HTTP proxy libcurl counts every plain-http connection as one
  // to the proxy's host (CONNECT tunnels count by target), so its per-host
  // cap would put all http:// hosts in one queue. The fetcher's own
  // admission control caps each target host; libcurl's backstop goes.
  auto per_host = impl->proxied ? 0L : static_cast<long>(options.max_transfers_per_host);
  auto total = static_cast<long>(options.max_transfers);
  if (curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, per_host) != CURLM_OK ||
      curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, total) != CURLM_OK ||
      curl_multi_setopt(m, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX)) != CURLM_OK) {
    return Status::IoError("curl_multi_setopt failed");
  }
  impl->options = std::move(options);
  return std::unique_ptr<Fetcher>(new Fetcher(std::move(impl)));
}

void Fetcher::Submit(FetchRequest request) {
  bool cancelled = false;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) {
      cancelled = true;  // Stop is final: complete it as cancelled at once
      FetchResult r;
      r.id = request.id;
      r.url = r.final_url = request.url;
      r.error = FetchError::kCancelled;
      r.error_detail = Status::IoError("fetch " + request.url + ": cancelled: the fetcher was stopped");
      impl_->results.push_back(std::move(r));
    } else {
      impl_->submitted.push_back(std::move(request));
      ++impl_->outstanding;
    }
  }
  if (cancelled) {
    impl_->results_cv.notify_all();
    if (impl_->options.on_result) impl_->options.on_result();
    return;
  }
  curl_multi_wakeup(impl_->multi.get());
}

void Fetcher::Run() { impl_->Loop(false); }

void Fetcher::RunUntilIdle() { impl_->Loop(true); }

void Fetcher::Stop() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopped = true;
  }
  curl_multi_wakeup(impl_->multi.get());
}

std::optional<FetchResult> Fetcher::WaitForResult(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mu);
  if (!impl_->results_cv.wait_for(lock, timeout, [this] { return !impl_->results.empty(); }))
    return std::nullopt;
  FetchResult r = std::move(impl_->results.front());
  impl_->results.pop_front();
  return r;
}

std::vector<FetchResult> Fetcher::TakeResults() {
  std::lock_guard lock(impl_->mu);
  std::vector<FetchResult> out(std::make_move_iterator(impl_->results.begin()),
                               std::make_move_iterator(impl_->results.end()));
  impl_->results.clear();
  return out;
}

std::size_t Fetcher::Outstanding() const {
  std::lock_guard lock(impl_->mu);
  return impl_->outstanding;
}

Result<FetchResult> FetchOnce(const FetchOptions& options, FetchRequest request) {
  auto fetcher = Fetcher::Create(options);
  if (!fetcher.ok()) return fetcher.status();
  (*fetcher)->Submit(std::move(request));
  (*fetcher)->RunUntilIdle();
  auto results = (*fetcher)->TakeResults();
  if (results.size() != 1) return Status::IoError("fetcher produced no result");
  return std::move(results.front());
}

}  // namespace wirecrawl
