// Tests for crawler/robots.h. Each test is named after the source of the
// behaviour: a section of RFC 9309, or "GoogleRobotstxt_" for what RFC 9309
// leaves open and Google's parser (github.com/google/robotstxt) decides, which
// we follow so that sites written for Googlebot mean the same to us.
#include "crawler/discovery/robots.h"

#include <catch2/catch.hpp>
#include <string>

using wirecrawl::RobotsPathOf;
using wirecrawl::RobotsRules;

namespace {

bool Allowed(std::string_view robots, std::string_view agent, std::string_view url) {
  return RobotsRules::Parse(robots).Allows(agent, url);
}

}  // namespace

TEST_CASE("RFC9309_2_1_EmptyFileOrNoMatchingGroupAllowsEverything") {
  CHECK(Allowed("", "NewsBot", "https://example.com/any"));
  CHECK(Allowed("", "", ""));
  const char* robots = "User-agent: OtherBot\nDisallow: /\n";
  CHECK(Allowed(robots, "NewsBot", "https://example.com/any"));
  // An empty agent names no group.
  CHECK(Allowed("User-agent: NewsBot\nDisallow: /\n", "", ""));
  // An empty URL is the root path "/".
  CHECK_FALSE(Allowed("User-agent: NewsBot\nDisallow: /\n", "NewsBot", ""));
}

TEST_CASE("RFC9309_2_1_RecordsAreKeyColonValue") {
  const std::string url = "https://example.com/a/b";
  CHECK_FALSE(Allowed("user-agent: NewsBot\ndisallow: /\n", "NewsBot", url));
  // Unknown keys are not rules.
  CHECK(Allowed("agent: NewsBot\nblock: /\n", "NewsBot", url));
}

TEST_CASE("GoogleRobotstxt_MissingColonIsAcceptedForTwoWordLines") {
  const std::string url = "https://example.com/a/b";
  CHECK_FALSE(Allowed("user-agent NewsBot\ndisallow /\n", "NewsBot", url));
  CHECK_FALSE(Allowed("User-agent\tNewsBot\nDisallow\t/a\n", "NewsBot", url));
  // Three words without a colon are not a record.
  CHECK(Allowed("user-agent NewsBot\ndisallow / now\n", "NewsBot", url));
}

TEST_CASE("GoogleRobotstxt_FrequentTyposOfKeysAreAccepted") {
  const std::string url = "https://example.com/private/x";
  for (const char* key : {"Disallow", "Dissallow", "Dissalow", "Disalow", "Diasllow", "Disallaw"}) {
    INFO(key);
    CHECK_FALSE(Allowed(std::string("User-agent: NewsBot\n") + key + ": /private\n", "NewsBot", url));
  }
  for (const char* key : {"User-agent", "Useragent", "User agent"}) {
    INFO(key);
    CHECK_FALSE(Allowed(std::string(key) + ": NewsBot\nDisallow: /private\n", "NewsBot", url));
  }
  CHECK(Allowed("User-agent: NewsBot\nDisalloww /private/x now\n", "NewsBot", url));
}

TEST_CASE("RFC9309_2_1_GroupsRulesOutsideGroupsAndMerging") {
  const char* robots =
      "allow: /outside/\n"
      "\n"
      "user-agent: AlphaBot\n"
      "disallow: /\n"
      "allow: /a/\n"
      "user-agent: BetaBot\n"
      "disallow: /\n"
      "allow: /b/\n"
      "\n"
      "\n"
      "allow: /blank-lines-do-not-end-a-group/\n"
      "user-agent: GammaBot\n"
      "\n"
      "user-agent: AlphaBot\n"
      "allow: /c/\n"
      "disallow: /\n";
  const std::string base = "https://example.com";
  CHECK(Allowed(robots, "AlphaBot", base + "/a/1"));
  CHECK(Allowed(robots, "AlphaBot", base + "/c/1"));  // second AlphaBot group merges with the first
  CHECK_FALSE(Allowed(robots, "AlphaBot", base + "/b/1"));
  CHECK(Allowed(robots, "BetaBot", base + "/b/1"));
  CHECK(Allowed(robots, "BetaBot", base + "/blank-lines-do-not-end-a-group/1"));
  CHECK_FALSE(Allowed(robots, "BetaBot", base + "/c/1"));
  CHECK(Allowed(robots, "GammaBot", base + "/c/1"));  // GammaBot shares the last group
  // The rule before any User-agent line belongs to no group.
  CHECK_FALSE(Allowed(robots, "AlphaBot", base + "/outside/"));
  CHECK_FALSE(Allowed(robots, "BetaBot", base + "/outside/"));
  CHECK_FALSE(Allowed(robots, "GammaBot", base + "/outside/"));
}

TEST_CASE("RFC9309_2_2_4_OtherRecordsDoNotEndAGroup") {
  const std::string url = "https://example.com/";
  const char* with_sitemap =
      "User-agent: BetaBot\n"
      "Sitemap: https://example.com/sitemap.xml\n"
      "User-agent: *\n"
      "Disallow: /\n";
  CHECK_FALSE(Allowed(with_sitemap, "BetaBot", url));
  CHECK_FALSE(Allowed(with_sitemap, "AlphaBot", url));
  const char* with_unknown =
      "User-agent: AlphaBot\n"
      "Something-else: value\n"
      "User-agent: *\n"
      "Disallow: /\n";
  CHECK_FALSE(Allowed(with_unknown, "AlphaBot", url));
  CHECK_FALSE(Allowed(with_unknown, "BetaBot", url));
}

TEST_CASE("RFC9309_2_1_KeysAreCaseInsensitive") {
  const std::string allowed = "https://example.com/open/1";
  const std::string blocked = "https://example.com/closed/1";
  for (const char* robots : {"USER-AGENT: NewsBot\nALLOW: /open/\nDISALLOW: /\n",
                             "user-agent: NewsBot\nallow: /open/\ndisallow: /\n",
                             "uSeR-aGeNt: NewsBot\naLlOw: /open/\nDiSaLlOw: /\n"}) {
    INFO(robots);
    CHECK(Allowed(robots, "NewsBot", allowed));
    CHECK_FALSE(Allowed(robots, "NewsBot", blocked));
  }
}

TEST_CASE("RFC9309_2_2_1_ProductTokenMatchesCaseInsensitively") {
  const std::string allowed = "https://example.com/open/1";
  const std::string blocked = "https://example.com/closed/1";
  for (const char* robots : {"User-agent: NEWSBOT\nAllow: /open/\nDisallow: /\n",
                             "User-agent: newsbot\nAllow: /open/\nDisallow: /\n",
                             "User-agent: NeWsBoT\nAllow: /open/\nDisallow: /\n"}) {
    for (const char* agent : {"NewsBot", "newsbot", "NEWSBOT"}) {
      INFO(robots << " / " << agent);
      CHECK(Allowed(robots, agent, allowed));
      CHECK_FALSE(Allowed(robots, agent, blocked));
    }
  }
}

TEST_CASE("RFC9309_2_2_1_UserAgentValueIsReadUpToTheProductToken") {
  // Versions, comments and second words after the token are ignored, so
  // "NewsBot Images" and "NewsBot/2.1" both name NewsBot (Google does the same).
  const std::string url = "https://example.com/open/1";
  const char* robots =
      "User-agent: *\n"
      "Disallow: /\n"
      "User-agent: News Bot\n"
      "Allow: /open/\n"
      "Disallow: /\n";
  CHECK(Allowed(robots, "News", url));
  // The caller's agent is compared whole: "News Bot" is not a product token.
  CHECK_FALSE(Allowed(robots, "News Bot", url));
  CHECK(Allowed("User-agent: *\nDisallow: /\nUser-agent: NewsBot/2.1 (+https://x)\nAllow: /\n", "newsbot",
                url));
  CHECK(Allowed("User-agent: NewsBotExtra\nDisallow: /\n", "NewsBot", url));  // whole tokens only
  // The token stops at the first octet outside [a-zA-Z_-]: "News_Bot-2" names "News_Bot-".
  CHECK_FALSE(Allowed("User-agent: News_Bot-2\nDisallow: /\n", "news_bot-", url));
}

TEST_CASE("RFC9309_2_2_1_StarGroupIsTheFallback") {
  const std::string url = "https://example.com/a/b";
  const char* with_star =
      "user-agent: *\n"
      "allow: /\n"
      "user-agent: AlphaBot\n"
      "disallow: /\n";
  CHECK_FALSE(Allowed(with_star, "AlphaBot", url));
  CHECK(Allowed(with_star, "BetaBot", url));
  const char* specific_only =
      "user-agent: AlphaBot\n"
      "allow: /\n"
      "user-agent: BetaBot\n"
      "disallow: /\n";
  CHECK(Allowed(specific_only, "GammaBot", url));
  // A named group replaces the "*" group entirely, it does not add to it.
  const char* both =
      "User-agent: *\n"
      "Disallow: /a/\n"
      "User-agent: AlphaBot\n"
      "Disallow: /z/\n";
  CHECK(Allowed(both, "AlphaBot", "https://example.com/a/page"));
  CHECK_FALSE(Allowed(both, "AlphaBot", "https://example.com/z/page"));
  CHECK_FALSE(Allowed(both, "BetaBot", "https://example.com/a/page"));
  // "* anything" is still the global group.
  CHECK_FALSE(Allowed("User-agent: * (all robots)\nDisallow: /\n", "AlphaBot", url));
  // A named group without rules still replaces "*".
  CHECK(Allowed("User-agent: *\nDisallow: /\nUser-agent: AlphaBot\n", "AlphaBot", url));
}

TEST_CASE("RFC9309_2_2_2_PathsAreCaseSensitive") {
  const std::string url = "https://example.com/x/y";
  CHECK_FALSE(Allowed("user-agent: NewsBot\ndisallow: /x/\n", "NewsBot", url));
  CHECK(Allowed("user-agent: NewsBot\ndisallow: /X/\n", "NewsBot", url));
}

TEST_CASE("RFC9309_2_2_2_LongestMatchWins") {
  const std::string page = "https://example.com/x/page.html";
  CHECK_FALSE(Allowed("user-agent: NewsBot\ndisallow: /x/page.html\nallow: /x/\n", "NewsBot", page));
  CHECK(Allowed("user-agent: NewsBot\nallow: /x/page.html\ndisallow: /x/\n", "NewsBot", page));
  CHECK_FALSE(Allowed("user-agent: NewsBot\nallow: /x/page.html\ndisallow: /x/\n", "NewsBot",
                      "https://example.com/x/"));
  CHECK_FALSE(Allowed("user-agent: NewsBot\ndisallow: /x\nallow: /x/\n", "NewsBot", "https://example.com/x"));
  CHECK(Allowed("user-agent: NewsBot\ndisallow: /x\nallow: /x/\n", "NewsBot", "https://example.com/x/"));
  // Wildcards count as octets of the pattern.
  const char* star = "user-agent: NewsBot\nallow: /page\ndisallow: /*.html\n";
  CHECK_FALSE(Allowed(star, "NewsBot", "https://example.com/page.html"));
  CHECK(Allowed(star, "NewsBot", "https://example.com/page"));
  const char* longer_allow = "user-agent: NewsBot\nallow: /x/page.\ndisallow: /*.html\n";
  CHECK(Allowed(longer_allow, "NewsBot", page));
  CHECK_FALSE(Allowed(longer_allow, "NewsBot", "https://example.com/x/y.html"));
  // Order in the file does not matter.
  CHECK(Allowed("user-agent: NewsBot\nallow: /p\ndisallow: /\n", "NewsBot", "https://example.com/page"));
  CHECK(Allowed("user-agent: NewsBot\ndisallow: /\nallow: /p\n", "NewsBot", "https://example.com/page"));
  CHECK_FALSE(Allowed("user-agent: NewsBot\nallow: /page\ndisallow: /*.htm\n", "NewsBot",
                      "https://example.com/page.htm"));
}

TEST_CASE("RFC9309_2_2_2_AllowWinsTies") {
  const std::string page = "https://example.com/x/page.html";
  CHECK(Allowed("user-agent: NewsBot\ndisallow: /\nallow: /\n", "NewsBot", page));
  CHECK(Allowed("user-agent: NewsBot\ndisallow: /x/page.html\nallow: /x/page.html\n", "NewsBot", page));
  CHECK(Allowed("user-agent: NewsBot\nallow: /folder\ndisallow: /folder\n", "NewsBot",
                "https://example.com/folder/page"));
  // Equal length but different patterns: still a tie.
  CHECK(Allowed("user-agent: NewsBot\ndisallow: /*/page\nallow: /x*page\n", "NewsBot",
                "https://example.com/x/page"));
}

TEST_CASE("RFC9309_2_2_2_EmptyDisallowAllowsEverything") {
  const std::string page = "https://example.com/x/page.html";
  CHECK(Allowed("user-agent: NewsBot\ndisallow:\n", "NewsBot", page));
  CHECK(Allowed("user-agent: NewsBot\ndisallow: \nallow: \n", "NewsBot", page));
  // An empty Disallow in the named group still hides the "*" group.
  CHECK(Allowed("user-agent: *\ndisallow: /\nuser-agent: NewsBot\ndisallow:\n", "NewsBot", page));
}

TEST_CASE("RFC9309_2_2_2_RobotsTxtItselfIsAlwaysAllowed") {
  const char* robots = "User-agent: *\nDisallow: /\n";
  CHECK(Allowed(robots, "NewsBot", "https://example.com/robots.txt"));
  CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com/robots.txt.bak"));
}

TEST_CASE("RFC9309_2_2_2_PercentEncodingIsNormalised") {
  // Query strings with "://" and "?" are matched as written.
  CHECK(Allowed("User-agent: NewsBot\nDisallow: /\nAllow: /a/b?c=d&e=http://f.g?h&i\n", "NewsBot",
                "https://example.com/a/b?c=d&e=http://f.g?h&i"));
  // Non-ASCII octets are compared percent-encoded ("ب" is D8 A8), in the
  // rule and in the URL alike ("MUST be percent-encoded [...] prior to
  // comparison"). This used to pin Google's reading, where a raw octet in the
  // URL is not encoded for it: the RFC says otherwise.
  const char* arabic = "User-agent: NewsBot\nDisallow: /\nAllow: /news/\xD8\xA8\n";
  CHECK(Allowed(arabic, "NewsBot", "https://example.com/news/%D8%A8"));
  CHECK(Allowed(arabic, "NewsBot", "https://example.com/news/\xD8\xA8"));
  // The hex digits of escapes are compared without regard to case, on both sides.
  const char* encoded = "User-agent: NewsBot\nDisallow: /\nAllow: /news/%d8%a8\n";
  CHECK(Allowed(encoded, "NewsBot", "https://example.com/news/%D8%A8"));
  CHECK(Allowed(encoded, "NewsBot", "https://example.com/news/%d8%A8"));
  CHECK(Allowed(encoded, "NewsBot", "https://example.com/news/\xD8\xA8"));
  // Escaped unreserved characters are decoded on both sides: "%61" is "a".
  // This used to pin Google's behaviour ("%61" is not "a"), which the RFC's
  // own example contradicts (RFC9309_2_2_2_PercentEncodedUnreservedOctetsAreDecoded).
  const char* unreserved = "User-agent: NewsBot\nDisallow: /\nAllow: /x/%61%62\n";
  CHECK(Allowed(unreserved, "NewsBot", "https://example.com/x/ab"));
  CHECK(Allowed(unreserved, "NewsBot", "https://example.com/x/%61%62"));
}

// RFC 9309 2.2.2's table: the path "/foo/bar/%62%61%7A" is matched as
// "/foo/bar/baz".
TEST_CASE("RFC9309_2_2_2_PercentEncodedUnreservedOctetsAreDecoded") {
  const char* encoded_rule = "User-agent: *\nDisallow: /foo/bar/%62%61%7A\n";
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://example.com/foo/bar/baz"));
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://example.com/foo/bar/%62%61%7A"));
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://example.com/foo/bar/b%61z/x"));
  CHECK(Allowed(encoded_rule, "NewsBot", "https://example.com/foo/bar/bar"));
  // Mirrored: a plain rule blocks the encoded URL.
  const char* plain_rule = "User-agent: *\nDisallow: /foo/bar/baz\n";
  CHECK_FALSE(Allowed(plain_rule, "NewsBot", "https://example.com/foo/bar/%62%61%7A"));
  CHECK_FALSE(Allowed(plain_rule, "NewsBot", "https://example.com/foo/bar/%62%61%7a"));
  CHECK_FALSE(Allowed(plain_rule, "NewsBot", "https://example.com/foo/%62ar/baz?q"));
  // The other unreserved characters too: "-" "." "_" "~" and digits.
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /a-b.c_d~e1\n", "NewsBot",
                      "https://example.com/a%2Db%2Ec%5Fd%7Ee%31"));
  // Decoding changes the length the longest-match rule counts.
  const char* longest = "User-agent: *\nAllow: /foo/bar/%62%61%7A\nDisallow: /foo/bar/ba\n";
  CHECK(Allowed(longest, "NewsBot", "https://example.com/foo/bar/baz"));
  // Reserved characters stay escaped: "%2F" is not a path separator.
  const char* reserved = "User-agent: *\nDisallow: /a%2Fb\n";
  CHECK(Allowed(reserved, "NewsBot", "https://example.com/a/b"));
  CHECK_FALSE(Allowed(reserved, "NewsBot", "https://example.com/a%2fb"));
  CHECK(Allowed("User-agent: *\nDisallow: /a/b\n", "NewsBot", "https://example.com/a%2Fb"));
  // The deciding rule is named in its normalised form.
  CHECK(RobotsRules::Parse(encoded_rule).Evaluate("NewsBot", "/foo/bar/baz").rule ==
        "Disallow: /foo/bar/baz");
}

// RFC 9309 2.2.3: "If crawlers match special characters verbatim in the URI,
// crawlers SHOULD use "%" encoding": "/path/file-with-a-%2A.html" matches
// https://www.example.com/path/file-with-a-*.html.
TEST_CASE("RFC9309_2_2_3_PercentEncodedStarMatchesALiteralStar") {
  const char* encoded_rule = "User-agent: *\nDisallow: /path/file-with-a-%2A.html\n";
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/file-with-a-*.html"));
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/file-with-a-%2A.html"));
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/file-with-a-%2a.html"));
  // Not a wildcard: other files are allowed.
  CHECK(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/file-with-a-b.html"));
  CHECK(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/file-with-a-.html"));
  // Mirrored: a raw "*" in the rule is the wildcard, which matches the
  // literal star as it matches anything else.
  const char* wildcard_rule = "User-agent: *\nDisallow: /path/file-with-a-*.html\n";
  CHECK_FALSE(Allowed(wildcard_rule, "NewsBot", "https://www.example.com/path/file-with-a-*.html"));
  CHECK_FALSE(Allowed(wildcard_rule, "NewsBot", "https://www.example.com/path/file-with-a-%2A.html"));
  CHECK_FALSE(Allowed(wildcard_rule, "NewsBot", "https://www.example.com/path/file-with-a-b.html"));
  CHECK(Allowed(wildcard_rule, "NewsBot", "https://www.example.com/path/other.html"));
}

// RFC 9309 2.2.3: "/path/foo-%24" matches https://www.example.com/path/foo-$.
TEST_CASE("RFC9309_2_2_3_PercentEncodedDollarMatchesALiteralDollar") {
  const char* encoded_rule = "User-agent: *\nDisallow: /path/foo-%24\n";
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/foo-$"));
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/foo-%24"));
  CHECK_FALSE(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/foo-$/more"));
  // Not an end anchor: "/path/foo-" alone is allowed.
  CHECK(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/foo-"));
  CHECK(Allowed(encoded_rule, "NewsBot", "https://www.example.com/path/foo-bar"));
  // Mirrored: a final raw "$" is the anchor, which a literal "$" in the URL
  // does not satisfy.
  const char* anchored_rule = "User-agent: *\nDisallow: /path/foo-$\n";
  CHECK_FALSE(Allowed(anchored_rule, "NewsBot", "https://www.example.com/path/foo-"));
  CHECK(Allowed(anchored_rule, "NewsBot", "https://www.example.com/path/foo-$"));
  CHECK(Allowed(anchored_rule, "NewsBot", "https://www.example.com/path/foo-%24"));
  // "$" before the end of a rule is an ordinary octet, and matches both forms.
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /a$b\n", "NewsBot", "https://www.example.com/a%24b"));
}

TEST_CASE("RFC9309_2_2_3_StarMatchesAnySequence") {
  const char* robots = "User-agent: NewsBot\nDisallow: /a/b/c\nAllow: /a/*/d\n";
  CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com/a/b/c"));
  CHECK(Allowed(robots, "NewsBot", "https://example.com/a/c"));
  CHECK(Allowed(robots, "NewsBot", "https://example.com/a//c"));
  CHECK(Allowed(robots, "NewsBot", "https://example.com/a/x/d"));
  const char* php = "user-agent: NewsBot\ndisallow: /\nallow: /*.php\n";
  CHECK(Allowed(php, "NewsBot", "https://example.com/index.php"));
  CHECK(Allowed(php, "NewsBot", "https://example.com/dir/index.php?x=1"));
  CHECK(Allowed(php, "NewsBot", "https://example.com//dir/a.php.b.html"));
  CHECK(Allowed(php, "NewsBot", "https://example.com/q?f=a.php/"));
  CHECK_FALSE(Allowed(php, "NewsBot", "https://example.com/php/"));
  CHECK_FALSE(Allowed(php, "NewsBot", "https://example.com/q?php"));
  CHECK_FALSE(Allowed(php, "NewsBot", "https://example.com/x.PHP"));
  // A trailing "*" changes nothing.
  const char* trailing = "user-agent: NewsBot\ndisallow: /\nallow: /fish*\n";
  CHECK(Allowed(trailing, "NewsBot", "https://example.com/fish"));
  CHECK(Allowed(trailing, "NewsBot", "https://example.com/fishheads/yummy.html"));
  CHECK_FALSE(Allowed(trailing, "NewsBot", "https://example.com/catfish"));
  CHECK_FALSE(Allowed(trailing, "NewsBot", "https://example.com/Fish"));
  const char* middle = "user-agent: NewsBot\ndisallow: /\nallow: /fish*.php\n";
  CHECK(Allowed(middle, "NewsBot", "https://example.com/fish.php"));
  CHECK(Allowed(middle, "NewsBot", "https://example.com/fishheads/catfish.php?x"));
  CHECK_FALSE(Allowed(middle, "NewsBot", "https://example.com/Fish.PHP"));
  // Several stars; pieces must appear in order.
  const char* many = "user-agent: NewsBot\ndisallow: /*a*b*c\n";
  CHECK_FALSE(Allowed(many, "NewsBot", "https://example.com/xaybzc"));
  CHECK(Allowed(many, "NewsBot", "https://example.com/xcybza"));
  CHECK_FALSE(Allowed("user-agent: NewsBot\ndisallow: /**\n", "NewsBot", "https://example.com/"));
}

TEST_CASE("RFC9309_2_2_3_DollarAnchorsTheEnd") {
  const char* robots = "User-agent: NewsBot\nDisallow: /a/b$\nAllow: /a/b/c\n";
  CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com/a/b"));
  CHECK(Allowed(robots, "NewsBot", "https://example.com/a/b/c"));
  CHECK(Allowed(robots, "NewsBot", "https://example.com/a/b/"));
  CHECK(Allowed(robots, "NewsBot", "https://example.com/a/b/z"));
  const char* php = "user-agent: NewsBot\ndisallow: /\nallow: /*.php$\n";
  CHECK(Allowed(php, "NewsBot", "https://example.com/index.php"));
  CHECK(Allowed(php, "NewsBot", "https://example.com/dir/index.php"));
  CHECK_FALSE(Allowed(php, "NewsBot", "https://example.com/index.php?x"));
  CHECK_FALSE(Allowed(php, "NewsBot", "https://example.com/index.php/"));
  CHECK_FALSE(Allowed(php, "NewsBot", "https://example.com/index.php5"));
  CHECK_FALSE(Allowed(php, "NewsBot", "https://example.com/aphpa"));
  const char* root_only = "user-agent: NewsBot\nallow: /$\ndisallow: /\n";
  CHECK(Allowed(root_only, "NewsBot", "https://example.com/"));
  CHECK_FALSE(Allowed(root_only, "NewsBot", "https://example.com/page.html"));
  // "$" before the end is an ordinary octet.
  CHECK_FALSE(Allowed("user-agent: NewsBot\ndisallow: /a$b\n", "NewsBot", "https://example.com/a$b/c"));
  CHECK(Allowed("user-agent: NewsBot\ndisallow: /a$b\n", "NewsBot", "https://example.com/a"));
  // "*$": a star then the end.
  CHECK_FALSE(Allowed("user-agent: NewsBot\ndisallow: /*.gif$\n", "NewsBot", "https://example.com/x/y.gif"));
}

TEST_CASE("RFC9309_2_2_3_HashStartsAComment") {
  const char* robots =
      "User-agent: NewsBot\n"
      "# Disallow: /\n"
      "Disallow: /a/b#c\n"
      "Allow: /  # everything else\n";
  CHECK(Allowed(robots, "NewsBot", "https://example.com/a/x"));
  CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com/a/b"));
  CHECK_FALSE(
      Allowed("User-agent: NewsBot # the news bot\nDisallow: /\n", "NewsBot", "https://example.com/"));
}

TEST_CASE("GoogleRobotstxt_IndexHtmlAllowsTheDirectory") {
  const char* robots =
      "User-Agent: *\n"
      "Allow: /open/index.html\n"
      "Disallow: /\n";
  CHECK(Allowed(robots, "NewsBot", "https://example.com/open/"));
  CHECK(Allowed(robots, "NewsBot", "https://example.com/open/index.html"));
  CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com/open/index.htm"));
  CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com/open/other"));
  CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com/elsewhere"));
  // Only Allow rules get this; a Disallow of index.html does not block "/".
  CHECK(Allowed("User-Agent: *\nDisallow: /d/index.html\n", "NewsBot", "https://example.com/d/"));
}

TEST_CASE("GoogleRobotstxt_LongLinesAreCutAfter16663Octets") {
  const size_t kept = 2083 * 8 - 1;
  SECTION("a cut Disallow still matches its kept prefix") {
    const std::string head = "disallow: ";
    std::string pattern = "/x/";
    pattern.resize(kept - head.size(), 'a');  // exactly fills the kept part of the line
    const std::string robots = "user-agent: NewsBot\n" + head + pattern + "/tail-that-is-cut\n";
    CHECK(Allowed(robots, "NewsBot", "https://example.com/other"));
    CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com" + pattern + "/different-tail"));
  }
  SECTION("a cut Allow allows more than written") {
    const std::string head = "allow: ";
    std::string a = "/x/";
    std::string b = "/x/";
    a.resize(kept - head.size() + 1, 'a');  // one octet too long: the last one is cut
    b.resize(kept - head.size() + 1, 'b');
    const std::string robots = "user-agent: NewsBot\ndisallow: /\n" + head + a + "\n" + head + b + "\n";
    CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com/"));
    CHECK(Allowed(robots, "NewsBot", "https://example.com" + a));
    CHECK(Allowed(robots, "NewsBot", "https://example.com" + b.substr(0, b.size() - 1) + "z"));
  }
}

TEST_CASE("RFC9309_2_2_LineEndingsCrLfAndCrlf") {
  const std::string url = "https://example.com/x";
  for (const char* robots : {"User-agent: NewsBot\nDisallow: /x\n", "User-agent: NewsBot\r\nDisallow: /x\r\n",
                             "User-agent: NewsBot\rDisallow: /x\r", "User-agent: NewsBot\rDisallow: /x",
                             "User-agent: NewsBot\n\r\n\rDisallow: /x"}) {
    INFO(robots);
    CHECK_FALSE(Allowed(robots, "NewsBot", url));
  }
  // Line numbers count each CR, LF or CRLF once.
  for (const char* robots : {"User-agent: a\nAllow: /p\nUser-agent: b\n\n\nDisallow: /\n",
                             "User-agent: a\r\nAllow: /p\r\nUser-agent: b\r\n\r\n\r\nDisallow: /\r\n",
                             "User-agent: a\rAllow: /p\rUser-agent: b\r\r\rDisallow: /\r",
                             "User-agent: a\nAllow: /p\r\nUser-agent: b\n\r\n\nDisallow: /"}) {
    INFO(robots);
    const RobotsRules::Verdict v = RobotsRules::Parse(robots).Evaluate("b", "/x");
    CHECK_FALSE(v.allowed);
    CHECK(v.line == 6);
  }
}

TEST_CASE("GoogleRobotstxt_ByteOrderMarkIsSkipped") {
  const std::string url = "https://example.com/x";
  CHECK_FALSE(Allowed("\xEF\xBB\xBFUser-agent: NewsBot\nDisallow: /\n", "NewsBot", url));
  CHECK_FALSE(Allowed("\xEF\xBBUser-agent: NewsBot\nDisallow: /\n", "NewsBot", url));  // partial BOM
  CHECK_FALSE(Allowed("\xEFUser-agent: NewsBot\nDisallow: /\n", "NewsBot", url));
  // A broken BOM makes the first line garbage, so the rule has no group.
  CHECK(Allowed("\xEF\x11\xBFUser-agent: NewsBot\nDisallow: /\n", "NewsBot", url));
  // A BOM in the middle of the file is garbage too.
  CHECK(
      Allowed("User-agent: NewsBot\n\xEF\xBB\xBF"
              "Disallow: /\n",
              "NewsBot", url));
}

TEST_CASE("RFC9309_2_2_4_SitemapsAreCollectedAnywhere") {
  const RobotsRules rules = RobotsRules::Parse(
      "Sitemap: https://example.com/news-sitemap.xml\n"
      "User-agent: NewsBot\n"
      "Disallow: /private\n"
      "site-map: https://example.com/sitemap-index.xml.gz # comment\n"
      "User-agent: *\n"
      "SITEMAP:https://cdn.example.net/s.xml\n"
      "Sitemap:\n");
  CHECK(rules.sitemaps() == std::vector<std::string>{"https://example.com/news-sitemap.xml",
                                                     "https://example.com/sitemap-index.xml.gz",
                                                     "https://cdn.example.net/s.xml"});
  // The sitemap lines did not split the NewsBot group.
  CHECK_FALSE(rules.Allows("NewsBot", "/private"));
}

TEST_CASE("RFC9309_2_2_4_CrawlDelayIsKeptPerGroup") {
  const RobotsRules rules = RobotsRules::Parse(
      "User-agent: *\n"
      "Crawl-delay: 10\n"
      "Disallow: /cgi-bin/\n"
      "User-agent: NewsBot\n"
      "Disallow: /x\n"
      "Crawl-delay: 2.5\n"
      "User-agent: OtherBot\n"
      "Disallow: /y\n"
      "Crawl-delay: soon\n"
      "User-agent: newsbot\n"
      "Disallow: /z\n"
      "Crawl-delay: 4\n");
  CHECK(rules.CrawlDelay("NewsBot") == std::chrono::milliseconds(4000));  // largest of the merged groups
  CHECK(rules.CrawlDelay("SomeBot") == std::chrono::milliseconds(10000));
  CHECK_FALSE(rules.CrawlDelay("OtherBot").has_value());  // unparsable value ignored, no fallback to "*"
  CHECK_FALSE(RobotsRules::Parse("").CrawlDelay("NewsBot").has_value());
  // Crawl-delay is not a rule, so like any other record it does not end a
  // group (RFC 9309 2.2.4, and Google): here NewsBot joins the "*" group, and
  // the larger delay of the group applies.
  const RobotsRules joined = RobotsRules::Parse(
      "User-agent: *\nCrawl-delay: 3\nUser-agent: NewsBot\nCrawl-delay: 1\n"
      "Disallow: /x\n");
  CHECK(joined.CrawlDelay("NewsBot") == std::chrono::milliseconds(3000));
  CHECK(joined.CrawlDelay("SomeBot") == std::chrono::milliseconds(3000));
  CHECK_FALSE(joined.Allows("SomeBot", "/x"));
}

TEST_CASE("RFC9309_2_3_1_FetchOutcomes") {
  const char* body = "User-agent: *\nDisallow: /private\n";
  SECTION("2.3.1.1 success: the body's rules") {
    const RobotsRules rules = RobotsRules::FromFetch(200, body);
    CHECK(rules.source() == RobotsRules::Source::kParsed);
    CHECK_FALSE(rules.Allows("NewsBot", "/private"));
    CHECK(rules.Allows("NewsBot", "/public"));
    CHECK_FALSE(rules.temporary());
  }
  SECTION("2.3.1.3 unavailable (4xx): allow all") {
    for (long status : {400L, 401L, 403L, 404L, 410L}) {
      const RobotsRules rules = RobotsRules::FromFetch(status, body);
      CHECK(rules.source() == RobotsRules::Source::kUnavailable);
      CHECK(rules.Allows("NewsBot", "/private"));
      CHECK_FALSE(rules.temporary());
    }
  }
  SECTION("2.3.1.2 redirects beyond the limit: unavailable") {
    CHECK(RobotsRules::FromFetch(301, "").Allows("NewsBot", "/private"));
  }
  SECTION("2.3.1.4 unreachable (5xx, no response): disallow all, temporarily") {
    for (long status : {0L, 500L, 502L, 503L, 504L, 429L}) {
      INFO(status);
      const RobotsRules rules = RobotsRules::FromFetch(status, "");
      CHECK(rules.source() == RobotsRules::Source::kUnreachable);
      CHECK_FALSE(rules.Allows("NewsBot", "/public"));
      CHECK_FALSE(rules.Allows("NewsBot", "/robots.txt"));
      CHECK(rules.temporary());
    }
  }
}

TEST_CASE("RFC9309_2_5_OnlyTheFirst500KiBAreParsed") {
  std::string robots = "User-agent: NewsBot\nDisallow: /early\n";
  while (robots.size() < RobotsRules::kMaxBytes - 100) robots += "# padding padding padding padding\n";
  robots += "Disallow: /late\n";
  const RobotsRules within = RobotsRules::Parse(robots);
  CHECK_FALSE(within.Allows("NewsBot", "/late"));

  // A rule that straddles the limit is dropped, not cut into something else:
  // "Disallow: /" must not come out of "Disallow: /straddling".
  std::string over = robots;
  while (over.size() < RobotsRules::kMaxBytes - 5) over += "#";
  over += "\nDisallow: /straddling\nDisallow: /after\n";
  REQUIRE(over.size() > RobotsRules::kMaxBytes);
  const RobotsRules cut = RobotsRules::Parse(over);
  CHECK_FALSE(cut.Allows("NewsBot", "/early"));
  CHECK(cut.Allows("NewsBot", "/straddling"));
  CHECK(cut.Allows("NewsBot", "/after"));
  CHECK(cut.Allows("NewsBot", "/other"));
}

TEST_CASE("RFC9309_2_2_2_MatchingUsesPathAndQueryOfTheUrl") {
  CHECK(RobotsPathOf("") == "/");
  CHECK(RobotsPathOf("http://www.example.com") == "/");
  CHECK(RobotsPathOf("http://www.example.com/") == "/");
  CHECK(RobotsPathOf("http://www.example.com/a") == "/a");
  CHECK(RobotsPathOf("http://www.example.com/a/") == "/a/");
  CHECK(RobotsPathOf("http://www.example.com/a/b?c=http://d.e/") == "/a/b?c=http://d.e/");
  CHECK(RobotsPathOf("https://www.example.com/a/b?c=d&e=f#fragment") == "/a/b?c=d&e=f");
  CHECK(RobotsPathOf("example.com") == "/");
  CHECK(RobotsPathOf("example.com/") == "/");
  CHECK(RobotsPathOf("example.com/a/b?c=d#e") == "/a/b?c=d");
  CHECK(RobotsPathOf("a") == "/");
  CHECK(RobotsPathOf("a/") == "/");
  CHECK(RobotsPathOf("/a") == "/a");
  CHECK(RobotsPathOf("a/b") == "/b");
  CHECK(RobotsPathOf("example.com?a") == "/?a");
  CHECK(RobotsPathOf("example.com/a;b#c") == "/a;b");
  CHECK(RobotsPathOf("//a/b/c") == "/b/c");
  CHECK(RobotsPathOf("http://example.com#/frag") == "/");
  // Matching with a path instead of a URL gives the same answer.
  const char* robots = "User-agent: NewsBot\nDisallow: /private\n";
  CHECK_FALSE(Allowed(robots, "NewsBot", "/private/x"));
  CHECK_FALSE(Allowed(robots, "NewsBot", "https://example.com:8443/private/x#top"));
  CHECK(Allowed(robots, "NewsBot", "https://example.com/public#/private"));
}

TEST_CASE("RFC9309_2_2_2_VerdictNamesTheDecidingRule") {
  const RobotsRules rules = RobotsRules::Parse("User-agent: *\nDisallow: /a\nAllow: /a/b\n");
  const RobotsRules::Verdict blocked = rules.Evaluate("NewsBot", "/a/x");
  CHECK_FALSE(blocked.allowed);
  CHECK(blocked.line == 2);
  CHECK(blocked.rule == "Disallow: /a");
  const RobotsRules::Verdict open = rules.Evaluate("NewsBot", "/a/b");
  CHECK(open.allowed);
  CHECK(open.line == 3);
  const RobotsRules::Verdict none = rules.Evaluate("NewsBot", "/z");
  CHECK(none.allowed);
  CHECK(none.line == 0);
}

TEST_CASE("RFC9309_2_2_2_HostileInputStaysCheap") {
  // Many stars against a long path: leftmost placement keeps this linear-ish.
  std::string pattern = "/";
  for (int i = 0; i < 2000; ++i) pattern += "*a";
  pattern += "b";
  const std::string robots = "User-agent: *\nDisallow: " + pattern + "\n";
  const std::string path = "/" + std::string(4000, 'a');
  CHECK(Allowed(robots, "NewsBot", path));
  CHECK_FALSE(Allowed(robots, "NewsBot", path + "b"));
  // Binary garbage around a group does not hide it (NUL octets included).
  std::string garbage;
  for (int i = 0; i < 100000; ++i) garbage += static_cast<char>((i * 7919) % 256);
  const RobotsRules rules = RobotsRules::Parse(garbage + "\nUser-agent: NewsBot\nDisallow: /g\n" + garbage);
  CHECK_FALSE(rules.Allows("NewsBot", "/g"));
  CHECK(rules.Allows("NewsBot", "/h"));
}
