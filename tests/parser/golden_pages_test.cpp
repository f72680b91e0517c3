// Golden pages: Arabic news CMS layouts filled with the seed texts. Every
// seed paragraph must reach the body; no furniture line may.
#include <catch2/catch.hpp>

#include "parser/extract.h"
#include "tests/parser/test_pages.h"

using wirecrawl::Article;
using wirecrawl::ExtractArticle;
using wirecrawl::testing::ReadTestFile;
using wirecrawl::testing::SeedLines;

namespace {

Article Extract(const std::string& file, const std::string& url = "https://news.example/a") {
  auto result = ExtractArticle(ReadTestFile("html/" + file), "", url);
  REQUIRE(result.ok());
  return *result;
}

// Seed lines first..last (1-based, inclusive), non-empty ones.
std::vector<std::string> Lines(int seed, int first, int last) {
  auto all = SeedLines(seed);
  REQUIRE(static_cast<int>(all.size()) >= last);
  std::vector<std::string> out;
  for (int i = first; i <= last; ++i)
    if (!all[i - 1].empty()) out.push_back(all[i - 1]);
  return out;
}

void RequireAllInBody(const Article& a, const std::vector<std::string>& lines) {
  for (const auto& line : lines) {
    INFO("missing seed paragraph: " << line);
    CHECK(std::find(a.paragraphs.begin(), a.paragraphs.end(), line) != a.paragraphs.end());
  }
}

void RequireNoneInBody(const Article& a, const std::vector<std::string>& lines) {
  std::string body = a.Body();
  for (const auto& line : lines) {
    INFO("furniture left in body: " << line);
    CHECK(body.find(line) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("Seed003_EveryParagraphKept", "[golden][seed003]") {
  Article a = Extract("seed003_wordpress_ticker.html");
  RequireAllInBody(a, Lines(3, 25, 44));
}

TEST_CASE("Seed003_TickerRemoved", "[golden][seed003]") {
  Article a = Extract("seed003_wordpress_ticker.html");
  std::vector<std::string> ticker_headlines;
  for (const auto& line : Lines(3, 2, 17)) {
    // "• 01:29 . الليرة السورية ... المزيد" -> the headline part.
    auto dot = line.find(" . ");
    std::string headline = line.substr(dot + 3);
    headline = headline.substr(0, headline.find("..."));
    ticker_headlines.push_back(headline);
  }
  RequireNoneInBody(a, ticker_headlines);
  RequireNoneInBody(a, {"أحدث الأخبار"});
}

TEST_CASE("Seed003_CommentFormReadAlsoShareAndAuthorBoxRemoved", "[golden][seed003]") {
  Article a = Extract("seed003_wordpress_ticker.html");
  RequireNoneInBody(a, {"اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني", "reCAPTCHA", "اقرأ أيضا",
                        "الدوحة تستضيف جولة جديدة", "مصر تدعو إلى هدنة", "مقالات ذات صلة", "فيسبوك",
                        "محرر الأخبار في الإمارات 71", "Photo of author", "نستخدم ملفات تعريف الارتباط",
                        "زر الذهاب إلى الأعلى", "جميع الحقوق محفوظة", "الأكثر قراءة", "الوسوم"});
}

TEST_CASE("Seed003_MetadataFromPage", "[golden][seed003]") {
  Article a = Extract("seed003_wordpress_ticker.html");
  CHECK(a.title == SeedLines(3)[18]);  // site-name suffix " | الإمارات 71" removed
  CHECK(a.language == "ar");
  CHECK(a.canonical_url == "https://emirates71.example/article/55012");
  CHECK(a.published == "2023-10-22");  // from "تاريخ الخبر: 22-10-2023" in visible text
  CHECK(a.feed_links == std::vector<std::string>{"https://news.example/feed/"});
}

TEST_CASE("Seed001_SubheadingsKeptAuthorBadgeRemoved", "[golden][seed001]") {
  Article a = Extract("seed001_jannah_theme.html");
  RequireAllInBody(a, Lines(1, 2, 14));
  RequireNoneInBody(a, {"Photo of author", "صحفي متخصص في الشؤون الخليجية", "السنوار: مسيرة قائد حماس",
                        "اترك تعليقاً", "الحقول الإلزامية", "زر الذهاب إلى الأعلى", "الاحتلال يكثف غاراته",
                        "منتخب قطر", "واتساب", "الرئيسية"});
  CHECK(a.title == SeedLines(1)[0]);  // " - العربي الجديد" removed
  CHECK(a.author == "ياسر العلي");
  CHECK(a.published == "2024-10-24T18:30:00+03:00");
}

TEST_CASE("Seed000_Windows1256MetaOnly_ComesOutAsArabic", "[golden][seed000][charset]") {
  Article a = Extract("seed000_legacy_windows1256.html");
  CHECK(a.charset == "windows-1256");
  RequireAllInBody(a, Lines(0, 1, 10));
  RequireNoneInBody(a, {"ارتفاع أسعار النفط", "اتصل بنا", "جميع الحقوق محفوظة"});
  CHECK(a.language == "ar");           // no lang attribute: detected from the text
  CHECK(a.published == "2023-10-21");  // "السبت 21 أكتوبر/تشرين الأول 2023"
  CHECK(a.title == "قمة القاهرة للسلام");
}

TEST_CASE("Seed002_JsonLdMetadataAndFurnitureRemoved", "[golden][seed002][jsonld]") {
  Article a = Extract("seed002_jsonld.html");
  auto body_lines = Lines(2, 8, 31);
  // Lines 18-19 are the photo caption, not body text.
  auto lines = SeedLines(2);
  std::vector<std::string> expected;
  for (const auto& l : body_lines)
    if (l != lines[17] && l != lines[18]) expected.push_back(l);
  RequireAllInBody(a, expected);
  RequireNoneInBody(a, {"Photo of author", "By العربية الآن", "رابط المصدر", "أضف تعليق", "reCAPTCHA",
                        "سياسة الخصوصية", "(رويترز)"});
  CHECK(a.title == lines[0]);
  CHECK(a.author == "العربية الآن");
  CHECK(a.published == "2024-06-11T21:05:00+03:00");
  CHECK(a.language == "ar");
  // <link rel=canonical href="11/qatar-blinken/"> resolves against <base>.
  CHECK(a.canonical_url == "https://alarabiya-now.example/2024/06/11/qatar-blinken/");
  CHECK(a.is_article_type);
}

TEST_CASE("Seed004_RelatedCommentsBackToTopRemoved_ArabicIndicDate", "[golden][seed004]") {
  Article a = Extract("seed004_jnews_theme.html");
  RequireAllInBody(a, Lines(4, 5, 25));
  RequireNoneInBody(a, Lines(4, 27, 33));
  RequireNoneInBody(a, {"الاحتلال يواصل حصار مخيم جباليا", "Share on Facebook", "شبكة قدس الإخبارية",
                        "لن يتم نشر", "الحقول الإلزامية"});
  CHECK(a.published == "2024-10-24");  // "٢٤ أكتوبر ٢٠٢٤"
  CHECK(a.title == SeedLines(4)[2]);
}

TEST_CASE("GoldenPages_LinksAreAbsolute", "[golden][links]") {
  Article a = Extract("seed003_wordpress_ticker.html", "https://emirates71.example/article/55012");
  REQUIRE_FALSE(a.links.empty());
  for (const auto& link : a.links) {
    INFO(link);
    CHECK((link.rfind("https://", 0) == 0 || link.rfind("http://", 0) == 0));
    CHECK(link.find('#') == std::string::npos);
  }
  CHECK(std::find(a.links.begin(), a.links.end(), "https://emirates71.example/cat/gulf") != a.links.end());
}
