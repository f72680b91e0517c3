#include "crawler/discovery/documents.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "base/ascii.h"
#include "base/time.h"
#include "url/url.h"

namespace wirecrawl {
namespace {

// XML's and JSON's whitespace (SP TAB CR LF) is within ASCII whitespace, and
// FF cannot occur in XML 1.0: ascii::TrimWhitespace trims both alike.
std::string_view TrimSpace(std::string_view s) { return ascii::TrimWhitespace(s); }

using ascii::Lower;

// `ref` resolved against the document's URL and normalised (url/url.h),
// which also percent-encodes the raw UTF-8 of Arabic paths that sitemaps carry
// unescaped; nullopt unless the result is an http(s) URL. Against a base that
// is no URL, only absolute references resolve.
std::optional<std::string> ResolveHttpUrl(const LinkResolver& base, std::string_view ref) {
  ref = TrimSpace(ref);
  if (ref.empty()) return std::nullopt;
  Result<std::string> url = base.Resolve(ref);
  if (!url.ok()) return std::nullopt;
  return std::move(url).value();
}

// An ISO 8601 date (sitemaps, JSON Feed) in whole seconds.
std::optional<std::chrono::sys_seconds> IsoSeconds(std::string_view text) {
  std::optional<int64_t> ms = ParseIsoTime(text);
  if (!ms) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(*ms)));
}

// --- XML helpers. pugixml is not namespace-aware, so elements are matched by
// prefix + local name, with the prefix the document itself uses for the
// namespace (sitemaps and Atom are nearly always unprefixed, but need not be).

std::string_view Prefix(const pugi::xml_node& n) {
  std::string_view name = n.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
}

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool Is(const pugi::xml_node& n, std::string_view prefix, std::string_view local) {
  return n.type() == pugi::node_element && Prefix(n) == prefix && LocalName(n) == local;
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view prefix, std::string_view local) {
  for (pugi::xml_node c : parent.children()) {
    if (Is(c, prefix, local)) return c;
  }
  return {};
}

// The element's text: its text and CDATA children joined, trimmed.
std::string Text(const pugi::xml_node& n) {
  std::string out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return std::string(TrimSpace(out));
}

// Appends one entry, or counts it as skipped; false once max_urls is reached.
bool Add(DiscoveryDocument& doc, const DiscoveryLimits& limits, std::optional<std::string> url,
         DiscoveredKind kind, std::optional<std::chrono::sys_seconds> date, std::string title) {
  if (!url) {
    ++doc.skipped;
    return true;
  }
  if (doc.urls.size() >= limits.max_urls) {
    doc.truncated = true;
    return false;
  }
  doc.urls.push_back({std::move(*url), kind, date, std::move(title)});
  return true;
}

void ParseUrlset(const pugi::xml_node& root, const LinkResolver& base, const DiscoveryLimits& limits,
                 DiscoveryDocument& doc) {
  std::string_view p = Prefix(root);
  for (pugi::xml_node entry : root.children()) {
    if (!Is(entry, p, "url")) continue;
    auto url = ResolveHttpUrl(base, Text(Child(entry, p, "loc")));
    auto date = IsoSeconds(Text(Child(entry, p, "lastmod")));
    DiscoveredKind kind = DiscoveredKind::kPage;
    std::string title;
    // Google News sitemap: <news:news><news:publication_date/><news:title/>.
    for (pugi::xml_node ext : entry.children()) {
      if (ext.type() != pugi::node_element || LocalName(ext) != "news" || Prefix(ext) == p) continue;
      std::string_view np = Prefix(ext);
      kind = DiscoveredKind::kNewsArticle;
      if (auto published = IsoSeconds(Text(Child(ext, np, "publication_date")))) date = published;
      title = Text(Child(ext, np, "title"));
      break;
    }
    if (!Add(doc, limits, std::move(url), kind, date, std::move(title))) return;
  }
}

void ParseSitemapIndex(const pugi::xml_node& root, const LinkResolver& base, const DiscoveryLimits& limits,
                       DiscoveryDocument& doc) {
  std::string_view p = Prefix(root);
  for (pugi::xml_node entry : root.children()) {
    if (!Is(entry, p, "sitemap")) continue;
    auto url = ResolveHttpUrl(base, Text(Child(entry, p, "loc")));
    auto date = IsoSeconds(Text(Child(entry, p, "lastmod")));
    if (!Add(doc, limits, std::move(url), DiscoveredKind::kSitemap, date, {})) return;
  }
}

// RSS 2.0 items live in <channel>; RSS 1.0 (RDF) items are children of the
// root. RSS core elements are unprefixed; dates may come from Dublin Core.
void ParseRss(const pugi::xml_node& root, const LinkResolver& base, const DiscoveryLimits& limits,
              DiscoveryDocument& doc) {
  pugi::xml_node container = LocalName(root) == "rss" ? Child(root, "", "channel") : root;
  for (pugi::xml_node item : container.children()) {
    if (!Is(item, "", "item")) continue;
    std::optional<std::string> url = ResolveHttpUrl(base, Text(Child(item, "", "link")));
    if (!url) {
      // A permalink guid is the item's URL (RSS 2.0 spec, <guid>).
      pugi::xml_node guid = Child(item, "", "guid");
      if (guid && Lower(guid.attribute("isPermaLink").as_string("true")) != "false") {
        url = ResolveHttpUrl(base, Text(guid));
      }
    }
    std::optional<std::chrono::sys_seconds> date = ParseFeedDate(Text(Child(item, "", "pubDate")));
    for (pugi::xml_node c : item.children()) {
      if (date) break;
      if (c.type() == pugi::node_element && !Prefix(c).empty() && LocalName(c) == "date")
        date = ParseFeedDate(Text(c));
    }
    if (!Add(doc, limits, std::move(url), DiscoveredKind::kFeedItem, date, Text(Child(item, "", "title"))))
      return;
  }
}

// RFC 4287: the entry's URL is its rel="alternate" link (rel defaults to
// alternate), preferring text/html; xml:base on feed and entry applies.
void ParseAtom(const pugi::xml_node& root, const LinkResolver& base, const DiscoveryLimits& limits,
               DiscoveryDocument& doc) {
  std::string_view p = Prefix(root);
  std::optional<LinkResolver> feed_rebased;
  if (auto b = ResolveHttpUrl(base, root.attribute("xml:base").as_string())) feed_rebased.emplace(*b);
  const LinkResolver& feed_base = feed_rebased ? *feed_rebased : base;
  for (pugi::xml_node entry : root.children()) {
    if (!Is(entry, p, "entry")) continue;
    std::optional<LinkResolver> entry_rebased;
    if (auto b = ResolveHttpUrl(feed_base, entry.attribute("xml:base").as_string()))
      entry_rebased.emplace(*b);
    const LinkResolver& entry_base = entry_rebased ? *entry_rebased : feed_base;
    std::optional<std::string> url;
    bool html = false;
    for (pugi::xml_node link : entry.children()) {
      if (!Is(link, p, "link")) continue;
      std::string rel = Lower(TrimSpace(link.attribute("rel").as_string("alternate")));
      if (rel != "alternate") continue;
      std::string type = Lower(TrimSpace(link.attribute("type").as_string()));
      bool is_html = type.empty() || type == "text/html" || type == "application/xhtml+xml";
      if (url && (html || !is_html)) continue;
      if (auto resolved = ResolveHttpUrl(entry_base, link.attribute("href").as_string())) {
        url = std::move(resolved);
        html = is_html;
      }
    }
    auto date = ParseFeedDate(Text(Child(entry, p, "published")));
    if (!date) date = ParseFeedDate(Text(Child(entry, p, "updated")));
    if (!Add(doc, limits, std::move(url), DiscoveredKind::kFeedItem, date, Text(Child(entry, p, "title"))))
      return;
  }
}

Result<DiscoveryDocument> ParseXml(std::string_view body, std::string_view base,
                                   const DiscoveryLimits& limits) {
  pugi::xml_document xml;
  // parse_default: no DOCTYPE entity expansion and no external loads.
  pugi::xml_parse_result parsed =
      xml.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    return Status::Corruption("malformed XML in " + std::string(base) + " at byte " +
                              std::to_string(parsed.offset) + ": " + parsed.description());
  }
  pugi::xml_node root = xml.document_element();
  std::string_view name = LocalName(root);
  const LinkResolver resolver(base);
  DiscoveryDocument doc;
  if (name == "urlset") {
    doc.format = DiscoveryFormat::kUrlset;
    ParseUrlset(root, resolver, limits, doc);
  } else if (name == "sitemapindex") {
    doc.format = DiscoveryFormat::kSitemapIndex;
    ParseSitemapIndex(root, resolver, limits, doc);
  } else if (name == "rss" || name == "RDF") {
    doc.format = DiscoveryFormat::kRss;
    ParseRss(root, resolver, limits, doc);
  } else if (name == "feed") {
    doc.format = DiscoveryFormat::kAtom;
    ParseAtom(root, resolver, limits, doc);
  } else {
    return Status::Unsupported("not a sitemap or feed: " + std::string(base) + " has root element <" +
                               std::string(root.name()) + ">");
  }
  return doc;
}

std::string JsonString(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// JSON Feed 1.0/1.1 (jsonfeed.org): items[].url (external_url as fallback),
// title, date_published / date_modified (RFC 3339).
Result<DiscoveryDocument> ParseJsonFeed(std::string_view body, std::string_view base,
                                        const DiscoveryLimits& limits) {
  nlohmann::json feed;
  try {
    feed = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::Corruption("malformed JSON in " + std::string(base) + " at byte " +
                              std::to_string(e.byte) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    // Not every parse failure is a parse_error: a number too large for a
    // double ("1E400") is out_of_range.406, which escaped as an uncaught
    // exception (found by discovery_fuzz).
    return Status::Corruption("malformed JSON in " + std::string(base) + ": " + e.what());
  }
  if (!feed.is_object() || JsonString(feed, "version").rfind("https://jsonfeed.org/version/", 0) != 0) {
    return Status::Unsupported("not a JSON Feed: " + std::string(base) + " has no jsonfeed.org version");
  }
  DiscoveryDocument doc;
  doc.format = DiscoveryFormat::kJsonFeed;
  const LinkResolver resolver(base);
  auto items = feed.find("items");
  if (items == feed.end() || !items->is_array()) return doc;
  for (const auto& item : *items) {
    if (!item.is_object()) {
      ++doc.skipped;
      continue;
    }
    std::optional<std::string> url = ResolveHttpUrl(resolver, JsonString(item, "url"));
    if (!url) url = ResolveHttpUrl(resolver, JsonString(item, "external_url"));
    auto date = IsoSeconds(JsonString(item, "date_published"));
    if (!date) date = IsoSeconds(JsonString(item, "date_modified"));
    if (!Add(doc, limits, std::move(url), DiscoveredKind::kFeedItem, date, JsonString(item, "title"))) break;
  }
  return doc;
}

}  // namespace

const char* DiscoveryFormatName(DiscoveryFormat f) {
  switch (f) {
    case DiscoveryFormat::kUrlset:
      return "sitemap";
    case DiscoveryFormat::kSitemapIndex:
      return "sitemap index";
    case DiscoveryFormat::kRss:
      return "RSS";
    case DiscoveryFormat::kAtom:
      return "Atom";
    case DiscoveryFormat::kJsonFeed:
      return "JSON Feed";
  }
  return "unknown";
}

Result<DiscoveryDocument> ParseDiscoveryDocument(std::string_view body, std::string_view base_url,
                                                 const DiscoveryLimits& limits) {
  std::string inflated;
  if (LooksGzipped(body)) {
    auto out = InflateBounded(body, limits.max_inflated_bytes);
    if (!out.ok()) {
      std::string message = std::string(base_url) + ": " + out.status().message();
      if (out.status().code() == Status::Code::kInvalidArgument)
        return Status::InvalidArgument(std::move(message));
      return Status::Corruption(std::move(message));
    }
    inflated = std::move(out.value());
    body = inflated;
  } else if (body.size() > limits.max_inflated_bytes) {
    return Status::InvalidArgument(std::string(base_url) + ": document of " + std::to_string(body.size()) +
                                   " bytes is over the limit of " +
                                   std::to_string(limits.max_inflated_bytes));
  }
  std::string_view content = body;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // UTF-8 BOM
  content = TrimSpace(content);
  if (content.empty()) return Status::Corruption(std::string(base_url) + ": empty document");
  if (content.front() == '{') return ParseJsonFeed(content, base_url, limits);
  return ParseXml(body, base_url, limits);
}

std::optional<std::chrono::sys_seconds> ParseFeedDate(std::string_view text) {
  if (auto t = IsoSeconds(text)) return t;
  std::optional<int64_t> ms = ParseHttpDate(text);
  if (!ms) return std::nullopt;
  return std::chrono::sys_seconds(std::chrono::seconds(*ms / 1000));
}

}  // namespace wirecrawl
