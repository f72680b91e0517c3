#include "crawler/fetch/transfer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace wirecrawl {
namespace fetcher_internal {
namespace {

// CURLOPT_WRITEFUNCTION. libcurl hands over decoded bytes (Content-Encoding
// already undone), so the cap holds for compressed bodies and bombs alike.
size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (n > t->max_body - std::min(t->max_body, t->result.body.size())) {
    t->body_too_large = true;
    return CURL_WRITEFUNC_ERROR;
  }
  t->result.body.append(data, n);
  return n;
}

std::uint16_t PortOf(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    sockaddr_in in4;
    std::memcpy(&in4, address, sizeof in4);
    return ntohs(in4.sin_port);
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    return ntohs(in6.sin6_port);
  }
  return 0;
}

// CURLOPT_OPENSOCKETFUNCTION: the one place that sees the address actually
// connected to, after DNS, pins and redirects (issue 7, SSRF). Through a
// proxy that is the proxy's address (address_policy.h says what that means).
curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && t->policy != nullptr) {
    auto ip = IpAddressFromSockaddr(&address->addr);
    std::optional<std::string> refusal =
        ip ? t->policy->Refusal(*ip, PortOf(&address->addr))
           : std::optional<std::string>("address family " + std::to_string(address->family) + " is not IP");
    if (refusal) {
      t->refusal = *refusal;
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

std::string ResponseHeader(CURL* easy, const char* name) {
  curl_header* header = nullptr;
  // request -1: the last response of this hop (after any 100 Continue).
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) == CURLHE_OK && header != nullptr) {
    return header->value;
  }
  return {};
}

std::string HttpVersionName(long v) {
  switch (v) {
    case CURL_HTTP_VERSION_1_0:
      return "1.0";
    case CURL_HTTP_VERSION_1_1:
      return "1.1";
    case CURL_HTTP_VERSION_2_0:
      return "2";
    case CURL_HTTP_VERSION_3:
      return "3";
    default:
      return "";
  }
}

FetchError ClassifyCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return FetchError::kNone;
    case CURLE_OPERATION_TIMEDOUT:
      return FetchError::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FetchError::kResolve;
    case CURLE_COULDNT_CONNECT:
    case CURLE_PROXY:  // the SOCKS proxy could not reach the target, or refused
      return FetchError::kConnect;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return FetchError::kConnectionLost;
    case CURLE_FILESIZE_EXCEEDED:
      return FetchError::kTooLarge;
    case CURLE_TOO_MANY_REDIRECTS:
      return FetchError::kTooManyRedirects;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return FetchError::kRefusedScheme;
    case CURLE_URL_MALFORMAT:
      return FetchError::kBadUrl;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return FetchError::kTls;
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP_RETURNED_ERROR:
      return FetchError::kProtocol;
    default:
      return FetchError::kOther;
  }
}

Status::Code StatusCodeFor(FetchError e) {
  switch (e) {
    case FetchError::kBadUrl:
    case FetchError::kRefusedScheme:
    case FetchError::kAddressRefused:
      return Status::Code::kInvalidArgument;
    case FetchError::kTooLarge:
      return Status::Code::kUnsupported;
    default:
      return Status::Code::kIoError;
  }
}

Status MakeStatus(FetchError e, std::string message) {
  switch (StatusCodeFor(e)) {
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(std::move(message));
    case Status::Code::kUnsupported:
      return Status::Unsupported(std::move(message));
    default:
      return Status::IoError(std::move(message));
  }
}

}  // namespace

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// curl_slist_append copies each string; a null return means out of memory.
Result<Slist> MakeSlist(const std::vector<std::string>& items) {
  Slist list;
  for (const auto& item : items) {
    curl_slist* grown = curl_slist_append(list.get(), item.c_str());
    if (grown == nullptr) return Status::IoError("curl_slist_append: out of memory");
    (void)list.release();
    list.reset(grown);
  }
  return list;
}

bool IsHttpScheme(const std::string& scheme) { return scheme == "http" || scheme == "https"; }

bool IsRedirectStatus(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Status ConfigureTransfer(Transfer& t, const FetchOptions& options, const ConnectPolicy& policy,
                         curl_slist* resolve, curl_slist* connect_to) {
  t.easy.reset(curl_easy_init());
  if (!t.easy) return Status::IoError("curl_easy_init failed");
  t.started = std::chrono::steady_clock::now();
  t.current_url = t.request.url;
  t.max_body = t.request.max_body_bytes != 0 ? t.request.max_body_bytes : options.max_body_bytes;
  t.policy = &policy;
  std::vector<std::string> headers;
  if (!t.request.etag.empty()) headers.push_back("If-None-Match: " + t.request.etag);
  if (!t.request.last_modified.empty()) headers.push_back("If-Modified-Since: " + t.request.last_modified);
  auto header_list = MakeSlist(headers);
  if (!header_list.ok()) return header_list.status();
  t.request_headers = std::move(header_list.value());

  CURL* h = t.easy.get();
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(h, option, value);
  };
  set(CURLOPT_PRIVATE, static_cast<void*>(&t));
  set(CURLOPT_ERRORBUFFER, t.error_buffer);
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);  // followed by hand (fetcher.cpp), to record each hop
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  set(CURLOPT_ACCEPT_ENCODING, "");  // "": every encoding this libcurl decodes
  set(CURLOPT_USERAGENT, options.user_agent.c_str());
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  if (options.low_speed_window.count() > 0) {
    set(CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
    set(CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_window.count()));
  }
  // Refuses early when Content-Length already says too much; OnBody
  // enforces the cap on what is actually decoded.
  set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t.max_body));
  set(CURLOPT_WRITEFUNCTION, &OnBody);
  set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
  set(CURLOPT_OPENSOCKETFUNCTION, &OnOpenSocket);
  set(CURLOPT_OPENSOCKETDATA, static_cast<void*>(&t));
  set(CURLOPT_HTTPHEADER, t.request_headers.get());
  set(CURLOPT_RESOLVE, resolve);
  set(CURLOPT_CONNECT_TO, connect_to);
  // "" turns the proxy off, and with it curl's reading of the *_proxy
  // environment variables; left unset (proxy_from_environment), curl reads
  // them. The same for no_proxy and NO_PROXY.
  if (!options.proxy.empty() || !options.proxy_from_environment) set(CURLOPT_PROXY, options.proxy.c_str());
  if (!options.no_proxy.empty() || !options.proxy_from_environment)
    set(CURLOPT_NOPROXY, options.no_proxy.c_str());
  if (!options.ca_file.empty()) {
    // Servers, and an https:// proxy, are verified against this CA file.
    set(CURLOPT_CAINFO, options.ca_file.c_str());
    set(CURLOPT_PROXY_CAINFO, options.ca_file.c_str());
  }
  if (rc != CURLE_OK) return Status::IoError(std::string("curl_easy_setopt: ") + curl_easy_strerror(rc));
  if (!PointAtCurrentUrl(t, options.total_timeout))
    return Status::IoError("total timeout used up before the start");
  return Status::Ok();
}

bool PointAtCurrentUrl(Transfer& t, std::chrono::milliseconds total_timeout) {
  auto spent =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.started);
  auto left = total_timeout - spent;
  if (left.count() <= 0) return false;
  // PIPEWAIT: over TLS, wait for ALPN to say whether an existing connection
  // multiplexes (HTTP/2) rather than open another one. Not for cleartext
  // http://, where it would wait for the first response's headers.
  long pipewait = t.current_url.rfind("https:", 0) == 0 ? 1L : 0L;
  return curl_easy_setopt(t.easy.get(), CURLOPT_URL, t.current_url.c_str()) == CURLE_OK &&
         curl_easy_setopt(t.easy.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(left.count())) == CURLE_OK &&
         curl_easy_setopt(t.easy.get(), CURLOPT_PIPEWAIT, pipewait) == CURLE_OK;
}

void CollectResponse(Transfer& t, long status) {
  CURL* h = t.easy.get();
  FetchResult& r = t.result;
  r.not_modified = status == 304;
  char* content_type = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type != nullptr) {
    r.content_type = content_type;
  }
  long version = 0;
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  r.http_version = HttpVersionName(version);
  r.etag = ResponseHeader(h, "ETag");
  r.last_modified = ResponseHeader(h, "Last-Modified");
  r.retry_after = ResponseHeader(h, "Retry-After");
}

void Fail(Transfer& t, FetchError e, const std::string& message) {
  t.result.error = e;
  t.result.error_detail = MakeStatus(e, "fetch " + t.request.url + ": " + message);
  t.result.body.clear();
}

void FailFromCurl(Transfer& t, CURLcode code) {
  // After a redirect, say which hop failed.
  std::string where = t.current_url == t.request.url ? "" : "at " + t.current_url + ": ";
  if ((code == CURLE_WRITE_ERROR && t.body_too_large) || code == CURLE_FILESIZE_EXCEEDED) {
    Fail(t, FetchError::kTooLarge,
         where + "body exceeds the limit of " + std::to_string(t.max_body) +
             " bytes (decoded); transfer cut off");
  } else if (code == CURLE_COULDNT_CONNECT && !t.refusal.empty()) {
    Fail(t, FetchError::kAddressRefused, where + t.refusal);
  } else {
    std::string detail = t.error_buffer[0] != '\0' ? t.error_buffer : curl_easy_strerror(code);
    // libcurl before 8.6 (CURLE_TOO_LARGE) reports response headers over its
    // cap (CURL_MAX_HTTP_HEADER) as a bare "Out of memory".
    if (code == CURLE_OUT_OF_MEMORY && t.error_buffer[0] == '\0') {
      detail = "response headers too large (over libcurl's cap), or out of memory";
    }
    Fail(t, ClassifyCurlCode(code),
         where + detail + " (curl error " + std::to_string(static_cast<int>(code)) + ")");
  }
}

}  // namespace fetcher_internal

const char* FetchErrorName(FetchError e) {
  switch (e) {
    case FetchError::kNone:
      return "none";
    case FetchError::kCancelled:
      return "cancelled";
    case FetchError::kBadUrl:
      return "bad-url";
    case FetchError::kRefusedScheme:
      return "refused-scheme";
    case FetchError::kAddressRefused:
      return "address-refused";
    case FetchError::kResolve:
      return "resolve";
    case FetchError::kConnect:
      return "connect";
    case FetchError::kTimeout:
      return "timeout";
    case FetchError::kConnectionLost:
      return "connection-lost";
    case FetchError::kTooLarge:
      return "too-large";
    case FetchError::kTooManyRedirects:
      return "too-many-redirects";
    case FetchError::kTls:
      return "tls";
    case FetchError::kProtocol:
      return "protocol";
    case FetchError::kOther:
      return "other";
  }
  return "unknown";
}

}  // namespace wirecrawl
