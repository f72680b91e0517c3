// tests/test_paths.h: where the tests find the test data, the source tree and
// the `wirecrawl` binary of their build.
//
// The test targets are compiled with `-include tests/test_paths.h` and
// WIRECRAWL_TEST_DATA, WIRECRAWL_SOURCE_DIR and WIRECRAWL_BINARY defined as
// calls of these functions; only tests/test_paths.cpp is compiled with the
// absolute paths. So no other test object depends on where the tree is
// checked out, and ccache reuses them in every clone (CI builds a fresh one).
#pragma once

namespace wirecrawl::test_paths {

const char* TestData();   // tests/data
const char* SourceDir();  // the source tree's root
const char* Binary();     // the wirecrawl binary of this build

}  // namespace wirecrawl::test_paths
