#include "crawler/metrics/metrics.h"

#include <algorithm>
#include <cstdio>

namespace wirecrawl {
namespace {

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void Header(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double value) {
  size_t i = static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  ++counts_[i];
  sum_ += value;
  ++count_;
}

void Histogram::Render(const std::string& name, std::string& out) const {
  uint64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    out += name + "_bucket{le=\"" + Number(bounds_[i]) + "\"} " + std::to_string(cumulative) + "\n";
  }
  out += name + "_bucket{le=\"+Inf\"} " + std::to_string(count_) + "\n";
  out += name + "_sum " + Number(sum_) + "\n";
  out += name + "_count " + std::to_string(count_) + "\n";
}

CrawlMetrics::CrawlMetrics()
    : fetch_seconds_({0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}),
      // One minute to two days: wire copies appear within minutes, while a
      // sitemap crawl of an archive sees articles days old.
      publish_lag_seconds_({60, 120, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400, 172800}) {}

void CrawlMetrics::RecordFetch(int status, uint64_t bytes, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t cls = status >= 100 && status < 600 ? static_cast<size_t>(status / 100) : 0;
  ++fetches_by_class_[cls];
  bytes_ += bytes;
  fetch_seconds_.Observe(seconds);
}

void CrawlMetrics::RecordArticle(bool new_story, bool exact_duplicate,
                                 std::optional<double> publish_lag_seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++articles_;
  if (new_story) {
    ++stories_;
  } else if (exact_duplicate) {
    ++exact_duplicates_;
  } else {
    ++near_duplicates_;
  }
  if (publish_lag_seconds && *publish_lag_seconds >= 0) publish_lag_seconds_.Observe(*publish_lag_seconds);
}

void CrawlMetrics::RecordRobotsDenial() {
  std::lock_guard<std::mutex> lock(mu_);
  ++robots_denials_;
}

void CrawlMetrics::SetFrontier(std::vector<std::pair<std::string, int64_t>> urls_by_state) {
  std::lock_guard<std::mutex> lock(mu_);
  frontier_ = std::move(urls_by_state);
}

void CrawlMetrics::SetHostsInBackoff(int64_t hosts) {
  std::lock_guard<std::mutex> lock(mu_);
  hosts_in_backoff_ = hosts;
}

void CrawlMetrics::SetSources(int64_t active, int64_t retired) {
  std::lock_guard<std::mutex> lock(mu_);
  sources_active_ = active;
  sources_retired_ = retired;
}

std::string CrawlMetrics::PrometheusText() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  static const char* kClasses[] = {"error", "1xx", "2xx", "3xx", "4xx", "5xx"};
  Header(out, "wirecrawl_fetches_total", "counter", "Fetches by HTTP status class (error: no response).");
  for (size_t i = 0; i < fetches_by_class_.size(); ++i) {
    out += std::string("wirecrawl_fetches_total{class=\"") + kClasses[i] + "\"} " +
           std::to_string(fetches_by_class_[i]) + "\n";
  }
  Header(out, "wirecrawl_fetched_bytes_total", "counter", "Bytes received.");
  out += "wirecrawl_fetched_bytes_total " + std::to_string(bytes_) + "\n";
  Header(out, "wirecrawl_articles_total", "counter", "New articles stored.");
  out += "wirecrawl_articles_total " + std::to_string(articles_) + "\n";
  Header(out, "wirecrawl_stories_total", "counter", "New stories (articles that matched no earlier one).");
  out += "wirecrawl_stories_total " + std::to_string(stories_) + "\n";
  Header(out, "wirecrawl_duplicates_total", "counter", "New articles that joined a story, by kind.");
  out += "wirecrawl_duplicates_total{kind=\"exact\"} " + std::to_string(exact_duplicates_) + "\n";
  out += "wirecrawl_duplicates_total{kind=\"near\"} " + std::to_string(near_duplicates_) + "\n";
  Header(out, "wirecrawl_robots_denials_total", "counter",
         "URLs not fetched because robots.txt disallows them.");
  out += "wirecrawl_robots_denials_total " + std::to_string(robots_denials_) + "\n";
  Header(out, "wirecrawl_frontier_urls", "gauge", "URLs in the frontier by state.");
  for (const auto& [state, count] : frontier_) {
    out += "wirecrawl_frontier_urls{state=\"" + state + "\"} " + std::to_string(count) + "\n";
  }
  Header(out, "wirecrawl_hosts_in_backoff", "gauge", "Hosts backed off after 429/503/timeouts.");
  out += "wirecrawl_hosts_in_backoff " + std::to_string(hosts_in_backoff_) + "\n";
  Header(out, "wirecrawl_sources", "gauge", "Sources by state.");
  out += "wirecrawl_sources{state=\"active\"} " + std::to_string(sources_active_) + "\n";
  out += "wirecrawl_sources{state=\"retired\"} " + std::to_string(sources_retired_) + "\n";
  Header(out, "wirecrawl_fetch_duration_seconds", "histogram", "Fetch latency, request to last byte.");
  fetch_seconds_.Render("wirecrawl_fetch_duration_seconds", out);
  Header(out, "wirecrawl_publish_to_ingest_seconds", "histogram",
         "Lag from an article's published time to the time it was stored.");
  publish_lag_seconds_.Render("wirecrawl_publish_to_ingest_seconds", out);
  return out;
}

}  // namespace wirecrawl
