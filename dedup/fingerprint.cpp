// dedup/fingerprint.cpp: text -> Fingerprint, and the signature blob format.
#include "dedup/fingerprint.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cassert>
#include <string>

#include "dedup/minhash.h"
#include "dedup/normalize.h"

namespace wirecrawl {
namespace {

constexpr uint8_t kBlobMagic = 'W';
constexpr size_t kBlobHeader = 4;

}  // namespace

Status DedupOptions::Validate() const {
  if (shingle_size < 1 || shingle_size > 255) {
    return Status::InvalidArgument("dedup: shingle_size must be 1..255, got " + std::to_string(shingle_size));
  }
  if (num_hashes < 1 || num_hashes > 4096) {
    return Status::InvalidArgument("dedup: num_hashes must be 1..4096, got " + std::to_string(num_hashes));
  }
  if (bands < 1 || rows < 1 || bands * rows > num_hashes) {
    return Status::InvalidArgument("dedup: need bands >= 1, rows >= 1 and bands * rows <= num_hashes, got " +
                                   std::to_string(bands) + " x " + std::to_string(rows) + " with " +
                                   std::to_string(num_hashes) + " hashes");
  }
  if (!(threshold > 0.0 && threshold <= 1.0)) {
    return Status::InvalidArgument("dedup: threshold must be in (0, 1], got " + std::to_string(threshold));
  }
  return Status::Ok();
}

struct Fingerprinter::Impl {
  DedupOptions options;
  TextNormalizer normalizer;
  MinHasher hasher;
  std::string normalized;
  std::vector<std::string_view> words;
  std::vector<uint32_t> shingles;

  explicit Impl(const DedupOptions& o) : options(o), hasher(o.num_hashes) {}
};

Fingerprinter::Fingerprinter(const DedupOptions& options) : impl_(std::make_unique<Impl>(options)) {
  assert(options.Validate().ok());
}
Fingerprinter::~Fingerprinter() = default;
Fingerprinter::Fingerprinter(Fingerprinter&&) noexcept = default;
Fingerprinter& Fingerprinter::operator=(Fingerprinter&&) noexcept = default;

Fingerprint Fingerprinter::Compute(std::string_view utf8_text) {
  Fingerprint out;
  Compute(utf8_text, &out);
  return out;
}

void Fingerprinter::Compute(std::string_view utf8_text, Fingerprint* out) {
  Impl& m = *impl_;
  m.normalizer.Normalize(utf8_text, &m.normalized);
  out->exact_hash = m.normalized.empty() ? 0 : XXH3_64bits(m.normalized.data(), m.normalized.size());
  // Never 0 for real text, so that 0 can mean "no text".
  if (out->exact_hash == 0 && !m.normalized.empty()) out->exact_hash = 1;

  // Normalised text is exactly its words joined by single spaces. (A plain
  // loop: words are short, so memchr per word costs more than it saves.)
  m.words.clear();
  const char* text = m.normalized.data();
  const size_t size = m.normalized.size();
  for (size_t start = 0, i = 0; i <= size; ++i) {
    if (i == size || text[i] == ' ') {
      if (i > start) m.words.emplace_back(text + start, i - start);
      start = i + 1;
    }
  }
  m.shingles.clear();
  ShingleHashes(m.words, m.options.shingle_size, &m.shingles);
  out->shingle_count = m.shingles.size();
  out->signature.shingle_size = m.options.shingle_size;
  if (m.shingles.empty()) {
    out->signature.values.clear();
  } else {
    out->signature.values.resize(static_cast<size_t>(m.options.num_hashes));
    m.hasher.Sign(m.shingles, out->signature.values);
  }
  out->shingles.clear();
  if (m.options.keep_shingles) {
    out->shingles = m.shingles;
    std::sort(out->shingles.begin(), out->shingles.end());
    out->shingles.erase(std::unique(out->shingles.begin(), out->shingles.end()), out->shingles.end());
  }
}

std::string_view Fingerprinter::normalized() const { return impl_->normalized; }

Fingerprint ComputeFingerprint(std::string_view utf8_text, const DedupOptions& options) {
  thread_local std::unique_ptr<Fingerprinter> fingerprinter;
  thread_local DedupOptions last;
  if (!fingerprinter || last.shingle_size != options.shingle_size || last.num_hashes != options.num_hashes ||
      last.keep_shingles != options.keep_shingles) {
    fingerprinter = std::make_unique<Fingerprinter>(options);
    last = options;
  }
  return fingerprinter->Compute(utf8_text);
}

std::string EncodeSignature(const Signature& signature) {
  std::string blob(kBlobHeader + 4 * signature.values.size(), '\0');
  char* p = blob.data();
  *p++ = static_cast<char>(kBlobMagic);
  *p++ = static_cast<char>(kSignatureFamily);
  *p++ = static_cast<char>(signature.shingle_size);
  *p++ = 0;
  for (uint32_t v : signature.values) {
    for (int shift = 0; shift < 32; shift += 8) *p++ = static_cast<char>(static_cast<uint8_t>(v >> shift));
  }
  return blob;
}

Result<Signature> DecodeSignature(std::string_view blob_chars) {
  const auto* blob = reinterpret_cast<const uint8_t*>(blob_chars.data());
  const size_t size = blob_chars.size();
  if (size < kBlobHeader || blob[0] != kBlobMagic || blob[3] != 0) {
    return Status::Corruption("signature blob: bad header (" + std::to_string(size) + " bytes)");
  }
  if (blob[1] != kSignatureFamily) {
    return Status::Unsupported("signature blob: hash family " + std::to_string(blob[1]) +
                               ", this build uses " + std::to_string(kSignatureFamily) +
                               "; recompute the fingerprints");
  }
  if ((size - kBlobHeader) % 4 != 0) {
    return Status::Corruption("signature blob: " + std::to_string(size) +
                              " bytes is not a header plus whole 32-bit values");
  }
  Signature signature;
  signature.shingle_size = blob[2];
  signature.values.resize((size - kBlobHeader) / 4);
  for (size_t i = 0; i < signature.values.size(); ++i) {
    const uint8_t* p = blob + kBlobHeader + 4 * i;
    signature.values[i] = static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                          static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
  }
  return signature;
}

double EstimateSimilarity(const Signature& a, const Signature& b) {
  if (a.values.empty() || a.values.size() != b.values.size() || a.shingle_size != b.shingle_size) return 0.0;
  return EstimateJaccard(a.values, b.values);
}

}  // namespace wirecrawl
