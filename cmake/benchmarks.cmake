# Benchmarks: they print figures and ratios and never pass or fail on time, so
# none is registered with CTest. `cmake --build <dir> --target bench` runs
# every registered benchmark, one after another (best in a Release build).
#
#   assoc_benchmark(NAME <name> COMMAND <program> [args...]
#                   [ENV VAR=value...] [DEPENDS targets...])
#
# ASSOC_BENCH_ARGS (e.g. "10000" for a quick run) is passed to every C
# benchmark; binding benchmarks take ASSOC_BENCH_ARGS_LIST from their COMMAND.

set(ASSOC_BENCH_ARGS "" CACHE STRING
    "Arguments passed to every benchmark run by the bench target, e.g. 10000 for a quick run")
separate_arguments(ASSOC_BENCH_ARGS_LIST UNIX_COMMAND "${ASSOC_BENCH_ARGS}")

function(assoc_benchmark)
  cmake_parse_arguments(B "" "NAME" "COMMAND;ENV;DEPENDS" ${ARGN})
  set(env_prefix)
  if(B_ENV)
    set(env_prefix ${CMAKE_COMMAND} -E env ${B_ENV})
  endif()
  set_property(GLOBAL APPEND PROPERTY ASSOC_BENCH_COMMANDS
    COMMAND ${CMAKE_COMMAND} -E echo ""
    COMMAND ${CMAKE_COMMAND} -E echo "######## ${B_NAME}"
    COMMAND ${env_prefix} ${B_COMMAND})
  if(B_DEPENDS)
    set_property(GLOBAL APPEND PROPERTY ASSOC_BENCH_DEPENDS ${B_DEPENDS})
  endif()
endfunction()

function(assoc_benchmarks_finish)
  get_property(commands GLOBAL PROPERTY ASSOC_BENCH_COMMANDS)
  get_property(depends GLOBAL PROPERTY ASSOC_BENCH_DEPENDS)
  if(NOT commands)
    return()
  endif()
  add_custom_target(bench
    ${commands}
    DEPENDS ${depends}
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR}/bench
    COMMENT "Running the benchmarks (figures only; nothing passes or fails on time)"
    USES_TERMINAL
    VERBATIM)
endfunction()
