# wirecrawl_warnings: an interface target every project target links to.
add_library(wirecrawl_warnings INTERFACE)
target_compile_options(wirecrawl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wcast-align -Wimplicit-fallthrough)
if(WIRECRAWL_WERROR)
  target_compile_options(wirecrawl_warnings INTERFACE -Werror)
endif()

# Sanitizers and fuzzing instrumentation apply to every object of the build.
if(WIRECRAWL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(WIRECRAWL_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
if(WIRECRAWL_FUZZ)
  # libFuzzer's coverage instrumentation; tests/fuzz/ links libFuzzer itself
  # (-fsanitize=fuzzer) into the fuzz targets only, so the Catch2 tests of
  # the same build run as usual (the `asan` preset builds both).
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "WIRECRAWL_FUZZ needs clang (libFuzzer): use `cmake --preset asan` or `--preset fuzz`")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
