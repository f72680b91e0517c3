#include "parser/extract.h"

namespace wirecrawl {
Result<Article> ExtractArticle(std::string_view body, std::string_view, std::string_view url,
                               const ExtractOptions&) {
  if (body.empty()) return Status::InvalidArgument("empty body");
  Article a;
  a.url = std::string(url);
  return a;
}
}  // namespace wirecrawl
