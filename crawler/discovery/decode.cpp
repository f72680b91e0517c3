// Decoding steps of discovery.h: bounded gzip inflation and the date formats
// sitemaps and feeds use.
#include <curl/curl.h>
#include <zlib.h>

#include <cctype>
#include <string>

#include "crawler/discovery/documents.h"

namespace wirecrawl {
namespace {

// Owns an inflate stream: inflateEnd runs on every path out.
class InflateStream {
 public:
  InflateStream() { ok_ = inflateInit2(&zs_, 15 + 32) == Z_OK; }  // 15 + 32: gzip or zlib header
  ~InflateStream() {
    if (ok_) inflateEnd(&zs_);
  }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
  bool ok() const { return ok_; }
  z_stream* get() { return &zs_; }

 private:
  z_stream zs_{};
  bool ok_ = false;
};

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, std::size_t& pos, int n, int& out) {
  if (pos + static_cast<std::size_t>(n) > s.size()) return false;
  out = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(n);
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

bool LooksGzipped(std::string_view body) {
  return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
         static_cast<unsigned char>(body[1]) == 0x8b;
}

Result<std::string> InflateBounded(std::string_view compressed, std::size_t max_bytes) {
  InflateStream stream;
  if (!stream.ok()) return Status::IoError("inflateInit2 failed");
  z_stream* zs = stream.get();
  zs->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs->avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char chunk[65536];
  for (;;) {
    zs->next_out = reinterpret_cast<Bytef*>(chunk);
    zs->avail_out = sizeof chunk;
    int rc = inflate(zs, Z_NO_FLUSH);
    std::size_t produced = sizeof chunk - zs->avail_out;
    if (out.size() + produced > max_bytes) {
      return Status::InvalidArgument("gzip body inflates past the limit of " + std::to_string(max_bytes) +
                                     " bytes; refused");
    }
    out.append(chunk, produced);
    if (rc == Z_STREAM_END) {
      // RFC 1952 allows several members back to back; anything else after
      // the end is trailing junk and ignored.
      std::string_view rest(reinterpret_cast<const char*>(zs->next_in), zs->avail_in);
      if (!LooksGzipped(rest)) return out;
      if (inflateReset(zs) != Z_OK) return Status::Corruption("gzip: cannot start the next member");
      continue;
    }
    // Each round offers a fresh output buffer, so no progress means no input.
    if (rc == Z_BUF_ERROR && produced == 0) return Status::Corruption("gzip body is truncated");
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return Status::Corruption(std::string("corrupt gzip data: ") +
                                (zs->msg != nullptr ? zs->msg : "inflate error"));
    }
  }
}

std::optional<std::chrono::sys_seconds> ParseW3cDateTime(std::string_view text) {
  using namespace std::chrono;
  std::string_view s = Trim(text);
  std::size_t pos = 0;
  int y = 0, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
  if (!Digits(s, pos, 4, y)) return std::nullopt;
  if (pos < s.size()) {
    if (s[pos++] != '-' || !Digits(s, pos, 2, mo)) return std::nullopt;
    if (pos < s.size() && (s[pos] == '-')) {
      ++pos;
      if (!Digits(s, pos, 2, d)) return std::nullopt;
    }
  }
  year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  sys_seconds t = sys_days(date);
  if (pos == s.size()) return t;
  // Sitemaps in the wild use a space for the T now and then.
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  ++pos;
  if (!Digits(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !Digits(s, pos, 2, mi))
    return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!Digits(s, pos, 2, sec)) return std::nullopt;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    }
  }
  // 60: a leap second, folded into the next minute.
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  t += hours(h) + minutes(mi) + seconds(sec);
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos == s.size() || s[pos] == 'Z' || s[pos] == 'z') {
    return pos == s.size() || pos + 1 == s.size() ? std::optional(t) : std::nullopt;
  }
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int sign = s[pos++] == '+' ? 1 : -1;
  int oh = 0, om = 0;
  if (!Digits(s, pos, 2, oh)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') ++pos;
  if (pos < s.size() && !Digits(s, pos, 2, om)) return std::nullopt;
  if (pos != s.size() || oh > 23 || om > 59) return std::nullopt;
  return t - sign * (hours(oh) + minutes(om));
}

std::optional<std::chrono::sys_seconds> ParseFeedDate(std::string_view text) {
  if (auto t = ParseW3cDateTime(text)) return t;
  std::string s(Trim(text));
  // RFC 822 dates always carry a month name; without a letter curl_getdate
  // would read stray numbers as something.
  bool has_letter = false;
  for (char c : s) has_letter |= std::isalpha(static_cast<unsigned char>(c)) != 0;
  if (!has_letter) return std::nullopt;
  time_t when = curl_getdate(s.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  // Straight to seconds: system_clock::from_time_t goes through nanoseconds,
  // which overflow past the year 2262 ("Mon, 06 May 2020200", found by
  // discovery_fuzz).
  return std::chrono::sys_seconds{std::chrono::seconds{when}};
}

}  // namespace wirecrawl
