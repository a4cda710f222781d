# compare_output.cmake - run a program and compare its stdout with a file.
#
#   cmake -DPROGRAM=<exe> [-DARGS=<arg;arg...>] -DEXPECTED=<file> [-DACTUAL=<file>]
#         -P compare_output.cmake
#
# PROGRAM may be an interpreter and ARGS its script (lua5.4, ruby, ...).
# Fails when the program exits non-zero (showing its stderr) or when its
# stdout differs from EXPECTED (showing a unified diff and both texts).
# ACTUAL, when given, receives the program's stdout, for inspection.

foreach(var PROGRAM EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compare_output.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED ACTUAL)
  get_filename_component(_name "${PROGRAM}" NAME_WE)
  set(ACTUAL "${CMAKE_CURRENT_BINARY_DIR}/${_name}.actual.txt")
endif()

# ARGS arrives with its list separators escaped by the add_test() that passed it
string(REPLACE "\\;" ";" ARGS "${ARGS}")
execute_process(COMMAND "${PROGRAM}" ${ARGS}
  OUTPUT_VARIABLE actual
  ERROR_VARIABLE errors
  RESULT_VARIABLE result)
file(WRITE "${ACTUAL}" "${actual}")

# Details go out unformatted (plain message()), then a short fatal error.
if(NOT result EQUAL 0)
  message("---- stderr ----\n${errors}\n---- stdout so far ----\n${actual}")
  message(FATAL_ERROR "${PROGRAM} failed (exit status: ${result})")
endif()

file(READ "${EXPECTED}" expected)
if(NOT actual STREQUAL expected)
  set(diff_text "")
  find_program(DIFF_PROGRAM diff)
  if(DIFF_PROGRAM)
    execute_process(COMMAND "${DIFF_PROGRAM}" -u "${EXPECTED}" "${ACTUAL}"
      OUTPUT_VARIABLE diff_text)
  endif()
  message("---- diff -u expected actual ----\n${diff_text}\n"
    "---- expected ----\n${expected}\n"
    "---- actual (also in ${ACTUAL}) ----\n${actual}")
  message(FATAL_ERROR "stdout of ${PROGRAM} differs from ${EXPECTED}")
endif()
if(NOT errors STREQUAL "")
  message(STATUS "stderr of ${PROGRAM}:\n${errors}")
endif()
message(STATUS "stdout matches ${EXPECTED}")
