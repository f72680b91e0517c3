// Tests for web/text_diff.h. Sentence boundaries follow UAX #29 (ICU's
// sentence rules, with the Arabic question mark U+061F as a terminator);
// "the same sentence" follows dedup/normalize.h (the demo web's copies: a
// copy with tashkeel added or Arabic-Indic digits is the same text).
#include "web/text_diff.h"

#include <catch2/catch.hpp>

using wirecrawl::web::DiffLine;
using wirecrawl::web::SentenceDiff;

namespace {

std::vector<std::string> Texts(const std::vector<DiffLine>& lines, DiffLine::Op op) {
  std::vector<std::string> out;
  for (const DiffLine& l : lines) {
    if (l.op == op) out.push_back(l.text);
  }
  return out;
}

}  // namespace

TEST_CASE("UAX29_SentencesOfParagraphs") {
  SentenceDiff diff;
  CHECK(diff.Sentences("One. Two? Three!\nFour") ==
        std::vector<std::string>{"One.", "Two?", "Three!", "Four"});
  CHECK(diff.Sentences("  \n\n  ").empty());
  // U+061F ARABIC QUESTION MARK ends a sentence.
  CHECK(diff.Sentences("هل انتهت القمة؟ لم تنته بعد.") ==
        std::vector<std::string>{"هل انتهت القمة؟", "لم تنته بعد."});
}

TEST_CASE("Diff_AddedAndRemovedSentences") {
  SentenceDiff diff;
  auto lines = diff.Diff("A one. B two. C three.\nD four.", "A one. C three. New one.\nD four.");
  CHECK(Texts(lines, DiffLine::Op::kRemoved) == std::vector<std::string>{"B two."});
  CHECK(Texts(lines, DiffLine::Op::kAdded) == std::vector<std::string>{"New one."});
  CHECK(Texts(lines, DiffLine::Op::kSame) == std::vector<std::string>{"A one.", "C three.", "D four."});
  auto summary = SentenceDiff::Summarize(lines);
  CHECK(summary.added == 1);
  CHECK(summary.removed == 1);
  CHECK(summary.same == 3);
  // Reading order: the kept sentences stay where they were.
  REQUIRE(lines.size() == 5);
  CHECK(lines.front().text == "A one.");
  CHECK(lines.back().text == "D four.");
}

TEST_CASE("Diff_DroppedLastParagraph") {
  SentenceDiff diff;
  auto lines = diff.Diff("First. Second.\nLast paragraph.", "First. Second.");
  CHECK(Texts(lines, DiffLine::Op::kRemoved) == std::vector<std::string>{"Last paragraph."});
  CHECK(Texts(lines, DiffLine::Op::kAdded).empty());
}

TEST_CASE("DemoSite_TashkeelAndDigitsAreNotChanges") {
  SentenceDiff diff;
  // alpha-news.test adds tashkeel, beta-daily.test writes Arabic-Indic digits.
  auto lines = diff.Diff("غادر أمير قطر القاهرة السبت 21 أكتوبر.", "غادر أمير قطر القاهِرة السبت ٢١ أكتوبر.");
  CHECK(SentenceDiff::Summarize(lines).same == 1);
  CHECK(Texts(lines, DiffLine::Op::kAdded).empty());
  // The kept sentence is shown as the first text has it.
  CHECK(lines.front().text == "غادر أمير قطر القاهرة السبت 21 أكتوبر.");
}

TEST_CASE("Diff_EmptySides") {
  SentenceDiff diff;
  CHECK(diff.Diff("", "").empty());
  CHECK(Texts(diff.Diff("", "New."), DiffLine::Op::kAdded) == std::vector<std::string>{"New."});
  CHECK(Texts(diff.Diff("Old.", ""), DiffLine::Op::kRemoved) == std::vector<std::string>{"Old."});
}
