#include "crawler/crawl.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "crawler/crawl_internal.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

constexpr size_t kMaxCachedRobots = 10'000;
// A robots.txt that could not be fetched (5xx, no answer) disallows the
// host for this long, then it is asked again (RFC 9309 2.3.1.4).
constexpr int64_t kUnreachableRobotsRetryMs = 10 * 60 * 1000;

FetchOptions FetchOptionsFrom(const CrawlerOptions& o) {
  FetchOptions f;
  f.user_agent = o.politeness.user_agent;
  f.connect_timeout = o.limits.connect_timeout;
  f.total_timeout = o.limits.total_timeout;
  f.low_speed_bytes_per_second = static_cast<long>(o.limits.low_speed_limit);
  f.low_speed_window = std::chrono::duration_cast<std::chrono::seconds>(o.limits.low_speed_time);
  f.max_body_bytes = static_cast<size_t>(o.limits.max_body_bytes);
  f.max_redirects = o.limits.max_redirects;
  f.max_transfers = static_cast<size_t>(std::max(1, o.politeness.global_concurrency));
  f.max_transfers_per_host = static_cast<size_t>(std::max(1, o.politeness.connections_per_host));
  f.resolve = o.fetch.resolve;
  f.connect_to = o.fetch.connect_to;
  f.address_policy.allowed_networks = o.network.allow;
  return f;
}

PolitenessRules PolitenessFrom(const CrawlerOptions& o) {
  PolitenessRules r;
  r.connections_per_host = o.politeness.connections_per_host;
  r.min_delay_ms = o.politeness.min_delay.count();
  r.max_crawl_delay_ms = o.politeness.max_crawl_delay.count();
  r.max_backoff_ms = o.politeness.max_backoff.count();
  return r;
}

}  // namespace

// Without a config file, clustering must be exactly dedup/'s default.
static_assert(CrawlerOptions::Dedup{}.threshold == DedupOptions{}.threshold &&
                  CrawlerOptions::Dedup{}.shingle_size == DedupOptions{}.shingle_size &&
                  CrawlerOptions::Dedup{}.num_hashes == DedupOptions{}.num_hashes &&
                  CrawlerOptions::Dedup{}.bands == DedupOptions{}.bands &&
                  CrawlerOptions::Dedup{}.rows == DedupOptions{}.rows,
              "config/options.h [dedup] defaults differ from dedup/fingerprint.h DedupOptions");

DedupOptions DedupOptionsFromConfig(const CrawlerOptions::Dedup& config) {
  DedupOptions options;
  options.threshold = config.threshold;
  options.shingle_size = config.shingle_size;
  options.num_hashes = config.num_hashes;
  options.bands = config.bands;
  options.rows = config.rows;
  return options;
}

Crawler::Impl::Impl(const CrawlerOptions& o, Store& s, const Clock& c)
    : options(o), store(s), clock(c), politeness(PolitenessFrom(o)) {
  backoff.base = o.limits.retry_base_delay;
  backoff.max = o.limits.retry_max_delay;
  backoff.max_retry_after = o.politeness.max_backoff;
}

Crawler::Crawler(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Crawler::~Crawler() {
  impl_->StopFetching();
  if (impl_->store.InBatch()) (void)impl_->Commit();
}

Result<std::unique_ptr<Crawler>> Crawler::Open(const CrawlerOptions& options, Store& store, const Clock& clock) {
  auto impl = std::make_unique<Impl>(options, store, clock);
  Result<std::unique_ptr<Fetcher>> fetcher = Fetcher::Create(FetchOptionsFrom(options));
  if (!fetcher.ok()) return fetcher.status();
  impl->fetcher = std::move(fetcher).value();
  IngestOptions ingest;
  ingest.dedup = DedupOptionsFromConfig(options.dedup);
  if (Status s = ingest.dedup.Validate(); !s.ok()) return s;
  Result<std::unique_ptr<IngestPipeline>> pipeline = IngestPipeline::Open(store, ingest);
  if (!pipeline.ok()) return pipeline.status();
  impl->pipeline = std::move(pipeline).value();
  return std::unique_ptr<Crawler>(new Crawler(std::move(impl)));
}

Status Crawler::AddStartUrls(const std::vector<std::string>& extra_seeds) {
  Impl& m = *impl_;
  int64_t now = m.clock.NowMs();
  m.extra_seeds = extra_seeds;
  return WithBatch(m.store, [&]() -> Status {
    if (Status s = m.LoadSources(); !s.ok()) return s;
    if (Status s = m.QueueSources(m.options, extra_seeds, now); !s.ok()) return s;
    // Sources found by earlier crawls (feeds, sitemaps) are read again too,
    // unless they were retired or removed.
    for (const auto& [id, source] : m.sources) {
      if (source.next_refresh_ms == kNever || m.configured_sources.count(source.url)) continue;
      Result<bool> requeued = m.store.Requeue(source.url, now);
      if (!requeued.ok()) return requeued.status();
    }
    return m.LoadSources();
  });
}

Status Crawler::Impl::Start() {
  Result<int64_t> requeued = store.RequeueInFlight();
  if (!requeued.ok()) return requeued.status();
  if (*requeued > 0) spdlog::info("crawl: {} URLs left in flight by an earlier run are queued again", *requeued);
  if (Status s = LoadSources(); !s.ok()) return s;
  if (Status s = RebuildScope(options.scope, clock.NowMs()); !s.ok()) return s;
  if (scope->allowed_domains().empty()) {
    spdlog::warn("crawl: no sources and no scope.allowed_domains: nothing is in scope");
  }
  fetch_thread = std::thread([this] { fetcher->Run(); });
  return Status::Ok();
}

void Crawler::Impl::StopFetching() {
  if (!fetch_thread.joinable()) return;
  fetcher->Stop();
  fetch_thread.join();
}

Status Crawler::Impl::EnsureBatch() { return store.InBatch() ? Status::Ok() : store.BeginBatch(); }

Status Crawler::Impl::Commit() {
  last_commit_ms = clock.NowMs();
  return pipeline->Flush();
}

bool Crawler::Impl::LimitReached() const {
  // scope.max_pages bounds one crawl; a daemon is not one crawl.
  return !Continuous() && options.scope.max_pages > 0 && dispatched >= options.scope.max_pages;
}

Result<const RobotsRules*> Crawler::Impl::RobotsFor(const DueUrl& url, int64_t now) {
  static const RobotsRules kAllowAll = RobotsRules::AllowAll();
  if (!options.politeness.obey_robots) return &kAllowAll;
  if (auto it = robots.find(url.host); it != robots.end() && it->second.expires_ms > now) return &it->second.rules;
  if (awaiting_robots.count(url.host)) return static_cast<const RobotsRules*>(nullptr);

  Result<std::optional<RobotsCacheEntry>> stored = store.GetRobots(url.host);
  if (!stored.ok()) return stored.status();
  if (stored->has_value() && (*stored)->expires_ms > now) {
    if (robots.size() >= kMaxCachedRobots) robots.clear();  // bounded; the store keeps them all
    CachedRobots& cached = robots[url.host];
    cached.rules = RobotsRules::FromFetch((*stored)->http_status, (*stored)->body);
    cached.expires_ms = (*stored)->expires_ms;
    return &cached.rules;
  }
  Result<std::string> robots_url = RobotsTxtUrl(url.url);
  if (!robots_url.ok()) return robots_url.status();
  uint64_t id = next_robots_request++;
  robots_requests[id] = url.host;
  awaiting_robots[url.host];  // URLs of this host wait here
  politeness.OnStart(url.host, now);
  fetcher->Submit(FetchRequest{.url = *robots_url, .id = id});
  return static_cast<const RobotsRules*>(nullptr);
}

Status Crawler::Impl::HandleRobots(const std::string& host, FetchResult result, int64_t now) {
  long status = result.ok() ? result.status : 0;
  RobotsRules rules = RobotsRules::FromFetch(status, result.body);
  // The Crawl-delay counts from this very request.
  std::optional<std::chrono::milliseconds> delay = rules.CrawlDelay(options.politeness.robots_agent);
  politeness.SetCrawlDelay(host, delay ? std::optional<int64_t>(delay->count()) : std::nullopt);
  bool overload = SignalsHostOverload(result);
  politeness.OnFinish(host, now, overload ? HostOutcome::kOverload : HostOutcome::kHealthy);
  if (result.error == FetchError::kCancelled) {
    awaiting_robots.erase(host);  // their URLs stay "fetching" and are queued again
    return Status::Ok();
  }
  if (result.error == FetchError::kAddressRefused) {
    // The address policy is the config's: waiting cannot change it within
    // this run, so the host's URLs fail now, each with the reason, rather
    // than wait for a robots.txt that will never be fetched.
    spdlog::error("{}: {}", host, result.error_detail.message());
    std::vector<DueUrl> waiting = std::move(awaiting_robots[host]);
    awaiting_robots.erase(host);
    if (Status s = EnsureBatch(); !s.ok()) return s;
    for (const DueUrl& url : waiting) {
      if (Status s = HandleFailure(url, result, now); !s.ok()) return s;
    }
    return Status::Ok();
  }
  if (!result.ok()) {
    spdlog::warn("robots.txt of {}: {}; the host is off limits for now", host, result.error_detail.message());
  }
  int64_t ttl = rules.temporary() ? std::min(kUnreachableRobotsRetryMs, options.politeness.robots_cache_ttl.count())
                                  : options.politeness.robots_cache_ttl.count();
  RobotsCacheEntry entry{.http_status = static_cast<int>(status),
                         .body = result.body.substr(0, RobotsRules::kMaxBytes),
                         .fetched_ms = now,
                         .expires_ms = now + ttl};
  if (Status s = EnsureBatch(); !s.ok()) return s;
  if (Status s = store.PutRobots(host, entry); !s.ok()) return s;
  if (robots.size() >= kMaxCachedRobots) robots.clear();
  CachedRobots& cached = robots[host];
  cached.rules = std::move(rules);
  cached.expires_ms = entry.expires_ms;

  // Discovery: the Sitemap: lines, else the conventional /sitemap.xml.
  std::vector<std::string> sitemaps = cached.rules.sitemaps();
  if (sitemaps.empty() && !cached.rules.temporary()) {
    std::string base = result.url.substr(0, result.url.size() - std::string_view("/robots.txt").size());
    sitemaps.push_back(base + "/sitemap.xml");
  }
  for (const std::string& sitemap : sitemaps) {
    Result<std::string> url = ResolveUrl(result.url, sitemap);
    if (!url.ok()) continue;
    Result<bool> queued = Discover(*url, UrlKind::kSitemap, 0, priority::kSitemap);
    if (!queued.ok()) return queued.status();
  }

  std::vector<DueUrl> waiting = std::move(awaiting_robots[host]);
  awaiting_robots.erase(host);
  for (DueUrl& url : waiting) if (Status s = Admit(std::move(url), now); !s.ok()) return s;
  return Status::Ok();
}

Status Crawler::Impl::Admit(DueUrl url, int64_t now) {
  Result<const RobotsRules*> rules = RobotsFor(url, now);
  if (!rules.ok()) return rules.status();
  if (*rules == nullptr) {
    awaiting_robots[url.host].push_back(std::move(url));
    return Status::Ok();
  }
  const RobotsRules& r = **rules;
  if (Status s = EnsureBatch(); !s.ok()) return s;
  if (r.temporary()) {
    // Unreachable robots.txt: nothing may be fetched now; try again when
    // the cached verdict expires, without counting an attempt against the URL.
    ++progress.retries;
    return store.MarkFailed(FailedUrl{.url_id = url.id,
                                      .failed_ms = now,
                                      .http_status = std::nullopt,
                                      .error = "robots.txt unreachable: host disallowed for now",
                                      .retry_at_ms = robots[url.host].expires_ms});
  }
  RobotsRules::Verdict verdict = r.Evaluate(options.politeness.robots_agent, url.url);
  if (!verdict.allowed) {
    ++progress.robots_denied;
    if (run != nullptr && run->metrics != nullptr) run->metrics->RecordRobotsDenial();
    spdlog::debug("robots.txt of {} disallows {} (line {}: {})", url.host, url.url, verdict.line, verdict.rule);
    return store.MarkSkipped(url.id, "robots.txt line " + std::to_string(verdict.line) + ": " + verdict.rule);
  }
  if (!Continuous() && options.scope.max_pages_per_host > 0 &&
      pages_per_host[url.host] >= options.scope.max_pages_per_host) {
    return store.MarkSkipped(url.id, "scope.max_pages_per_host reached");
  }
  std::optional<std::chrono::milliseconds> delay = r.CrawlDelay(options.politeness.robots_agent);
  politeness.SetCrawlDelay(url.host, delay ? std::optional<int64_t>(delay->count()) : std::nullopt);
  if (!politeness.MayStart(url.host, now)) {
    held[url.host].push_back(std::move(url));
    return Status::Ok();
  }
  StartFetch(std::move(url), now);
  return Status::Ok();
}

void Crawler::Impl::StartFetch(DueUrl url, int64_t now) {
  politeness.OnStart(url.host, now);
  ++dispatched;
  ++pages_per_host[url.host];
  FetchRequest request{.url = url.url,
                       .etag = url.etag,
                       .last_modified = url.last_modified,
                       .max_body_bytes = 0,
                       .id = static_cast<uint64_t>(url.id),
                       .follow_redirects = false};
  // Sitemaps may be 50 MB by the protocol; pages keep the configured cap.
  if (url.kind == UrlKind::kSitemap) request.max_body_bytes = std::max<size_t>(50u << 20, static_cast<size_t>(options.limits.max_body_bytes));
  uint64_t id = request.id;
  in_flight.emplace(id, InFlight{std::move(url), now});
  fetcher->Submit(std::move(request));
}

Status Crawler::Impl::Dispatch(int64_t now) {
  size_t global = static_cast<size_t>(std::max(1, options.politeness.global_concurrency));
  auto capacity = [&] {
    size_t busy = in_flight.size() + robots_requests.size();
    return busy >= global || LimitReached() ? size_t{0} : global - busy;
  };
  // URLs already taken from the frontier go first.
  for (auto it = held.begin(); it != held.end();) {
    while (capacity() > 0 && !it->second.empty() && politeness.MayStart(it->first, now)) {
      StartFetch(std::move(it->second.front()), now);
      it->second.pop_front();
    }
    it = it->second.empty() ? held.erase(it) : std::next(it);
  }
  taken_last_dispatch = 0;
  size_t room = capacity();
  if (room == 0) return Status::Ok();
  std::vector<std::string> skip = politeness.BlockedHosts(now);
  for (const auto& [host, urls] : held) skip.push_back(host);
  for (const auto& [host, urls] : awaiting_robots) skip.push_back(host);
  if (Status s = EnsureBatch(); !s.ok()) return s;
  size_t per_host = static_cast<size_t>(std::max(1, options.politeness.connections_per_host));
  Result<std::vector<DueUrl>> due = store.TakeDueSkipping(now, room, per_host, skip);
  if (!due.ok()) return due.status();
  for (DueUrl& url : *due) if (Status s = Admit(std::move(url), now); !s.ok()) return s;
  taken_last_dispatch = due->size();
  return Status::Ok();
}

Result<CrawlProgress> Crawler::Run(const std::atomic<bool>& stop, const CrawlRunOptions& run) {
  Impl& m = *impl_;
  m.run = &run;
  m.stopping = false;
  if (Status s = m.Start(); !s.ok()) {
    m.run = nullptr;
    return s;
  }
  int64_t started = m.clock.NowMs();
  int64_t last_progress = started;
  int64_t last_tick = started;
  int64_t stop_deadline = 0;
  int64_t idle_since = -1;  // since when nothing was in flight or taken
  m.last_commit_ms = started;
  Status failure;

  while (true) {
    int64_t now = m.clock.NowMs();
    if (!m.stopping && stop.load(std::memory_order_relaxed)) {
      // Stop taking work; transfers in flight may finish within the grace.
      m.stopping = true;
      stop_deadline = now + run.shutdown_grace_ms;
      spdlog::info("crawl: stopping; {} transfers in flight get up to {} ms", m.in_flight.size(),
                   run.shutdown_grace_ms);
    }
    if (m.stopping && ((m.in_flight.empty() && m.robots_requests.empty()) || now >= stop_deadline)) break;
    for (FetchResult& result : m.fetcher->TakeResults()) {
      if (failure = m.HandleResult(std::move(result), now); !failure.ok()) break;
    }
    if (!failure.ok()) break;
    if (!m.stopping) {
      if (failure = m.Dispatch(now); !failure.ok()) break;
    }
    if (now - m.last_commit_ms >= run.commit_interval_ms && m.store.InBatch()) {
      if (failure = m.Commit(); !failure.ok()) break;
    }
    m.progress.in_flight = static_cast<int64_t>(m.in_flight.size());
    m.progress.elapsed_ms = now - started;
    if (run.progress && now - last_progress >= run.progress_interval_ms) {
      last_progress = now;
      // Counting the queue is a scan of the frontier index: every 5 s is
      // enough for a progress line, and keeps the scan off the hot path.
      if (now - m.queued_counted_ms >= 5000) {
        m.queued_counted_ms = now;
        m.progress.queued = m.QueuedEstimate();
      }
      run.progress(m.progress);
    }
    if (now - last_tick >= 250) {
      if (now / 5000 != last_tick / 5000) {
        spdlog::debug("crawl loop: {} in flight, {} robots.txt fetches, {} hosts holding URLs, {} hosts awaiting "
                      "robots.txt, {} hosts blocked",
                      m.in_flight.size(), m.robots_requests.size(), m.held.size(), m.awaiting_robots.size(),
                      m.politeness.BlockedHosts(now).size());
      }
      last_tick = now;
      m.PublishGauges(now);
      m.TrimMemory(now);
      if (run.on_tick) run.on_tick();
    }

    // Idle: is there anything left to wait for?
    std::optional<int64_t> wake = m.politeness.NextWakeMs(now);
    bool idle = m.in_flight.empty() && m.robots_requests.empty() && m.held.empty() && m.awaiting_robots.empty();
    if (!idle || m.taken_last_dispatch > 0) idle_since = -1;
    if (idle && !m.stopping) {
      if (!run.continuous && m.LimitReached()) break;
      if (m.store.InBatch()) {
        if (failure = m.Commit(); !failure.ok()) break;
      }
      Result<std::optional<int64_t>> next_due = m.store.NextQueuedDueMs();
      if (!next_due.ok()) {
        failure = next_due.status();
        break;
      }
      if (!run.continuous) {
        if (!next_due->has_value()) break;  // the frontier is drained
        int64_t due_at = std::max(**next_due, wake.value_or(**next_due));
        if (due_at - now > run.max_idle_wait_ms) {
          spdlog::info("crawl: the remaining URLs are due in {} s; stopping here (run again to go on)",
                       (due_at - now) / 1000);
          break;
        }
        // Due URLs that cannot be taken (their host in a back-off an earlier
        // run stored) must not keep a one-shot crawl waiting either.
        if (idle_since < 0) idle_since = now;
        if (now - idle_since > run.max_idle_wait_ms) {
          spdlog::info("crawl: nothing could be fetched for {} s; stopping here (run again to go on)",
                       run.max_idle_wait_ms / 1000);
          break;
        }
      }
      if (next_due->has_value() && **next_due > now && (!wake || **next_due < *wake)) wake = **next_due;
    }
    int64_t wait = 100;
    if (wake) wait = std::clamp<int64_t>(*wake - now, 1, 100);
    // URLs were just taken (and perhaps all skipped by robots.txt or a
    // cap): take more at once rather than sleep.
    if (m.taken_last_dispatch > 0 && !m.stopping) continue;
    if (std::optional<FetchResult> result = m.fetcher->WaitForResult(std::chrono::milliseconds(wait))) {
      if (failure = m.HandleResult(std::move(*result), m.clock.NowMs()); !failure.ok()) break;
    }
  }

  // Cancelled transfers come back as kCancelled and their URLs stay
  // "fetching" until RequeueInFlight below; finished ones are processed.
  m.StopFetching();
  if (failure.ok()) {
    for (FetchResult& result : m.fetcher->TakeResults()) {
      if (failure = m.HandleResult(std::move(result), m.clock.NowMs()); !failure.ok()) break;
    }
  }
  if (failure.ok()) {
    Status s = m.EnsureBatch();
    if (s.ok()) {
      Result<int64_t> requeued = m.store.RequeueInFlight();
      if (!requeued.ok()) s = requeued.status();
    }
    if (s.ok()) s = m.Commit();
    failure = s;
  } else if (m.store.InBatch()) {
    m.store.RollbackBatch();
  }
  m.in_flight.clear();
  m.held.clear();
  m.awaiting_robots.clear();
  m.robots_requests.clear();
  m.run = nullptr;
  if (!failure.ok()) return failure;
  m.progress.in_flight = 0;
  m.progress.elapsed_ms = m.clock.NowMs() - started;
  m.progress.queued = m.QueuedEstimate();
  return m.progress;
}

const CrawlProgress& Crawler::progress() const { return impl_->progress; }

Status Crawler::Reload(const CrawlerOptions& next) {
  Impl& m = *impl_;
  auto keep = [](const char* section, bool same) {
    if (!same) spdlog::warn("reload: [{}] changed; it takes effect at the next restart", section);
  };
  keep("fetch", next.fetch == m.options.fetch);
  keep("network", next.network == m.options.network);
  keep("limits", next.limits == m.options.limits);
  keep("dedup", next.dedup == m.options.dedup);
  keep("paths", next.paths == m.options.paths);
  if (next.politeness.user_agent != m.options.politeness.user_agent ||
      next.politeness.global_concurrency != m.options.politeness.global_concurrency ||
      next.politeness.connections_per_host != m.options.politeness.connections_per_host) {
    spdlog::warn("reload: user_agent, global_concurrency and connections_per_host take effect at the next restart");
  }
  int64_t now = m.clock.NowMs();
  Status s = m.EnsureBatch();
  if (s.ok()) s = m.ReloadSources(next, now);
  if (s.ok()) s = m.RebuildScope(next.scope, now);
  if (!s.ok()) return s;
  CrawlerOptions applied = next;
  applied.fetch = m.options.fetch;
  applied.network = m.options.network;
  applied.limits = m.options.limits;
  applied.dedup = m.options.dedup;
  applied.paths = m.options.paths;
  applied.politeness.user_agent = m.options.politeness.user_agent;
  applied.politeness.global_concurrency = m.options.politeness.global_concurrency;
  applied.politeness.connections_per_host = m.options.politeness.connections_per_host;
  m.options = std::move(applied);
  m.politeness.SetRules(PolitenessFrom(m.options));
  return m.Commit();
}

int64_t Crawler::Impl::QueuedEstimate() {
  Result<StoreStats> stats = store.Stats();
  if (!stats.ok()) return progress.queued;
  for (const auto& [state, count] : stats->urls_by_state) {
    if (state == "queued") return count;
  }
  return 0;
}

}  // namespace wirecrawl
