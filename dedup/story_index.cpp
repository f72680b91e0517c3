// dedup/story_index.cpp: exact-duplicate table, LSH candidates, verification
// and story bookkeeping.
#include "dedup/story_index.h"

#include <xxhash.h>

#include <algorithm>
#include <cassert>
#include <span>

#include "dedup/minhash.h"

namespace wirecrawl {

StoryIndex::StoryIndex(DedupOptions options) : options_(options), lsh_(options.bands, options.rows) {
  assert(options_.Validate().ok());
  if (options_.keep_shingles) shingle_offsets_.push_back(0);
}

Status StoryIndex::CheckFingerprint(const Fingerprint& fp) const {
  if (fp.shingle_count == 0) return Status::Ok();
  if (fp.signature.values.size() != static_cast<size_t>(options_.num_hashes)) {
    return Status::InvalidArgument(
        "dedup: signature has " + std::to_string(fp.signature.values.size()) +
        " values, the index uses num_hashes = " + std::to_string(options_.num_hashes));
  }
  if (fp.signature.shingle_size != options_.shingle_size) {
    return Status::InvalidArgument("dedup: signature made with " + std::to_string(fp.signature.shingle_size) +
                                   "-word shingles, the index uses shingle_size = " +
                                   std::to_string(options_.shingle_size) + "; recompute the fingerprint");
  }
  return Status::Ok();
}

double StoryIndex::Similarity(const Fingerprint& fp, uint32_t slot) const {
  if (!fp.shingles.empty() && options_.keep_shingles) {
    uint64_t begin = shingle_offsets_[slot];
    uint64_t end = shingle_offsets_[slot + 1];
    if (end > begin) {
      return ExactJaccard(fp.shingles, std::span<const uint32_t>(shingles_.data() + begin, end - begin));
    }
  }
  const auto k = static_cast<size_t>(options_.num_hashes);
  const uint16_t* stored = signatures_.data() + slot * k;
  const uint32_t* values = fp.signature.values.data();
  size_t equal = 0;
  for (size_t i = 0; i < k; ++i) equal += static_cast<uint16_t>(values[i]) == stored[i] ? 1 : 0;
  return static_cast<double>(equal) / static_cast<double>(k);
}

uint32_t StoryIndex::StoryFor(int64_t story_id) {
  auto [it, inserted] = story_by_id_.try_emplace(story_id, static_cast<uint32_t>(stories_.size()));
  if (inserted) {
    StoryState state;
    state.story.id = story_id;
    state.story.representative = story_id;
    stories_.push_back(std::move(state));
  }
  return it->second;
}

uint32_t StoryIndex::AddSlot(int64_t doc_id, uint32_t story, const Fingerprint& fp) {
  const auto slot = static_cast<uint32_t>(slot_doc_.size());
  slot_doc_.push_back(doc_id);
  slot_story_.push_back(story);
  const size_t at = signatures_.size();
  signatures_.resize(at + fp.signature.values.size());
  std::transform(fp.signature.values.begin(), fp.signature.values.end(),
                 signatures_.begin() + static_cast<ptrdiff_t>(at),
                 [](uint32_t v) { return static_cast<uint16_t>(v); });
  if (options_.keep_shingles) {
    shingles_.insert(shingles_.end(), fp.shingles.begin(), fp.shingles.end());
    shingle_offsets_.push_back(shingles_.size());
  }
  lsh_.BandKeys(fp.signature.values, &keys_);
  lsh_.Insert(keys_, slot);
  if (stories_[story].story.id == doc_id) stories_[story].representative_slot = slot;
  return slot;
}

void StoryIndex::AddMember(uint32_t story, const ArticleOrigin& origin) {
  StoryState& s = stories_[story];
  ++s.story.members;
  ++document_count_;
  if (origin.seen_at != 0) {
    if (s.story.first_seen == 0 || origin.seen_at < s.story.first_seen) s.story.first_seen = origin.seen_at;
    if (origin.seen_at > s.story.last_seen) s.story.last_seen = origin.seen_at;
  }
  if (!origin.site.empty()) {
    uint64_t h = XXH3_64bits(origin.site.data(), origin.site.size());
    auto it = std::lower_bound(s.site_hashes.begin(), s.site_hashes.end(), h);
    if (it == s.site_hashes.end() || *it != h) {
      s.site_hashes.insert(it, h);
      s.story.sites = s.site_hashes.size();
    }
  }
}

Result<StoryAssignment> StoryIndex::Assign(int64_t doc_id, const Fingerprint& fp,
                                           const ArticleOrigin& origin) {
  if (Status st = CheckFingerprint(fp); !st.ok()) return st;
  StoryAssignment out;
  out.matched_doc = doc_id;

  if (fp.exact_hash != 0) {
    auto it = exact_.find(fp.exact_hash);
    if (it != exact_.end()) {
      const StoryState& s = stories_[it->second.story];
      out.story_id = s.story.id;
      out.matched_doc = it->second.doc_id;
      out.exact_duplicate = true;
      out.new_story = false;
      out.similarity = 1.0;
      out.story_similarity = (s.representative_slot == kNoSlot || fp.shingle_count == 0)
                                 ? 1.0
                                 : Similarity(fp, s.representative_slot);
      AddMember(it->second.story, origin);
      return out;
    }
  }

  uint32_t best_slot = kNoSlot;
  double best = -1.0;
  if (fp.shingle_count > 0) {
    lsh_.BandKeys(fp.signature.values, &keys_);
    lsh_.Candidates(keys_, &candidates_);
    for (uint32_t slot : candidates_) {  // ascending: ties go to the earliest document
      double sim = Similarity(fp, slot);
      if (sim > best) {
        best = sim;
        best_slot = slot;
      }
    }
  }

  uint32_t story = 0;
  if (best_slot != kNoSlot && best >= options_.threshold) {
    story = slot_story_[best_slot];
    const StoryState& s = stories_[story];
    out.story_id = s.story.id;
    out.matched_doc = slot_doc_[best_slot];
    out.similarity = best;
    out.story_similarity = s.representative_slot == best_slot ? best
                           : s.representative_slot == kNoSlot ? best
                                                              : Similarity(fp, s.representative_slot);
    out.new_story = false;
  }
  if (out.new_story) {
    story = StoryFor(doc_id);
    out.story_id = doc_id;
  }
  if (fp.shingle_count > 0) AddSlot(doc_id, story, fp);
  if (fp.exact_hash != 0) exact_.emplace(fp.exact_hash, ExactEntry{doc_id, story});
  AddMember(story, origin);
  return out;
}

std::vector<StoryMatch> StoryIndex::Matches(const Fingerprint& fp) const {
  std::vector<StoryMatch> out;
  if (fp.shingle_count == 0 || !CheckFingerprint(fp).ok()) return out;
  std::vector<uint32_t> keys;
  std::vector<uint32_t> candidates;
  lsh_.BandKeys(fp.signature.values, &keys);
  lsh_.Candidates(keys, &candidates);
  for (uint32_t slot : candidates) {
    double sim = Similarity(fp, slot);
    if (sim >= options_.threshold) {
      out.push_back(StoryMatch{slot_doc_[slot], stories_[slot_story_[slot]].story.id, sim});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const StoryMatch& a, const StoryMatch& b) { return a.similarity > b.similarity; });
  return out;
}

void StoryIndex::Reserve(size_t documents) {
  lsh_.Reserve(documents);
  slot_doc_.reserve(documents);
  slot_story_.reserve(documents);
  signatures_.reserve(documents * static_cast<size_t>(options_.num_hashes));
  exact_.reserve(documents);
}

std::optional<Story> StoryIndex::FindStory(int64_t story_id) const {
  auto it = story_by_id_.find(story_id);
  if (it == story_by_id_.end()) return std::nullopt;
  return stories_[it->second].story;
}

size_t StoryIndex::MemoryBytes() const {
  // unordered_map: a node (next pointer + value, rounded up by malloc) per
  // element plus one pointer per bucket.
  auto map_bytes = [](const auto& m, size_t value_size) {
    return m.size() * ((sizeof(void*) + value_size + 15) / 16 * 16) + m.bucket_count() * sizeof(void*);
  };
  size_t bytes = lsh_.MemoryBytes();
  bytes += slot_doc_.capacity() * sizeof(int64_t) + slot_story_.capacity() * sizeof(uint32_t);
  bytes += signatures_.capacity() * sizeof(uint16_t);
  bytes += shingle_offsets_.capacity() * sizeof(uint64_t) + shingles_.capacity() * sizeof(uint32_t);
  bytes += map_bytes(exact_, sizeof(std::pair<const uint64_t, ExactEntry>));
  bytes += map_bytes(story_by_id_, sizeof(std::pair<const int64_t, uint32_t>));
  bytes += stories_.capacity() * sizeof(StoryState);
  for (const StoryState& s : stories_) bytes += s.site_hashes.capacity() * sizeof(uint64_t);
  return bytes;
}

}  // namespace wirecrawl
