# gem_install.cmake - the gem as a user gets it (test ruby_gem_install):
#   1. install libassoc to a temporary prefix (cmake --install),
#   2. gem build assoc.gemspec in a copy of bindings/ruby alone (which holds the
#      committed SWIG wrapper), with a `swig` that fails first on PATH,
#   3. gem install --local into a temporary directory, compiling the extension
#      against the installed libassoc found through pkg-config (PKG_CONFIG_PATH),
#   4. run gem_smoke.rb with GEM_HOME/GEM_PATH set to that directory only.
#
#   cmake -DBUILD_DIR=... -DGEM_TREE=... -DWORK_DIR=... -DRUBY=... -DGEM=... -DVERSION=...
#         -DSCRIPT=.../gem_smoke.rb -P gem_install.cmake

foreach(var BUILD_DIR GEM_TREE WORK_DIR RUBY GEM VERSION SCRIPT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "gem_install.cmake: -D${var}=... is required")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/home)
set(prefix ${WORK_DIR}/prefix)
set(gems ${WORK_DIR}/gems)
# A clean environment: nothing from the build tree on Ruby's load path, a home of its own.
set(env ${CMAKE_COMMAND} -E env --unset=RUBYLIB --unset=RUBYOPT --unset=GEM_HOME --unset=GEM_PATH
        HOME=${WORK_DIR}/home)

run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
file(GLOB_RECURSE pc_files ${prefix}/*/assoc.pc)
list(LENGTH pc_files n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one installed assoc.pc under ${prefix}, found: ${pc_files}")
endif()
get_filename_component(pc_dir ${pc_files} DIRECTORY)

file(COPY ${GEM_TREE}/ DESTINATION ${WORK_DIR}/src PATTERN stamp EXCLUDE PATTERN CMakeLists.txt EXCLUDE)
file(WRITE ${WORK_DIR}/bin/swig "#!/bin/sh\necho 'swig must not be needed to install the gem' >&2\nexit 1\n")
file(CHMOD ${WORK_DIR}/bin/swig PERMISSIONS OWNER_READ OWNER_EXECUTE)
list(APPEND env "PATH=${WORK_DIR}/bin:$ENV{PATH}")
run("gem build" ${env} ${GEM} build assoc.gemspec WORKING_DIRECTORY ${WORK_DIR}/src)
set(gem_file ${WORK_DIR}/src/assoc-${VERSION}.gem)
if(NOT EXISTS ${gem_file})
  message(FATAL_ERROR "gem build made no ${gem_file}")
endif()

run("gem install" ${env} PKG_CONFIG_PATH=${pc_dir}
    ${GEM} install --local --no-document --install-dir ${gems} ${gem_file})
message(STATUS "gem install: ${run_output}")

run("ruby with the installed gem" ${env} GEM_HOME=${gems} GEM_PATH=${gems} ${RUBY} ${SCRIPT} ${WORK_DIR})
set(expected "extension: from the installed gem\nlibassoc: the installed copy\n['cheese-inspector', 'snack-ninja']\n[<Keyword 1>, <Keyword 2>]\nthe creator's own exception: yes\n")
if(NOT run_output STREQUAL expected)
  message(FATAL_ERROR "gem_smoke.rb printed:\n${run_output}\nexpected:\n${expected}")
endif()
message(STATUS "the installed gem works:\n${run_output}")
