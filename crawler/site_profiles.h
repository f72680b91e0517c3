// crawler/site_profiles.h: what the crawl knows about each site when it
// classifies a page: the [[site]] rules of the config, and what it has
// learned (parser/site_profile.h: URL shapes of articles and listings,
// title affixes), read from the store the first time the crawl meets a host
// and written back as each page teaches it more.
//
// Workers never see this object: the crawl thread hands each page job an
// immutable snapshot of its site's profile (Snapshot), and learns from the
// analysed page afterwards (Learn). A snapshot is replaced, never changed,
// so a worker's copy stays valid whatever the crawl thread learns meanwhile.
//
// Thread safety: thread-compatible (the crawl thread owns it).
// REQUIRES of Snapshot and Learn: the caller's write batch is open.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "config/options.h"
#include "parser/page_kind.h"
#include "parser/site_profile.h"
#include "store/site_knowledge.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace wirecrawl {

// A [[site]] rule that decided a URL's kind.
struct SiteRuleMatch {
  PageKind kind = PageKind::kHub;
  std::string pattern;
};

class SiteProfiles {
 public:
  // REQUIRES: store and options outlive this; options may change between
  // calls (a reload: call OptionsChanged).
  SiteProfiles(SiteKnowledge& store, const CrawlerOptions& options);
  ~SiteProfiles();

  // The [[site]] rules were reloaded.
  void OptionsChanged();

  // The [[site]] rule that decides url's kind (url normalised, host its
  // host), if one does: a hub pattern first, then an article pattern.
  std::optional<SiteRuleMatch> MatchRule(std::string_view host, std::string_view url) const;

  // host's profile as it stands (an empty one for a host never seen).
  Result<std::shared_ptr<const SiteProfile>> Snapshot(const std::string& host);

  // A page of host was classified: its <title> teaches the site's title
  // affixes; a confident verdict (PageVerdict::confident) teaches the URL
  // shapes of its articles or listings. Save writes it to the store.
  Status Learn(const std::string& host, std::string_view url, std::string_view title_tag, PageKind kind,
               bool confident, int64_t now_ms);

  // Writes the profiles learned from since the last Save, in the caller's
  // batch. The crawl saves before each commit: a site's profile is a few
  // dozen rows rewritten whole, once per batch rather than once per page,
  // and it is committed with the pages that taught it.
  Status Save();

  // title without the affixes host's titles are known to carry
  // (SiteProfile::StripTitleAffixes), as learned so far.
  std::string StripTitle(const std::string& host, std::string_view title) const;

 private:
  struct CompiledRule;
  void Compile();

  SiteKnowledge& store_;
  const CrawlerOptions& options_;
  std::vector<CompiledRule> rules_;
  // Bounded by the hosts of one crawl's scope; a profile is a few KB.
  std::unordered_map<std::string, std::shared_ptr<const SiteProfile>> profiles_;
  std::unordered_set<std::string> unsaved_;  // hosts learned from since the last Save
};

}  // namespace wirecrawl
