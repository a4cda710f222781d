# The rock, really installed: libassoc installed into a scratch prefix
# (cmake --install), then `luarocks make <rockspec>` from a copy of bindings/lua
# and swig/ (as a clean checkout has them) into a fresh tree, finding libassoc
# at the prefix pkg-config names; then a script runs against the installed
# rock alone (and once more ending in an uncaught error, which must print its
# position and a traceback), and `luarocks remove` takes it all away again.
#   cmake -DSOURCE_DIR= -DBUILD_DIR= -DWORK_DIR= -DLUA= -DLUAROCKS= -P check_rock.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
set(tree ${WORK_DIR}/tree)
set(src ${WORK_DIR}/src)

function(run what)
  execute_process(${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run("cmake --install" COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# a clean checkout's two directories: no build output of the source tree comes along
file(COPY ${SOURCE_DIR}/bindings/lua DESTINATION ${src}/bindings PATTERN build EXCLUDE)
file(COPY ${SOURCE_DIR}/swig DESTINATION ${src})

file(GLOB pcdir ${prefix}/lib*/pkgconfig)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
run("pkg-config" COMMAND pkg-config --variable=prefix assoc OUTPUT_STRIP_TRAILING_WHITESPACE)
string(STRIP "${last_output}" assoc_prefix)
get_filename_component(assoc_prefix ${assoc_prefix} REALPATH)

# LuaRocks keeps its cache and config under HOME: a scratch one, no network needed
set(ENV{HOME} ${WORK_DIR})
unset(ENV{LUA_INIT_5_4})
run("luarocks make" COMMAND ${LUAROCKS} --lua-version 5.4 --tree ${tree} make --deps-mode none
      assoc-0.1.0-1.rockspec ASSOC_DIR=${assoc_prefix}
    WORKING_DIRECTORY ${src}/bindings/lua)

# only the tree on the paths (not the build tree)
set(ENV{LUA_PATH_5_4} "${tree}/share/lua/5.4/?.lua;${tree}/share/lua/5.4/?/init.lua")
set(ENV{LUA_CPATH_5_4} "${tree}/lib/lua/5.4/?.so")
run("the smoke script" COMMAND ${LUA} ${CMAKE_CURRENT_LIST_DIR}/smoke.lua)
if(NOT last_output MATCHES "^rock ok 0\\.1\\.0 ${tree}/lib/lua/5\\.4/assoc/core\\.so")
  message(FATAL_ERROR "unexpected output of the smoke script: ${last_output}")
endif()
message(STATUS "${last_output}")

execute_process(COMMAND ${LUA} ${CMAKE_CURRENT_LIST_DIR}/smoke.lua uncaught
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "smoke\.lua:[0-9]+: session:refresh: <User None> is transient, not persistent
stack traceback:
.*smoke\.lua:[0-9]+: in main chunk")
  message(FATAL_ERROR "the uncaught error printed (exit ${rc}):\n${out}\n${err}")
endif()

run("luarocks show" COMMAND ${LUAROCKS} --lua-version 5.4 --tree ${tree} show assoc)
run("luarocks remove" COMMAND ${LUAROCKS} --lua-version 5.4 --tree ${tree} remove assoc)
if(EXISTS ${tree}/lib/lua/5.4/assoc/core.so OR EXISTS ${tree}/share/lua/5.4/assoc/init.lua)
  message(FATAL_ERROR "luarocks remove left the rock's files in ${tree}")
endif()
