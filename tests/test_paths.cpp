// The absolute paths behind tests/test_paths.h, given by tests/CMakeLists.txt.
#include "tests/test_paths.h"

namespace wirecrawl::test_paths {

const char* TestData() { return WIRECRAWL_TEST_PATHS_DATA; }
const char* SourceDir() { return WIRECRAWL_TEST_PATHS_SOURCE_DIR; }
const char* Binary() { return WIRECRAWL_TEST_PATHS_BINARY; }

}  // namespace wirecrawl::test_paths
