// Sources (seeds, feeds, sitemaps) and their refresh schedule, article
// revisits, and configuration reload.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "crawler/crawl_internal.h"
#include "url/url.h"
#include "base/time.h"

namespace wirecrawl {
namespace {

struct SourceList {
  const std::vector<std::string>* urls;
  SourceKind source;
  UrlKind kind;
  int prio;
};

std::vector<SourceList> SourceLists(const CrawlerOptions& o, const std::vector<std::string>& extra_seeds) {
  return {
      {&o.sources.sitemaps, SourceKind::kSitemap, UrlKind::kSitemap, priority::kSitemap},
      {&o.sources.feeds, SourceKind::kFeed, UrlKind::kFeed, priority::kFeed},
      {&o.sources.seeds, SourceKind::kSeed, UrlKind::kHub, priority::kSeed},
      {&extra_seeds, SourceKind::kSeed, UrlKind::kHub, priority::kSeed},
  };
}

int CurrentYear(int64_t now_ms) {
  auto day = std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>(
      std::chrono::milliseconds(now_ms)));
  return static_cast<int>(std::chrono::year_month_day(day).year());
}

}  // namespace

Status Crawler::Impl::LoadSources() {
  Result<std::vector<Source>> all = store.DueSources(kNever);
  if (!all.ok()) return all.status();
  sources.clear();
  for (Source& s : *all) sources[s.id] = std::move(s);
  return Status::Ok();
}

Status Crawler::Impl::RebuildScope(const CrawlerOptions::Scope& scope_options, int64_t now) {
  // The scope follows the active sources: retired ones no longer widen it.
  std::vector<std::string> active;
  for (const auto& [id, source] : sources) {
    if (source.next_refresh_ms != kNever || configured_sources.count(source.url)) active.push_back(source.url);
  }
  Result<CrawlScope> built = CrawlScope::Create(scope_options, active, CurrentYear(now));
  if (!built.ok()) return built.status();
  scope = std::move(built).value();
  return Status::Ok();
}

Status Crawler::Impl::QueueSources(const CrawlerOptions& o, const std::vector<std::string>& extra, int64_t now) {
  int64_t refresh = o.daemon.source_refresh_min.count();
  for (const SourceList& list : SourceLists(o, extra)) {
    for (const std::string& raw : *list.urls) {
      Result<std::string> url = NormalizeUrl(raw);
      if (!url.ok()) return Status::InvalidArgument("source " + raw + ": " + url.status().message());
      configured_sources.insert(*url);
      Result<int64_t> id = store.AddSource(*url, list.source, refresh);
      if (!id.ok()) return id.status();
      Result<bool> added = store.Enqueue(UrlToEnqueue{
          .url = *url, .kind = list.kind, .depth = 0, .priority = list.prio, .due_ms = now, .source_id = *id});
      if (!added.ok()) return added.status();
      if (!*added) {
        Result<bool> requeued = store.Requeue(*url, now);
        if (!requeued.ok()) return requeued.status();
      }
      // A configured source is never retired for good: configuring it
      // again (or restarting) gives it another chance.
      auto known = sources.find(*id);
      if (known != sources.end() && known->second.next_refresh_ms == kNever) {
        known->second.next_refresh_ms = now;
        known->second.consecutive_failures = 0;
        if (Status s = store.UpdateSourceState(known->second); !s.ok()) return s;
      }
    }
  }
  return Status::Ok();
}

Result<std::optional<int64_t>> Crawler::Impl::SourceRefreshed(int64_t source_id, const std::string& url, bool ok,
                                                               int status, const std::string& error, int64_t now) {
  int64_t min_interval = options.daemon.source_refresh_min.count();
  int64_t max_interval = std::max(min_interval, static_cast<int64_t>(options.daemon.source_refresh_max.count()));
  auto it = sources.find(source_id);
  if (it == sources.end()) {
    Source fresh;
    fresh.id = source_id;
    fresh.url = url;
    fresh.refresh_interval_ms = min_interval;
    it = sources.emplace(source_id, std::move(fresh)).first;
  }
  Source& s = it->second;
  s.last_refreshed_ms = now;
  s.last_status = status > 0 ? std::optional<int>(status) : std::nullopt;
  int64_t interval = std::clamp(s.refresh_interval_ms, min_interval, max_interval);
  if (ok) {
    s.consecutive_failures = 0;
    s.last_error.clear();
    // Adaptive: a source that yielded new URLs is read twice as often,
    // one that did not half as often again, within the bounds.
    bool yielded = progress.discovered > discovered_mark;
    interval = yielded ? std::max(min_interval, interval / 2) : std::min(max_interval, interval + interval / 2);
  } else {
    ++s.consecutive_failures;
    s.last_error = error;
  }
  s.refresh_interval_ms = interval;
  bool retire = !ok && s.consecutive_failures >= options.daemon.retire_source_after_failures;
  s.next_refresh_ms = retire ? kNever : now + interval;
  if (retire) {
    spdlog::warn("source {} retired after {} failed refreshes in a row (last: {})", s.url, s.consecutive_failures,
                 error);
  }
  if (Status st = store.UpdateSourceState(s); !st.ok()) return st;
  if (retire) return std::optional<int64_t>();
  return std::optional<int64_t>(s.next_refresh_ms);
}

Result<std::optional<int64_t>> Crawler::Impl::NextRevisit(const DueUrl& url, std::optional<int64_t> article_id,
                                                          int64_t now) {
  if (!article_id) {
    Result<std::optional<ArticleKey>> key = store.FindArticle(url.url);
    if (!key.ok()) return key.status();
    if (!key->has_value()) return std::optional<int64_t>();
    article_id = (*key)->id;
  }
  Result<std::optional<StoredArticle>> article = store.GetArticle(*article_id);
  if (!article.ok()) return article.status();
  if (!article->has_value()) return std::optional<int64_t>();
  int64_t first_seen = (*article)->fetched_ms;
  for (std::chrono::milliseconds after : options.daemon.article_revisits) {
    // A revisit counts once it is due within a second, so that one fetched
    // a little early does not come back at once.
    if (first_seen + after.count() > now + 1000) return std::optional<int64_t>(first_seen + after.count());
  }
  return std::optional<int64_t>();
}

Status Crawler::Impl::ReloadSources(const CrawlerOptions& next, int64_t now) {
  std::unordered_set<std::string> before = std::move(configured_sources);
  configured_sources.clear();
  if (Status s = QueueSources(next, extra_seeds, now); !s.ok()) return s;
  for (const std::string& url : configured_sources) {
    if (!before.count(url)) spdlog::info("reload: new source {}", url);
  }
  for (const std::string& url : before) {
    if (configured_sources.count(url)) continue;
    auto it = std::find_if(sources.begin(), sources.end(), [&](const auto& e) { return e.second.url == url; });
    if (it != sources.end()) {
      it->second.next_refresh_ms = kNever;
      it->second.last_error = "removed from the configuration";
      if (Status s = store.UpdateSourceState(it->second); !s.ok()) return s;
    }
    // Parked rather than deleted: its history stays, and adding it back
    // queues it again.
    Result<bool> parked = store.Requeue(url, kNever);
    if (!parked.ok()) return parked.status();
    spdlog::info("reload: source {} removed", url);
  }
  return LoadSources();
}

void Crawler::Impl::PublishGauges(int64_t now) {
  if (run == nullptr || run->metrics == nullptr) return;
  if (gauges_published_ms >= 0 && now - gauges_published_ms < 5000) return;
  gauges_published_ms = now;
  Result<StoreStats> stats = store.Stats();
  if (stats.ok()) run->metrics->SetFrontier(stats->urls_by_state);
  run->metrics->SetHostsInBackoff(static_cast<int64_t>(politeness.HostsInBackoff(now)));
  int64_t retired = std::count_if(sources.begin(), sources.end(),
                                  [](const auto& e) { return e.second.next_refresh_ms == kNever; });
  run->metrics->SetSources(static_cast<int64_t>(sources.size()) - retired, retired);
}

void Crawler::Impl::TrimMemory(int64_t now) {
  constexpr size_t kMaxEntries = 100'000;
  constexpr int64_t kDayMs = 86'400'000;
  bool daily = Continuous() && now - memory_trimmed_ms >= kDayMs;
  if (memory_trimmed_ms == 0) memory_trimmed_ms = now;
  if (daily || fetched_this_run.size() > kMaxEntries) fetched_this_run = {};
  if (daily || date_listings.size() > kMaxEntries) date_listings = {};
  if (daily || redirect_hops.size() > kMaxEntries) redirect_hops = {};
  if (daily || pages_per_host.size() > kMaxEntries) pages_per_host = {};
  if (daily) memory_trimmed_ms = now;
}

}  // namespace wirecrawl
