#include "crawler/crawl.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/worker_pool.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/frontier/frontier.h"
#include "crawler/frontier/sources.h"
#include "crawler/page_analysis.h"
#include "crawler/responses.h"
#include "ingest/ingest.h"
#include "store/upkeep.h"

namespace wirecrawl {
namespace {

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
  f.proxy = o.fetch.proxy;
  f.no_proxy = o.fetch.no_proxy;
  f.proxy_from_environment = o.fetch.proxy_from_environment;
  f.ca_file = o.fetch.ca_file;
  f.address_policy.allowed_networks = o.network.allow;
  return f;
}

// What the workers hand back to the crawl thread, and the bell that wakes
// it: a finished fetch rings it too (FetchOptions::on_result).
class Inbox {
 public:
  void Ring() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      rung_ = true;
    }
    cv_.notify_one();
  }
  void Post(PageAnalysis analysis) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      analyses_.push_back(std::move(analysis));
      rung_ = true;
    }
    cv_.notify_one();
  }
  // Waits until rung (or the timeout), then takes what the workers posted.
  std::vector<PageAnalysis> Wait(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, timeout, [this] { return rung_; });
    rung_ = false;
    return std::exchange(analyses_, {});
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool rung_ = false;                   // GUARDED_BY(mu_)
  std::vector<PageAnalysis> analyses_;  // GUARDED_BY(mu_)
};

}  // namespace

// The stages, in the order a URL meets them (crawler/README.md): the
// frontier says what to fetch, the fetcher fetches it on its own thread,
// the response handler decides what the response leads to, with the CPU
// work of a page (AnalysePage) on the worker pool. This struct owns them
// and the loop that joins them, and nothing else.
struct Crawler::Impl {
  Impl(const CrawlerOptions& o, Store& s, const Clock& c, std::unique_ptr<IngestPipeline> p)
      : options(o),
        store(s),
        clock(c),
        pipeline(std::move(p)),
        sources(store, options),
        frontier(store, options),
        sites(store, options),
        responses(options, store, frontier, sources, sites, *pipeline, progress),
        preparers(Preparers(o)),
        pool(preparers.size()) {}

  static std::vector<ArticlePreparer> Preparers(const CrawlerOptions& o) {
    std::vector<ArticlePreparer> preparers;
    size_t workers = WorkerPool::Resolve(static_cast<size_t>(o.performance.workers));
    for (size_t i = 0; i < workers; ++i) preparers.emplace_back(DedupOptionsFromConfig(o.dedup));
    return preparers;
  }

  Status Start();
  void StopFetching();
  Status EnsureBatch() { return store.InBatch() ? Status::Ok() : store.BeginBatch(); }
  Status Commit();
  Status Dispatch(int64_t now);
  Status HandleResults(std::vector<FetchResult> results);
  Status ApplyAnalyses(std::vector<PageAnalysis> analyses);
  // Waits up to `timeout` for a fetch or a worker to finish, then handles
  // what finished.
  Status WaitAndHandle(std::chrono::milliseconds timeout);
  // Transfers and pages in the works (the loop may not end while any is).
  bool Busy() const { return frontier.HasFetchesInFlight() || jobs_in_pool > 0; }
  // The progress figures the frontier keeps, copied into progress.
  void SyncProgress();
  int64_t QueuedCount();
  void PublishGauges(int64_t now);
  // One bounded step of upkeep, between two batches (store/upkeep.h).
  Status Upkeep(int64_t now);

  CrawlerOptions options;
  Store& store;
  const Clock& clock;
  std::unique_ptr<Fetcher> fetcher;
  std::thread fetch_thread;
  std::unique_ptr<IngestPipeline> pipeline;
  CrawlProgress progress;
  SourceSchedule sources;
  Frontier frontier;
  SiteProfiles sites;
  ResponseHandler responses;
  Inbox inbox;
  std::vector<ArticlePreparer> preparers;  // one per worker
  size_t jobs_in_pool = 0;                 // crawl thread only
  // Declared after what its tasks use, so destroyed (joined) first.
  WorkerPool pool;

  const CrawlRunOptions* run = nullptr;  // during Run
  int64_t last_commit_ms = 0;
  int64_t gauges_published_ms = -1;
  int64_t upkeep_ms = 0;                      // the last upkeep step
  int64_t queued_counted_ms = INT64_MIN / 2;  // when progress.queued was last counted
};

Crawler::Crawler(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Crawler::~Crawler() {
  impl_->StopFetching();
  if (impl_->store.InBatch()) (void)impl_->Commit();  // best effort: Run commits on every normal path
}

Result<std::unique_ptr<Crawler>> Crawler::Open(const CrawlerOptions& options, Store& store,
                                               const Clock& clock) {
  IngestOptions ingest = IngestOptionsFromConfig(options.dedup);
  if (Status s = ingest.dedup.Validate(); !s.ok()) return s;
  Result<std::unique_ptr<IngestPipeline>> pipeline = IngestPipeline::Open(store, ingest);
  if (!pipeline.ok()) return pipeline.status();
  auto impl = std::make_unique<Impl>(options, store, clock, std::move(pipeline).value());
  FetchOptions fetch = FetchOptionsFrom(options);
  fetch.on_result = [inbox = &impl->inbox] { inbox->Ring(); };
  Result<std::unique_ptr<Fetcher>> fetcher = Fetcher::Create(std::move(fetch));
  if (!fetcher.ok()) return fetcher.status();
  impl->fetcher = std::move(fetcher).value();
  return std::unique_ptr<Crawler>(new Crawler(std::move(impl)));
}

Status Crawler::AddStartUrls(const std::vector<std::string>& extra_seeds) {
  Impl& m = *impl_;
  int64_t now = m.clock.NowMs();
  return WithBatch(m.store, [&] { return m.sources.QueueAll(extra_seeds, now); });
}

Status Crawler::Impl::Start() {
  Result<int64_t> requeued = store.RequeueInFlight();
  if (!requeued.ok()) return requeued.status();
  if (*requeued > 0)
    spdlog::info("crawl: {} URLs left in flight by an earlier run are queued again", *requeued);
  WIRECRAWL_RETURN_IF_ERROR(sources.Load());
  WIRECRAWL_RETURN_IF_ERROR(frontier.RebuildScope(sources.ActiveUrls(), clock.NowMs()));
  if (frontier.scope().allowed_domains().empty()) {
    spdlog::warn("crawl: no sources and no scope.allowed_domains: nothing is in scope");
  }
  frontier.StartRun(clock.NowMs(), run->continuous, run->metrics);
  responses.StartRun(run->continuous, run->metrics);
  fetch_thread = std::thread([this] { fetcher->Run(); });
  return Status::Ok();
}

void Crawler::Impl::StopFetching() {
  if (!fetch_thread.joinable()) return;
  fetcher->Stop();
  fetch_thread.join();
}

Status Crawler::Impl::Commit() {
  last_commit_ms = clock.NowMs();
  // Learning needs an open batch: without one, nothing is unsaved.
  if (store.InBatch()) WIRECRAWL_RETURN_IF_ERROR(sites.Save());
  return pipeline->Commit(store);
}

Status Crawler::Impl::Dispatch(int64_t now) {
  WIRECRAWL_RETURN_IF_ERROR(EnsureBatch());
  // Pages waiting for a worker hold a transfer slot: when the workers fall
  // behind, fewer transfers start (and memory stays bounded).
  Result<std::vector<FetchRequest>> fetches = frontier.NextFetches(now, jobs_in_pool);
  if (!fetches.ok()) return fetches.status();
  // A host's first contact (or new delay) is on disk before the request
  // leaves: politeness across a crash (Frontier::TakeCommitNow).
  if (frontier.TakeCommitNow()) WIRECRAWL_RETURN_IF_ERROR(Commit());
  for (FetchRequest& request : *fetches) fetcher->Submit(std::move(request));
  return Status::Ok();
}

Status Crawler::Impl::HandleResults(std::vector<FetchResult> results) {
  for (FetchResult& result : results) {
    WIRECRAWL_RETURN_IF_ERROR(EnsureBatch());
    Result<std::optional<PageJob>> job = responses.Handle(std::move(result), clock.NowMs());
    if (!job.ok()) return job.status();
    if (!job->has_value()) continue;
    ++jobs_in_pool;
    pool.Submit([this, job = std::move(**job)](size_t worker) mutable {
      inbox.Post(AnalysePage(std::move(job), preparers[worker]));
    });
  }
  // A robots.txt Crawl-delay just read is on disk before anything else.
  if (frontier.TakeCommitNow()) return Commit();
  return Status::Ok();
}

Status Crawler::Impl::ApplyAnalyses(std::vector<PageAnalysis> analyses) {
  for (PageAnalysis& analysis : analyses) {
    --jobs_in_pool;
    WIRECRAWL_RETURN_IF_ERROR(EnsureBatch());
    WIRECRAWL_RETURN_IF_ERROR(responses.Apply(std::move(analysis), clock.NowMs()));
  }
  // Other crawler processes on the database wait for this batch's story
  // lock (PostgreSQL): hand it back now, not at the next commit interval.
  if (store.HoldsSharedLock()) return Commit();
  return Status::Ok();
}

Status Crawler::Impl::WaitAndHandle(std::chrono::milliseconds timeout) {
  WIRECRAWL_RETURN_IF_ERROR(ApplyAnalyses(inbox.Wait(timeout)));
  return HandleResults(fetcher->TakeResults());
}

void Crawler::Impl::SyncProgress() {
  const FrontierCounts& counts = frontier.counts();
  progress.discovered = counts.discovered;
  progress.robots_denied = counts.robots_denied;
  progress.out_of_scope = counts.out_of_scope;
  progress.retries = responses.retries() + counts.robots_waits;
  progress.in_flight = static_cast<int64_t>(frontier.fetches_in_flight() + jobs_in_pool);
}

Result<CrawlProgress> Crawler::Run(const std::atomic<bool>& stop, const CrawlRunOptions& run) {
  Impl& m = *impl_;
  m.run = &run;
  if (Status s = m.Start(); !s.ok()) {
    m.run = nullptr;
    return s;
  }
  int64_t started = m.clock.NowMs();
  int64_t last_progress = started;
  int64_t last_tick = started;
  int64_t stop_deadline = 0;
  int64_t idle_since = -1;  // since when nothing was in flight or taken
  bool stopping = false;
  m.last_commit_ms = started;
  Status failure;

  while (true) {
    int64_t now = m.clock.NowMs();
    if (!stopping && stop.load(std::memory_order_relaxed)) {
      // Stop taking work; transfers in flight may finish within the grace.
      stopping = true;
      stop_deadline = now + run.shutdown_grace_ms;
      spdlog::info("crawl: stopping; {} transfers and {} pages in the works get up to {} ms",
                   m.frontier.fetches_in_flight(), m.jobs_in_pool, run.shutdown_grace_ms);
    }
    if (stopping && (!m.Busy() || now >= stop_deadline)) break;
    if (failure = m.WaitAndHandle(std::chrono::milliseconds(0)); !failure.ok()) break;
    if (!stopping) {
      if (failure = m.Dispatch(now); !failure.ok()) break;
    }
    if (now - m.last_commit_ms >= run.commit_interval_ms && m.store.InBatch()) {
      if (failure = m.Commit(); !failure.ok()) break;
    }
    m.SyncProgress();
    m.progress.elapsed_ms = now - started;
    if (run.progress && now - last_progress >= run.progress_interval_ms) {
      last_progress = now;
      // Counting the queue is a scan of the frontier index: every 5 s is
      // enough for a progress line, and keeps the scan off the hot path.
      if (now - m.queued_counted_ms >= 5000) {
        m.queued_counted_ms = now;
        m.progress.queued = m.QueuedCount();
      }
      run.progress(m.progress);
    }
    if (now - last_tick >= 250) {
      if (now / 5000 != last_tick / 5000) {
        spdlog::debug("crawl loop: {}, {} pages with the workers", m.frontier.Describe(now), m.jobs_in_pool);
      }
      last_tick = now;
      m.PublishGauges(now);
      m.frontier.TrimMemory(now);
      // The tick first: the daemon says READY on its first tick, and a
      // first upkeep step after a restart must not hold that up.
      if (run.on_tick) run.on_tick();
      if (failure = m.Upkeep(now); !failure.ok()) break;
    }

    // scope.max_pages reached: URLs already taken but held for politeness
    // will never start, so they must not keep a one-shot crawl waiting;
    // once nothing is in flight it is over (they are queued again below).
    if (!run.continuous && !stopping && m.frontier.LimitReached() && !m.frontier.HasFetchesInFlight() &&
        m.jobs_in_pool == 0) {
      break;
    }
    // Idle: is there anything left to wait for?
    std::optional<int64_t> wake = m.frontier.NextWakeMs(now);
    bool idle = m.frontier.Idle() && m.jobs_in_pool == 0;
    if (!idle || m.frontier.taken_last() > 0) idle_since = -1;
    if (idle && !stopping) {
      if (!run.continuous && m.frontier.LimitReached()) break;
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
    if (m.frontier.taken_last() > 0 && !stopping) continue;
    if (failure = m.WaitAndHandle(std::chrono::milliseconds(wait)); !failure.ok()) break;
  }

  // Cancelled transfers come back as kCancelled and their URLs stay
  // "fetching" until RequeueInFlight below; finished ones are processed,
  // and so are the pages the workers finish (they take milliseconds).
  m.StopFetching();
  if (failure.ok()) failure = m.HandleResults(m.fetcher->TakeResults());
  while (failure.ok() && m.jobs_in_pool > 0)
    failure = m.ApplyAnalyses(m.inbox.Wait(std::chrono::milliseconds(100)));
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
  m.frontier.EndRun();
  m.run = nullptr;
  if (!failure.ok()) return failure;
  m.SyncProgress();
  m.progress.in_flight = 0;
  m.progress.elapsed_ms = m.clock.NowMs() - started;
  m.progress.queued = m.QueuedCount();
  m.progress.failed_inputs = m.sources.FailedInputs();
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
    spdlog::warn(
        "reload: user_agent, global_concurrency and connections_per_host take effect at the next restart");
  }
  CrawlerOptions applied = next;
  applied.fetch = m.options.fetch;
  applied.network = m.options.network;
  applied.limits = m.options.limits;
  applied.dedup = m.options.dedup;
  applied.paths = m.options.paths;
  applied.politeness.user_agent = m.options.politeness.user_agent;
  applied.politeness.global_concurrency = m.options.politeness.global_concurrency;
  applied.politeness.connections_per_host = m.options.politeness.connections_per_host;
  CrawlerOptions before = std::exchange(m.options, std::move(applied));
  int64_t now = m.clock.NowMs();
  Status s = m.EnsureBatch();
  if (s.ok()) s = m.sources.Reload(now);
  if (s.ok()) s = m.frontier.RebuildScope(m.sources.ActiveUrls(), now);
  if (!s.ok()) {
    m.options = std::move(before);  // a scope that does not build keeps the old configuration
    return s;
  }
  m.frontier.OptionsChanged();
  m.sites.OptionsChanged();
  return m.Commit();
}

Status Crawler::Impl::Upkeep(int64_t now) {
  if (run->upkeep_interval_ms <= 0 || now - upkeep_ms < run->upkeep_interval_ms) return Status::Ok();
  size_t slots = static_cast<size_t>(std::max(1, options.politeness.global_concurrency));
  if (frontier.fetches_in_flight() + jobs_in_pool > slots / 2) return Status::Ok();  // not quiet: later
  upkeep_ms = now;
  WIRECRAWL_RETURN_IF_ERROR(Commit());  // upkeep runs in batches of its own
  UpkeepPolicy policy{.dedup_window_ms = options.dedup.window.count(),
                      .fetch_log_ms = options.maintenance.fetch_log.count(),
                      .full = false};
  Result<UpkeepReport> report = wirecrawl::Upkeep(store, policy, now);
  if (!report.ok()) return report.status();
  if (report->articles_out_of_window > 0 || report->fetches_pruned > 0 || report->bytes_reclaimed > 0) {
    spdlog::info(
        "upkeep: {} articles left the story index's window, {} fetch-log rows pruned, {} bytes reclaimed",
        report->articles_out_of_window, report->fetches_pruned, report->bytes_reclaimed);
  }
  return Status::Ok();
}

int64_t Crawler::Impl::QueuedCount() {
  Result<std::vector<std::pair<std::string, int64_t>>> counts = store.CountUrlsByState();
  if (!counts.ok()) return progress.queued;
  for (const auto& [state, count] : *counts) {
    if (state == "queued") return count;
  }
  return 0;
}

void Crawler::Impl::PublishGauges(int64_t now) {
  if (run == nullptr || run->metrics == nullptr) return;
  if (gauges_published_ms >= 0 && now - gauges_published_ms < 5000) return;
  gauges_published_ms = now;
  Result<std::vector<std::pair<std::string, int64_t>>> counts = store.CountUrlsByState();
  if (counts.ok()) run->metrics->SetFrontier(*counts);
  run->metrics->SetHostsInBackoff(static_cast<int64_t>(frontier.HostsInBackoff(now)));
  run->metrics->SetSources(sources.active_count(), sources.retired_count());
}

}  // namespace wirecrawl
