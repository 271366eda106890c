# tests/annotate/ladder.cmake - tests of the teaching outputs (issue 17),
# run by run_ladder.sh; included from CMakeLists.txt in this folder, whose
# variables (_an_fx, _an_note, _an_golden...) it uses.
#   annotate.ladder.unit            test_ladder.c: blanks, labels, SVG, Mermaid, GIFT
#   annotate.ladder.svg.<capture>   --ladder svg + HTML worksheet vs tshark, golden
#   annotate.ladder.mermaid         --ladder mermaid golden, same as in the worksheet
#   annotate.ladder.exercises.*     --exercises sheets and answers, goldens
#   annotate.ladder.gift.*          --quiz gift syntax and answers
#   annotate.ladder.browser         headless Chromium: screenshot, PDF pages
#   annotate.ladder.long            --ladder-packets: first and last N, elision
#   annotate.ladder.options         bad values refused
#   annotate.ladder.voices          --verbosity, --language reach the plugin
#   annotate.ladder.docs            docs/worksheets.md samples = the goldens
# SPDX-License-Identifier: GPL-2.0-or-later

# Unit tests of the drawings, blanks and GIFT on made-up streams: the
# annotate sources they need, no tshark and no libwiretap.
set(_ld_src "${PROJECT_SOURCE_DIR}/annotate")
add_executable(test_ladder test_ladder.c
    "${_ld_src}/annotate_blanks.c" "${_ld_src}/annotate_escape.c" "${_ld_src}/annotate_gift.c"
    "${_ld_src}/annotate_ladder.c" "${_ld_src}/annotate_ladder_mermaid.c"
    "${_ld_src}/annotate_ladder_svg.c" "${_ld_src}/annotate_worksheet.c"
    "${_ld_src}/annotate_worksheet_text.c" "${_ld_src}/annotate_render_html.c"
    "${_ld_src}/annotate_render_md.c" "${_ld_src}/annotate_worksheet_index.c")
target_include_directories(test_ladder PRIVATE "${_ld_src}" "${PROJECT_SOURCE_DIR}/plugin/core")
target_link_libraries(test_ladder PRIVATE PkgConfig::GLIB2 m)
add_test(NAME annotate.ladder.unit COMMAND test_ladder --tap)
set_tests_properties(annotate.ladder.unit PROPERTIES TIMEOUT 30 LABELS "annotate;ladder")

find_package(Python3 COMPONENTS Interpreter)
find_program(EXPLAIN_CHROMIUM NAMES chromium chromium-browser
             DOC "headless browser for annotate.ladder.browser (skipped without)")

# A stream with a gap, a duplicate ACK, a retransmission, an idle time and
# a reset.
set(_ld_events "${_an_captures_dir}/ladder_events.pcapng")
add_custom_command(
    OUTPUT "${_ld_events}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${_an_captures_dir}"
    COMMAND tcpgen "${CMAKE_CURRENT_SOURCE_DIR}/ladder_events.scn" "${_ld_events}"
    DEPENDS tcpgen "${CMAKE_CURRENT_SOURCE_DIR}/ladder_events.scn"
    COMMENT "Generating annotate test capture ladder_events.pcapng"
    VERBATIM)
add_custom_target(ladder_captures ALL DEPENDS "${_ld_events}")

if(NOT Python3_Interpreter_FOUND)
    message(WARNING "python3 not found: the annotate.ladder tests will fail")
endif()
set(_ld_run "${EXPLAIN_SH}" "${CMAKE_CURRENT_SOURCE_DIR}/run_ladder.sh"
    --tool "$<TARGET_FILE:tcp-explain-annotate>"
    --tshark "${EXPLAIN_TSHARK}"
    --plugins "${EXPLAIN_STAGE_PLUGIN_DIR}"
    --python "${Python3_EXECUTABLE}"
    --golden "${_an_golden}"
    --tcpgen "$<TARGET_FILE:tcpgen>")
if(EXPLAIN_CHROMIUM)
    list(APPEND _ld_run --chromium "${EXPLAIN_CHROMIUM}")
endif()

# explain_ladder_test(NAME TIMEOUT ARGS...)
function(explain_ladder_test name timeout)
    explain_script_test("annotate.ladder.${name}" TIMEOUT ${timeout} LABELS annotate ladder
                        COMMAND ${_ld_run} ${ARGN})
endfunction()

explain_ladder_test(svg.note_flow 120 svg "${_an_note}" golden)
explain_ladder_test(svg.events 120 svg "${_ld_events}" golden)
explain_ladder_test(svg.two_streams 120 svg "${_an_two_streams}")
explain_ladder_test(mermaid.note_flow 120 mermaid "${_an_note}")
explain_ladder_test(mermaid.events 120 mermaid "${_ld_events}")
explain_ladder_test(exercises.note_flow 180 exercises "${_an_note}")
explain_ladder_test(gift.note_flow 120 gift "${_an_note}")
explain_ladder_test(gift.events 120 gift "${_ld_events}")
explain_ladder_test(gift.rst 120 gift "${_an_fx}/rst.pcapng")
# Each stream prints as its ladder on one page and its table on the next
# (print CSS); the verdict and the plugin's summary after the table run
# onto a third page for the note's one stream.
explain_ladder_test(browser 240 browser "${_an_note}" 3)
explain_ladder_test(long 180 long 60 8)
explain_ladder_test(options 120 options "${_an_note}")
explain_ladder_test(voices 180 voices "${_an_note}")

# docs/worksheets.md carries the goldens above, copied by worksheets_doc.sh.
add_test(NAME annotate.ladder.docs
         COMMAND "${EXPLAIN_SH}" "${CMAKE_CURRENT_SOURCE_DIR}/worksheets_doc.sh" --check
                 "${PROJECT_SOURCE_DIR}")
set_tests_properties(annotate.ladder.docs PROPERTIES TIMEOUT 30 LABELS "annotate;ladder;docs")
add_custom_target(update_worksheets_doc
    COMMAND "${EXPLAIN_SH}" "${CMAKE_CURRENT_SOURCE_DIR}/worksheets_doc.sh" --write
            "${PROJECT_SOURCE_DIR}"
    COMMENT "Copying the ladder and exercise goldens into docs/worksheets.md"
    VERBATIM)

add_custom_target(update_ladder_goldens
    COMMAND ${_ld_run} --update svg "${_an_note}" golden
    COMMAND ${_ld_run} --update svg "${_ld_events}" golden
    COMMAND ${_ld_run} --update mermaid "${_an_note}"
    COMMAND ${_ld_run} --update mermaid "${_ld_events}"
    COMMAND ${_ld_run} --update exercises "${_an_note}"
    DEPENDS tcp-explain-annotate explain annotate_captures ladder_captures
    COMMENT "Rewriting the ladder goldens in tests/annotate/golden/ (check them by hand)"
    VERBATIM)
