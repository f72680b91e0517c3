// store/postgres/story_summary.h: the one query shape that reads a story's
// summary on PostgreSQL (internal to store/postgres/), the same as
// store/sqlite/story_summary.h.
//
// `wirecrawl stories` and `show` (queries.cpp) and the web page's story
// list (web_queries.cpp) read a story through the same columns and joins,
// so that they name the same first to publish on both backends.
#pragma once

#include "store/postgres/connection.h"
#include "store/records.h"

// Columns 0-9 of a story summary, read by ReadStorySummary; a query may
// select more after them.
#define WIRECRAWL_PG_STORY_SUMMARY_COLUMNS                                              \
  "s.id, s.representative_id, r.title, s.member_count, s.site_count, s.first_seen_ms, " \
  "s.last_seen_ms, f.id, f.site, coalesce(f.published_ms, f.fetched_ms) "
// s: the story; r: its representative; f: its first to publish, the member
// with the earliest published time (else fetched time; the smaller id on a
// tie), not the first the crawler stored (the story's id).
#define WIRECRAWL_PG_STORY_SUMMARY_FROM                                       \
  "FROM stories s JOIN articles r ON r.id = s.representative_id "             \
  "JOIN articles f ON f.id = (SELECT id FROM articles WHERE story_id = s.id " \
  "ORDER BY coalesce(published_ms, fetched_ms), id LIMIT 1) "

namespace wirecrawl::pg {

// Fills `story` (but its sites) from columns 0-9 of `row`, selected with
// WIRECRAWL_PG_STORY_SUMMARY_COLUMNS.
void ReadStorySummary(const Rows& rows, int row, StorySummary* story);

// A PostgreSQL array literal of text ('{"a","b"}') for `= ANY($1::text[])`.
std::string TextArray(const std::vector<std::string>& values);

}  // namespace wirecrawl::pg
