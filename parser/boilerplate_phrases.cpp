// The multilingual phrase filter: paragraphs that survive structural
// cleaning but are page furniture by their words alone.
#include <array>
#include <string>
#include <string_view>

#include "parser/content.h"

namespace wirecrawl::content {
namespace {

// Folds a paragraph for comparison: ASCII lower case, Arabic tashkeel and
// tatweel dropped, alef/yaa/taa-marbuta variants unified, punctuation and
// repeated spaces removed. Deliberately small: dedup/ owns full ICU
// normalisation, but the parser must not depend on a later pipeline stage.
std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        if (space && !out.empty()) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(c));
      } else {
        space = true;
      }
      continue;
    }
    if ((c == 0xD8 || c == 0xD9) && i + 1 < s.size()) {
      unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      ++i;
      if ((cp >= 0x64B && cp <= 0x652) || cp == 0x670 || cp == 0x640) continue;  // tashkeel, tatweel
      if (cp == 0x60C || cp == 0x61B || cp == 0x61F || cp == 0x6D4) {            // ، ؛ ؟ ۔
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      if (cp == 0x623 || cp == 0x625 || cp == 0x622 || cp == 0x671) cp = 0x627;  // أ إ آ ٱ -> ا
      if (cp == 0x649) cp = 0x64A;                                               // ى -> ي
      if (cp == 0x629) cp = 0x647;                                               // ة -> ه
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
      continue;
    }
    // Other multi-byte characters: typographic quotes and dashes separate
    // words; everything else is copied.
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      i += 2;
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

struct Phrase {
  std::string_view folded;
  bool prefix;  // also matches a short paragraph that starts with it ("Read also: <title>")
};

// Already in Fold()'s form.
constexpr std::array<Phrase, 73> kPhrases = {{
    // Arabic
    {"اترك تعليقا", true},
    {"اترك تعليق", true},
    {"اترك رد", true},
    {"اترك ردا", true},
    {"اضف تعليق", true},
    {"اضف تعليقا", true},
    {"لن يتم نشر عنوان بريدك الالكتروني", true},
    {"الحقول الالزاميه مشار اليها", true},
    {"مقالات ذات صله", true},
    {"اخبار ذات صله", true},
    {"مواضيع ذات صله", true},
    {"اقرا ايضا", true},
    {"اقرا كذلك", true},
    {"اقرا المزيد", true},
    {"شاهد ايضا", true},
    {"طالع ايضا", true},
    {"زر الذهاب الي الاعلي", false},
    {"رابط المصدر", true},
    {"شارك هذا المقال", true},
    {"شارك", false},
    {"تابعنا علي", true},
    {"اشترك في النشره البريديه", true},
    {"التعليقات", false},
    {"تعليقات", false},
    {"الاكثر قراءه", true},
    {"الاكثر مشاهده", true},
    {"احدث الاخبار", false},
    {"اخر الاخبار", false},
    {"جميع الحقوق محفوظه", true},
    {"احفظ اسمي", true},
    {"ارسال التعليق", false},
    {"انشر التعليق", false},
    {"اضغط هنا", true},
    {"المزيد", false},
    {"عاجل", false},
    // English
    {"read also", true},
    {"read more", true},
    {"also read", true},
    {"related articles", true},
    {"related posts", true},
    {"related stories", true},
    {"leave a comment", true},
    {"leave a reply", true},
    {"your email address will not be published", true},
    {"required fields are marked", true},
    {"photo of author", true},
    {"share this article", true},
    {"share this", false},
    {"share", false},
    {"advertisement", false},
    {"sign up for our newsletter", true},
    {"subscribe to our newsletter", true},
    {"back to top", false},
    {"comments", false},
    {"you may also like", true},
    {"recommended for you", true},
    {"skip to content", false},
    {"follow us on", true},
    {"all rights reserved", true},
    {"click here to subscribe", true},
    {"cookie policy", true},
    {"we use cookies", true},
    // French
    {"lire aussi", true},
    {"a lire aussi", true},
    {"à lire aussi", true},
    {"laisser un commentaire", true},
    {"votre adresse e mail ne sera pas publiée", true},
    {"articles similaires", true},
    {"partager", false},
    {"publicité", false},
    {"abonnez vous", true},
    {"lire la suite", true},
    {"sur le même sujet", true},
}};

size_t WordCount(std::string_view s) {
  size_t n = s.empty() ? 0 : 1;
  for (char c : s) n += c == ' ';
  return n;
}

}  // namespace

bool IsBoilerplatePhrase(const std::string& paragraph) {
  // Long paragraphs are prose even when they begin with "Read more".
  if (paragraph.size() > 400) return false;
  std::string folded = Fold(paragraph);
  if (folded.empty()) return true;
  size_t words = WordCount(folded);
  for (const Phrase& p : kPhrases) {
    if (folded == p.folded) return true;
    if (p.prefix && folded.size() > p.folded.size() && folded.compare(0, p.folded.size(), p.folded) == 0 &&
        folded[p.folded.size()] == ' ' && words <= WordCount(p.folded) + 14)
      return true;
  }
  return false;
}

}  // namespace wirecrawl::content
