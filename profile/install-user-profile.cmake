# install-user-profile.cmake - run by cmake --install with
# -DEXPLAIN_USER_INSTALL=ON: copies the Explain profile into the user's
# Wireshark profile folder without ever overwriting a file the user changed.
#
# In: EXPLAIN_PROFILE_FILES (the shipped files), EXPLAIN_PROFILE_DEST (the
# profile folder), EXPLAIN_PROFILE_REFERENCE (where the shipped files are
# installed for reference). A file .tcp-explain-installed in that folder records the
# MD5 of each file as we installed it. A file is written when it is absent,
# or when it is still exactly as we installed it last time (an upgrade);
# a file the user (or Wireshark: it rewrites "recent" on every exit and
# "preferences" when a preference is changed) has changed is kept, and
# said so.
# SPDX-License-Identifier: GPL-2.0-or-later

set(_stamp "${EXPLAIN_PROFILE_DEST}/.tcp-explain-installed")
set(_recorded "")
if(EXISTS "${_stamp}")
    file(STRINGS "${_stamp}" _recorded)
endif()

file(MAKE_DIRECTORY "${EXPLAIN_PROFILE_DEST}")
set(_new_stamp "")
foreach(_src IN LISTS EXPLAIN_PROFILE_FILES)
    get_filename_component(_name "${_src}" NAME)
    set(_dst "${EXPLAIN_PROFILE_DEST}/${_name}")
    file(MD5 "${_src}" _src_md5)
    set(_write FALSE)
    if(NOT EXISTS "${_dst}")
        set(_write TRUE)
    else()
        file(MD5 "${_dst}" _dst_md5)
        list(FIND _recorded "${_name} ${_dst_md5}" _ours)
        if(_dst_md5 STREQUAL _src_md5)
            set(_write FALSE)   # already the shipped file
        elseif(_ours GREATER -1)
            set(_write TRUE)    # ours, unchanged since: upgrade it
        else()
            message(STATUS "Kept (changed by you or Wireshark): ${_dst}; "
                           "the shipped one is in ${EXPLAIN_PROFILE_REFERENCE}")
            continue()          # not ours any more: never recorded again
        endif()
    endif()
    if(_write)
        message(STATUS "Installing: ${_dst}")
        file(COPY "${_src}" DESTINATION "${EXPLAIN_PROFILE_DEST}")
    else()
        message(STATUS "Up-to-date: ${_dst}")
    endif()
    list(APPEND _new_stamp "${_name} ${_src_md5}")
endforeach()
string(REPLACE ";" "\n" _new_stamp "${_new_stamp}")
file(WRITE "${_stamp}" "${_new_stamp}\n")
