# wirecrawl_warnings: an interface target every project target links to.
add_library(wirecrawl_warnings INTERFACE)
target_compile_options(wirecrawl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wcast-align -Wimplicit-fallthrough)
if(WIRECRAWL_WERROR)
  target_compile_options(wirecrawl_warnings INTERFACE -Werror)
endif()
if(WIRECRAWL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
