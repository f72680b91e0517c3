// Decoding step of documents.h: bounded gzip inflation.
#include <zlib.h>

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

}  // namespace wirecrawl
