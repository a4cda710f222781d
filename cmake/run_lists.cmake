# Run lists: programs collected from anywhere in the tree into one target
# that runs them in order, each under a "######## <label>" heading (`demo`
# runs the seed scenarios of every language, `bench` every benchmark).
#
#   assoc_run_list_add(<list> <label> COMMAND <program> [args...]
#                      [ENV VAR=value...] [DEPENDS targets...])
#   assoc_run_list_target(<list> <target> <comment> [WORKING_DIRECTORY <dir>])

function(assoc_run_list_add list label)
  cmake_parse_arguments(R "" "" "COMMAND;ENV;DEPENDS" ${ARGN})
  set(env_prefix)
  if(R_ENV)
    set(env_prefix ${CMAKE_COMMAND} -E env ${R_ENV})
  endif()
  set_property(GLOBAL APPEND PROPERTY ASSOC_RUN_LIST_${list}_COMMANDS
    COMMAND ${CMAKE_COMMAND} -E echo ""
    COMMAND ${CMAKE_COMMAND} -E echo "######## ${label}"
    COMMAND ${env_prefix} ${R_COMMAND})
  if(R_DEPENDS)
    set_property(GLOBAL APPEND PROPERTY ASSOC_RUN_LIST_${list}_DEPENDS ${R_DEPENDS})
  endif()
endfunction()

function(assoc_run_list_target list target comment)
  cmake_parse_arguments(R "" "WORKING_DIRECTORY" "" ${ARGN})
  get_property(commands GLOBAL PROPERTY ASSOC_RUN_LIST_${list}_COMMANDS)
  get_property(depends GLOBAL PROPERTY ASSOC_RUN_LIST_${list}_DEPENDS)
  if(NOT commands)
    return()
  endif()
  if(NOT R_WORKING_DIRECTORY)
    set(R_WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
  endif()
  file(MAKE_DIRECTORY ${R_WORKING_DIRECTORY})
  add_custom_target(${target}
    ${commands}
    DEPENDS ${depends}
    WORKING_DIRECTORY ${R_WORKING_DIRECTORY}
    COMMENT "${comment}"
    USES_TERMINAL
    VERBATIM)
endfunction()
