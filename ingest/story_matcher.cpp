#include "ingest/story_matcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "dedup/minhash.h"

namespace wirecrawl {

StoryMatcher::StoryMatcher(ArticleSink& store, const DedupOptions& options, int64_t window_ms)
    : store_(store), options_(options), window_ms_(window_ms), bands_(options.bands, options.rows) {}

std::string StoryMatcher::Layout() const {
  return std::to_string(options_.bands) + "x" + std::to_string(options_.rows);
}

int64_t StoryMatcher::Since(int64_t seen_ms) const {
  return window_ms_ > 0 ? seen_ms - window_ms_ : INT64_MIN;
}

std::vector<uint32_t> StoryMatcher::BandKeys(const Fingerprint& fingerprint) const {
  std::vector<uint32_t> keys;
  if (fingerprint.shingle_count > 0) bands_.BandKeys(fingerprint.signature.values, &keys);
  return keys;
}

Status StoryMatcher::Prepare(int64_t now_ms) {
  Result<std::string> layout = store_.BandLayout();
  if (!layout.ok()) return layout.status();
  if (*layout == Layout()) return Status::Ok();
  std::vector<uint32_t> keys;
  Result<int64_t> indexed =
      store_.RebuildBands(Layout(), Since(now_ms), [&](const StoredFingerprint& stored) {
        keys.clear();
        Result<Signature> signature = DecodeSignature(stored.signature);
        if (signature.ok() && stored.shingle_count > 0 &&
            signature->values.size() >= static_cast<size_t>(options_.bands * options_.rows)) {
          bands_.BandKeys(signature->values, &keys);
        }
        return keys;
      });
  if (!indexed.ok()) return indexed.status();
  if (*indexed > 0) {
    spdlog::info("dedup: story index built for {} stored articles{}, LSH bands {} (was {})", *indexed,
                 window_ms_ > 0 ? " of the last " + std::to_string(window_ms_ / 86'400'000) + " days" : "",
                 Layout(), layout->empty() ? "none" : *layout);
  }
  return Status::Ok();
}

Result<std::vector<StoredFingerprint>> StoryMatcher::Candidates(const Fingerprint& fingerprint,
                                                                int64_t seen_ms) {
  keys_.clear();
  if (fingerprint.shingle_count > 0) bands_.BandKeys(fingerprint.signature.values, &keys_);
  return store_.FindNearDuplicates(keys_, fingerprint.exact_hash, Since(seen_ms));
}

Result<std::optional<double>> StoryMatcher::Similarity(const Fingerprint& fingerprint,
                                                       const StoredFingerprint& candidate) {
  if (!fingerprint.shingles.empty()) {
    // The candidate's shingle set, recomputed from its stored body: exact
    // where the body still normalises to the hash it was stored with.
    Result<std::optional<std::string>> body = store_.GetBody(candidate.article_id);
    if (!body.ok()) return body.status();
    if (body->has_value()) {
      DedupOptions options = options_;
      options.keep_shingles = true;
      Fingerprint recomputed = ComputeFingerprint(**body, options);
      if (recomputed.exact_hash == candidate.body_hash && !recomputed.shingles.empty()) {
        return std::optional<double>(ExactJaccard(fingerprint.shingles, recomputed.shingles));
      }
    }
  }
  // Upkeep drops the fingerprint of an article beyond the window
  // (store/maintenance.h): only a story's first member is read that far back.
  if (candidate.signature.empty()) return std::optional<double>();
  Result<Signature> signature = DecodeSignature(candidate.signature);
  if (!signature.ok()) {
    return WithContext(signature.status(),
                       "stored fingerprint of article " + std::to_string(candidate.article_id));
  }
  return std::optional<double>(EstimateSimilarity(fingerprint.signature, *signature));
}

Result<StoryAssignment> StoryMatcher::Assign(int64_t article_id, const Fingerprint& fingerprint,
                                             int64_t seen_ms) {
  if (fingerprint.shingle_count > 0 &&
      (fingerprint.signature.values.size() != static_cast<size_t>(options_.num_hashes) ||
       fingerprint.signature.shingle_size != options_.shingle_size)) {
    return Status::InvalidArgument(
        "dedup: fingerprint not made with this [dedup] section's num_hashes and "
        "shingle_size; recompute it");
  }
  Result<std::vector<StoredFingerprint>> candidates = Candidates(fingerprint, seen_ms);
  if (!candidates.ok()) return candidates.status();
  StoryAssignment out;
  out.story_id = article_id;
  out.matched_doc = article_id;

  // The story's first member, for the similarity stored with the article;
  // the matched article's when the first one cannot be compared.
  auto to_story = [&](int64_t story_id, int64_t matched, double similarity) -> Result<double> {
    if (story_id == matched || fingerprint.shingle_count == 0) return similarity;
    Result<std::optional<StoredFingerprint>> first = store_.GetFingerprint(story_id);
    if (!first.ok()) return first.status();
    if (!first->has_value()) return similarity;
    Result<std::optional<double>> to_first = Similarity(fingerprint, **first);
    if (!to_first.ok()) return to_first.status();
    return to_first->value_or(similarity);
  };

  if (fingerprint.exact_hash != 0) {
    for (const StoredFingerprint& c : *candidates) {  // ascending: the original, not a later copy
      if (c.body_hash != fingerprint.exact_hash) continue;
      Result<double> story_similarity = to_story(c.story_id, c.article_id, 1.0);
      if (!story_similarity.ok()) return story_similarity.status();
      out.story_id = c.story_id;
      out.matched_doc = c.article_id;
      out.exact_duplicate = true;
      out.new_story = false;
      out.story_similarity = *story_similarity;
      return out;
    }
  }
  const StoredFingerprint* best = nullptr;
  double best_similarity = -1.0;
  for (const StoredFingerprint& c : *candidates) {  // ascending: ties go to the earliest article
    if (c.shingle_count == 0 || fingerprint.shingle_count == 0) continue;
    Result<std::optional<double>> similarity = Similarity(fingerprint, c);
    if (!similarity.ok()) return similarity.status();
    if (similarity->has_value() && **similarity > best_similarity) {
      best_similarity = **similarity;
      best = &c;
    }
  }
  if (best != nullptr && best_similarity >= options_.threshold) {
    Result<double> story_similarity = to_story(best->story_id, best->article_id, best_similarity);
    if (!story_similarity.ok()) return story_similarity.status();
    out.story_id = best->story_id;
    out.matched_doc = best->article_id;
    out.similarity = best_similarity;
    out.story_similarity = *story_similarity;
    out.new_story = false;
  }
  return out;
}

Result<std::vector<StoryMatch>> StoryMatcher::Matches(const Fingerprint& fingerprint, int64_t seen_ms) {
  std::vector<StoryMatch> out;
  if (fingerprint.shingle_count == 0) return out;
  Result<std::vector<StoredFingerprint>> candidates = Candidates(fingerprint, seen_ms);
  if (!candidates.ok()) return candidates.status();
  for (const StoredFingerprint& c : *candidates) {
    if (c.shingle_count == 0) continue;
    Result<std::optional<double>> similarity = Similarity(fingerprint, c);
    if (!similarity.ok()) return similarity.status();
    if (similarity->has_value() && **similarity >= options_.threshold) {
      out.push_back(StoryMatch{c.article_id, c.story_id, **similarity});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const StoryMatch& a, const StoryMatch& b) { return a.similarity > b.similarity; });
  return out;
}

}  // namespace wirecrawl
