// dedup/lsh_index.cpp: the band table.
#include "dedup/lsh_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdlib>
#include <new>

namespace wirecrawl {
namespace {

constexpr size_t kInitialCapacity = 1024;
constexpr size_t kHugePage = size_t{2} << 20;
// Grow past 70% full: linear probing's expected run for a miss is then
// ~6 entries, within one or two cache lines.
constexpr size_t kMaxLoadPercent = 70;

}  // namespace

void LshIndex::FreeTable::operator()(Entry* p) const { std::free(p); }

LshIndex::LshIndex(int bands, int rows) : bands_(bands), rows_(rows) {
  assert(bands >= 1 && rows >= 1);
  Rehash(kInitialCapacity);
}

size_t LshIndex::Home(uint32_t key) const {
  // Fibonacci hashing: the key is already a hash, this only spreads it over
  // the current table size (high bits of the product). Doubling the table
  // sends home h to 2h or 2h+1, so a rehash writes in order.
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
}

void LshIndex::BandKeys(std::span<const uint32_t> signature, std::vector<uint32_t>* keys) const {
  const auto rows = static_cast<size_t>(rows_);
  assert(signature.size() >= static_cast<size_t>(bands_) * rows);
  keys->resize(static_cast<size_t>(bands_));
  const uint32_t* v = signature.data();
  for (size_t band = 0; band < keys->size(); ++band, v += rows) {
    // MinHash values are already uniform; a multiply-xorshift chain over the
    // r values and the band number is enough to give one uniform key.
    uint64_t h = (band + 1) * 0x9E3779B97F4A7C15ULL;
    for (size_t j = 0; j < rows; ++j) {
      h = (h ^ v[j]) * 0xFF51AFD7ED558CCDULL;
      h ^= h >> 32;
    }
    (*keys)[band] = static_cast<uint32_t>(h);
  }
}

void LshIndex::Candidates(std::span<const uint32_t> keys, std::vector<uint32_t>* slots) const {
  slots->clear();
  const size_t mask = capacity_ - 1;
  const Entry* table = table_.get();
  // Each band lands on a random cache line: ask for all of them first so the
  // misses overlap instead of queueing.
  for (uint32_t key : keys) __builtin_prefetch(table + Home(key));
  for (uint32_t key : keys) {
    for (size_t i = Home(key);; i = (i + 1) & mask) {
      const Entry& e = table[i];
      if (e.slot == kEmpty) break;
      if (e.key == key) slots->push_back(e.slot);
    }
  }
  if (slots->size() > 1) {
    std::sort(slots->begin(), slots->end());
    slots->erase(std::unique(slots->begin(), slots->end()), slots->end());
  }
}

void LshIndex::Insert(std::span<const uint32_t> keys, uint32_t slot) {
  assert(slot != kEmpty);
  if ((entries_ + keys.size()) * 100 > capacity_ * kMaxLoadPercent) Rehash(capacity_ * 2);
  const size_t mask = capacity_ - 1;
  Entry* table = table_.get();
  for (uint32_t key : keys) {
    int same_key = 0;
    size_t i = Home(key);
    for (; table[i].slot != kEmpty; i = (i + 1) & mask) {
      if (table[i].key == key) ++same_key;
    }
    if (same_key >= kMaxDocsPerBandKey) continue;
    table[i] = Entry{key, slot};
    ++entries_;
  }
}

void LshIndex::Reserve(size_t documents) {
  size_t needed = documents * static_cast<size_t>(bands_) * 100 / kMaxLoadPercent + 1;
  if (needed > capacity_) Rehash(std::bit_ceil(needed));
}

void LshIndex::Rehash(size_t capacity) {
  assert(std::has_single_bit(capacity) && capacity * kMaxLoadPercent >= entries_ * 100);
  const size_t bytes = capacity * sizeof(Entry);
  void* memory = nullptr;
  if (bytes >= kHugePage) {
    memory = std::aligned_alloc(kHugePage, bytes);                 // bytes is a multiple of 2 MiB here
    if (memory != nullptr) madvise(memory, bytes, MADV_HUGEPAGE);  // a hint: failure is harmless
  } else {
    memory = std::malloc(bytes);
  }
  if (memory == nullptr) throw std::bad_alloc();
  std::unique_ptr<Entry[], FreeTable> table(static_cast<Entry*>(memory));
  std::fill_n(table.get(), capacity, Entry{0, kEmpty});

  std::unique_ptr<Entry[], FreeTable> old = std::move(table_);
  const size_t old_capacity = capacity_;
  table_ = std::move(table);
  capacity_ = capacity;
  shift_ = 64 - std::countr_zero(capacity);
  const size_t mask = capacity - 1;
  for (size_t j = 0; j < old_capacity; ++j) {
    const Entry& e = old[j];
    if (e.slot == kEmpty) continue;
    size_t i = Home(e.key);
    while (table_[i].slot != kEmpty) i = (i + 1) & mask;
    table_[i] = e;
  }
}

}  // namespace wirecrawl
