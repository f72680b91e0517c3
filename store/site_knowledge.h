// store/site_knowledge.h: what the crawler has learned about each site
// (host): the URL shapes of its articles and listings and its title affixes
// (parser/site_profile.h), kept so that the next crawl starts from it.
//
// Used by the crawl (crawler/site_profiles.h), which reads a site's profile
// the first time it meets the host and writes it back as it learns. A
// backend implements it with its own types; nothing here names SQL.
//
// Contract: as for every role of a Store (store/store.h): one thread at a
// time, writes inside the caller's batch, failures as Status.
#pragma once

#include <string_view>

#include "base/status.h"
#include "parser/site_profile.h"

namespace wirecrawl {

class SiteKnowledge {
 public:
  virtual ~SiteKnowledge() = default;

  // The profile stored for host (lower-case, with ":port" when not the
  // scheme's default); an empty profile for a host never learned.
  virtual Result<SiteProfile> GetSiteProfile(std::string_view host) = 0;
  // Replaces what is stored for profile.host with profile.
  // REQUIRES: profile.host is not empty.
  virtual Status PutSiteProfile(const SiteProfile& profile) = 0;
};

}  // namespace wirecrawl
