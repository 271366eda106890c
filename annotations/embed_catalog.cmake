# Writes catalog_builtin.c: the catalog key files as C byte arrays.
#   cmake -DOUTPUT=<file.c> -DBASE=<explain.keyfile>
#         -DTRANSLATIONS=<a.keyfile|b.keyfile|...> -P embed_catalog.cmake
# Plain CMake (file(READ ... HEX)), so the build needs no xxd.
# SPDX-License-Identifier: GPL-2.0-or-later
cmake_minimum_required(VERSION 3.13)

if(NOT EXISTS "${BASE}")
    message(FATAL_ERROR
        "${BASE} does not exist: the built-in narrative catalog cannot be embedded. "
        "Write it (see annotations/README.md) or set EXPLAIN_CATALOG_DIR to a folder holding one.")
endif()

# Sets ${var} to the bytes of path as a C initializer body (each byte a
# character constant, then a final '\0') and ${var}_SIZE to its length.
function(explain_bytes path var)
    file(READ "${path}" hex HEX)
    string(LENGTH "${hex}" digits)
    math(EXPR size "${digits} / 2")
    # 16 bytes per line, then every byte as '\xNN',
    string(REGEX REPLACE "(................................)" "\\1\n    " hex "${hex}")
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," hex "${hex}")
    set(${var} "    ${hex}'\\0'" PARENT_SCOPE)
    set(${var}_SIZE ${size} PARENT_SCOPE)
endfunction()

get_filename_component(base_name "${BASE}" NAME)
explain_bytes("${BASE}" base)
set(out "/* Generated from ${base_name} and its translations by annotations/embed_catalog.cmake. Do not edit. */\n")
string(APPEND out "#include \"explain_catalog_builtin.h\"\n\n")
string(APPEND out "const char explain_catalog_builtin_data[] = {\n${base}\n};\n")
string(APPEND out "const size_t explain_catalog_builtin_size = ${base_SIZE}u;\n\n")

string(REPLACE "|" ";" translations "${TRANSLATIONS}")
set(table "")
set(count 0)
foreach(path IN LISTS translations)
    get_filename_component(name "${path}" NAME)
    explain_bytes("${path}" bytes)
    string(APPEND out "static const char translation_${count}[] = {\n${bytes}\n};\n")
    string(APPEND table "    { \"${name}\", translation_${count}, ${bytes_SIZE}u },\n")
    math(EXPR count "${count} + 1")
endforeach()
string(APPEND out "\nconst explain_catalog_builtin_file_t explain_catalog_builtin_translations[] = {\n")
string(APPEND out "${table}    { 0, 0, 0u }\n};\n")
string(APPEND out "const size_t explain_catalog_builtin_translation_count = ${count}u;\n")

file(WRITE "${OUTPUT}" "${out}")
