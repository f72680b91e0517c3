# Packaging: the man page, and a Debian package with CPack.
# The binary is installed by crawler/, the units and /etc/wirecrawl by
# systemd/. Build a .deb in a build directory configured for /usr (the units'
# ExecStart= names the installed binary):
#   cmake -S . -B build/pkg -G Ninja -DCMAKE_BUILD_TYPE=Release \
#         -DCMAKE_INSTALL_PREFIX=/usr -DWIRECRAWL_TESTS=OFF -DWIRECRAWL_BENCH=OFF
#   cmake --build build/pkg --target wirecrawl
#   (cd build/pkg && cpack -G DEB)
include(GNUInstallDirs)

# The man page, written by hand in man/. Debian installs man pages compressed
# with `gzip -9n` (no name or time stamp: the same bytes on every build). It
# is compressed when CMake runs, so that `cmake --install` needs no build step.
set(wirecrawl_man_page ${PROJECT_SOURCE_DIR}/man/wirecrawl.1)
configure_file(${wirecrawl_man_page} ${PROJECT_BINARY_DIR}/man/wirecrawl.1 COPYONLY)
find_program(WIRECRAWL_GZIP gzip)
if(WIRECRAWL_GZIP)
  execute_process(COMMAND ${WIRECRAWL_GZIP} -9nf ${PROJECT_BINARY_DIR}/man/wirecrawl.1
                  RESULT_VARIABLE gzip_result)
  if(NOT gzip_result EQUAL 0)
    message(FATAL_ERROR "gzip -9n ${PROJECT_BINARY_DIR}/man/wirecrawl.1 failed: ${gzip_result}")
  endif()
  set(wirecrawl_man_page ${PROJECT_BINARY_DIR}/man/wirecrawl.1.gz)
endif()
install(FILES ${wirecrawl_man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# /usr/share/doc/wirecrawl: the example config that documents every key
# (the man page points there) and the copyright file Debian policy asks for.
# The bash completion is installed by cli/, which generates it.
install(FILES ${PROJECT_SOURCE_DIR}/config/wirecrawl.example.toml ${PROJECT_SOURCE_DIR}/systemd/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(WIRECRAWL_TESTS)
  # What `cmake --install` puts where, into a scratch prefix.
  add_test(NAME packaging.InstallsDocsCompletionAndManPage
           COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/check-install.sh ${PROJECT_BINARY_DIR}
                   ${PROJECT_BINARY_DIR}/install-check)
  set_tests_properties(packaging.InstallsDocsCompletionAndManPage PROPERTIES TIMEOUT 120)
endif()

if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "Packaging: install prefix is ${CMAKE_INSTALL_PREFIX}; a .deb wants -DCMAKE_INSTALL_PREFIX=/usr")
endif()

set(WIRECRAWL_PACKAGE_MAINTAINER "wirecrawl maintainers <wirecrawl@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the .deb: NAME <EMAIL>")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wirecrawl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${WIRECRAWL_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/wirecrawl/wirecrawl")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "polite news crawler that groups wire copies into stories")
set(CPACK_STRIP_FILES ON)
# The install rules write /etc/wirecrawl for the /usr prefix (systemd/): with
# DESTDIR, CPack stages that under its own directory instead of the host's.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${WIRECRAWL_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The extended description, below the summary: CPack indents it and turns
# the empty line into " ." (deb-control(5)).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "wirecrawl fetches news sites politely (robots.txt, per-host delays, feeds
and sitemaps), strips the page furniture (tickers, comment forms, share
bars, menus, cookie banners), groups the same wire story republished
across sites into one story, and keeps clean articles in an SQLite
database with full-text search. Arabic is handled as well as English.

It runs as a hardened systemd service (wirecrawl.service, Type=notify,
watchdog, reload on SIGHUP, optional Prometheus metrics) or as scheduled
one-shot crawls (wirecrawl-crawl@NAME.timer).")
# Library dependencies from the binary's DT_NEEDED entries, with the versions
# of the build machine's packages. Without dpkg-shlibdeps, those of Debian 12.
find_program(WIRECRAWL_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(WIRECRAWL_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(WARNING "Packaging: dpkg-shlibdeps not found; the .deb gets a hand-kept Debian 12 dependency list")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6 (>= 2.34), libcld2-0, libcpp-httplib0.11, libcurl4 (>= 7.83.0), \
libfmt9, libgcc-s1, libgumbo1, libicu72, libpsl5, libpugixml1v5, libre2-9, libspdlog1.10-fmt9, libsqlite3-0 (>= 3.20.0), \
libstdc++6 (>= 12), libsystemd0, libtcmalloc-minimal4, libtomlplusplus3, libxxhash0, zlib1g")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sqlite3")

# Maintainer scripts (daemon-reload; restart on upgrade; stop on removal) and
# the config as a conffile, so that upgrades keep the administrator's edits.
set(wirecrawl_deb_dir ${PROJECT_BINARY_DIR}/debian)
file(MAKE_DIRECTORY ${wirecrawl_deb_dir})
file(WRITE ${wirecrawl_deb_dir}/conffiles "${CMAKE_INSTALL_FULL_SYSCONFDIR}/wirecrawl/wirecrawl.toml\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${wirecrawl_deb_dir}/conffiles
  ${PROJECT_SOURCE_DIR}/systemd/debian/postinst
  ${PROJECT_SOURCE_DIR}/systemd/debian/prerm
  ${PROJECT_SOURCE_DIR}/systemd/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
