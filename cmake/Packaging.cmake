# cmake/Packaging.cmake - CPack: one Debian package per Wireshark version.
#
# Included at the end of the top-level CMakeLists.txt, after every install()
# rule. `cpack -G DEB` in a build folder (tools/package.sh does all of it)
# writes
#
#   tcp-explain_<version>_wireshark<major.minor>_<arch>.deb
#
# e.g. tcp-explain_0.1.0_wireshark4.0_amd64.deb on Debian 12 and
# tcp-explain_0.1.0_wireshark4.4_amd64.deb on Debian 13: a plugin is built
# for one Wireshark major.minor, so each build packages for the Wireshark
# it was configured against. The package holds
#
#   /usr/lib/<multiarch>/wireshark/plugins/<M.m>/epan/explain.so
#                                  the global plugin folder (root's tshark
#                                  loads it, and so does every user's)
#   /usr/bin/tcp-explain-annotate
#   /usr/share/tcp-explain/demo.pcapng
#   /usr/share/tcp-explain/profiles/Explain/...      reference copy
#   /usr/share/wireshark/profiles/Explain/...        Wireshark's global
#                                  profiles folder (EXPLAIN_GLOBAL_PROFILES_DIR)
#   /usr/share/doc/tcp-explain/{README.md,COPYING,copyright,annotations/README.md,docs/}
#
# and Depends on the libwireshark it was built against (found with dpkg -S
# from the library the `epan` target points to, limited to this
# major.minor), the libwiretap and libwsutil of the same Wireshark, GLib,
# and tshark of the same major.minor (tcp-explain-annotate runs it).
#
# Relocation: the plugin's and the global profile's install rules use
# absolute folders from WiresharkConfig.cmake (/usr/lib/..., /usr/share/
# wireshark/...). CPack therefore installs with DESTDIR (CPACK_SET_DESTDIR)
# and prefix /usr, so absolute destinations keep their path inside the
# package and relative ones (bin/, share/) land under /usr, whatever
# CMAKE_INSTALL_PREFIX `cmake --install` uses. A package is never made from
# a per-user configuration (-DEXPLAIN_USER_INSTALL=ON installs into $HOME):
# cpack stops with an error then.
#
# Cache variables: EXPLAIN_DEB_DEPENDS (the whole Depends: value, instead of
# the computed one), EXPLAIN_DEB_MAINTAINER.
#
# SPDX-License-Identifier: GPL-2.0-or-later
include(GNUInstallDirs)

# ---------------------------------------------------------------------------
# Documentation, for every install (packages and cmake --install alike):
# share/doc/tcp-explain/.
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/COPYING"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/annotations/README.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/annotations")
# docs/: what README.md links to (the Markdown pages and the GUI picture).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs"
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png")
# Debian's place for the license: a machine-readable copyright file.
configure_file("${CMAKE_CURRENT_LIST_DIR}/debian-copyright.in"
               "${CMAKE_BINARY_DIR}/packaging/copyright" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/packaging/copyright"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# ---------------------------------------------------------------------------
# Dependencies.

# _explain_deb_package_of(FILE OUT_VAR): the Debian package that installed
# FILE (dpkg -S, without ":arch"), or "" when none did.
function(_explain_deb_package_of file out_var)
    set(${out_var} "" PARENT_SCOPE)
    if(NOT EXPLAIN_DPKG_QUERY OR NOT file)
        return()
    endif()
    get_filename_component(_real "${file}" REALPATH)
    foreach(_candidate IN ITEMS "${_real}" "${file}")
        execute_process(COMMAND "${EXPLAIN_DPKG_QUERY}" -S "${_candidate}"
                        OUTPUT_VARIABLE _out RESULT_VARIABLE _rc ERROR_QUIET
                        OUTPUT_STRIP_TRAILING_WHITESPACE)
        # "libwireshark16:amd64: /usr/lib/x86_64-linux-gnu/libwireshark.so.16.0.17"
        if(_rc EQUAL 0 AND _out MATCHES "^([a-z0-9][a-z0-9+.-]*)(:[a-z0-9-]+)?: ")
            set(${out_var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
            return()
        endif()
    endforeach()
endfunction()

# _explain_target_file(TARGET OUT_VAR): the file an imported library target
# points to (any configuration), or "".
function(_explain_target_file target out_var)
    set(_file "")
    if(TARGET ${target})
        get_target_property(_configs ${target} IMPORTED_CONFIGURATIONS)
        foreach(_c IN LISTS _configs)
            get_target_property(_file ${target} IMPORTED_LOCATION_${_c})
            if(_file)
                break()
            endif()
        endforeach()
        if(NOT _file)
            get_target_property(_file ${target} IMPORTED_LOCATION)
        endif()
    endif()
    if(NOT _file)
        set(_file "")
    endif()
    set(${out_var} "${_file}" PARENT_SCOPE)
endfunction()

find_program(EXPLAIN_DPKG_QUERY dpkg-query)
find_program(EXPLAIN_DPKG dpkg)
mark_as_advanced(EXPLAIN_DPKG_QUERY EXPLAIN_DPKG)

# "4.0" -> lower bound 4.0.0, upper bound 4.1~ (~ sorts before anything, so
# no 4.1 pre-release slips in either): the plugin loads only into the
# major.minor it was built for.
math(EXPR _explain_next_minor "${Wireshark_MINOR_VERSION} + 1")
set(_explain_ws_min "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}.0")
set(_explain_ws_max "${Wireshark_MAJOR_VERSION}.${_explain_next_minor}~")

_explain_target_file(epan _explain_epan_file)
_explain_target_file(wiretap _explain_wiretap_file)
_explain_target_file(wsutil _explain_wsutil_file)
set(_explain_glib_file "")
foreach(_lib IN LISTS GLIB2_LINK_LIBRARIES)
    if(_lib MATCHES "/libglib-2\\.0\\.so")
        set(_explain_glib_file "${_lib}")
    endif()
endforeach()
_explain_deb_package_of("${_explain_epan_file}" _explain_pkg_epan)
_explain_deb_package_of("${_explain_wiretap_file}" _explain_pkg_wiretap)
_explain_deb_package_of("${_explain_wsutil_file}" _explain_pkg_wsutil)
_explain_deb_package_of("${_explain_glib_file}" _explain_pkg_glib)

set(_explain_depends "")
if(_explain_pkg_epan)
    list(APPEND _explain_depends
         "${_explain_pkg_epan} (>= ${_explain_ws_min})"
         "${_explain_pkg_epan} (<< ${_explain_ws_max})")
else()
    message(WARNING "Packaging: no Debian package owns ${_explain_epan_file} "
                    "(libwireshark); the .deb will not depend on libwireshark. "
                    "Set EXPLAIN_DEB_DEPENDS to the Depends: value to use.")
endif()
foreach(_pkg IN ITEMS "${_explain_pkg_wiretap}" "${_explain_pkg_wsutil}")
    if(_pkg)
        list(APPEND _explain_depends "${_pkg} (>= ${_explain_ws_min})")
    endif()
endforeach()
if(_explain_pkg_glib)
    if(GLIB2_VERSION MATCHES "^([0-9]+\\.[0-9]+)")
        list(APPEND _explain_depends "${_explain_pkg_glib} (>= ${CMAKE_MATCH_1})")
    else()
        list(APPEND _explain_depends "${_explain_pkg_glib}")
    endif()
endif()
# tcp-explain-annotate runs tshark, which must load this plugin.
list(APPEND _explain_depends "tshark (>= ${_explain_ws_min})" "tshark (<< ${_explain_ws_max})")
list(JOIN _explain_depends ", " _explain_depends)

set(EXPLAIN_DEB_DEPENDS "" CACHE STRING
    "Depends: of the .deb (empty: computed from the installed Wireshark packages)")
set(EXPLAIN_DEB_MAINTAINER "tcp-explain developers <tcp-explain@users.invalid>" CACHE STRING
    "Maintainer: of the .deb")
if(EXPLAIN_DEB_DEPENDS)
    set(_explain_depends "${EXPLAIN_DEB_DEPENDS}")
endif()

# ---------------------------------------------------------------------------
# CPack.

set(_explain_deb_arch "")
if(EXPLAIN_DPKG)
    execute_process(COMMAND "${EXPLAIN_DPKG}" --print-architecture
                    OUTPUT_VARIABLE _explain_deb_arch ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
if(NOT _explain_deb_arch)
    set(_explain_deb_arch "${CMAKE_SYSTEM_PROCESSOR}")
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "${PROJECT_NAME}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "tcp-explain")
set(CPACK_PACKAGE_CONTACT "${EXPLAIN_DEB_MAINTAINER}")
# Debian's Description: the summary line, then the long description.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Wireshark ${EXPLAIN_WS_MAJOR_MINOR} plugin that explains TCP packet by packet")
set(CPACK_PACKAGE_DESCRIPTION
"A post-dissector for Wireshark and tshark ${EXPLAIN_WS_MAJOR_MINOR}: every TCP packet gets
an Explain subtree saying, in plain words and with the arithmetic written
out, which step of the connection it is (handshake, data, ACK, teardown,
reset), how its sequence and acknowledgment numbers follow from the ones
before, and whether they are consistent.

Also: tcp-explain-annotate, which writes capture copies carrying the
explanations as packet comments (readable in any Wireshark) and printable
worksheets; the Explain configuration profile; and a demo capture in
/usr/share/tcp-explain.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/COPYING")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_PACKAGE_FILE_NAME
    "${PROJECT_NAME}_${PROJECT_VERSION}_wireshark${EXPLAIN_WS_MAJOR_MINOR}_${_explain_deb_arch}")

# Absolute install destinations (the Wireshark plugin and profiles folders)
# need DESTDIR; relative ones go under /usr.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX "/usr")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME "${CPACK_PACKAGE_FILE_NAME}.deb")
set(CPACK_DEBIAN_PACKAGE_NAME "${PROJECT_NAME}")
set(CPACK_DEBIAN_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "${_explain_deb_arch}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${EXPLAIN_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_explain_depends}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build/" "/build-[^/]*/" "/_build/")

# cpack refuses a per-user configuration: its install rules write into the
# home folder. (CPACK_INSTALL_CMAKE_PROJECTS is empty for a source package.)
set(_explain_cpack_project_config "${CMAKE_BINARY_DIR}/packaging/CPackProjectConfig.cmake")
if(EXPLAIN_USER_INSTALL)
    file(WRITE "${_explain_cpack_project_config}"
"# Generated by cmake/Packaging.cmake; cpack reads it for every generator.
if(CPACK_INSTALL_CMAKE_PROJECTS)
    message(FATAL_ERROR \"tcp-explain: ${CMAKE_BINARY_DIR} was configured with \"
        \"-DEXPLAIN_USER_INSTALL=ON, which installs into a home folder; a package \"
        \"needs the global folders. Configure another build folder without it \"
        \"(tools/package.sh does) and run cpack there.\")
endif()
")
else()
    file(WRITE "${_explain_cpack_project_config}"
         "# Generated by cmake/Packaging.cmake: EXPLAIN_USER_INSTALL is OFF, nothing to check.\n")
endif()
set(CPACK_PROJECT_CONFIG_FILE "${_explain_cpack_project_config}")

include(CPack)

if(EXPLAIN_USER_INSTALL)
    message(STATUS "Packaging: off (EXPLAIN_USER_INSTALL=ON; cpack will refuse)")
else()
    message(STATUS "Packaging: cpack -G DEB makes ${CPACK_DEBIAN_FILE_NAME}")
    message(STATUS "Packaging: Depends: ${_explain_depends}")
endif()
