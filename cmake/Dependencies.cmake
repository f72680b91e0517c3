# Every dependency is a Debian package; scripts/install-deps.sh installs them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(pugixml REQUIRED)
find_package(ZLIB REQUIRED)

pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
# gumbo linked from Debian's libgumbo.a (libgumbo-dev ships it): in the
# shared library every call of gumbo's tokenizer into its own exported
# functions goes through the PLT. Extraction takes 7 % less CPU this way
# (`wirecrawl extract` on the dev pages, A/B in the same minutes). SQLite
# stays shared: Debian's libsqlite3.a made `ingest` 8 % slower.
option(WIRECRAWL_STATIC_GUMBO "Link gumbo's static library when it is installed" ON)
if(WIRECRAWL_STATIC_GUMBO)
  find_library(GUMBO_STATIC_LIBRARY NAMES libgumbo.a HINTS ${GUMBO_LIBRARY_DIRS})
  if(GUMBO_STATIC_LIBRARY)
    set_target_properties(PkgConfig::GUMBO PROPERTIES INTERFACE_LINK_LIBRARIES "${GUMBO_STATIC_LIBRARY}")
  endif()
endif()
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# RE2 matches the config's URL patterns in time linear in the URL, with no
# backtracking and no recursion: a hostile URL cannot make a pattern hang.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)

# The wirecrawl binary's allocator: gperftools' tcmalloc (minimal: no heap
# profiler). A crawl allocates a page's body, tree and links on one thread
# and frees them on another; glibc's malloc spends a fifth of the crawl's CPU
# there, tcmalloc a fraction of it (bench/README.md, "Every core busy").
# Sanitizer builds keep their own allocator.
set(WIRECRAWL_MALLOC "tcmalloc" CACHE STRING "Allocator of the wirecrawl binary: tcmalloc or system")
set_property(CACHE WIRECRAWL_MALLOC PROPERTY STRINGS tcmalloc system)
if(WIRECRAWL_MALLOC STREQUAL "tcmalloc" AND NOT WIRECRAWL_SANITIZE AND NOT WIRECRAWL_TSAN AND NOT WIRECRAWL_FUZZ)
  pkg_check_modules(TCMALLOC IMPORTED_TARGET libtcmalloc_minimal)
  if(NOT TCMALLOC_FOUND)
    message(WARNING "libtcmalloc_minimal not found (Debian: libgoogle-perftools-dev): the system allocator is used")
  endif()
endif()

# libcld2 ships no pkg-config file.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY cld2 REQUIRED)
add_library(cld2 INTERFACE)
target_include_directories(cld2 SYSTEM INTERFACE ${CLD2_INCLUDE_DIR})
target_link_libraries(cld2 INTERFACE ${CLD2_LIBRARY})

# cpp-httplib serves the daemon's Prometheus metrics (Debian builds it as a
# shared library).
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
