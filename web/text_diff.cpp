#include "web/text_diff.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "dedup/normalize.h"

namespace wirecrawl::web {
namespace {

// Above this many cells the LCS table is not built and the changed middle
// is shown as all removed, then all added: bodies of a few hundred
// sentences each stay well under it.
constexpr size_t kMaxCells = 4'000'000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

struct SentenceDiff::Impl {
  std::unique_ptr<icu::BreakIterator> sentences;
  TextNormalizer normalizer;

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    // The root locale's rules: no language's abbreviation list, so a
    // sentence ends at every full stop, which is what a diff wants.
    sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    // Fails only when ICU's data is missing: a broken install.
    if (U_FAILURE(status) || !sentences) {
      throw std::runtime_error(std::string("BreakIterator::createSentenceInstance: ") + u_errorName(status));
    }
  }

  void SplitParagraph(std::string_view paragraph, std::vector<std::string>* out) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(paragraph.data(), static_cast<int32_t>(paragraph.size())));
    sentences->setText(text);
    int32_t begin = sentences->first();
    for (int32_t end = sentences->next(); end != icu::BreakIterator::DONE;
         begin = end, end = sentences->next()) {
      std::string utf8;
      text.tempSubStringBetween(begin, end).toUTF8String(utf8);
      std::string_view trimmed = Trim(utf8);
      if (!trimmed.empty()) out->emplace_back(trimmed);
    }
  }
};

SentenceDiff::SentenceDiff() : impl_(std::make_unique<Impl>()) {}
SentenceDiff::~SentenceDiff() = default;

std::vector<std::string> SentenceDiff::Sentences(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view paragraph = Trim(text.substr(pos, end - pos));
    if (!paragraph.empty()) impl_->SplitParagraph(paragraph, &out);
    pos = end + 1;
  }
  return out;
}

std::vector<DiffLine> SentenceDiff::Diff(std::string_view before, std::string_view after) {
  std::vector<std::string> a = Sentences(before);
  std::vector<std::string> b = Sentences(after);
  auto keys = [&](const std::vector<std::string>& sentences) {
    std::vector<std::string> k(sentences.size());
    for (size_t i = 0; i < sentences.size(); ++i) impl_->normalizer.Normalize(sentences[i], &k[i]);
    return k;
  };
  std::vector<std::string> ka = keys(a);
  std::vector<std::string> kb = keys(b);

  std::vector<DiffLine> lines;
  auto emit = [&](DiffLine::Op op, const std::string& text) { lines.push_back({op, text}); };
  // Common head and tail first: copies differ in a few places, and the
  // table below is then only as large as the changed middle.
  size_t head = 0;
  while (head < ka.size() && head < kb.size() && ka[head] == kb[head]) ++head;
  size_t tail = 0;
  while (tail < ka.size() - head && tail < kb.size() - head &&
         ka[ka.size() - 1 - tail] == kb[kb.size() - 1 - tail]) {
    ++tail;
  }
  for (size_t i = 0; i < head; ++i) emit(DiffLine::Op::kSame, a[i]);
  const size_t n = ka.size() - head - tail;
  const size_t m = kb.size() - head - tail;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j]: LCS length of a[head+i..] and b[head+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = ka[head + i] == kb[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0;
    size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && ka[head + i] == kb[head + j]) {
        emit(DiffLine::Op::kSame, a[head + i]);
        ++i, ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        emit(DiffLine::Op::kRemoved, a[head + i]);
        ++i;
      } else {
        emit(DiffLine::Op::kAdded, b[head + j]);
        ++j;
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) emit(DiffLine::Op::kRemoved, a[head + i]);
    for (size_t j = 0; j < m; ++j) emit(DiffLine::Op::kAdded, b[head + j]);
  }
  for (size_t i = ka.size() - tail; i < ka.size(); ++i) emit(DiffLine::Op::kSame, a[i]);
  return lines;
}

DiffSummary SentenceDiff::Summarize(const std::vector<DiffLine>& lines) {
  DiffSummary s;
  for (const DiffLine& line : lines) {
    switch (line.op) {
      case DiffLine::Op::kSame:
        ++s.same;
        break;
      case DiffLine::Op::kRemoved:
        ++s.removed;
        break;
      case DiffLine::Op::kAdded:
        ++s.added;
        break;
    }
  }
  return s;
}

}  // namespace wirecrawl::web
