// crawler/fetcher_transfer.h: one libcurl easy transfer of the Fetcher.
//
// Internal to fetcher*.cpp, not part of the crawler's API. Holds the RAII
// owners of curl handles, the per-transfer context curl's callbacks see, the
// easy-handle setup, and the one place where a CURLcode becomes a
// FetchError.
//
// Thread safety: a Transfer belongs to the fetch thread.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/fetch/address_policy.h"
#include "crawler/fetch/fetcher.h"

namespace wirecrawl::fetcher_internal {

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct MultiDeleter {
  void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init, once per process, before the first handle.
void GlobalInitOnce();
Result<Slist> MakeSlist(const std::vector<std::string>& items);

// `scheme` lower case, as SchemeOfUrl (url/url.h) gives it.
bool IsHttpScheme(const std::string& scheme);
bool IsRedirectStatus(long status);

// Per-transfer context: CURLOPT_PRIVATE, WRITEDATA and OPENSOCKETDATA point
// here, so it must not move while curl holds the easy handle.
struct Transfer {
  FetchRequest request;
  FetchResult result;
  EasyHandle easy;
  Slist request_headers;
  std::string host_key;  // HostOfUrl (url/url.h): the per-host admission key
  std::string current_url;
  std::chrono::steady_clock::time_point started;
  std::size_t max_body = 0;
  bool body_too_large = false;
  std::string refusal;  // why the address policy refused a connection, if it did
  const ConnectPolicy* policy = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

// Creates t.easy and sets every option for t.request; starts t's clock.
// `policy`, `resolve` and `connect_to` must outlive the transfer.
Status ConfigureTransfer(Transfer& t, const FetchOptions& options, const ConnectPolicy& policy,
                         curl_slist* resolve, curl_slist* connect_to);
// Points the handle at t.current_url with what is left of the total budget;
// false when nothing is left.
bool PointAtCurrentUrl(Transfer& t, std::chrono::milliseconds total_timeout);
// Fills status-independent response fields after the final hop.
void CollectResponse(Transfer& t, long status);
// Records why the transfer failed; clears the body.
void Fail(Transfer& t, FetchError e, const std::string& message);
void FailFromCurl(Transfer& t, CURLcode code);

}  // namespace wirecrawl::fetcher_internal
