#include "parser/article.h"

namespace wirecrawl {

std::string Article::Body() const {
  std::string body;
  for (const auto& p : paragraphs) {
    if (!body.empty()) body += '\n';
    body += p;
  }
  return body;
}

}  // namespace wirecrawl
