// tests/support/database_reader.h: reads a wirecrawl database the way a
// sqlite3 user does (a fresh connection per call, only SELECTs) while the
// binary under test may still be writing it or may have been killed.
//
// Never throws and never asserts: a database that does not exist yet, or
// whose schema a killed process never committed, is an answer the caller
// decides about.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wirecrawl::testing {

struct QueryResult {
  bool ok = false;
  std::string error;                           // sqlite3_errmsg when !ok
  std::vector<std::vector<std::string>> rows;  // NULL reads as ""
};

// db_path: an SQLite file, or a PostgreSQL database (postgresql:// URI).
QueryResult ReadDatabase(const std::string& db_path, const std::string& sql);

// The first column of the first row as a number; -1 when the query fails
// or returns no row.
int64_t ReadCount(const std::string& db_path, const std::string& sql);

// True when the schema has been committed (the `articles` table exists).
bool HasSchema(const std::string& db_path);

}  // namespace wirecrawl::testing
