// Fuzz target: the dedup text normaliser (dedup/normalize.h) and the
// Fingerprinter built on it (dedup/fingerprint.h).
//
// Checks the contract the shingler and SQLite FTS rely on: the output is
// words separated by single spaces (no leading, trailing or double space),
// and the Fingerprinter sees the same normalised text as NormalizeText.
#include <spdlog/spdlog.h>
#include <algorithm>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/fingerprint.h"
#include "dedup/normalize.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view input, std::string_view output) {
  std::fprintf(stderr, "%s\n  input:  [%.*s]\n  output: [%.*s]\n", what, static_cast<int>(input.size()),
               input.data(), static_cast<int>(output.size()), output.data());
  std::abort();
}

}  // namespace

// Warnings about each hostile input (bad charset labels, unknown keys) are
// what the code should do; printing them would cost most of each run.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string normal = wirecrawl::NormalizeText(text);
  if (!normal.empty() && (normal.front() == ' ' || normal.back() == ' ')) {
    Fail("NormalizeText: leading or trailing space", text, normal);
  }
  if (normal.find("  ") != std::string::npos) {
    Fail("NormalizeText: double space", text, normal);
  }
  (void)wirecrawl::WordTokens(normal);
  (void)wirecrawl::WordTokens(text);

  // Few hashes and short shingles: the target is the normaliser, and 128
  // MinHash functions per shingle would spend most of each run hashing.
  // keep_shingles exercises the shingle set too.
  static wirecrawl::Fingerprinter fingerprinter([] {
    wirecrawl::DedupOptions options;
    options.shingle_size = 2;
    options.num_hashes = 16;
    options.bands = 4;
    options.rows = 4;
    options.keep_shingles = true;
    return options;
  }());  // reused, as ingest does
  wirecrawl::Fingerprint fingerprint = fingerprinter.Compute(text);
  if (!std::is_sorted(fingerprint.shingles.begin(), fingerprint.shingles.end()) ||
      std::adjacent_find(fingerprint.shingles.begin(), fingerprint.shingles.end()) !=
          fingerprint.shingles.end()) {
    Fail("Shingle set is not sorted and distinct", text, normal);
  }
  if (fingerprinter.normalized() != normal) {
    Fail("Fingerprinter::normalized differs from NormalizeText", text, fingerprinter.normalized());
  }
  if (normal.empty() && fingerprint.exact_hash != 0) {
    Fail("Fingerprint: exact_hash not 0 for empty text", text, normal);
  }
  // The stored forms round-trip.
  auto decoded = wirecrawl::DecodeSignature(wirecrawl::EncodeSignature(fingerprint.signature));
  if (!decoded.ok() || decoded->values != fingerprint.signature.values) {
    Fail("Signature does not round-trip", text, normal);
  }
  // Any blob: decoding must fail cleanly, not crash.
  (void)wirecrawl::DecodeSignature(text);
  return 0;
}
