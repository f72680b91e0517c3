// crawler/metrics.h: the crawl's live figures, in Prometheus text format.
//
// The crawl thread records events (a fetch, an article, a robots.txt
// denial); the metrics endpoint's thread renders them. Everything is in
// memory and of fixed size: counters, gauges and histograms with fixed
// buckets, so a daemon running for months does not grow.
//
// The publish->ingest lag (an article's published time to the time it was
// stored) is what a newsroom cares about: how late do we see a story?
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wirecrawl {

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  // Prometheus lines for `name` (buckets, sum, count).
  void Render(const std::string& name, std::string& out) const;
  uint64_t count() const { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;  // per bucket, not cumulative
  double sum_ = 0;
  uint64_t count_ = 0;
};

class CrawlMetrics {
 public:
  CrawlMetrics();

  // status: HTTP status (0 when no response arrived).
  void RecordFetch(int status, uint64_t bytes, double seconds);
  // publish_lag_seconds: stored time minus published time, when known.
  void RecordArticle(bool new_story, bool exact_duplicate, std::optional<double> publish_lag_seconds);
  void RecordRobotsDenial();
  void SetFrontier(std::vector<std::pair<std::string, int64_t>> urls_by_state);
  void SetHostsInBackoff(int64_t hosts);
  void SetSources(int64_t active, int64_t retired);

  std::string PrometheusText() const;

 private:
  mutable std::mutex mu_;
  // GUARDED_BY(mu_):
  std::array<uint64_t, 6> fetches_by_class_{};  // error, 1xx..5xx
  uint64_t bytes_ = 0;
  uint64_t articles_ = 0;
  uint64_t stories_ = 0;
  uint64_t exact_duplicates_ = 0;
  uint64_t near_duplicates_ = 0;
  uint64_t robots_denials_ = 0;
  int64_t hosts_in_backoff_ = 0;
  int64_t sources_active_ = 0;
  int64_t sources_retired_ = 0;
  std::vector<std::pair<std::string, int64_t>> frontier_;
  Histogram fetch_seconds_;
  Histogram publish_lag_seconds_;
};

}  // namespace wirecrawl
