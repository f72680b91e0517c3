#include "crawler/site_profiles.h"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

namespace wirecrawl {

struct SiteProfiles::CompiledRule {
  std::string host;
  // shared: the compiled patterns never change once built.
  std::vector<std::pair<std::shared_ptr<const re2::RE2>, std::string>> article, hub;
};

namespace {

bool HostCovers(std::string_view rule_host, std::string_view host) {
  // The rule's host and its subdomains; the port does not matter.
  host = host.substr(0, host.find(':'));
  if (host == rule_host) return true;
  return host.size() > rule_host.size() && host.substr(host.size() - rule_host.size()) == rule_host &&
         host[host.size() - rule_host.size() - 1] == '.';
}

std::vector<std::pair<std::shared_ptr<const re2::RE2>, std::string>> CompileAll(
    const std::vector<std::string>& patterns) {
  std::vector<std::pair<std::shared_ptr<const re2::RE2>, std::string>> out;
  re2::RE2::Options options;
  options.set_log_errors(false);
  for (const std::string& p : patterns) {
    auto re = std::make_shared<const re2::RE2>(p, options);
    // The config loader checked every pattern (config/options.cpp).
    if (!re->ok()) {
      spdlog::warn("[[site]] pattern '{}': {}; ignored", p, re->error());
      continue;
    }
    out.emplace_back(std::move(re), p);
  }
  return out;
}

}  // namespace

SiteProfiles::SiteProfiles(SiteKnowledge& store, const CrawlerOptions& options)
    : store_(store), options_(options) {
  Compile();
}

SiteProfiles::~SiteProfiles() = default;

void SiteProfiles::OptionsChanged() { Compile(); }

void SiteProfiles::Compile() {
  rules_.clear();
  for (const CrawlerOptions::Site& site : options_.sites) {
    rules_.push_back(CompiledRule{site.host, CompileAll(site.article_urls), CompileAll(site.hub_urls)});
  }
}

std::optional<SiteRuleMatch> SiteProfiles::MatchRule(std::string_view host, std::string_view url) const {
  for (const CompiledRule& rule : rules_) {
    if (!HostCovers(rule.host, host)) continue;
    for (const auto& [re, text] : rule.hub) {
      if (re2::RE2::PartialMatch(re2::StringPiece(url.data(), url.size()), *re)) {
        return SiteRuleMatch{PageKind::kHub, text};
      }
    }
    for (const auto& [re, text] : rule.article) {
      if (re2::RE2::PartialMatch(re2::StringPiece(url.data(), url.size()), *re)) {
        return SiteRuleMatch{PageKind::kArticle, text};
      }
    }
  }
  return std::nullopt;
}

Result<std::shared_ptr<const SiteProfile>> SiteProfiles::Snapshot(const std::string& host) {
  if (auto it = profiles_.find(host); it != profiles_.end()) return it->second;
  Result<SiteProfile> stored = store_.GetSiteProfile(host);
  if (!stored.ok()) return stored.status();
  auto profile = std::make_shared<const SiteProfile>(std::move(stored).value());
  profiles_.emplace(host, profile);
  return profile;
}

Status SiteProfiles::Learn(const std::string& host, std::string_view url, std::string_view title_tag,
                           PageKind kind, bool confident, int64_t now_ms) {
  if (host.empty()) return Status::Ok();
  Result<std::shared_ptr<const SiteProfile>> current = Snapshot(host);
  if (!current.ok()) return current.status();
  // Copy, change, replace: workers may still hold the old snapshot.
  auto next = std::make_shared<SiteProfile>(**current);
  next->host = host;
  LearnFromPage(*next, url, title_tag, kind, confident, now_ms);
  if (next->empty()) return Status::Ok();
  profiles_[host] = std::move(next);
  unsaved_.insert(host);
  return Status::Ok();
}

Status SiteProfiles::Save() {
  for (auto it = unsaved_.begin(); it != unsaved_.end(); it = unsaved_.erase(it)) {
    WIRECRAWL_RETURN_IF_ERROR(store_.PutSiteProfile(*profiles_.at(*it)));
  }
  return Status::Ok();
}

std::string SiteProfiles::StripTitle(const std::string& host, std::string_view title) const {
  auto it = profiles_.find(host);
  return it == profiles_.end() ? std::string(title) : it->second->StripTitleAffixes(title);
}

}  // namespace wirecrawl
