# The seed scenarios, once per language: each program is run by the `demo`
# target and compared with examples/expected/<program>.txt by a CTest test.
#
#   assoc_scenario(LANG <c|lua|ruby|go> NAME <program>
#                  COMMAND <program or interpreter> [args...]
#                  [ENV VAR=value...] [DEPENDS targets...]
#                  [DEMO_COMMAND <command run by demo instead>...])
#
# registers the test <LANG>_scenario_<program> (label "conformance" and LANG)
# and adds the program to `demo`, which assoc_scenarios_finish() creates once
# every language has registered its programs.

include(${CMAKE_CURRENT_LIST_DIR}/run_lists.cmake)

set(ASSOC_EXPECTED_DIR ${PROJECT_SOURCE_DIR}/examples/expected)

function(assoc_scenario)
  cmake_parse_arguments(S "" "LANG;NAME" "COMMAND;ENV;DEPENDS;DEMO_COMMAND" ${ARGN})
  set(expected ${ASSOC_EXPECTED_DIR}/${S_NAME}.txt)
  if(NOT EXISTS ${expected})
    message(FATAL_ERROR "assoc_scenario: no ${expected} for ${S_LANG} program ${S_NAME}")
  endif()
  set(args ${S_COMMAND})
  list(POP_FRONT args program)

  if(ASSOC_TESTING)
    string(REPLACE ";" "\\;" args_escaped "${args}")
    add_test(NAME ${S_LANG}_scenario_${S_NAME}
      COMMAND ${CMAKE_COMMAND}
        -DPROGRAM=${program} "-DARGS=${args_escaped}"
        -DEXPECTED=${expected}
        -DACTUAL=${CMAKE_CURRENT_BINARY_DIR}/${S_NAME}.${S_LANG}.actual.txt
        -P ${PROJECT_SOURCE_DIR}/examples/compare_output.cmake)
    set_tests_properties(${S_LANG}_scenario_${S_NAME} PROPERTIES
      LABELS "conformance;${S_LANG}" TIMEOUT 120)
    if(S_ENV)
      set_tests_properties(${S_LANG}_scenario_${S_NAME} PROPERTIES ENVIRONMENT "${S_ENV}")
    endif()
  endif()

  if(NOT S_DEMO_COMMAND)
    set(S_DEMO_COMMAND ${S_COMMAND})
  endif()
  assoc_run_list_add(demo "${S_LANG}: ${S_NAME}" COMMAND ${S_DEMO_COMMAND} ENV ${S_ENV} DEPENDS ${S_DEPENDS})
endfunction()

function(assoc_scenarios_finish)
  assoc_run_list_target(demo demo "Running the seed scenarios in C and in every binding")
endfunction()
