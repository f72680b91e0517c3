#include "crawler/frontier/sources.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "crawler/frontier/priority.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

struct SourceList {
  const std::vector<std::string>* urls;
  SourceKind kind;
  SourceOrigin origin;
};

std::vector<SourceList> SourceLists(const CrawlerOptions& o, const std::vector<std::string>& extra_seeds) {
  return {
      {&o.sources.sitemaps, SourceKind::kSitemap, SourceOrigin::kConfig},
      {&o.sources.feeds, SourceKind::kFeed, SourceOrigin::kConfig},
      {&o.sources.seeds, SourceKind::kSeed, SourceOrigin::kConfig},
      {&extra_seeds, SourceKind::kSeed, SourceOrigin::kCommandLine},
  };
}

UrlKind FrontierKind(SourceKind kind) {
  switch (kind) {
    case SourceKind::kSitemap:
      return UrlKind::kSitemap;
    case SourceKind::kFeed:
      return UrlKind::kFeed;
    case SourceKind::kSeed:
      return UrlKind::kHub;
  }
  return UrlKind::kHub;
}

int FrontierPriority(SourceKind kind) {
  switch (kind) {
    case SourceKind::kSitemap:
      return priority::kSitemap;
    case SourceKind::kFeed:
      return priority::kFeed;
    case SourceKind::kSeed:
      return priority::kSeed;
  }
  return priority::kSeed;
}

}  // namespace

Status SourceSchedule::Load() {
  Result<std::vector<Source>> all = state_.DueSources(kNever);
  if (!all.ok()) return all.status();
  sources_.clear();
  for (Source& s : *all) sources_[s.id] = std::move(s);
  return Status::Ok();
}

Status SourceSchedule::QueueSource(const std::string& url, SourceKind kind, SourceOrigin origin,
                                   int64_t source_id, int64_t now) {
  // A source the operator named is a seed (a front page, not an article); a
  // discovered one keeps the way it was found.
  FoundVia found_via = origin == SourceOrigin::kDiscovered ? FoundVia::kLink : FoundVia::kSeed;
  Result<bool> added = state_.Enqueue(UrlToEnqueue{.url = url,
                                                   .kind = FrontierKind(kind),
                                                   .found_via = found_via,
                                                   .depth = 0,
                                                   .priority = FrontierPriority(kind),
                                                   .due_ms = now,
                                                   .source_id = source_id});
  if (!added.ok()) return added.status();
  if (!*added) {
    Result<bool> requeued = state_.Requeue(url, now);
    if (!requeued.ok()) return requeued.status();
  }
  return Status::Ok();
}

// REQUIRES: sources_ loaded (Load), so that a paused source stays parked.
Status SourceSchedule::QueueConfigured(int64_t now) {
  int64_t refresh = options_.daemon.source_refresh_min.count();
  for (const SourceList& list : SourceLists(options_, extra_seeds_)) {
    for (const std::string& raw : *list.urls) {
      Result<std::string> url = NormalizeUrl(raw);
      if (!url.ok()) return Status::InvalidArgument("source " + raw + ": " + url.status().message());
      bool command_line = list.origin == SourceOrigin::kCommandLine;
      (command_line ? command_line_ : configured_).insert(*url);
      Result<int64_t> id = state_.AddSource(*url, list.kind, list.origin, refresh);
      if (!id.ok()) return id.status();
      auto known = sources_.find(*id);
      if (known != sources_.end() && known->second.paused && !command_line) {
        spdlog::info("source {} is paused (`wirecrawl sources resume` to read it again)", *url);
        continue;
      }
      WIRECRAWL_RETURN_IF_ERROR(QueueSource(*url, list.kind, list.origin, *id, now));
      // A configured source is never retired for good: configuring it
      // again (or restarting) gives it another chance; so is one named on
      // the command line.
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
  command_line_.clear();
  failed_inputs_.clear();
  WIRECRAWL_RETURN_IF_ERROR(Load());
  WIRECRAWL_RETURN_IF_ERROR(QueueConfigured(now));
  WIRECRAWL_RETURN_IF_ERROR(Load());  // the origins QueueConfigured raised
  for (const auto& [id, source] : sources_) {
    if (configured_.count(source.url) || command_line_.count(source.url) || !Active(source)) continue;
    WIRECRAWL_RETURN_IF_ERROR(QueueSource(source.url, source.kind, source.origin, id, now));
  }
  return Status::Ok();
}

Status SourceSchedule::Reload(int64_t now) {
  std::unordered_set<std::string> before = std::move(configured_);
  configured_.clear();
  // Read first: the operator may have paused or removed sources since.
  WIRECRAWL_RETURN_IF_ERROR(Load());
  WIRECRAWL_RETURN_IF_ERROR(QueueConfigured(now));
  for (const std::string& url : configured_) {
    if (!before.count(url)) spdlog::info("reload: new source {}", url);
  }
  for (const std::string& url : before) {
    if (configured_.count(url)) continue;
    auto it =
        std::find_if(sources_.begin(), sources_.end(), [&](const auto& e) { return e.second.url == url; });
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
  for (const auto& [id, source] : sources_) {
    if (!source.paused) continue;
    Result<bool> parked = state_.Requeue(source.url, kNever);
    if (!parked.ok()) return parked.status();
  }
  return Load();
}

bool SourceSchedule::Named(const Source& source) const {
  return source.origin == SourceOrigin::kConfig || source.origin == SourceOrigin::kAdded ||
         configured_.count(source.url) > 0 || command_line_.count(source.url) > 0;
}

bool SourceSchedule::Active(const Source& source) const {
  if (command_line_.count(source.url)) return true;
  if (source.paused) return false;
  if (configured_.count(source.url)) return true;
  return source.next_refresh_ms != kNever && source.origin != SourceOrigin::kCommandLine;
}

std::vector<std::string> SourceSchedule::ActiveUrls() const {
  std::vector<std::string> active;
  for (const auto& [id, source] : sources_) {
    if (Active(source)) active.push_back(source.url);
  }
  return active;
}

Result<std::optional<int64_t>> SourceSchedule::Refreshed(int64_t source_id, const std::string& url, bool ok,
                                                         bool yielded, int status, const std::string& error,
                                                         int64_t now) {
  int64_t min_interval = options_.daemon.source_refresh_min.count();
  int64_t max_interval =
      std::max(min_interval, static_cast<int64_t>(options_.daemon.source_refresh_max.count()));
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
    interval =
        yielded ? std::max(min_interval, interval / 2) : std::min(max_interval, interval + interval / 2);
  } else {
    ++s.consecutive_failures;
    s.last_error = error;
  }
  s.refresh_interval_ms = interval;
  if (ok) {
    failed_inputs_.erase(s.url);
  } else if (Named(s)) {
    failed_inputs_[s.url] = error;
  }
  bool retire = !ok && s.consecutive_failures >= options_.daemon.retire_source_after_failures;
  s.next_refresh_ms = retire ? kNever : now + interval;
  if (retire) {
    spdlog::warn("source {} retired after {} failed refreshes in a row (last: {})", s.url,
                 s.consecutive_failures, error);
  }
  WIRECRAWL_RETURN_IF_ERROR(state_.UpdateSourceState(s));
  if (retire || (s.paused && !command_line_.count(s.url))) return std::optional<int64_t>();
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

std::vector<FailedInput> SourceSchedule::FailedInputs() const {
  std::vector<FailedInput> failed;
  for (const auto& [url, error] : failed_inputs_) failed.push_back(FailedInput{url, error});
  return failed;
}

int64_t SourceSchedule::retired_count() const {
  return std::count_if(sources_.begin(), sources_.end(),
                       [](const auto& e) { return e.second.next_refresh_ms == kNever; });
}

int64_t SourceSchedule::active_count() const {
  return std::count_if(sources_.begin(), sources_.end(), [this](const auto& e) { return Active(e.second); });
}

}  // namespace wirecrawl
