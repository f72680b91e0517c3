#include "cli/page_file.h"

#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace wirecrawl::cli {
namespace {
struct GzClose {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
}  // namespace

Result<std::string> ReadPageFile(const std::string& path, size_t max_bytes) {
  // gzread reads plain files unchanged, so one path serves both.
  std::unique_ptr<gzFile_s, GzClose> file(path == "-" ? gzdopen(dup(STDIN_FILENO), "rb")
                                                      : gzopen(path.c_str(), "rb"));
  if (!file) return Status::IoError(std::string("cannot open: ") + std::strerror(errno));
  std::string data;
  char buf[64 * 1024];
  while (true) {
    int n = gzread(file.get(), buf, sizeof buf);
    if (n < 0) {
      int errnum = 0;
      const char* msg = gzerror(file.get(), &errnum);
      return Status::IoError(std::string("read failed: ") + (errnum == Z_ERRNO ? std::strerror(errno) : msg));
    }
    if (n == 0) break;
    if (data.size() + static_cast<size_t>(n) > max_bytes) {
      return Status::InvalidArgument("page exceeds " + std::to_string(max_bytes) +
                                     " bytes (after decompression)");
    }
    data.append(buf, static_cast<size_t>(n));
  }
  return data;
}

}  // namespace wirecrawl::cli
