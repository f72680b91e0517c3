// web/text_diff.h: what one text changed against another, sentence by
// sentence: the story page (each copy against the first) and the article
// page (each version against the next).
//
// Sentences are found with ICU's sentence BreakIterator (UAX #29 sentence
// boundaries: '.', '!', '?', the Arabic question mark U+061F and full stop
// U+06D4...), within each paragraph ('\n' always ends a sentence). Two
// sentences are the same when their NormalizeText forms are (dedup/
// normalize.h): a copy that only adds tashkeel, changes digits to
// Arabic-Indic or punctuation has changed nothing here, as for dedup.
// The diff is a longest common subsequence of sentences.
//
// Thread safety: a SentenceDiff is used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wirecrawl::web {

struct DiffLine {
  enum class Op { kSame, kRemoved, kAdded };
  Op op = Op::kSame;
  std::string text;  // the sentence as written (in `before` when removed or same, in `after` when added)
};

struct DiffSummary {
  size_t same = 0;
  size_t removed = 0;
  size_t added = 0;
};

class SentenceDiff {
 public:
  SentenceDiff();
  ~SentenceDiff();
  SentenceDiff(const SentenceDiff&) = delete;
  SentenceDiff& operator=(const SentenceDiff&) = delete;

  // The sentences of `text` (paragraphs joined by '\n'), trimmed, without
  // empty ones.
  std::vector<std::string> Sentences(std::string_view text);

  // `before` turned into `after`, in reading order: sentences kept, removed
  // from before, added in after. A removed sentence comes before the
  // sentences added in its place.
  std::vector<DiffLine> Diff(std::string_view before, std::string_view after);

  static DiffSummary Summarize(const std::vector<DiffLine>& lines);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecrawl::web
