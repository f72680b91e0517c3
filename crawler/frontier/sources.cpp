#include "crawler/frontier/sources.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "crawler/frontier/priority.h"
#include "url/url.h"

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

}  // namespace

Status SourceSchedule::Load() {
  Result<std::vector<Source>> all = state_.DueSources(kNever);
  if (!all.ok()) return all.status();
  sources_.clear();
  for (Source& s : *all) sources_[s.id] = std::move(s);
  return Status::Ok();
}

Status SourceSchedule::QueueConfigured(int64_t now) {
  int64_t refresh = options_.daemon.source_refresh_min.count();
  for (const SourceList& list : SourceLists(options_, extra_seeds_)) {
    for (const std::string& raw : *list.urls) {
      Result<std::string> url = NormalizeUrl(raw);
      if (!url.ok()) return Status::InvalidArgument("source " + raw + ": " + url.status().message());
      configured_.insert(*url);
      Result<int64_t> id = state_.AddSource(*url, list.source, refresh);
      if (!id.ok()) return id.status();
      Result<bool> added = state_.Enqueue(UrlToEnqueue{.url = *url,
                                                       .kind = list.kind,
                                                       .found_via = FoundVia::kSeed,
                                                       .depth = 0,
                                                       .priority = list.prio,
                                                       .due_ms = now,
                                                       .source_id = *id});
      if (!added.ok()) return added.status();
      if (!*added) {
        Result<bool> requeued = state_.Requeue(*url, now);
        if (!requeued.ok()) return requeued.status();
      }
      // A configured source is never retired for good: configuring it
      // again (or restarting) gives it another chance.
      auto known = sources_.find(*id);
      if (known != sources_.end() && known->second.next_refresh_ms == kNever) {
        known->second.next_refresh_ms = now;
        known->second.consecutive_failures = 0;
        WIRECRAWL_RETURN_IF_ERROR(state_.UpdateSourceState(known->second));
      }
    }
  }
  return Status::Ok();
}

Status SourceSchedule::QueueAll(const std::vector<std::string>& extra_seeds, int64_t now) {
  extra_seeds_ = extra_seeds;
  WIRECRAWL_RETURN_IF_ERROR(Load());
  WIRECRAWL_RETURN_IF_ERROR(QueueConfigured(now));
  for (const auto& [id, source] : sources_) {
    if (source.next_refresh_ms == kNever || configured_.count(source.url)) continue;
    Result<bool> requeued = state_.Requeue(source.url, now);
    if (!requeued.ok()) return requeued.status();
  }
  return Load();
}

Status SourceSchedule::Reload(int64_t now) {
  std::unordered_set<std::string> before = std::move(configured_);
  configured_.clear();
  WIRECRAWL_RETURN_IF_ERROR(QueueConfigured(now));
  for (const std::string& url : configured_) {
    if (!before.count(url)) spdlog::info("reload: new source {}", url);
  }
  for (const std::string& url : before) {
    if (configured_.count(url)) continue;
    auto it = std::find_if(sources_.begin(), sources_.end(), [&](const auto& e) { return e.second.url == url; });
    if (it != sources_.end()) {
      it->second.next_refresh_ms = kNever;
      it->second.last_error = "removed from the configuration";
      WIRECRAWL_RETURN_IF_ERROR(state_.UpdateSourceState(it->second));
    }
    // Parked rather than deleted: its history stays, and adding it back
    // queues it again.
    Result<bool> parked = state_.Requeue(url, kNever);
    if (!parked.ok()) return parked.status();
    spdlog::info("reload: source {} removed", url);
  }
  return Load();
}

std::vector<std::string> SourceSchedule::ActiveUrls() const {
  std::vector<std::string> active;
  for (const auto& [id, source] : sources_) {
    if (source.next_refresh_ms != kNever || configured_.count(source.url)) active.push_back(source.url);
  }
  return active;
}

Result<std::optional<int64_t>> SourceSchedule::Refreshed(int64_t source_id, const std::string& url, bool ok,
                                                         bool yielded, int status, const std::string& error,
                                                         int64_t now) {
  int64_t min_interval = options_.daemon.source_refresh_min.count();
  int64_t max_interval = std::max(min_interval, static_cast<int64_t>(options_.daemon.source_refresh_max.count()));
  auto it = sources_.find(source_id);
  if (it == sources_.end()) {
    Source fresh;
    fresh.id = source_id;
    fresh.url = url;
    fresh.refresh_interval_ms = min_interval;
    it = sources_.emplace(source_id, std::move(fresh)).first;
  }
  Source& s = it->second;
  s.last_refreshed_ms = now;
  s.last_status = status > 0 ? std::optional<int>(status) : std::nullopt;
  int64_t interval = std::clamp(s.refresh_interval_ms, min_interval, max_interval);
  if (ok) {
    s.consecutive_failures = 0;
    s.last_error.clear();
    interval = yielded ? std::max(min_interval, interval / 2) : std::min(max_interval, interval + interval / 2);
  } else {
    ++s.consecutive_failures;
    s.last_error = error;
  }
  s.refresh_interval_ms = interval;
  bool retire = !ok && s.consecutive_failures >= options_.daemon.retire_source_after_failures;
  s.next_refresh_ms = retire ? kNever : now + interval;
  if (retire) {
    spdlog::warn("source {} retired after {} failed refreshes in a row (last: {})", s.url, s.consecutive_failures,
                 error);
  }
  WIRECRAWL_RETURN_IF_ERROR(state_.UpdateSourceState(s));
  if (retire) return std::optional<int64_t>();
  return std::optional<int64_t>(s.next_refresh_ms);
}

std::optional<int64_t> SourceSchedule::NextArticleRevisit(int64_t first_stored_ms, int64_t now) const {
  for (std::chrono::milliseconds after : options_.daemon.article_revisits) {
    // A revisit counts once it is due within a second, so that one fetched
    // a little early does not come back at once.
    if (first_stored_ms + after.count() > now + 1000) return first_stored_ms + after.count();
  }
  return std::nullopt;
}

int64_t SourceSchedule::retired_count() const {
  return std::count_if(sources_.begin(), sources_.end(),
                       [](const auto& e) { return e.second.next_refresh_ms == kNever; });
}

int64_t SourceSchedule::active_count() const { return static_cast<int64_t>(sources_.size()) - retired_count(); }

}  // namespace wirecrawl
