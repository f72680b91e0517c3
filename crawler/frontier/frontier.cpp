#include "crawler/frontier/frontier.h"

#include <spdlog/spdlog.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>

#include "crawler/fetch/retry.h"
#include "crawler/frontier/priority.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

// Caps on what one crawl follows from a single date-listing pattern (see
// CrawlScope::DateListingKey): a year of monthly archives, or twelve daily
// ones; articles are found through sitemaps, feeds and section pages anyway.
constexpr int kMaxUrlsPerDateListing = 12;

// Sitemaps may be 50 MB by the protocol; pages keep the configured cap.
constexpr size_t kMaxSitemapBytes = 50u << 20;

PolitenessRules PolitenessFrom(const CrawlerOptions& o) {
  PolitenessRules r;
  r.connections_per_host = o.politeness.connections_per_host;
  r.min_delay_ms = o.politeness.min_delay.count();
  r.max_crawl_delay_ms = o.politeness.max_crawl_delay.count();
  r.max_backoff_ms = o.politeness.max_backoff.count();
  return r;
}

std::optional<int64_t> RetryAfterMs(const FetchResult& result) {
  if (result.retry_after.empty()) return std::nullopt;
  std::optional<std::chrono::seconds> s =
      ParseRetryAfter(result.retry_after, std::chrono::system_clock::now());
  if (!s) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(*s).count();
}

}  // namespace

Frontier::Frontier(CrawlState& state, const CrawlerOptions& options)
    : state_(state), options_(options), politeness_(PolitenessFrom(options)), robots_(state) {}

void Frontier::OptionsChanged() { politeness_.SetRules(PolitenessFrom(options_)); }

Status Frontier::RebuildScope(const std::vector<std::string>& source_urls, int64_t now_ms) {
  auto day = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(now_ms)));
  int year = static_cast<int>(std::chrono::year_month_day(day).year());
  Result<CrawlScope> built = CrawlScope::Create(options_.scope, source_urls, year);
  if (!built.ok()) return built.status();
  scope_ = std::move(built).value();
  links_seen_.clear();  // what the old scope refused, the new one may follow
  return Status::Ok();
}

bool Frontier::LimitReached() const {
  // scope.max_pages bounds one crawl; a daemon is not one crawl.
  return !continuous_ && options_.scope.max_pages > 0 && counts_.started >= options_.scope.max_pages;
}

// Scope, sitemap nesting and the date-listing cap; counts what it refuses.
bool Frontier::Followable(const std::string& url, UrlKind kind, int depth) {
  // A sitemap's depth is its nesting in sitemap indexes (page_analysis.cpp).
  if (kind == UrlKind::kSitemap && depth > options_.scope.max_sitemap_depth) {
    ++counts_.out_of_scope;
    // Said once per host and run; an index of 50,000 indexes is one line.
    const std::string host = HostOfUrl(url);
    const bool first = sitemap_cuts_logged_.insert(host).second;
    spdlog::log(
        first ? spdlog::level::info : spdlog::level::debug,
        "{}: sitemap not followed: its nesting depth in sitemap indexes is {}, past scope.max_sitemap_depth "
        "= {} (the sitemaps protocol lets an index list sitemaps, not other indexes){}",
        url, depth, options_.scope.max_sitemap_depth,
        first ? "; more on " + host + " are logged at debug level" : "");
    return false;
  }
  if (std::optional<std::string> why = scope_->Check(url, depth)) {
    ++counts_.out_of_scope;
    spdlog::trace("not following {}: {}", url, *why);
    return false;
  }
  if (std::optional<std::string> key = CrawlScope::DateListingKey(url)) {
    if (++date_listings_[*key] > kMaxUrlsPerDateListing) {
      ++counts_.out_of_scope;
      return false;
    }
  }
  return true;
}

bool Frontier::LinkMayChangeSomething(const std::string& url, int depth, int priority) {
  auto [it, first] = links_seen_.try_emplace(XXH3_64bits(url.data(), url.size()), LinkSeen{depth, priority});
  if (first) return true;
  LinkSeen& seen = it->second;
  if (depth >= seen.depth && priority <= seen.priority) return false;
  seen.depth = std::min(seen.depth, depth);
  seen.priority = std::max(seen.priority, priority);
  return true;
}

Result<bool> Frontier::Discover(const std::string& url, UrlKind kind, int depth, int prio, int64_t now_ms,
                                FoundVia found_via) {
  // Feeds, sitemaps and stronger evidence than a link always go through.
  if (found_via == FoundVia::kLink && kind == UrlKind::kPage && !LinkMayChangeSomething(url, depth, prio)) {
    return false;
  }
  if (fetched_this_run_.count(url)) {
    // Fetched already, so not queued again; but a stronger way of finding it
    // (a news sitemap or feed listing a page first reached through a teaser)
    // is still recorded: it is what `show` says and the evidence when the
    // page is revisited. The store keeps the strongest; a plain link never
    // strengthens anything.
    if (found_via == FoundVia::kLink || kind == UrlKind::kFeed || kind == UrlKind::kSitemap) return false;
  } else if (!Followable(url, kind, depth)) {
    return false;
  }
  // Feeds and sitemaps become sources: the daemon refreshes them, and the
  // next one-shot crawl reads them again (conditionally).
  std::optional<int64_t> source_id;
  if (kind == UrlKind::kFeed || kind == UrlKind::kSitemap) {
    Result<int64_t> source =
        state_.AddSource(url, kind == UrlKind::kFeed ? SourceKind::kFeed : SourceKind::kSitemap,
                         SourceOrigin::kDiscovered, options_.daemon.source_refresh_min.count());
    if (!source.ok()) return source.status();
    source_id = *source;
  }
  Result<bool> added = state_.Enqueue(UrlToEnqueue{.url = url,
                                                   .kind = kind,
                                                   .found_via = found_via,
                                                   .depth = depth,
                                                   .priority = prio,
                                                   .due_ms = now_ms,
                                                   .source_id = source_id});
  if (!added.ok()) return added.status();
  if (*added) ++counts_.discovered;
  return *added;
}

Result<Frontier::RedirectVerdict> Frontier::DiscoverRedirect(const DueUrl& from, const std::string& target,
                                                             int64_t now_ms) {
  int hops = 1;
  if (auto it = redirect_hops_.find(from.url); it != redirect_hops_.end()) hops = it->second + 1;
  if (hops > options_.limits.max_redirects) return RedirectVerdict::kTooManyHops;
  Result<std::string> host = UrlHost(target);
  if (!host.ok() || !scope_->HostAllowed(*host)) {
    ++counts_.out_of_scope;
    return RedirectVerdict::kOutOfScope;
  }
  // Bounded; a loop still ends in the frontier, which knows every URL.
  if (redirect_hops_.size() > 100'000) redirect_hops_.clear();
  redirect_hops_[target] = hops;
  // The target is the page the redirected URL stands for: what was known
  // of how that URL was found holds for it.
  FoundVia via = from.found_via == FoundVia::kLink ? FoundVia::kRedirect : from.found_via;
  Result<bool> queued = state_.Enqueue(UrlToEnqueue{.url = target,
                                                    .kind = from.kind,
                                                    .found_via = via,
                                                    .depth = from.depth,
                                                    .priority = from.priority,
                                                    .due_ms = now_ms,
                                                    .source_id = std::nullopt});
  if (!queued.ok()) return queued.status();
  if (*queued) ++counts_.discovered;
  return RedirectVerdict::kQueued;
}

Result<std::vector<FetchRequest>> Frontier::NextFetches(int64_t now_ms, size_t busy_elsewhere) {
  std::vector<FetchRequest> out;
  size_t global = static_cast<size_t>(std::max(1, options_.politeness.global_concurrency));
  auto capacity = [&] {
    size_t busy = fetches_in_flight() + busy_elsewhere;
    return busy >= global || LimitReached() ? size_t{0} : global - busy;
  };
  auto start_held = [&] {
    for (auto it = held_.begin(); it != held_.end();) {
      while (capacity() > 0 && !it->second.empty() && politeness_.MayStart(it->first, now_ms)) {
        DueUrl url = std::move(it->second.front());
        it->second.pop_front();
        WIRECRAWL_RETURN_IF_ERROR(Start(std::move(url), now_ms, &out));
      }
      it = it->second.empty() ? held_.erase(it) : std::next(it);
    }
    return Status::Ok();
  };
  // URLs already taken from the store go first.
  WIRECRAWL_RETURN_IF_ERROR(start_held());
  taken_last_ = 0;
  size_t room = capacity();
  if (room > 0) {
    std::vector<std::string> skip = politeness_.BlockedHosts(now_ms);
    for (const auto& [host, urls] : held_) skip.push_back(host);
    for (const auto& [host, urls] : awaiting_robots_) skip.push_back(host);
    size_t per_host = static_cast<size_t>(std::max(1, options_.politeness.connections_per_host));
    Result<std::vector<DueUrl>> due = state_.TakeDue(now_ms, room, per_host, skip);
    if (!due.ok()) return due.status();
    for (DueUrl& url : *due) {
      // PostgreSQL: the host was just leased from another crawler process,
      // which may have asked it a moment ago. Wait for the time it stored,
      // and read the host's stored politeness again (RestoreLastRequest)
      // even if this process knew the host before it went elsewhere.
      if (url.host_not_before_ms > 0) {
        politeness_.NotBefore(url.host, url.host_not_before_ms);
        restored_hosts_.erase(url.host);
      }
      WIRECRAWL_RETURN_IF_ERROR(Admit(std::move(url), now_ms));
    }
    taken_last_ = due->size();
    WIRECRAWL_RETURN_IF_ERROR(start_held());
  } else {
    // Every slot busy: asking for no URL still renews this process's host
    // leases (PostgreSQL; SQLite returns at once), so that long transfers
    // do not let them expire.
    Result<std::vector<DueUrl>> none = state_.TakeDue(now_ms, 0, 1, {});
    if (!none.ok()) return none.status();
  }
  // robots.txt fetches are few and gate everything else on their host: they
  // start whatever the free slots, but only when the host's politeness
  // allows (a request of the process before counts: RestoreLastRequest).
  for (auto it = robots_to_fetch_.begin(); it != robots_to_fetch_.end();) {
    const std::string& host = robots_requests_.at(it->id);
    if (!politeness_.MayStart(host, now_ms)) {
      ++it;
      continue;
    }
    WIRECRAWL_RETURN_IF_ERROR(SaveHost(host, now_ms + politeness_.DelayMs(host)));
    politeness_.OnStart(host, now_ms);
    out.push_back(std::move(*it));
    it = robots_to_fetch_.erase(it);
  }
  return out;
}

Result<const RobotsCache::Entry*> Frontier::RobotsFor(const DueUrl& url, int64_t now_ms) {
  static const RobotsCache::Entry kAllowAll{RobotsRules::AllowAll(), INT64_MAX};
  if (!options_.politeness.obey_robots) return &kAllowAll;
  if (awaiting_robots_.count(url.host)) return static_cast<const RobotsCache::Entry*>(nullptr);
  Result<const RobotsCache::Entry*> known = robots_.Find(url.host, now_ms);
  if (!known.ok() || *known != nullptr) return known;
  Result<std::string> robots_url = RobotsTxtUrl(url.url);
  if (!robots_url.ok()) return robots_url.status();
  WIRECRAWL_RETURN_IF_ERROR(RestoreLastRequest(url.host));
  uint64_t id = next_robots_request_++;
  robots_requests_[id] = url.host;
  awaiting_robots_[url.host];  // URLs of this host wait here
  robots_to_fetch_.push_back(FetchRequest{.url = *robots_url, .id = id});
  return static_cast<const RobotsCache::Entry*>(nullptr);
}

Status Frontier::Admit(DueUrl url, int64_t now_ms) {
  Result<const RobotsCache::Entry*> robots = RobotsFor(url, now_ms);
  if (!robots.ok()) return robots.status();
  if (*robots == nullptr) {
    awaiting_robots_[url.host].push_back(std::move(url));
    return Status::Ok();
  }
  const RobotsRules& rules = (*robots)->rules;
  if (rules.temporary()) {
    // Unreachable robots.txt: nothing may be fetched now; try again when
    // the cached verdict expires, without counting an attempt against the URL.
    ++counts_.robots_waits;
    return state_.MarkFailed(FailedUrl{.url_id = url.id,
                                       .failed_ms = now_ms,
                                       .http_status = std::nullopt,
                                       .error = "robots.txt unreachable: host disallowed for now",
                                       .retry_at_ms = (*robots)->expires_ms});
  }
  RobotsRules::Verdict verdict = rules.Evaluate(options_.politeness.robots_agent, url.url);
  if (!verdict.allowed) {
    ++counts_.robots_denied;
    if (metrics_ != nullptr) metrics_->RecordRobotsDenial();
    spdlog::debug("robots.txt of {} disallows {} (line {}: {})", url.host, url.url, verdict.line,
                  verdict.rule);
    return state_.MarkSkipped(url.id,
                              "robots.txt line " + std::to_string(verdict.line) + ": " + verdict.rule);
  }
  if (!continuous_ && options_.scope.max_pages_per_host > 0 &&
      pages_per_host_[url.host] + static_cast<int64_t>(held_[url.host].size()) >=
          options_.scope.max_pages_per_host) {
    if (held_[url.host].empty()) held_.erase(url.host);
    return state_.MarkSkipped(url.id, "scope.max_pages_per_host reached");
  }
  std::optional<std::chrono::milliseconds> delay = rules.CrawlDelay(options_.politeness.robots_agent);
  politeness_.SetCrawlDelay(url.host, delay ? std::optional<int64_t>(delay->count()) : std::nullopt);
  WIRECRAWL_RETURN_IF_ERROR(RestoreLastRequest(url.host));
  held_[url.host].push_back(std::move(url));
  return Status::Ok();
}

Status Frontier::RestoreLastRequest(const std::string& host) {
  if (!restored_hosts_.insert(host).second) return Status::Ok();
  Result<HostPoliteness> stored = state_.GetPoliteness(host);
  if (!stored.ok()) return stored.status();
  // Never contacted: SaveHost commits a host's first contact before it
  // starts (TakeCommitNow), so no record means no request.
  if (stored->next_allowed_ms == 0) return Status::Ok();
  // The delay the process before used (a Crawl-delay this one has not read
  // yet, its robots.txt not cached) counts as much as this one's.
  int64_t delay = std::max(politeness_.DelayMs(host), stored->crawl_delay_ms);
  politeness_.NotBefore(host, std::max(stored->next_allowed_ms, run_started_ms_ + delay));
  return Status::Ok();
}

Status Frontier::SaveHost(const std::string& host, int64_t next_allowed_ms) {
  const int64_t delay = politeness_.DelayMs(host);
  // A host's first contact in this run, or a new delay for it: the record
  // must be in the store before the request leaves (see RestoreLastRequest),
  // else a process killed before its next commit leaves a next one nothing
  // to wait for.
  auto saved = saved_delays_.find(host);
  if (saved == saved_delays_.end() || saved->second != delay) {
    commit_now_ = true;
    saved_delays_[host] = delay;
  }
  return state_.PutPoliteness(host,
                              HostPoliteness{.crawl_delay_ms = delay,
                                             .next_allowed_ms = next_allowed_ms,
                                             .backoff_until_ms = politeness_.BackoffUntilMs(host),
                                             .consecutive_errors = hosts_backed_off_.count(host) ? 1 : 0});
}

Status Frontier::Start(DueUrl url, int64_t now_ms, std::vector<FetchRequest>* out) {
  WIRECRAWL_RETURN_IF_ERROR(SaveHost(url.host, now_ms + politeness_.DelayMs(url.host)));
  politeness_.OnStart(url.host, now_ms);
  ++counts_.started;
  ++pages_per_host_[url.host];
  FetchRequest request{.url = url.url,
                       .etag = url.etag,
                       .last_modified = url.last_modified,
                       .max_body_bytes = 0,
                       .id = static_cast<uint64_t>(url.id),
                       .follow_redirects = false};
  if (url.kind == UrlKind::kSitemap) {
    request.max_body_bytes = std::max(kMaxSitemapBytes, static_cast<size_t>(options_.limits.max_body_bytes));
  }
  in_flight_.emplace(request.id, Finished{std::move(url), now_ms});
  out->push_back(std::move(request));
  return Status::Ok();
}

Result<Frontier::RobotsOutcome> Frontier::RobotsFetched(const FetchResult& result, int64_t now_ms) {
  RobotsOutcome outcome;
  auto request = robots_requests_.find(result.id);
  outcome.host = std::move(request->second);
  robots_requests_.erase(request);
  const std::string& host = outcome.host;
  std::vector<DueUrl> waiting = std::move(awaiting_robots_[host]);
  awaiting_robots_.erase(host);

  int status = result.ok() ? static_cast<int>(result.status) : 0;
  RobotsRules rules = RobotsRules::FromFetch(status, result.body);
  // The Crawl-delay counts from this very request.
  std::optional<std::chrono::milliseconds> delay = rules.CrawlDelay(options_.politeness.robots_agent);
  politeness_.SetCrawlDelay(host, delay ? std::optional<int64_t>(delay->count()) : std::nullopt);
  bool overload = SignalsHostOverload(result);
  politeness_.OnFinish(host, now_ms, overload ? HostOutcome::kOverload : HostOutcome::kHealthy);
  // A Crawl-delay goes to the store at once (TakeCommitNow), with the
  // rules: the next process must not ask faster than this one was told.
  if (saved_delays_.count(host) && saved_delays_[host] != politeness_.DelayMs(host)) {
    WIRECRAWL_RETURN_IF_ERROR(SaveHost(host, now_ms + politeness_.DelayMs(host)));
  }
  // Their URLs stay "fetching" and are queued again at the end of the run.
  if (result.error == FetchError::kCancelled) return outcome;
  if (result.error == FetchError::kAddressRefused || result.error == FetchError::kTls) {
    // The address policy is the config's, and a certificate that does not
    // verify (expired, for another host, an unknown issuer) will not verify
    // on a retry either: waiting cannot change them within this run, so the
    // host's URLs fail now, each with the reason, rather than wait (queued,
    // the host "unreachable") for a robots.txt that will never be fetched.
    spdlog::error("{}: {}", host, result.error_detail.message());
    outcome.refused = std::move(waiting);
    return outcome;
  }
  if (!result.ok()) {
    spdlog::warn("robots.txt of {}: {}; the host is off limits for now", host, result.error_detail.message());
  }
  Result<const RobotsCache::Entry*> cached = robots_.Put(host, status, result.body, std::move(rules), now_ms,
                                                         options_.politeness.robots_cache_ttl.count());
  if (!cached.ok()) return cached.status();

  // Discovery: the Sitemap: lines, else the conventional /sitemap.xml.
  std::vector<std::string> sitemaps = (*cached)->rules.sitemaps();
  if (sitemaps.empty() && !(*cached)->rules.temporary()) sitemaps.push_back("/sitemap.xml");
  for (const std::string& sitemap : sitemaps) {
    Result<std::string> url = ResolveUrl(result.url, sitemap);
    if (!url.ok()) continue;
    Result<bool> queued = Discover(*url, UrlKind::kSitemap, 0, priority::kSitemap, now_ms);
    if (!queued.ok()) return queued.status();
  }
  // The host's rules are known now: its URLs start at the next NextFetches.
  for (DueUrl& url : waiting) WIRECRAWL_RETURN_IF_ERROR(Admit(std::move(url), now_ms));
  return outcome;
}

Result<std::optional<Frontier::Finished>> Frontier::PageFetched(const FetchResult& result, int64_t now_ms) {
  auto it = in_flight_.find(result.id);
  if (it == in_flight_.end()) return std::optional<Finished>();
  Finished finished = std::move(it->second);
  in_flight_.erase(it);
  const std::string& host = finished.url.host;
  bool overload = SignalsHostOverload(result);
  politeness_.OnFinish(host, now_ms, overload ? HostOutcome::kOverload : HostOutcome::kHealthy,
                       overload ? RetryAfterMs(result) : std::nullopt);
  if (result.error == FetchError::kCancelled) return std::optional<Finished>(std::move(finished));
  // A back-off is also written to the store: the next process (after a
  // restart) honours it, and `wirecrawl status` counts it.
  if (overload || hosts_backed_off_.count(host)) {
    if (overload) {
      hosts_backed_off_.insert(host);
    } else {
      hosts_backed_off_.erase(host);
    }
    WIRECRAWL_RETURN_IF_ERROR(SaveHost(host, now_ms + politeness_.DelayMs(host)));
  }
  return std::optional<Finished>(std::move(finished));
}

std::string Frontier::Describe(int64_t now_ms) const {
  return std::to_string(in_flight_.size()) + " in flight, " + std::to_string(robots_requests_.size()) +
         " robots.txt fetches (" + std::to_string(robots_to_fetch_.size()) + " waiting for politeness), " +
         std::to_string(held_.size()) + " hosts holding URLs, " + std::to_string(awaiting_robots_.size()) +
         " hosts awaiting robots.txt, " + std::to_string(politeness_.BlockedHosts(now_ms).size()) +
         " hosts blocked";
}

void Frontier::EndRun() {
  robots_to_fetch_.clear();
  in_flight_.clear();
  held_.clear();
  awaiting_robots_.clear();
  robots_requests_.clear();
}

void Frontier::TrimMemory(int64_t now_ms) {
  constexpr size_t kMaxEntries = 100'000;
  constexpr int64_t kDayMs = 86'400'000;
  bool daily = continuous_ && now_ms - memory_trimmed_ms_ >= kDayMs;
  if (memory_trimmed_ms_ == 0) memory_trimmed_ms_ = now_ms;
  if (daily || fetched_this_run_.size() > kMaxEntries) fetched_this_run_ = {};
  if (daily || links_seen_.size() > kMaxEntries) links_seen_ = {};
  if (daily || date_listings_.size() > kMaxEntries) date_listings_ = {};
  if (daily || redirect_hops_.size() > kMaxEntries) redirect_hops_ = {};
  if (daily || pages_per_host_.size() > kMaxEntries) pages_per_host_ = {};
  if (restored_hosts_.size() > kMaxEntries) restored_hosts_ = {};
  if (sitemap_cuts_logged_.size() > kMaxEntries) sitemap_cuts_logged_ = {};
  if (saved_delays_.size() > kMaxEntries) saved_delays_ = {};  // costs a commit per host, once
  if (daily) memory_trimmed_ms_ = now_ms;
}

}  // namespace wirecrawl
