# Benchmarks: they print figures and ratios and never pass or fail on time, so
# none is registered with CTest. `cmake --build <dir> --target bench` runs
# every registered benchmark, one after another (best in a Release build).
#
#   assoc_benchmark(NAME <name> COMMAND <program> [args...]
#                   [ENV VAR=value...] [DEPENDS targets...])
#
# ASSOC_BENCH_ARGS (e.g. "10000" for a quick run) is passed, as
# ASSOC_BENCH_ARGS_LIST, to every benchmark that takes a row count N.

set(ASSOC_BENCH_ARGS "" CACHE STRING
    "Arguments passed to every benchmark run by the bench target, e.g. 10000 for a quick run")
separate_arguments(ASSOC_BENCH_ARGS_LIST UNIX_COMMAND "${ASSOC_BENCH_ARGS}")

include(${CMAKE_CURRENT_LIST_DIR}/run_lists.cmake)

function(assoc_benchmark)
  cmake_parse_arguments(B "" "NAME" "COMMAND;ENV;DEPENDS" ${ARGN})
  assoc_run_list_add(bench ${B_NAME} COMMAND ${B_COMMAND} ENV ${B_ENV} DEPENDS ${B_DEPENDS})
endfunction()

function(assoc_benchmarks_finish)
  assoc_run_list_target(bench bench "Running the benchmarks (figures only; nothing passes or fails on time)"
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
endfunction()
