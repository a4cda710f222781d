# Runs one C seed program for `demo` (its output goes to the terminal as it
# is), having it write its mapping as PICTURE.dot, then renders PICTURE.svg
# with Graphviz's dot when DOT names it.
get_filename_component(dir ${PICTURE} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
set(ENV{ASSOC_DEMO_DOT} ${PICTURE}.dot)
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "${PROGRAM} failed: ${rc}")
endif()
if(DOT)
  execute_process(COMMAND ${DOT} -Tsvg ${PICTURE}.dot -o ${PICTURE}.svg RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "dot could not render ${PICTURE}.dot")
  endif()
  message("(the mapping, drawn: ${PICTURE}.svg)")
else()
  message("(the mapping as DOT: ${PICTURE}.dot; install graphviz for an SVG)")
endif()
