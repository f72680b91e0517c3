// dedup/lsh_index.h: LSH banding over MinHash signatures.
//
// A signature is cut into b bands of r values; two documents become
// candidates when all r values of at least one band agree, which happens with
// probability 1 - (1 - J^r)^b for Jaccard J. Candidates are only candidates:
// the caller verifies them (StoryIndex does, with the signature estimate).
//
// Layout: one open-addressing table (linear probing) for all bands, holding
// (32-bit band key, document slot) pairs, 8 bytes each at load <= 0.7, so a
// probe run rarely leaves its 64-byte cache line. A band key mixes the band's
// values with the band number, so equal values in different bands do not
// meet. The archive keeps these keys on disk (table lsh_bands, looked up by
// ingest/story_matcher.h); this table is the in-memory form.
// Tables of 2 MiB and more ask for transparent huge pages: probes land at
// random, and 4 KiB pages would cost a TLB miss (and, while the table fills,
// a page fault) on nearly every one. Two different bands colliding on 32
// bits only adds a candidate that verification drops. At most
// kMaxDocsPerBandKey documents are kept under one key: past that, a new copy
// of a heavily republished story still meets the earlier ones, and a query
// does not have to verify hundreds of copies of the same text.
//
// Thread safety: thread-compatible (const methods may run concurrently).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace wirecrawl {

class LshIndex {
 public:
  static constexpr int kMaxDocsPerBandKey = 32;

  // REQUIRES: bands >= 1, rows >= 1.
  LshIndex(int bands, int rows);

  int bands() const { return bands_; }
  int rows() const { return rows_; }

  // Replaces *keys with the b band keys of signature.
  // REQUIRES: signature.size() >= bands * rows.
  void BandKeys(std::span<const uint32_t> signature, std::vector<uint32_t>* keys) const;

  // Replaces *slots with the slots of the indexed documents that share at
  // least one band key with keys, ascending, each once.
  void Candidates(std::span<const uint32_t> keys, std::vector<uint32_t>* slots) const;

  // Indexes a document under its band keys. Slots are the caller's document
  // numbers (e.g. positions in its own arrays); REQUIRES: slot != UINT32_MAX.
  void Insert(std::span<const uint32_t> keys, uint32_t slot);

  // Sizes the table for `documents` documents, so that filling it does not
  // rehash (e.g. before restoring a stored index of known size).
  void Reserve(size_t documents);

  size_t entries() const { return entries_; }
  size_t MemoryBytes() const { return capacity_ * sizeof(Entry); }

 private:
  struct Entry {
    uint32_t key;
    uint32_t slot;  // kEmpty when unused
  };
  struct FreeTable {
    void operator()(Entry* p) const;
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;

  size_t Home(uint32_t key) const;
  void Rehash(size_t capacity);

  int bands_;
  int rows_;
  int shift_ = 64;  // 64 - log2(capacity_)
  size_t entries_ = 0;
  size_t capacity_ = 0;  // a power of two
  std::unique_ptr<Entry[], FreeTable> table_;
};

}  // namespace wirecrawl
